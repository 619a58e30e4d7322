"""`gouji audit FILE --annotate OUT`: the reviewed file back, with the findings on its figures.

A Word draft gets one comment per finding (writers.annotate_docx); a PDF gets one highlight with a
note per finding (writers.annotate_pdf). Returns the one line the command prints about it. The marks
of an earlier run of gouji on the input are replaced, not doubled (an annotated copy annotated again).
"""

from __future__ import annotations

from pathlib import Path

from model.findings import AuditResult
from writers.files import replacing


def annotate_copy(result: AuditResult, source: Path, target: Path, lang: str = "zh",
                  password: str | None = None) -> str:
    if result.format not in ("docx", "pdf"):
        raise ValueError(f"--annotate needs a .docx or .pdf input, not {result.format}")
    with replacing(Path(target)) as (temp,):  # the copy appears whole or not at all
        if result.format == "docx":
            from writers.annotate_docx import annotate_docx

            placed = annotate_docx(source, temp, result, lang)
            kind = ("comments", "条批注")
        else:
            from writers.annotate_pdf import annotate_pdf

            placed = annotate_pdf(source, temp, result, lang, password)
            kind = ("highlights", "处标注")
    n = len(placed.on_figure) + len(placed.on_block)
    if lang == "en":
        line = f"{target}: {n} {kind[0]} ({len(placed.on_figure)} on the figure itself)"
        return line + (f"; not placed: {', '.join(placed.missing)}" if placed.missing else "")
    line = f"已写入 {target}：{n} {kind[1]}（{len(placed.on_figure)} 处精确到数字）"
    return line + (f"；未能定位：{'、'.join(placed.missing)}" if placed.missing else "")
