"""Snapshot of every finding gouji gives on the committed corpus, so a refactoring is checked mechanically.

`python3 -m tests.snapshot --write` records the findings of every corpus document (the seeds and the
synthetic reports, in every format) in `tests/snapshots/findings.jsonl`; `tests/test_snapshot.py`
audits them again and compares. A change of findings must be deliberate: rewrite the snapshot in the
commit that makes it and name the change there.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshots" / "findings.jsonl"
FOLDERS = ("corpus/seeds", "corpus/synth/data", "corpus/synth/holdout")
SUFFIXES = (".txt", ".docx", ".pdf")


def corpus_files() -> list[Path]:
    out: list[Path] = []
    for folder in FOLDERS:
        out.extend(p for p in sorted((ROOT / folder).iterdir()) if p.suffix in SUFFIXES)
    return out


def _plain(value):
    return None if value is None else str(value)


def record(path: Path) -> dict:
    from pipeline import audit

    result = audit(path)
    # A consequence names the finding that explains it by position in the list, not by key, so that the
    # snapshot does not depend on how keys are spelled.
    position = {f.key: i for i, f in enumerate(result.findings) if f.key}
    findings = [
        {
            "rule": f.rule, "severity": f.severity,
            "at": [f.location.page, f.location.table, f.location.block, f.location.row, f.location.col,
                   f.location.start, f.location.end],
            "stated": f.stated_text, "expected": _plain(f.expected_value), "message": f.message,
            "message_en": f.message_en,
            "consequence_of": position.get(f.consequence_of, f.consequence_of or None),
        }
        for f in result.findings
    ]
    return {"path": str(path.relative_to(ROOT)), "status": result.status, "numbers_found": result.numbers_found,
            "numbers_checked": result.numbers_checked, "findings": findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the snapshot")
    args = parser.parse_args()
    lines = [json.dumps(record(p), ensure_ascii=False, sort_keys=True) for p in corpus_files()]
    if args.write:
        SNAPSHOT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} documents to {SNAPSHOT.relative_to(ROOT)}")
    else:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
