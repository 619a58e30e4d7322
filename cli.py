"""The `gouji` command line: extract, audit and rules.

Heavy libraries (pdfplumber, python-docx, spaCy, pandas) are imported inside the commands, so that
`gouji --help` starts fast.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="gouji 勾稽: recompute every figure in a budget performance evaluation report and report contradictions.",
)


@app.callback()
def root() -> None:
    """gouji 勾稽: audit Chinese budget performance evaluation reports figure by figure."""


class ExtractFormat(str, Enum):
    json = "json"
    md = "md"


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"gouji: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A .pdf, .docx, .txt or .md report.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.json,
    password: Annotated[str | None, typer.Option(help="Password of an encrypted PDF.")] = None,
) -> None:
    """Print the document model: blocks, tables with column roles and row hierarchy, and figures."""
    from extractor import InputError
    from extractor import extract as do_extract
    from extractor.serialize import document_dict, document_markdown

    try:
        doc = do_extract(file, password=password)
    except InputError as exc:
        fail(str(exc))
    if format is ExtractFormat.md:
        typer.echo(document_markdown(doc))
    else:
        typer.echo(json.dumps(document_dict(doc), ensure_ascii=False, indent=1))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
