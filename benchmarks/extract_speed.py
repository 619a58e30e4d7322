"""Speed and peak memory of gouji's PDF reader against a bare pdfplumber pass, on the same files.

    python3 benchmarks/extract_speed.py [PDF ...] [--pages 300] [--repeat 1]

Without paths it reads corpus/seeds/*.pdf and generates ruled report-like PDFs of 30, 100 and 300 pages
in a temporary directory, so that memory can be seen not to grow with the page count. Every
measurement runs in a fresh interpreter: peak RSS is then that run's own (getrusage RUSAGE_SELF), and
neither side profits from the other's warm caches. Targets: gouji ≥ 0.85× the bare pass's pages per
second; peak memory flat in the page count and ≤ 300 MB at 300 pages.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bare_pass(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def gouji_pass(path: Path) -> int:
    from extractor.pdf import read_pdf

    return read_pdf(path).pages or 0


def worker(mode: str, path: Path) -> None:
    """Read the file twice: the first (cold) run also pays imports, pattern compilation and CMap loading,
    which a process pays once and not per page; the second (warm) run is the steady pages per second."""
    import resource

    run = gouji_pass if mode == "gouji" else bare_pass
    times = []
    for _ in range(2):
        start = time.process_time()  # CPU time: other jobs on a shared machine do not count
        pages = run(path)
        times.append(time.process_time() - start)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pages": pages, "cold": times[0], "seconds": times[1], "peak_mb": peak_kb / 1024}))


def measure(mode: str, path: Path, repeat: int) -> dict:
    best: dict | None = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--worker", mode, str(path)], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    return best


# --- a long report-like PDF ---------------------------------------------------------------------

PARAGRAPH = ("本项目全年预算资金为1,234.56万元，实际到位资金1,234.56万元，资金到位率100%，全年执行1,180.20万元，"
             "预算执行率95.60%。项目产出数量、质量、时效指标均已完成，服务对象满意度达到92.5%，较上年提高3.2个百分点。")


def make_long_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = 595, 842
    c = canvas.Canvas(str(path), pagesize=(width, height))
    for n in range(1, pages + 1):
        c.setFont(font, 10.5)
        y = height - 72
        c.drawString(72, y, f"（{n % 9 + 1}）第{n}部分资金使用情况")
        y -= 20
        for _ in range(3):
            text = PARAGRAPH
            first = True
            while text:
                room = 40 if not first else 38
                c.drawString(72 + (21 if first else 0), y, text[:room])
                text, first, y = text[room:], False, y - 16
            y -= 6
        if n % 2:
            _ruled_table(c, font, 72, y - 10, height)
        c.drawCentredString(width / 2, 40, f"- {n} -")
        c.showPage()
    c.save()
    return path


def _ruled_table(c, font: str, x: float, top: float, height: float) -> None:
    widths, row_h = [110, 130, 90, 90, 80], 20
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    rows = [["账户分类", "分配来源", "预算数", "执行数", "执行率"]]
    rows += [["统筹基金" if i == 0 else "", f"来源{i + 1}", "100.00", "95.00", "95.00%"] for i in range(8)]
    rows += [["合  计", "", "800.00", "760.00", "95.00%"]]
    for r, cells in enumerate(rows):
        y = top - (r + 1) * row_h
        for col, text in enumerate(cells):
            if col == 0 and 1 <= r <= 8:
                if r == 1:  # one merged group cell for the eight source rows
                    c.rect(xs[0], top - 9 * row_h, widths[0], 8 * row_h)
                    c.drawString(xs[0] + 4, top - 5 * row_h, text)
                continue
            if r == 9 and col == 1:
                continue
            span = 2 if (r == 9 and col == 0) else 1
            c.rect(xs[col], y, xs[col + span] - xs[col], row_h)
            c.drawString(xs[col] + 4, y + 6, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, nargs="*", default=[30, 100, 300],
                        help="page counts of the generated PDFs (default 30 100 300)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, str(ROOT))
        worker(args.worker[0], Path(args.worker[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = list(args.pdfs)
        if not pdfs:
            pdfs = sorted((ROOT / "corpus" / "seeds").glob("*.pdf"))
            pdfs += [make_long_pdf(Path(tmp) / f"long-{n}.pdf", n) for n in args.pages]
        report(pdfs, args.repeat)


def report(pdfs: list[Path], repeat: int) -> None:
    print("pages per CPU second on a warm second run; speed = gouji ÷ bare; cold = first run in a fresh process\n")
    print(f"{'file':<16}{'pages':>6}{'bare p/s':>10}{'gouji p/s':>11}{'speed':>8}{'cold':>8}"
          f"{'bare MB':>9}{'gouji MB':>10}")
    total = {"bare": 0.0, "gouji": 0.0, "bare_cold": 0.0, "gouji_cold": 0.0, "pages": 0}
    for path in pdfs:
        bare, ours = measure("bare", path, repeat), measure("gouji", path, repeat)
        pages = bare["pages"]
        bare_rate, our_rate = pages / bare["seconds"], pages / ours["seconds"]
        for key, run in (("bare", bare), ("gouji", ours)):
            total[key] += run["seconds"]
            total[key + "_cold"] += run["cold"]
        total["pages"] += pages
        print(f"{path.name:<16}{pages:>6}{bare_rate:>10.1f}{our_rate:>11.1f}{our_rate / bare_rate:>7.2f}×"
              f"{bare['cold'] / ours['cold']:>7.2f}×{bare['peak_mb']:>9.0f}{ours['peak_mb']:>10.0f}")
    if total["pages"]:
        print(f"{'all':<16}{total['pages']:>6}{total['pages'] / total['bare']:>10.1f}"
              f"{total['pages'] / total['gouji']:>11.1f}{total['bare'] / total['gouji']:>7.2f}×"
              f"{total['bare_cold'] / total['gouji_cold']:>7.2f}×")


if __name__ == "__main__":
    main()
