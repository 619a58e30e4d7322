"""gouji on the reports of corpus/independent: written by hand, independently of gouji's patterns and of the
synthetic generator, and internally consistent, so every error and warning finding is a false alarm.

    python3 benchmarks/independent.py [--folder corpus/independent] [--list]

Prints, per document, the error, warning and info findings and the coverage (figures checked / figures
read), then the totals; --list adds one line per error and warning finding.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FOLDER = ROOT / "corpus" / "independent"
SUFFIXES = (".md", ".html", ".htm", ".txt", ".docx", ".pdf", ".xlsx")


def audit_folder(folder: Path) -> list:
    from pipeline import audit

    return [audit(path) for path in sorted(folder.iterdir())
            if path.suffix.lower() in SUFFIXES and path.name.lower() != "readme.md"]


def report(results: list, listing: bool = False) -> str:
    lines = ["Command: `python3 benchmarks/independent.py`", "",
             "| document | errors | warnings | infos | coverage |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        coverage = f"{r.numbers_checked / r.numbers_found:.2f} ({r.numbers_checked}/{r.numbers_found})" \
            if r.numbers_found else "—"
        name = Path(r.path).name if r.status == "ok" else f"{Path(r.path).name} (unread: {r.error_code})"
        lines.append(f"| {name} | {r.count('error')} | {r.count('warning')} | {r.count('info')} | {coverage} |")
    n = len(results)
    errors, warnings = sum(r.count("error") for r in results), sum(r.count("warning") for r in results)
    found, checked = sum(r.numbers_found for r in results), sum(r.numbers_checked for r in results)
    lines.append(f"| **total ({n})** | {errors} | {warnings} | {sum(r.count('info') for r in results)} | "
                 f"{checked / found:.2f} ({checked}/{found}) |" if found else "")
    lines += ["", f"Error findings per clean document: **{errors / n:.2f}** ({errors}/{n}); "
              f"warning findings per clean document: **{warnings / n:.2f}** ({warnings}/{n})."] if n else []
    if listing:
        details = [f"- {Path(r.path).name}: {f.severity} {f.rule} {f.stated_text or ''} — {f.message}"
                   for r in results for f in r.findings if f.severity in ("error", "warning")]
        lines += ["", *details] if details else []
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=FOLDER)
    parser.add_argument("--list", action="store_true", help="one line per error and warning finding")
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no folder {args.folder}")
    print(report(audit_folder(args.folder), args.list))


if __name__ == "__main__":
    main()
