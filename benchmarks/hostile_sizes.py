"""Time and peak memory on the full-size hostile inputs: 1,000 pages, 10,000 rows, lines of a megabyte.

    python3 benchmarks/hostile_sizes.py [--only pages.pdf rows.txt ...] [--stage extract|audit]

The files come from tests/hostile/make_corpus.py (--big sizes), and PDFs of 100 and 300 pages as well so
that memory can be seen to stay flat in the page count. Every measurement runs in a fresh interpreter,
so its peak RSS (getrusage RUSAGE_SELF) is its own. Not a test: it prints a table for the issue.
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
CASES = ["pages-100.pdf", "pages-300.pdf", "pages.pdf", "rows.txt", "rows.docx", "long-line.txt",
         "pathological.txt"]


def measure(path: Path, stage: str) -> dict:
    """Run in the child: read (and audit) one file, report seconds and peak RSS."""
    import resource

    sys.path.insert(0, str(ROOT))
    from extractor import extract
    from pipeline import audit as audit_path

    start = time.perf_counter()
    if stage == "extract":
        doc = extract(path)
        status, blocks = doc.status, len(doc.blocks)
    else:
        result = audit_path(path)
        status, blocks = result.status, len(result.findings)
    return {"seconds": round(time.perf_counter() - start, 2), "status": status, "count": blocks,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def build(directory: Path, names: list[str]) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from tests.hostile.make_corpus import build as build_corpus

    wanted = {n for n in names if not n.startswith("pages-")}
    paths = build_corpus(directory, big=True, only=wanted)
    for n in names:
        if n.startswith("pages-"):
            pages = int(n.split("-")[1].split(".")[0])
            sub = directory / f"p{pages}"
            paths[n] = build_corpus(sub, only={"pages.pdf"}, pages=pages)["pages.pdf"]
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=CASES, choices=CASES)
    ap.add_argument("--stage", nargs="*", default=["extract", "audit"], choices=["extract", "audit"])
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(Path(tmp), args.only)
        print(f"{'case':18} {'size':>10} {'stage':8} {'seconds':>8} {'peak MB':>8}  status")
        for name in args.only:
            path = paths[name]
            for stage in args.stage:
                proc = subprocess.run([sys.executable, __file__, "--child", str(path), stage], capture_output=True,
                                      text=True, timeout=3600, check=False)
                try:
                    row = json.loads(proc.stdout.strip().splitlines()[-1])
                except (IndexError, json.JSONDecodeError):
                    row = {"seconds": "-", "peak_mb": "-", "status": f"failed: {proc.stderr.strip()[-200:]}"}
                print(f"{name:18} {path.stat().st_size:>10} {stage:8} {row['seconds']:>8} {row['peak_mb']:>8}  "
                      f"{row['status']}", flush=True)


if __name__ == "__main__":
    main()
