"""The local engine: a pool of worker processes on this machine, one per core by default.

Why pebble: `concurrent.futures.ProcessPoolExecutor` breaks as a whole when one worker dies (every
pending future fails with BrokenProcessPool) and cannot stop a task that hangs. pebble's
`ProcessPool` is a small, long-maintained library made for exactly this: a per-task timeout that kills
the worker running it, a worker that dies (segfault, `os._exit`, the kernel's OOM killer) costs only
its own task (`ProcessExpired`), and dead or killed workers are replaced. Hand-rolling the same with
`multiprocessing` and a watchdog would be more code doing less.

Each worker caps its address space (RLIMIT_AS) in its initializer, so a document that would eat the
machine's memory fails with MemoryError instead; it ignores Ctrl-C, which the parent handles by
stopping the pool, and dies with the parent if that is killed outright. Workers are forked from a
parent that has already loaded the audit pipeline, so they start ready and share the model's memory.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import FIRST_COMPLETED, wait

from pebble import ProcessExpired, ProcessPool

from scan.bounds import memory_reason, timeout_reason
from scan.lock import close_in_worker
from scan.records import failure_record
from scan.work import Task, audit_task, limit_memory, tool_version, warm_up


def run_local(tasks: Iterable[Task], jobs: int, timeout: float | None, memory_mb: int | None,
              work: Callable[[Task], dict] = audit_task) -> Iterator[tuple[Task, dict]]:
    """Each task with its record, in the order they finish. At most 2 × jobs tasks are held at once."""
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    if context is not None:
        warm_up()
        gc.collect()
        gc.freeze()  # forked workers then share these objects instead of copying them on first gc
    pool = ProcessPool(max_workers=jobs, initializer=_init_worker, initargs=(memory_mb,),
                       context=context or multiprocessing.get_context())
    pending: dict = {}
    source = iter(tasks)
    try:
        while True:
            while len(pending) < 2 * jobs and (task := next(source, None)) is not None:
                pending[pool.schedule(work, args=(task,), timeout=timeout)] = task
            if not pending:
                break
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                yield task, outcome(future, task, timeout, memory_mb)
    except BaseException:
        pool.stop()
        raise
    finally:
        pool.close()
        pool.join()
        gc.unfreeze()


def _init_worker(memory_mb: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):  # the parent's SIGTERM handler (scan.run) is not the worker's
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    close_in_worker()
    limit_memory(memory_mb)  # a no-op where the system has no address-space cap (Windows)


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when the scan process dies (`kill -9` included)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def outcome(future, task: Task, timeout: float | None, memory_mb: int | None) -> dict:
    try:
        return future.result()
    except Exception as exc:  # whatever the worker did, the scan goes on
        code, message = failure_reason(exc, timeout, memory_mb)
        return failure_record(task.sha256, task.name, code, message, tool_version())


def failure_reason(exc: BaseException, timeout: float | None, memory_mb: int | None) -> tuple[str, str]:
    """(error_code, Chinese reason) for a document whose worker did not return a record."""
    if isinstance(exc, (TimeoutError, futures.TimeoutError)):
        return timeout_reason(timeout)
    if isinstance(exc, MemoryError):
        return memory_reason(memory_mb)
    if isinstance(exc, ProcessExpired):
        return "crashed", f"处理进程意外退出（退出码 {exc.exitcode}）"
    if type(exc).__name__ == "KilledWorker":
        return "crashed", "处理该文件的 Dask 工作进程反复崩溃"
    return "crashed", f"解析程序出错：{type(exc).__name__}: {exc}"[:500]
