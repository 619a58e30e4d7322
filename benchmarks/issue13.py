"""gouji on corpus/issue13: 16 excerpts of 部门决算/部门预算 说明 and 绩效 reports written without looking at how
gouji reads them, 8 clean and 8 with exactly one injected inconsistency each (corpus/issue13/labels.json).

    python3 benchmarks/issue13.py [--folder corpus/issue13]

Each document is audited with `gouji audit FILE --format json`. An injection counts as found when an error or
warning finding's stated text contains one of its label's `match` strings (the injected figure, and for the
kinds that judge a word, the figures of the sentence the word judges). Every other error or warning is a false
alarm: on a clean document, and on an injected one beyond the injected item.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "corpus" / "issue13"


def audit_json(path: Path) -> dict:
    """The JSON of `gouji audit`, run from this checkout (exit code 1 only means there were findings)."""
    command = [sys.executable, str(ROOT / "cli.py"), "audit", str(path), "--format", "json", "--fail-on", "never"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode not in (0, 1):
        sys.exit(f"gouji audit {path.name} failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)["documents"][0]


def is_injection(finding: dict, label: dict) -> bool:
    stated = finding.get("stated_text") or ""
    return any(text in stated for text in label.get("match", ()))


def score(folder: Path) -> list[dict]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    rows = []
    for name, label in labels.items():
        if name.startswith("_"):
            continue
        document = audit_json(folder / name)
        alarms = [f for f in document["findings"] if f["severity"] in ("error", "warning")]
        hits = [f for f in alarms if label["kind"] != "clean" and is_injection(f, label)]
        rows.append({"name": name, "kind": label["kind"], "status": document["status"], "alarms": alarms,
                     "hits": hits, "false": [f for f in alarms if f not in hits]})
    return rows


def cell(findings: list[dict]) -> str:
    return "; ".join(f"{f['rule']} {f['severity'][0]} `{f.get('stated_text') or ''}`" for f in findings) or "—"


def report(rows: list[dict]) -> str:
    lines = ["Command: `python3 benchmarks/issue13.py`", "",
             "| document | kind | injected found | false errors | false warnings | false alarms (rule, stated) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        found = "—" if row["kind"] == "clean" else (cell(row["hits"]) if row["hits"] else "**missed**")
        errors = sum(f["severity"] == "error" for f in row["false"])
        warnings = sum(f["severity"] == "warning" for f in row["false"])
        lines.append(f"| {row['name']} | {row['kind']} | {found} | {errors} | {warnings} | {cell(row['false'])} |")
    injected = [r for r in rows if r["kind"] != "clean"]
    clean = [r for r in rows if r["kind"] == "clean"]

    def false_count(group: list[dict], severity: str) -> int:
        return sum(f["severity"] == severity for r in group for f in r["false"])

    found = sum(bool(r["hits"]) for r in injected)
    lines += ["", f"Recall: **{found}/{len(injected)}** injected inconsistencies found.",
              f"False alarms on the {len(clean)} clean documents: **{false_count(clean, 'error')} errors, "
              f"{false_count(clean, 'warning')} warnings**.",
              f"False alarms on the {len(injected)} injected documents beyond the injected item: "
              f"**{false_count(injected, 'error')} errors, {false_count(injected, 'warning')} warnings**."]
    details = [f"- {r['name']}: {f['severity']} {f['rule']} `{f.get('stated_text') or ''}` — {f['message']}"
               for r in rows for f in r["false"]]
    return "\n".join(lines + (["", "False alarms:", *details] if details else []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=FOLDER)
    args = parser.parse_args()
    print(report(score(args.folder)))


if __name__ == "__main__":
    main()
