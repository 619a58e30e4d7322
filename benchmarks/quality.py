"""Recall and precision of gouji on the labelled synthetic corpus (corpus/synth/data).

    python3 benchmarks/quality.py [--data corpus/synth/data] [--formats txt,docx,pdf] [--write docs/benchmarks.md]
    python3 benchmarks/quality.py --data corpus/synth/holdout --section holdout --write docs/benchmarks.md
    python3 benchmarks/quality.py --formats pdf,threeline,borderless,scan --section renderings
    python3 corpus/build_formats.py && python3 benchmarks/quality.py --formats pdf,html,md,xlsx --section formats

Formats other than txt, docx and pdf are read from corpus/generated/: html, md and xlsx where
corpus/build_formats.py renders the same reports, and threeline, borderless and scan, the report's PDF
as corpus/renderings.py renders it (corpus/generated/STYLE/DATA-FOLDER-NAME/). An XLSX rendering holds
the tables only, so for xlsx only errors placed in a table are counted, and every format also gets its
recall on those errors alone.

For every report and format it extracts the document, audits it, and matches findings (info-level
consequences left out) to the injected errors of the report's label file:
- a table finding matches when it names the same table ordinal and row (and column, when it has one);
- a paragraph finding matches when its paragraph contains the label's snippet and its stated figure
  is the label's stated text;
- recall also needs the expected rule family (GJ1 … GJ8); a finding at one of the label's `also`
  locations (a total the changed cell takes part in, the same score restated elsewhere) counts too.
Precision counts a finding as correct when it sits at the primary or an `also` location of an injected
error, whatever its rule; every finding on a clean report is a false alarm.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"recall": 0.95, "precision": 0.95, "clean_errors": 0.1}
RENDERINGS = ("threeline", "borderless", "scan")
_NUM = re.compile(r"-?[0-9][0-9,]*(?:\.[0-9]+)?")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def numbers(text: str) -> set[str]:
    return {m.replace(",", "").rstrip("0").rstrip(".") for m in _NUM.findall(norm(text))}


def stated_ok(label_stated: str, finding_stated: str | None) -> bool:
    if not finding_stated:
        return True
    wanted = numbers(label_stated)
    if wanted:
        return bool(wanted & numbers(finding_stated))
    return norm(label_stated) in norm(finding_stated) or norm(finding_stated) in norm(label_stated)


def at(where: dict, finding, doc, stated: str | None) -> bool:
    loc = finding.location
    if "table" in where:
        return (loc.table == where["table"] and loc.row == where["row"]
                and (loc.col is None or loc.col == where["col"]))
    if loc.table is not None or loc.block is None or loc.block >= len(doc.blocks):
        return False
    block = doc.blocks[loc.block]
    text = norm(getattr(block, "text", ""))
    if norm(where["snippet"]) not in text:
        return False
    return stated is None or stated_ok(stated, finding.stated_text)


def evaluate(path: Path, label: dict) -> dict:
    from pipeline import audit

    result = audit(path)
    doc = result.document
    findings = [f for f in result.findings if f.severity != "info"]
    hits, used = [], set()
    for err in label["errors"]:
        places = [(err["where"], err["stated"])] + [(w, None) for w in err["also"]]
        matched = [i for i, f in enumerate(findings) if f.rule.startswith(err["rule_family"])
                   and any(at(w, f, doc, s) for w, s in places)]
        hits.append(bool(matched))
        used |= {i for i, f in enumerate(findings) if any(at(w, f, doc, s) for w, s in places)}
    false = [f for i, f in enumerate(findings) if i not in used]
    return {"hits": hits, "findings": len(findings), "true": len(used), "false": false,
            "clean_errors": sum(1 for f in findings if f.severity == "error") if label["clean"] else 0,
            "found": result.numbers_found, "checked": result.numbers_checked, "doc": doc, "findings_all": findings}


TABLES_ONLY = {"xlsx"}  # renderings that hold the tables and none of the prose


def rendering(lab_path: Path, fmt: str) -> Path:
    """Where a report's rendering in `fmt` is: beside its label, or under corpus/generated/."""
    if fmt in RENDERINGS:
        return ROOT / "corpus" / "generated" / fmt / lab_path.parent.name / f"{lab_path.stem}.pdf"
    path = lab_path.with_suffix(f".{fmt}")
    if path.exists():
        return path
    try:
        rel = lab_path.resolve().parent.relative_to(ROOT / "corpus")
    except ValueError:
        return path
    return ROOT / "corpus" / "generated" / rel / f"{lab_path.stem}.{fmt}"


def run(data: Path, formats: list[str]) -> dict:
    labels = sorted(data.glob("*.json"))
    stats = {fmt: {"recall": defaultdict(lambda: [0, 0]), "true": 0, "findings": 0, "clean_errors": 0,
                   "clean_docs": 0, "found": 0, "checked": 0, "by_rule": defaultdict(lambda: [0, 0]),
                   "misses": [], "false": [], "table_recall": [0, 0], "docs": 0, "read": 0} for fmt in formats}
    for lab_path in labels:
        original = json.loads(lab_path.read_text(encoding="utf-8"))
        for fmt in formats:
            label = original
            path = rendering(lab_path, fmt)
            if not path.exists():
                continue
            if fmt in TABLES_ONLY:
                label = {**label, "errors": [e for e in label["errors"] if "table" in e["where"]]}
            out = evaluate(path, label)
            s = stats[fmt]
            s["docs"] += 1
            s["read"] += out["doc"] is not None and out["doc"].status == "ok"
            for err, hit in zip(label["errors"], out["hits"], strict=False):
                s["recall"][err["family"]][0] += hit
                s["recall"][err["family"]][1] += 1
                if "table" in err["where"]:
                    s["table_recall"][0] += hit
                    s["table_recall"][1] += 1
                if not hit:
                    near = [f"{f.rule} {f.stated_text}" for f in out["findings_all"]]
                    s["misses"].append((label["id"], err, near))
            s["true"] += out["true"]
            s["findings"] += out["findings"]
            s["found"] += out["found"]
            s["checked"] += out["checked"]
            if label["clean"]:
                s["clean_docs"] += 1
                s["clean_errors"] += out["clean_errors"]
            for f in out["false"]:
                s["by_rule"][f.rule[:3]][1] += 1
                block = out["doc"].blocks[f.location.block] if f.location.block is not None else None
                context = getattr(block, "text", "") if f.location.table is None else f"表{f.location.table}"
                s["false"].append((label["id"], f.rule, f.severity, f.stated_text, context[:70]))
    return stats


def _recall(s: dict) -> tuple[int, int]:
    return sum(h for h, _ in s["recall"].values()), sum(n for _, n in s["recall"].values())


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def report(stats: dict, formats: list[str], command: str) -> str:
    families = sorted({fam for s in stats.values() for fam in s["recall"]})
    lines = [f"Command: `{command}`", "", "### Recall per error family (found / injected)", "",
             "| family | expected rules | " + " | ".join(formats) + " |",
             "| --- | --- | " + " | ".join("---" for _ in formats) + " |"]
    from corpus.synth.inject import FAMILIES

    for fam in families:
        cells = []
        for fmt in formats:
            h, n = stats[fmt]["recall"].get(fam, [0, 0])
            cells.append(f"{ratio(h, n)} ({h}/{n})")
        lines.append(f"| {fam} | {FAMILIES.get(fam, '?')}xx | " + " | ".join(cells) + " |")
    lines += ["", "### Precision, false alarms on clean reports, coverage", "",
              "| | " + " | ".join(formats) + " |", "| --- | " + " | ".join("---" for _ in formats) + " |"]
    rows = {
        "recall, all families (found / injected)":
            [f"{ratio(*_recall(s))} ({_recall(s)[0]}/{_recall(s)[1]})" for s in map(stats.get, formats)],
        "false errors (error-severity findings at no injected error)":
            [str(sum(1 for f in s["false"] if f[2] == "error")) for s in map(stats.get, formats)],
        "reports read / audited":
            [f"{s['read']}/{s['docs']}" for s in map(stats.get, formats)],
        "precision (error+warning findings at an injected error)":
            [f"{ratio(s['true'], s['findings'])} ({s['true']}/{s['findings']})" for s in map(stats.get, formats)],
        "recall on errors placed in tables":
            [f"{ratio(*s['table_recall'])} ({s['table_recall'][0]}/{s['table_recall'][1]})"
             for s in map(stats.get, formats)],
        "error-severity findings per clean report":
            [f"{s['clean_errors'] / max(1, s['clean_docs']):.2f} ({s['clean_errors']}/{s['clean_docs']})"
             for s in map(stats.get, formats)],
        "coverage (numbers_checked / numbers_found)":
            [f"{ratio(s['checked'], s['found'])} ({s['checked']}/{s['found']})" for s in map(stats.get, formats)],
    }
    for name, cells in rows.items():
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "### False alarms by rule family (findings at no injected error)", "",
              "| rule family | " + " | ".join(formats) + " |", "| --- | " + " | ".join("---" for _ in formats) + " |"]
    fams = sorted({r for s in stats.values() for r in s["by_rule"]})
    for r in fams:
        lines.append(f"| {r}x | " + " | ".join(str(stats[fmt]["by_rule"].get(r, [0, 0])[1]) for fmt in formats) + " |")
    lines += ["", f"Targets: recall ≥ {TARGETS['recall']} per family and format, precision ≥ {TARGETS['precision']}, "
              f"≤ {TARGETS['clean_errors']} error-severity findings per clean report."]
    return "\n".join(lines)


def examples(stats: dict, formats: list[str], limit: int = 3) -> str:
    out = ["", "### Examples of misses and false alarms (first format listed)", ""]
    fmt = formats[0]
    seen: dict[str, int] = defaultdict(int)
    for doc_id, err, _ in stats[fmt]["misses"]:
        if seen[err["family"]] >= limit:
            continue
        seen[err["family"]] += 1
        where = err["where"].get("snippet") or f"表{err['where'].get('table')} 行{err['where'].get('row')}"
        out.append(f"- miss {err['family']} `{doc_id}`: {where!r} stated {err['stated']!r}, correct "
                   f"{err['correct']!r} ({err['how']})")
    seen.clear()
    for doc_id, rule, sev, st, ctx in stats[fmt]["false"]:
        if seen[rule] >= limit:
            continue
        seen[rule] += 1
        out.append(f"- false alarm {rule} ({sev}) `{doc_id}`: stated {st!r} in {ctx!r}")
    return "\n".join(out)


SEEDS = ROOT / "corpus" / "seeds"


def seed_path(stem: str, fmt: str) -> Path:
    if fmt in RENDERINGS:
        return ROOT / "corpus" / "generated" / fmt / "seeds" / f"{stem}.pdf"
    return SEEDS / "raw" / f"{stem}.txt" if fmt == "raw" else SEEDS / f"{stem}.{fmt}"


def seed_errors(path: Path) -> tuple[set[tuple[str, str]], str]:
    from pipeline import audit

    result = audit(path)
    errors = {(f.rule, norm(f.stated_text)) for f in result.findings if f.severity == "error"}
    return errors, result.status


def seeds_report(formats: list[str]) -> str:
    """Each seed's error findings in each format against those of its repaired text, which
    tests/test_audit_seeds.py holds to ../shared/seeds/EXPECTED.md (must items as errors, no other error)."""
    lines = ["", "### Seed reports: error findings of the repaired text found, and other errors", "",
             "| seed | " + " | ".join(formats) + " |", "| --- | " + " | ".join("---" for _ in formats) + " |"]
    for stem in sorted(p.stem for p in SEEDS.glob("[0-9][0-9][0-9].txt")):
        reference, _ = seed_errors(SEEDS / f"{stem}.txt")
        cells = []
        for fmt in formats:
            path = seed_path(stem, fmt)
            if not path.exists():
                cells.append("—")
                continue
            errors, status = seed_errors(path)
            cell = f"{len(errors & reference)}/{len(reference)}, {len(errors - reference)} other"
            cells.append(cell if status == "ok" else f"{cell} ({status})")
        lines.append(f"| {stem} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_section(path: Path, marker: str, body: str) -> None:
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + f"\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "corpus" / "synth" / "data")
    parser.add_argument("--formats", default="txt,docx,pdf")
    parser.add_argument("--write", type=Path, help="update the quality section of this Markdown file")
    parser.add_argument("--section", default="quality",
                        help="marker of the section --write replaces (<!-- NAME:start --> … <!-- NAME:end -->)")
    parser.add_argument("--seeds", action="store_true",
                        help="also audit the seed reports in these formats (raw: the damaged text dumps)")
    parser.add_argument("--examples", default=None, help="format whose misses and false alarms are listed")
    args = parser.parse_args()
    formats = args.formats.split(",")
    data_formats = [f for f in formats if f != "raw"]
    stats = run(args.data, data_formats)
    command = "python3 benchmarks/quality.py " + " ".join(sys.argv[1:])
    shown = [args.examples] if args.examples else data_formats
    text = report(stats, data_formats, command.strip()) + "\n" + examples(stats, shown)
    if args.seeds:
        text += "\n" + seeds_report(formats)
    print(text)
    if args.write:
        write_section(args.write, args.section, text)


if __name__ == "__main__":
    main()
