"""gouji on the real published documents of ../shared/real: the known inconsistencies found, and every
other error and warning finding (each a false alarm: see ../shared/real/README.md).

    python3 benchmarks/real.py [--real ../shared/real] [--write docs/benchmarks.md]

The known items are those ../shared/real/README.md lists, by document and by the figure as printed; a
known item counts as found when an error or warning finding points at that figure.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
REAL = ROOT.parent / "shared" / "real"


@dataclass(frozen=True)
class Known:
    id: str
    document: str
    stated: str  # the figure as printed, spaces removed
    what: str


KNOWN = (
    Known("P1", "final_accounts_shanghai_putuo_planning_bureau_2024.pdf", "99.86%",
          "9746.50 / 9759.38 = 99.868%, only truncation gives 99.86%"),
    Known("P2", "final_accounts_shanghai_putuo_planning_bureau_2024.pdf", "95.45%",
          "9746.50 / 10210.34 = 95.457%, only truncation gives 95.45%"),
)


def audit_folder(folder: Path) -> list[dict]:
    from pipeline import audit

    out = []
    for path in sorted(folder.glob("*.pdf")):
        result = audit(path)
        findings = [f for f in result.findings if f.severity in ("error", "warning")]
        known = [k for k in KNOWN if k.document == path.name]
        hits = {k.id: [f for f in findings if (f.stated_text or "").replace(" ", "") == k.stated] for k in known}
        true = {id(f) for fs in hits.values() for f in fs}
        out.append({"name": path.name, "status": result.status, "known": known, "hits": hits,
                    "false": [f for f in findings if id(f) not in true], "found": result.numbers_found,
                    "checked": result.numbers_checked})
    return out


def report(rows: list[dict]) -> str:
    lines = ["Command: `python3 benchmarks/real.py`", "",
             "| document | known found | false errors | false warnings | coverage |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        known = ", ".join(f"{k.id} {'✓' if row['hits'][k.id] else '✗'}" for k in row["known"]) or "—"
        errors = sum(1 for f in row["false"] if f.severity == "error")
        warnings = sum(1 for f in row["false"] if f.severity == "warning")
        coverage = f"{row['checked'] / row['found']:.2f} ({row['checked']}/{row['found']})" if row["found"] else "—"
        lines.append(f"| {row['name']} | {known} | {errors} | {warnings} | {coverage} |")
    n_known = sum(len(r["known"]) for r in rows)
    n_found = sum(1 for r in rows for k in r["known"] if r["hits"][k.id])
    n_false = sum(1 for r in rows for f in r["false"] if f.severity == "error")
    lines += ["", f"Known inconsistencies found: **{n_found}/{n_known}**; false error findings: **{n_false}**."]
    details = [f"- {r['name']}: {f.severity} {f.rule} p{f.location.page} {f.message}" for r in rows for f in r["false"]]
    if details:
        lines += ["", "False alarms:", "", *details]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--write", type=Path, help="update the real-documents section of this Markdown file")
    args = parser.parse_args()
    if not args.real.is_dir():
        sys.exit(f"no folder {args.real}")
    text = report(audit_folder(args.real))
    print(text)
    if args.write:
        from quality import write_section

        write_section(args.write, "real", text)


if __name__ == "__main__":
    main()
