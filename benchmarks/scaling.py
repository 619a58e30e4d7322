"""Audit cost against document size: one report concatenated to about 50, 200 and 500 pages.

    python3 benchmarks/scaling.py [--source corpus/seeds/002.pdf] [--pages 50 200 500] [--write docs/benchmarks.md]

The source PDF is repeated whole (pypdf) until it reaches each page count, so every size holds the same
kinds of tables, prose and criteria in proportion. Each size is audited in a fresh interpreter, warmed on
the source first; the bare pass (pdfplumber extract_text + extract_tables) runs in its own interpreter too.
Seconds are CPU seconds of the measuring process (time.process_time), so that other work on the machine
does not inflate them. Target: seconds per page at the largest size within 1.3× of the smallest, and peak
memory flat.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def concatenate(source: Path, pages: int, out: Path) -> int:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(source)
    writer = PdfWriter()
    n = 0
    while n < pages:
        writer.append(reader)
        n += len(reader.pages)
    with out.open("wb") as fh:
        writer.write(fh)
    return n


def worker(mode: str, source: Path, path: Path) -> None:
    import resource

    if mode == "bare":
        from extract_speed import bare_pass

        bare_pass(source)
        start = time.process_time()
        bare_pass(path)
        print(json.dumps({"seconds": time.process_time() - start,
                          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return
    from pipeline import audit

    audit(source)
    start = time.process_time()
    result = audit(path)
    seconds = time.process_time() - start
    print(json.dumps({"seconds": seconds, "findings": len(result.findings),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure(mode: str, source: Path, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", mode, str(source), str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "corpus" / "seeds" / "002.pdf")
    parser.add_argument("--pages", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--write", type=Path, help="update the scaling section of this Markdown file")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), Path(args.worker[2]))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for target in args.pages:
            path = Path(tmp) / f"concat-{target}.pdf"
            pages = concatenate(args.source, target, path)
            bare, audit = measure("bare", args.source, path), measure("audit", args.source, path)
            rows.append((pages, bare, audit))
            print(f"{pages} pages: audit {audit['seconds']:.1f} s, bare {bare['seconds']:.1f} s", file=sys.stderr)
    first = rows[0][2]["seconds"] / rows[0][0]
    lines = ["Command: `python3 benchmarks/scaling.py " + " ".join(a for a in sys.argv[1:] if a) + "`", "",
             f"Source: `{args.source.relative_to(ROOT)}` repeated.", "",
             "| pages | audit CPU s | audit s/page | per page vs smallest | bare pass s / audit s | peak MB "
             "| findings |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for pages, bare, audit in rows:
        per_page = audit["seconds"] / pages
        lines.append(f"| {pages} | {audit['seconds']:.1f} | {per_page:.3f} | {per_page / first:.2f}× | "
                     f"{bare['seconds'] / audit['seconds']:.2f}× | {audit['peak_mb']:.0f} | {audit['findings']} |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        from quality import write_section

        write_section(args.write, "scaling", text)


if __name__ == "__main__":
    main()
