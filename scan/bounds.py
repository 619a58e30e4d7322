"""Bounds on the time and memory one document may take, wherever it is audited, on any system.

`gouji scan` runs each document in a worker process that pebble kills at the timeout; the worker caps
its own address space with `cap_memory` when it starts. `gouji audit` has no workers: forking one per
file would cost more than the audit of a small report, so it bounds each document in its own process
with `bounded(timeout, memory_mb)`:

- time: a SIGALRM timer (`signal.setitimer`) raises `DocumentTimeout` in the middle of the work. Where
  there is no SIGALRM (Windows), a watchdog thread interrupts the main thread instead. Either way the
  interruption lands between Python bytecodes, so a long call inside a C library (one huge regex or XML
  parse) ends before it is noticed; the readers' own size limits keep those calls short.
- memory: the address-space limit (RLIMIT_AS) is set to the size of the process now plus `memory_mb`,
  so an allocation beyond it raises MemoryError, and restored afterwards. Where `resource` or
  /proc/self/status is missing (Windows, macOS), there is no memory cap; the time bound still holds.

`DocumentTimeout` is a BaseException, like KeyboardInterrupt, so that a reader's `except Exception`
(one damaged page spoils one page) cannot swallow it and carry on unbounded.
"""

from __future__ import annotations

import _thread
import contextlib
import signal
import threading
from collections.abc import Callable, Iterator

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


class DocumentTimeout(BaseException):
    """The document's time is up."""


def timeout_reason(timeout: float | None) -> tuple[str, str]:
    """(error_code, Chinese reason) for a document that ran out of time."""
    return "timeout", f"处理超时（超过 {timeout:g} 秒），已终止" if timeout else "处理超时，已终止"


def memory_reason(memory_mb: int | None) -> tuple[str, str]:
    limit = f"（每个文件 {memory_mb} MB）" if memory_mb else ""
    return "out-of-memory", f"处理时内存超出上限{limit}，已终止"


def memory_cap_supported() -> bool:
    return resource is not None and hasattr(resource, "RLIMIT_AS") and process_size() is not None


def process_size() -> int | None:
    """The address space of this process in bytes (VmSize), or None where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            size_kb = next((int(line.split()[1]) for line in fh if line.startswith("VmSize:")), None)
    except (OSError, ValueError):
        return None
    return None if size_kb is None else size_kb * 1024


def cap_memory(headroom_mb: int | None) -> Callable[[], None]:
    """Cap the address space at its size now plus `headroom_mb`; returns what undoes it (a no-op where
    the cap is not supported). The cap is relative because a worker forked from the parent, or the audit
    command after its first document, already holds the libraries and the spaCy model."""
    if not headroom_mb or not memory_cap_supported():
        return _nothing
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = process_size() + headroom_mb * 1024**2
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        return _nothing

    def restore() -> None:
        with contextlib.suppress(OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    return restore


def _nothing() -> None:
    pass


@contextlib.contextmanager
def bounded(timeout: float | None, memory_mb: int | None) -> Iterator[None]:
    """Run the block with at most `timeout` seconds (DocumentTimeout) and `memory_mb` more memory
    (MemoryError). None or 0 leaves that bound off. Bounds only the main thread; elsewhere it is a no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    restore = cap_memory(memory_mb)
    watchdog = None
    try:
        if timeout and hasattr(signal, "setitimer"):
            with _alarm(timeout):
                yield
        elif timeout:
            watchdog = _Watchdog(timeout)
            yield
        else:
            yield
    except KeyboardInterrupt:
        if watchdog is not None and watchdog.fired:
            raise DocumentTimeout() from None
        raise
    finally:
        if watchdog is not None:
            watchdog.cancel()
        restore()


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expired(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Watchdog:
    """Where there is no SIGALRM: a timer thread that interrupts the main thread (as Ctrl-C would) once."""

    def __init__(self, seconds: float):
        self.fired = False
        self._active = True
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._active:
                self.fired = True
                _thread.interrupt_main()

    def cancel(self) -> None:
        with self._lock:
            self._active = False
        self._timer.cancel()
        if self.fired:  # an interrupt sent just as the block ended arrives here, not in the caller
            with contextlib.suppress(KeyboardInterrupt):
                for _ in range(1000):
                    _tick()


def _tick() -> None:
    pass
