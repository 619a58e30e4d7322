"""What bounding each document costs in `gouji audit`: in-process bounds against a process per file.

    python3 benchmarks/audit_bounds.py [--repeat N]

Prints, for the seed reports: the cost of entering and leaving `scan.bounds.bounded` (a SIGALRM timer
and an RLIMIT_AS cap), the audit of each report without and with it, and the same audit in a fresh
forked process per file (what `gouji scan`'s workers do), which is what `gouji audit` would pay per
file if it isolated documents by process. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


def _timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _audit_in_child(path: str, queue) -> None:
    from pipeline import audit

    result = audit(path)
    result.document = None
    queue.put(result)


def _nothing_in_child(queue) -> None:
    queue.put(None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per figure (the median is printed)")
    args = ap.parse_args()

    from pipeline import audit as audit_path
    from scan.bounds import bounded, memory_cap_supported

    def enter_leave() -> None:
        for _ in range(1000):
            with bounded(300, 2048):
                pass

    per_call = _timed(enter_leave, args.repeat) / 1000
    print(f"bounded(300 s, 2048 MB) enter+leave: {per_call * 1e6:.1f} µs (memory cap here: {memory_cap_supported()})")
    files = [SEEDS / n for n in ("002.txt", "003.docx", "003.pdf")]
    context = multiprocessing.get_context("fork")

    def fork_only() -> None:
        queue = context.Queue()
        child = context.Process(target=_nothing_in_child, args=(queue,))
        child.start()
        queue.get()
        child.join()
    for path in files:
        audit_path(path)  # warm: spaCy model and readers loaded
    print(f"a forked child that returns at once, pipeline loaded: {_timed(fork_only, args.repeat) * 1000:.1f} ms")
    print(f"{'file':<10} {'plain':>9} {'bounded':>9} {'forked':>9}")
    for path in files:
        plain = _timed(lambda p=path: audit_path(p), args.repeat)

        def with_bounds(p=path) -> None:
            with bounded(300, 2048):
                audit_path(p)

        bound = _timed(with_bounds, args.repeat)

        def forked(p=path) -> None:
            queue = context.Queue()
            child = context.Process(target=_audit_in_child, args=(str(p), queue))
            child.start()
            queue.get()
            child.join()

        fork = _timed(forked, args.repeat)
        print(f"{path.name:<10} {plain * 1000:>7.1f}ms {bound * 1000:>7.1f}ms {fork * 1000:>7.1f}ms")


if __name__ == "__main__":
    main()
