"""gouji on the 项目支出绩效自评表 samples of corpus/selfeval: injected errors found, and false alarms.

    python3 benchmarks/selfeval.py [--folder corpus/selfeval] [--pdf]

`corpus/selfeval/labels.json` lists each file's injected errors (none for the consistent ones), each by the
figure as printed and the row it is on. An injected error counts as found when an error or warning finding
points at a cell of that row, and at that figure (any rule: the first run was made before the 自评表 rules)
or is of one of the rules the label names (GJ956 points at the empty 偏差原因 cell). Every other error or
warning finding is a false alarm. `--pdf` also audits each DOCX converted to PDF by
LibreOffice (a reading check: the PDF reader lays the tables out anew, across the page break).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def judged(path: Path, labels: list[dict]) -> dict:
    from pipeline import audit

    result = audit(path)
    alarms = [f for f in result.findings if f.severity in ("error", "warning")]
    found, false = set(), []
    for f in alarms:
        row = row_texts(result.document, f.location)
        hits = [i for i, lab in enumerate(labels)
                if lab["name"] in row and (f.stated_text == lab["stated"] or f.rule in lab["rules"])]
        found.update(hits)
        if not hits:
            false.append(f)
    return {"file": path.name, "errors": sum(f.severity == "error" for f in alarms),
            "warnings": sum(f.severity == "warning" for f in alarms), "injected": len(labels),
            "found": len(found), "false": false, "rules": sorted({f.rule for f in alarms})}


def row_texts(doc, where) -> set[str]:
    """The texts of the table row a finding points at (empty for a paragraph)."""
    if where.table is None or where.row is None:
        return set()
    table = doc.tables[where.table - 1]
    return {cell.text.strip() for cell in table.grid[where.row]}


def to_pdf(docx: Path, out: Path) -> Path | None:
    try:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                       check=True, capture_output=True, timeout=120, env={"HOME": str(out), "PATH": "/usr/bin:/bin"})
    except (OSError, subprocess.SubprocessError):
        return None
    pdf = out / (docx.stem + ".pdf")
    return pdf if pdf.exists() else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=ROOT / "corpus" / "selfeval")
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    labels = json.loads((args.folder / "labels.json").read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, labs in labels.items():
            rows.append(judged(args.folder / name, labs))
            if args.pdf and name.endswith(".docx") and (pdf := to_pdf(args.folder / name, Path(tmp))) is not None:
                rows.append(judged(pdf, labs))
    print("| file | errors | warnings | injected found | false alarms | rules |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        false = "; ".join(f"{f.rule} {f.stated_text}" for f in r["false"]) or "0"
        print(f"| {r['file']} | {r['errors']} | {r['warnings']} | {r['found']}/{r['injected']} | {false} | "
              f"{', '.join(r['rules'])} |")
    for suffix in (".docx", ".xlsx", ".pdf"):
        part = [r for r in rows if r["file"].endswith(suffix)]
        if not part:
            continue
        clean = [r for r in part if not r["injected"]]
        false_errors = sum(1 for r in part for f in r["false"] if f.severity == "error")
        false_warnings = sum(1 for r in part for f in r["false"] if f.severity == "warning")
        print(f"{suffix}: injected found {sum(r['found'] for r in part)}/{sum(r['injected'] for r in part)}, "
              f"false errors {false_errors} and false warnings {false_warnings} "
              f"({sum(len(r['false']) for r in clean)} on the {len(clean)} consistent files)")


if __name__ == "__main__":
    main()
