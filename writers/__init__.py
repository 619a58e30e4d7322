"""Stage 4: audit results → terminal text, JSON, CSV, XLSX, Markdown or HTML.

Each format is a reporter (flake8 style: `start(out)`, `handle(result)` per document, `stop()`),
chosen by name from `FORMATS`. `out` is a file path, or None for standard output (xlsx needs a path);
a file is written beside its target and renamed onto it when complete (writers.files).
"""

from __future__ import annotations

from pathlib import Path

from model.findings import SEVERITY_ORDER, AuditResult
from writers.common import Reporter
from writers.files import replacing
from writers.html import HtmlReporter
from writers.json_out import JsonReporter
from writers.markdown import MarkdownReporter
from writers.tabular import CsvReporter, XlsxReporter
from writers.terminal import TerminalReporter

__all__ = ["FORMATS", "Reporter", "worst_severity", "write"]

FORMATS: dict[str, type[Reporter]] = {
    "text": TerminalReporter,
    "json": JsonReporter,
    "csv": CsvReporter,
    "xlsx": XlsxReporter,
    "md": MarkdownReporter,
    "html": HtmlReporter,
}


def write(results: list[AuditResult], fmt: str = "text", out: Path | None = None, lang: str = "zh") -> None:
    """Write every result in format `fmt` to `out` (None: standard output)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    reporter = FORMATS[fmt](lang)
    if out is None:
        _run(reporter, results, None)
        return
    with replacing(Path(out)) as (temp,):  # a failure leaves the previous file whole, never half of one
        _run(reporter, results, temp)


def _run(reporter: Reporter, results: list[AuditResult], out: Path | None) -> None:
    reporter.start(out)
    for result in results:
        reporter.handle(result)
    reporter.stop()


def worst_severity(results: list[AuditResult]) -> str | None:
    """The most severe finding's severity over all documents ("error" > "warning" > "info"), or None.

    Documents that could not be read (status "error") carry no findings and do not count here; the CLI
    decides what they mean for the exit code.
    """
    severities = [f.severity for r in results for f in r.findings]
    return min(severities, key=SEVERITY_ORDER.__getitem__, default=None)
