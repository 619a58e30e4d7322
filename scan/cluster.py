"""The Dask engine: the same per-file work (`scan.work.audit_task`) on a Dask distributed cluster.

The client reads each document (from disk or from a zip member, in memory) and sends its bytes with
the task, so workers need gouji installed, at the same version, and nothing else: no shared folder.
The versions are compared before the scan starts, because a worker with other rules would give other
results. At most one task per worker thread is in flight, so the per-file timeout counts from about
when a task starts.

Isolation here is Dask's own: a worker that dies (a crash, or the nanny's memory limit) is restarted,
its task is retried on another worker and, after Dask's allowed failures, reported as `KilledWorker`
(failed, "crashed"). A task past `--timeout` is marked failed and cancelled; Dask cannot interrupt a
running thread, so a truly hung parser keeps its worker thread busy until that worker is restarted
(`--lifetime` on `dask worker` bounds that).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator

from scan.local import failure_reason
from scan.records import failure_record
from scan.work import Task, audit_task, tool_version


class ClusterError(Exception):
    """The cluster cannot run this scan (unreachable, or workers at another gouji version)."""


def connect(scheduler):
    """A `distributed.Client` for a scheduler address ("tcp://host:8786"), or the client given."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--engine dask 需要安装 Dask：python3 -m pip install 'gouji[dask]'") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, set_as_default=False, timeout="20s"), True
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"无法连接 Dask 调度器 {scheduler}：{exc}") from None


def run_dask(tasks: Iterable[Task], scheduler, timeout: float | None,
             work: Callable[[Task], dict] = audit_task) -> Iterator[tuple[Task, dict]]:
    client, owned = connect(scheduler)
    try:
        versions = set(client.run(tool_version).values())
        if not versions:
            raise ClusterError("Dask 集群上没有可用的工作进程")
        if versions != {tool_version()}:
            theirs = "、".join(sorted(versions))
            raise ClusterError(f"Dask 工作进程的 gouji 版本（{theirs}）与本机（{tool_version()}）不同")
        slots = max(sum(client.nthreads().values()), 1)
        pending: dict = {}  # future → (task, submitted at)
        source = iter(tasks)
        while True:
            while len(pending) < slots and (task := next(source, None)) is not None:
                key = f"gouji-audit-{task.sha256[:16]}-{uuid.uuid4().hex[:8]}"
                pending[client.submit(work, task, key=key, pure=False)] = (task, time.monotonic())
            if not pending:
                break
            done = [f for f in pending if f.done()]
            if not done:
                time.sleep(0.05)  # polling: distributed.wait needs a default client, and ours is not one
            for future in done:
                task, _ = pending.pop(future)
                yield task, _outcome(future, task, timeout)
            if timeout:
                now = time.monotonic()
                for future, (task, submitted) in list(pending.items()):
                    if now - submitted > timeout:
                        del pending[future]
                        future.cancel()
                        code, message = failure_reason(TimeoutError(), timeout, None)
                        yield task, failure_record(task.sha256, task.name, code, message, tool_version())
    finally:
        if owned:
            client.close()


def _outcome(future, task: Task, timeout: float | None) -> dict:
    try:
        return future.result()
    except Exception as exc:  # whatever the worker did, the scan goes on
        code, message = failure_reason(exc, timeout, None)
        return failure_record(task.sha256, task.name, code, message, tool_version())
