"""Per-document bounds in `gouji audit` (scan.bounds): a document that hangs or eats memory fails alone.

Issue 15: only `gouji scan` bounded a document, by its worker; `gouji audit` of a hanging file hung.
Timing here is a guard against hanging, never a speed assertion.
"""

from __future__ import annotations

import contextlib
import json
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline
from cli import app
from scan import bounds
from scan.bounds import DocumentTimeout, bounded

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
runner = CliRunner()


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_timeout_interrupts_python_code_and_a_reader_cannot_swallow_it():
    start = time.monotonic()
    with pytest.raises(DocumentTimeout), bounded(0.3, None):
        for _ in range(100):
            with contextlib.suppress(Exception):  # what a reader does with a damaged page
                _spin(0.1)
    assert time.monotonic() - start < 5
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)
    _spin(0.5)  # no alarm left behind


def test_without_sigalrm_a_watchdog_thread_bounds_time(monkeypatch):
    """Windows has no SIGALRM: the fallback interrupts the main thread, and a real Ctrl-C stays Ctrl-C."""
    monkeypatch.delattr(signal, "setitimer")
    with pytest.raises(DocumentTimeout), bounded(0.3, None):
        _spin(10)
    with bounded(5, None):  # finishing in time leaves no interrupt behind
        _spin(0.1)
    _spin(0.3)
    with pytest.raises(KeyboardInterrupt), bounded(5, None):
        raise KeyboardInterrupt


@pytest.mark.skipif(not bounds.memory_cap_supported(), reason="no RLIMIT_AS or /proc here")
def test_memory_is_capped_for_the_block_and_restored():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), bounded(None, 200):
        hoard = [bytearray(64 * 1024**2) for _ in range(16)]  # 1 GB
        del hoard
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    big = bytearray(512 * 1024**2)  # fine again once the block is over
    del big


def test_audit_gives_up_a_hanging_file_and_audits_the_others(monkeypatch):
    real = pipeline.audit

    def hangs(path, *args, **kwargs):
        if Path(path).name == "003.txt":
            while True:
                time.sleep(0.05)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "audit", hangs)
    result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), str(SEEDS / "004.txt"), "--timeout", "1",
                                 "-f", "json"])
    assert result.exit_code == 2 and result.stderr.strip().endswith("[timeout]")
    docs = json.loads(result.stdout)["documents"]
    assert [(d["status"], d["error_code"]) for d in docs] == [("error", "timeout"), ("ok", None)]
    assert "1 秒" in docs[0]["error"]


@pytest.mark.skipif(not bounds.memory_cap_supported(), reason="no RLIMIT_AS or /proc here")
def test_audit_gives_up_a_file_over_its_memory_and_audits_the_others(monkeypatch):
    real = pipeline.audit

    def hog(path, *args, **kwargs):
        if Path(path).name == "003.txt":
            hoard = [bytearray(64 * 1024**2) for _ in range(64)]  # 4 GB
            return hoard
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "audit", hog)
    result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), str(SEEDS / "004.txt"), "--memory-limit", "300",
                                 "-f", "json"])
    assert result.exit_code == 2 and result.stderr.strip().endswith("[out-of-memory]")
    assert [d["status"] for d in json.loads(result.stdout)["documents"]] == ["error", "ok"]
