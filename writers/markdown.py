"""Markdown: a heading per document, a summary line, and a table of findings."""

from __future__ import annotations

from model.findings import AuditResult
from writers.common import Reporter, error_text, label, open_text, status_note, summary_text, totals_text
from writers.rows import numbered
from writers.terminal import expected_cell

COLUMNS = ("id", "severity", "rule", "location", "stated_text", "expected_value", "message", "fingerprint")


def cell(text: object) -> str:
    """Table-safe text: pipes escaped, line breaks as <br>."""
    return str(text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def document_markdown(result: AuditResult, lang: str = "zh") -> str:
    out = [f"## {result.path}", "", summary_text(result, lang), ""]
    if result.status == "error":
        out += [f"> **{label('status', lang)}: {label('status_error', lang)}** — {error_text(result, lang)}", ""]
    if result.warnings:
        out += [f"> {label('note', lang)}: {w}" for w in result.warnings] + [""]
    if totals := totals_text(result, lang):
        out += [totals, ""]
    if not result.findings:
        if note := status_note(result, lang):
            out += [f"> **{note}**", ""]
        elif result.status == "ok":
            out += [label("no_findings", lang), ""]
        return "\n".join(out)
    out.append("| " + " | ".join(label(c, lang) for c in COLUMNS) + " |")
    out.append("|" + "---|" * len(COLUMNS))
    for fid, f in numbered(result.findings):
        severity = label(f.severity, lang) + (f" ({label('accepted', lang)})" if f.accepted else "")
        values = (fid, severity, f.rule, f.location.describe(lang), f.stated_text, expected_cell(f), f.text(lang),
                  f.fingerprint)
        out.append("| " + " | ".join(cell(v) for v in values) + " |")
    out.append("")
    return "\n".join(out)


class MarkdownReporter(Reporter):
    def start(self, out) -> None:
        super().start(out)
        self.stream, self.close = open_text(out)
        self.stream.write(f"# {label('heading', self.lang)}\n\n")

    def handle(self, result: AuditResult) -> None:
        self.stream.write(document_markdown(result, self.lang) + "\n")

    def stop(self) -> None:
        if self.close:
            self.stream.close()
