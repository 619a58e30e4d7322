"""How stable finding fingerprints are, on the synthetic corpus (corpus/synth/data and holdout).

    python3 benchmarks/fingerprints.py [--limit N]

Three resubmissions of every labelled report are simulated and audited again:
- the same report in another format (the .docx and .pdf renderings against the .txt);
- the .txt with one paragraph inserted after its first line (every block below moves down one);
- that, with the first injected error that sits in a paragraph corrected (its stated figure replaced by
  the correct one, as a drafter would fix it).
For each it prints how many findings kept their fingerprint, how many are gone and how many are new.
With nothing corrected, every finding should keep its fingerprint; with one error corrected, only the
findings about that error should be gone, and none should be new.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INSERTED = "本报告已根据审核意见修订，补充说明见附件。"


def fingerprints(path: Path) -> Counter:
    from pipeline import audit

    return Counter(f.fingerprint for f in audit(path).findings)


def corrected(text: str, label: dict) -> str | None:
    """The text with the first paragraph error of the label fixed, or None if there is none to fix."""
    for error in label.get("errors", []):
        snippet, stated = error["where"].get("snippet"), error.get("stated")
        if not snippet or not stated or not snippet.endswith(stated) or text.count(snippet) != 1:
            continue
        return text.replace(snippet, snippet[: -len(stated)] + error["correct"])
    return None


def inserted(text: str) -> str:
    first, _, rest = text.partition("\n")
    return f"{first}\n{INSERTED}\n{rest}"


def compare(before: Counter, after: Counter) -> tuple[int, int, int]:
    kept = sum((before & after).values())
    return kept, sum(before.values()) - kept, sum(after.values()) - kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most this many reports per folder")
    args = parser.parse_args()
    totals = {k: [0, 0, 0, 0] for k in ("docx", "pdf", "inserted", "inserted+fixed")}
    examples: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in ("corpus/synth/data", "corpus/synth/holdout"):
            texts = sorted((ROOT / folder).glob("*.txt"))
            for txt in texts[: args.limit or None]:
                base = fingerprints(txt)
                runs = {fmt: txt.with_suffix(f".{fmt}") for fmt in ("docx", "pdf")}
                text = txt.read_text(encoding="utf-8")
                moved = Path(tmp) / f"{txt.stem}-inserted.txt"
                moved.write_text(inserted(text), encoding="utf-8")
                runs["inserted"] = moved
                label = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
                fixed_text = corrected(inserted(text), label)
                if fixed_text is not None:
                    fixed = Path(tmp) / f"{txt.stem}-fixed.txt"
                    fixed.write_text(fixed_text, encoding="utf-8")
                    runs["inserted+fixed"] = fixed
                for kind, path in runs.items():
                    if not path.exists():
                        continue
                    kept, gone, new = compare(base, fingerprints(path))
                    total = totals[kind]
                    total[0] += 1
                    total[1] += kept
                    total[2] += gone
                    total[3] += new
                    changed = new if kind == "inserted+fixed" else gone or new  # a fix may remove findings
                    if changed:
                        examples.append(f"{folder}/{txt.name} {kind}: kept {kept}, gone {gone}, new {new}")
    print("| resubmission | reports | findings kept | gone | new |")
    print("| --- | --- | --- | --- | --- |")
    for kind, (reports, kept, gone, new) in totals.items():
        print(f"| {kind} | {reports} | {kept} | {gone} | {new} |")
    if examples:
        print("\nReports where fingerprints moved:")
        print("\n".join(f"- {e}" for e in examples[:20]))


if __name__ == "__main__":
    main()
