"""Seconds per page for OCR of a scanned PDF (render with pypdfium2, recognise with RapidOCR).

    python3 benchmarks/ocr_speed.py corpus/generated/scan/seeds/003.pdf [--pages 2]

Needs the ocr extra (`pip install -e ".[ocr]"`). Prints, per page, the render and recognition times and
the number of text boxes, then the mean; the first page includes loading the models.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--pages", type=int, default=None, help="only the first N pages")
    args = parser.parse_args()
    import pypdfium2 as pdfium

    from extractor import ocr

    pdf = pdfium.PdfDocument(str(args.pdf))
    count = len(pdf) if args.pages is None else min(args.pages, len(pdf))
    times = []
    print(f"{args.pdf} at {ocr.DPI} dpi")
    for i in range(count):
        start = time.perf_counter()
        image = pdf[i].render(scale=ocr.DPI / 72).to_numpy()
        rendered = time.perf_counter()
        boxes = ocr.recognise(image)
        done = time.perf_counter()
        times.append(done - start)
        print(f"page {i + 1}: render {rendered - start:.2f} s, recognise {done - rendered:.1f} s, {len(boxes)} boxes")
    print(f"mean {statistics.mean(times):.1f} s/page over {count} pages")


if __name__ == "__main__":
    main()
