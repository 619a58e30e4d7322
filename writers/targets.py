"""Where outputs may go: never onto an input, in the format their extension names.

`gouji audit` checks its `-o` and `--annotate` paths here before auditing anything:

- an output that is an input (the same path, a symbolic link to it, or a hard link: the same device and
  inode) is refused, and so are `-o` and `--annotate` naming the same file;
- an output onto a folder is refused; a missing parent folder is created;
- the output format follows the extension (`-o report.html` writes HTML); `-f` and an extension that
  disagree (`-f json -o out.html`), or a document extension (`-o out.pdf`), are refused;
- an annotated copy has its input's format and extension (`.docx` for a Word draft, `.pdf` for a PDF).

Each refusal is a `TargetError` with a one-line Chinese message; the command exits 2 with it.
"""

from __future__ import annotations

import os
from pathlib import Path

# Output format → the extensions that name it. The first is the one suggested.
FORMAT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".log"),
    "json": (".json",),
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "md": (".md", ".markdown"),
    "html": (".html", ".htm"),
}
# Extensions of documents, never of a report gouji writes: a text report named .pdf is a trap.
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".docm", ".doc", ".xls", ".wps", ".ofd", ".zip", ".rar", ".7z"}
ANNOTATE_SUFFIXES = {"docx": (".docx", ".docm"), "pdf": (".pdf",)}


class TargetError(ValueError):
    """An output path gouji will not write to; `str()` is the message."""


def format_for(fmt: str | None, out: Path | None) -> str:
    """The output format: `fmt` when given, else the one `out`'s extension names, else "text"."""
    if out is None:
        return fmt or "text"
    suffix = out.suffix.lower()
    named = next((f for f, suffixes in FORMAT_SUFFIXES.items() if suffix in suffixes), None)
    if suffix in DOCUMENT_SUFFIXES:
        raise TargetError(f"-o {out.name}：gouji 不会把审核结果写成 {suffix} 文件；请用 "
                          f"{' '.join(s[0] for s in FORMAT_SUFFIXES.values())}（带批注的副本请用 --annotate）")
    if fmt is None:
        return named or "text"
    if named is not None and named != fmt:
        raise TargetError(f"-f {fmt} 与输出文件的扩展名 {suffix} 不符；请改用 {FORMAT_SUFFIXES[fmt][0]}，或去掉 -f")
    return fmt


def annotate_suffix_ok(source: Path, target: Path) -> None:
    """An annotated copy keeps its input's kind: a Word draft gives a .docx, a PDF a .pdf."""
    kind = "docx" if source.suffix.lower() in ANNOTATE_SUFFIXES["docx"] else "pdf"
    if target.suffix.lower() not in ANNOTATE_SUFFIXES[kind]:
        raise TargetError(f"--annotate {target.name}：{source.name} 的批注副本应为 {ANNOTATE_SUFFIXES[kind][0]} 文件")


def check_outputs(inputs: list[Path], outputs: list[Path]) -> None:
    """Refuse outputs that would replace an input or each other, or land on a folder."""
    for i, out in enumerate(outputs):
        if out.is_dir():
            raise TargetError(f"输出路径是一个文件夹：{out}；请给出文件名")
        for source in inputs:
            if same_file(source, out):
                raise TargetError(f"输出文件 {out} 就是输入文件 {source}，不会覆盖原件；请换一个文件名")
        for other in outputs[:i]:
            if same_file(other, out):
                raise TargetError(f"-o 与 --annotate 指向同一个文件：{out}")


def make_parents(outputs: list[Path]) -> None:
    """Create the missing folders the outputs go into."""
    for out in outputs:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TargetError(f"无法创建输出文件夹 {out.parent}（{exc.strerror}）") from None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: equal once resolved, or the same inode (a hard link)."""
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): it cannot be the other
        return False
