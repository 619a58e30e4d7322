"""The seed reports' findings in every rendering, against their DOCX (the reference rendering).

    python3 corpus/build_formats.py && python3 benchmarks/seed_formats.py [--formats pdf,html,md,xlsx]

A finding is compared by rule, stated figure and place (table ordinal and row, or the paragraph's text);
an XLSX rendering holds the tables only, so for it only the DOCX findings placed in tables, by rules that
do not compare prose with tables (GJ3xx), are expected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def keys(path: Path, tables_only: bool = False) -> set[tuple]:
    from pipeline import audit

    result = audit(path)
    doc = result.document
    out = set()
    for f in result.findings:
        if f.severity == "info":
            continue
        loc = f.location
        if loc.table is not None:
            out.add((f.rule, f.stated_text, f"表{loc.table} 行{loc.row}"))
        elif not tables_only:
            block = doc.blocks[loc.block] if loc.block is not None else None
            out.add((f.rule, f.stated_text, "".join(getattr(block, "text", "").split())[:30]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--formats", default="pdf,html,md,xlsx")
    args = ap.parse_args()
    generated = ROOT / "corpus" / "generated" / "seeds"
    print("| seed | format | findings | as in DOCX | missing | extra |")
    print("| --- | --- | --- | --- | --- | --- |")
    for docx in sorted((ROOT / "corpus" / "seeds").glob("*.docx")):
        reference = keys(docx)
        print(f"| {docx.stem} | docx | {len(reference)} | — | — | — |")
        for fmt in args.formats.split(","):
            path = docx.with_suffix(f".{fmt}")
            path = path if path.exists() else generated / f"{docx.stem}.{fmt}"
            if not path.exists():
                continue
            got = keys(path)
            # a workbook has no prose: table findings of rules that compare prose with tables (GJ3xx) cannot arise
            want = ({k for k in reference if k[2].startswith("表") and not k[0].startswith("GJ3")}
                    if fmt == "xlsx" else reference)
            missing, extra = want - got, got - want
            print(f"| {docx.stem} | {fmt} | {len(got)} | {len(want & got)}/{len(want)} | "
                  f"{'; '.join(' '.join(map(str, k)) for k in sorted(missing, key=str)) or '—'} | "
                  f"{'; '.join(' '.join(map(str, k)) for k in sorted(extra, key=str)) or '—'} |")


if __name__ == "__main__":
    main()
