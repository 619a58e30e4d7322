"""Audit speed on the synthetic PDFs against a bare pdfplumber pass, DOCX throughput, start-up time.

    python3 benchmarks/speed.py [--data corpus/synth/data] [--write docs/benchmarks.md]

One run, the same PDFs for both sides. Each side runs in its own fresh interpreter (warmed on one
file first, so imports and spaCy loading are not counted per page), so peak RSS is that side's own.
The bare pass is `bare_pass` from benchmarks/extract_speed.py: extract_text + extract_tables on every
page, with page.close(). Targets: audit ≥ 0.8× the bare pass's pages per second; `gouji --help`
under 0.5 s (best of 5, subprocess).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def audit_pass(path: Path) -> int:
    from pipeline import audit as audit_path

    result = audit_path(path)
    return result.pages or 0


def worker(mode: str, paths: list[Path]) -> None:
    import resource

    if mode == "bare":
        from extract_speed import bare_pass as run
    else:
        run = audit_pass
    run(paths[0])  # warm: imports, models, CMaps
    start = time.perf_counter()
    pages = sum(run(p) for p in paths)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"files": len(paths), "pages": pages, "seconds": seconds, "peak_mb": peak}))


def measure(mode: str, paths: list[Path]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", mode, *map(str, paths)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def startup(runs: int = 5) -> float:
    exe = shutil.which("gouji")
    cmd = [exe, "--help"] if exe else [sys.executable, str(ROOT / "cli.py"), "--help"]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "corpus" / "synth" / "data")
    parser.add_argument("--write", type=Path, help="update the speed section of this Markdown file")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], [Path(p) for p in args.worker[1:]])
        return
    pdfs = sorted(args.data.glob("*.pdf"))
    docxs = sorted(args.data.glob("*.docx"))
    bare, audit = measure("bare", pdfs), measure("audit", pdfs)
    docx = measure("audit", docxs)
    help_s = startup()
    bare_rate, audit_rate = bare["pages"] / bare["seconds"], audit["pages"] / audit["seconds"]
    rows = [
        ("PDF pages (files)", f"{bare['pages']} ({bare['files']})", f"{audit['pages']} ({audit['files']})"),
        ("pages per second", f"{bare_rate:.1f}", f"{audit_rate:.1f}"),
        ("peak memory (MB)", f"{bare['peak_mb']:.0f}", f"{audit['peak_mb']:.0f}"),
    ]
    lines = ["Command: `python3 benchmarks/speed.py " + " ".join(sys.argv[1:]) + "`".replace("  ", " "), "",
             "| | bare pdfplumber | gouji audit |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += ["", f"- audit throughput / bare pass: **{audit_rate / bare_rate:.2f}×** (target ≥ 0.8×)",
              f"- DOCX: {docx['files']} reports in {docx['seconds']:.1f} s = **{docx['files'] / docx['seconds']:.1f} "
              f"reports/s** (peak {docx['peak_mb']:.0f} MB)",
              f"- `gouji --help` start-up, best of 5: **{help_s:.2f} s** (target < 0.5 s)"]
    text = "\n".join(lines)
    print(text)
    if args.write:
        from quality import write_section

        write_section(args.write, "speed", text)


if __name__ == "__main__":
    main()
