"""Write synthetic reports (text, DOCX, PDF) and their labels.

    python3 -m corpus.synth.generate --seed 1000 --count 20 --out corpus/synth/data
    python3 -m corpus.synth.generate --style holdout --seed 7000 --count 10 --out corpus/synth/holdout

writes `count` clean reports (clean-NNN) and `count` reports with injected errors (error-NNN), each as
.txt, .docx and .pdf, with a .json label file. The same seed always gives the same text and DOCX
(LibreOffice stamps the PDF with its conversion time, so PDFs differ in their metadata only).
`--style holdout` renders the same models with the held-out phrase bank and table layouts
(phrases_holdout.py, render_holdout.py), for an out-of-sample benchmark.
"""

from __future__ import annotations

import argparse
import json
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpus.synth.doc import Para, to_text
from corpus.synth.inject import (
    FAMILIES,
    MODEL_FAMILIES,
    Planned,
    figure_map,
    locate,
    plan_model,
    plan_surface,
    stated,
)
from corpus.synth.model import Report
from corpus.synth.phrases import CN_NUM
from corpus.synth.render import render
from corpus.synth.render_holdout import render_holdout
from corpus.synth.sample import sample_report

ORDER = tuple(FAMILIES)
STYLES = {"default": render, "holdout": render_holdout}


def families_for(index: int, per_doc: int) -> list[str]:
    """Rotate through the families so each appears equally often across a run."""
    return [ORDER[(index * per_doc + k) % len(ORDER)] for k in range(per_doc)]


def make(seed: int, families: list[str] | None = None, style: str = "default") -> tuple[str, dict, Report]:
    """One report: its text, its label, and its (possibly altered) model, in the given surface style."""
    rep = sample_report(seed)
    rng = random.Random(seed * 7919 + 17)
    families = families or []
    plans: list[Planned] = []
    grade = None
    for fam in [f for f in MODEL_FAMILIES if f in families]:
        plan, g = plan_model(rng, rep, fam)
        if plan:
            plans.append(plan)
            grade = g or grade
    blocks = STYLES[style](rep, grade)
    avoid = {k for p in plans for k in (p.key, *p.also)}
    if "grade" in families:
        avoid.add("composite")
    avoid |= {k.replace(":s", ":r") for k in list(avoid) if k.startswith("tab:")}
    for fam in [f for f in families if f not in MODEL_FAMILIES]:
        plan = plan_surface(rng, rep, blocks, fam, avoid)
        if plan:
            plans.append(plan)
            avoid |= {plan.key, *plan.also}
    errors = [_label(blocks, p) for p in plans]
    label = {"id": "", "seed": seed, "clean": not families, "unit": rep.unit,
             "style": vars(rep.style), "errors": errors}
    if style != "default":
        label["surface"] = style
    return to_text(blocks), label, rep


def _label(blocks, plan: Planned) -> dict:
    where = locate(blocks, plan.key)
    also = [w for k in plan.also if (w := locate(blocks, k))]
    text = stated(blocks, plan.key)
    correct = plan.correct
    if plan.family == "section_skip":
        level, _, index = (int(x) for x in plan.key[1:].split(":"))
        correct = f"{CN_NUM[index]}、" if level == 1 else f"（{CN_NUM[index]}）"
        heading = where["paragraph"]
        also = [{"paragraph": b.text, "snippet": b.text[:12]} for b in blocks
                if isinstance(b, Para) and b.kind == "toc" and b.text.startswith(heading)]
    fig = figure_map(blocks).get(plan.key)
    exact = {}
    if fig is not None and fig.exact is not None and plan.family not in MODEL_FAMILIES:
        exact = {"exact": str(fig.exact), "decimals": fig.decimals}
    return {"family": plan.family, "rule_family": FAMILIES[plan.family], "how": plan.how, "where": where,
            "stated": text, "correct": correct, **exact, "also": also}


def write(out: Path, name: str, text: str, label: dict, formats: tuple[str, ...]) -> list[Path]:
    from corpus.build import render_docx
    from extractor.text import parse_text

    label["id"] = name
    (out / f"{name}.txt").write_text(text, encoding="utf-8")
    (out / f"{name}.json").write_text(json.dumps(label, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    todo = []
    if "docx" in formats or "pdf" in formats:
        data = render_docx(parse_text(text, f"{name}.txt"), text)
        (out / f"{name}.docx").write_bytes(data)
        if "pdf" in formats:
            todo.append(out / f"{name}.docx")
    return todo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--count", type=int, default=20, help="clean reports, and as many with errors")
    parser.add_argument("--out", type=Path, default=Path("corpus/synth/data"))
    parser.add_argument("--per-doc", type=int, default=3, help="errors injected per error report")
    parser.add_argument("--formats", default="txt,docx,pdf")
    parser.add_argument("--style", choices=sorted(STYLES), default="default",
                        help="surface wording: default, or holdout (a phrase bank the detector was not tuned on)")
    parser.add_argument("--jobs", type=int, default=4, help="LibreOffice conversions in parallel")
    args = parser.parse_args(argv)
    formats = tuple(args.formats.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    pending = []
    for i in range(args.count):
        text, label, _ = make(args.seed + i, style=args.style)
        pending += write(args.out, f"clean-{i:03d}", text, label, formats)
        text, label, _ = make(args.seed + args.count + i, families_for(i, args.per_doc), args.style)
        pending += write(args.out, f"error-{i:03d}", text, label, formats)
    if pending:
        from corpus.build import convert_to_pdf

        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(lambda p: convert_to_pdf(p, p.with_suffix(".pdf")), pending))
        if "docx" not in formats:
            for p in pending:
                p.unlink()
    print(f"wrote {2 * args.count} reports to {args.out}")


if __name__ == "__main__":
    main()
