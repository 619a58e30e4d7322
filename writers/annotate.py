"""`gouji audit FILE --annotate OUT`: the reviewed file back, with the findings on its figures.

A Word draft gets one comment per finding (writers.annotate_docx); a PDF gets one highlight with a
note per finding (writers.annotate_pdf). Returns the one line the command prints about it.
"""

from __future__ import annotations

from pathlib import Path

from model.findings import AuditResult


def annotate_copy(result: AuditResult, source: Path, target: Path, lang: str = "zh",
                  password: str | None = None) -> str:
    if result.format == "docx":
        from writers.annotate_docx import annotate_docx

        placed = annotate_docx(source, target, result, lang)
        kind = ("comments", "条批注")
    elif result.format == "pdf":
        from writers.annotate_pdf import annotate_pdf

        placed = annotate_pdf(source, target, result, lang, password)
        kind = ("highlights", "处标注")
    else:
        raise ValueError(f"--annotate needs a .docx or .pdf input, not {result.format}")
    n = len(placed.on_figure) + len(placed.on_block)
    if lang == "en":
        line = f"{target}: {n} {kind[0]} ({len(placed.on_figure)} on the figure itself)"
        return line + (f"; not placed: {', '.join(placed.missing)}" if placed.missing else "")
    line = f"已写入 {target}：{n} {kind[1]}（{len(placed.on_figure)} 处精确到数字）"
    return line + (f"；未能定位：{'、'.join(placed.missing)}" if placed.missing else "")
