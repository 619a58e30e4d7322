"""Files per second of `gouji scan`: the local pool with 1 and 2 workers, and a Dask LocalCluster.

    python3 benchmarks/scan_speed.py [--copies 3] [--no-dask]

The inputs are copies of the committed seed reports (corpus/seeds: text, DOCX and PDF), each copy made
distinct (a trailing line, a zip comment, a PDF comment after %%EOF) so that none is skipped as a
duplicate. Every run audits everything (fresh results folder). Libraries and the spaCy pipeline are
loaded before the clock starts, in this process (which the local pool forks) and on the Dask workers,
so the figures are the steady-state rate of a long scan. The load average is printed too: other work on
the machine takes cores from the workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scan.run import ScanConfig, run_scan  # noqa: E402
from scan.work import warm_up  # noqa: E402

SEEDS = ROOT / "corpus" / "seeds"


def make_inputs(folder: Path, copies: int) -> int:
    folder.mkdir(parents=True)
    n = 0
    for seed in sorted(SEEDS.glob("*.*")):
        for i in range(copies):
            target = folder / f"{seed.stem}-{i}{seed.suffix}"
            if seed.suffix == ".txt":
                target.write_text(seed.read_text(encoding="utf-8") + f"\n（副本 {i}）\n", encoding="utf-8")
            elif seed.suffix == ".docx":
                shutil.copyfile(seed, target)
                with zipfile.ZipFile(target, "a") as zf:
                    zf.comment = f"copy {i}".encode()
            else:
                target.write_bytes(seed.read_bytes() + f"\n% copy {i}\n".encode())
            n += 1
    return n


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(config: ScanConfig) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds of the workers (reaped when the pool closes) and of this process, failures."""
    workers, parent = cpu_seconds(resource.RUSAGE_CHILDREN), cpu_seconds(resource.RUSAGE_SELF)
    start = time.perf_counter()
    outcome = run_scan(config)
    elapsed = time.perf_counter() - start
    workers = cpu_seconds(resource.RUSAGE_CHILDREN) - workers
    parent = cpu_seconds(resource.RUSAGE_SELF) - parent
    bad = int((outcome.documents["status"] != "ok").sum())
    return elapsed, workers, parent, bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gouji-scan-bench-") as tmp:
        inputs = Path(tmp) / "inputs"
        n = make_inputs(inputs, args.copies)
        warm_up()
        print(f"{n} 个文件（{args.copies} 份种子报告副本），{os.cpu_count()} 核，负载 {os.getloadavg()[0]:.2f}")
        rates = {}
        for jobs in (1, 2):
            seconds, cpu, own, bad = timed(ScanConfig([str(inputs)], Path(tmp) / f"local-{jobs}", jobs=jobs,
                                                      quiet=True, timeout=600))
            rates[jobs] = n / seconds
            print(f"本地进程池 {jobs} 个工作进程：{seconds:.1f} 秒，{rates[jobs]:.2f} 个/秒，"
                  f"工作进程 CPU {cpu:.1f} 秒（每个文件 {cpu / n:.2f} 秒），主进程 CPU {own:.1f} 秒，失败 {bad}")
        print(f"2 个工作进程相对 1 个：{rates[2] / rates[1]:.2f} 倍")
        if args.no_dask:
            return
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(warm_up)
            seconds, _, _, bad = timed(ScanConfig([str(inputs)], Path(tmp) / "dask", engine="dask", quiet=True,
                                                  scheduler=cluster.scheduler_address, timeout=600))
            print(f"Dask LocalCluster 2 个工作进程：{seconds:.1f} 秒，{n / seconds:.2f} 个/秒（失败 {bad}）")
        print(f"结束时负载 {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
