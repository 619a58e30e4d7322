"""Fuzz the readers (text, DOCX, PDF, HTML, Markdown, XLSX): every input must end in a Document or an
InputError, in time.

    python3 benchmarks/fuzz_extractors.py --minutes 10 [--target text docx pdf html md xlsx] [--limit 20]

Each target runs for `--minutes` in a child process, from seeds: the corpus reports (corpus/seeds), the
hostile corpus (tests/hostile/make_corpus.py, which includes an uncompressed PDF whose operators byte
mutations can reach). With atheris installed (`pip install atheris`) the child is a
coverage-guided libFuzzer run; without it, a plain random mutator runs the same harness. DOCX inputs
and XLSX inputs are mutated inside the zip (one XML part at a time) as well as byte by byte.

A crash is any exception other than InputError, or a document not returned within `--limit` seconds.
Crashing inputs are written to `--out` (default /tmp/gouji-fuzz) with their traceback. Not a test:
the numbers it prints are for the issue, not for CI.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = {"text": ".txt", "docx": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md", "xlsx": ".xlsx"}
SEED_SUFFIXES = {"text": (".txt",), "docx": (".docx", ".xml"), "pdf": (".pdf",), "html": (".html", ".htm"),
                 "md": (".md",), "xlsx": (".xlsx",)}
ZIP_TARGETS = {"docx", "xlsx"}  # mutated one XML part at a time
MAX_SEED = 100_000  # bytes: larger seeds (the 14-page corpus PDF) make each run too slow to be worth it


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no reader's `except Exception` can swallow it."""


# --- seeds --------------------------------------------------------------------------------------


def build_seeds(target: str, into: Path) -> int:
    """Copy the seeds for one target into a directory; returns how many."""
    into.mkdir(parents=True, exist_ok=True)
    sources: list[Path] = sorted((ROOT / "corpus" / "seeds").glob("*"))
    sources += sorted((ROOT / "corpus" / "generated" / "seeds").glob("*"))  # corpus/build_formats.py
    hostile = into.parent / "hostile"
    if not hostile.exists():
        sys.path.insert(0, str(ROOT))
        try:
            from tests.hostile.make_corpus import build

            build(hostile, pages=2, rows=40, line=2_000)  # small: fast runs, more of them
        except Exception as exc:  # the seeds from the corpus are enough to start
            print(f"hostile corpus not built: {exc}", file=sys.stderr)
    if hostile.exists():
        sources += sorted(hostile.iterdir())
    n = 0
    for src in sources:
        if not src.is_file() or src.stat().st_size > MAX_SEED or src.suffix not in SEED_SUFFIXES[target]:
            continue
        data = src.read_bytes()
        for variant in _variants(target, data):
            (into / hashlib.sha1(variant).hexdigest()).write_bytes(variant)
            n += 1
    return n


def _variants(target: str, data: bytes) -> list[bytes]:
    """A seed, and for DOCX its document.xml alone (wrapped into a minimal package when mutated)."""
    out = [data]
    if target == "docx" and data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                out.append(zf.read("word/document.xml"))
        except Exception:
            pass
    return out


# --- the harness --------------------------------------------------------------------------------


class Harness:
    def __init__(self, target: str, out: Path, limit: float, stats_path: Path):
        self.target, self.out, self.limit, self.stats_path = target, out, limit, stats_path
        self.work = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
        self.path = self.work / f"input{SUFFIX[target]}"
        self.stats = {"inputs": 0, "documents": 0, "input_errors": 0, "crashes": 0, "hangs": 0, "slowest": 0.0}
        self.seen: set[str] = set()
        self.last_write = 0.0
        from extractor import InputError, extract

        self.extract, self.input_error = extract, InputError
        signal.signal(signal.SIGALRM, self._alarm)

    @staticmethod
    def _alarm(signum, frame):
        raise Hang()

    def __call__(self, data: bytes) -> None:
        self.path.write_bytes(data)
        self.stats["inputs"] += 1
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, self.limit)
        try:
            self.extract(self.path)
            self.stats["documents"] += 1
        except self.input_error:
            self.stats["input_errors"] += 1
        except Hang:
            self._record("hang", data, f"no result within {self.limit:g} s")
        except Exception:
            self._record("crash", data, traceback.format_exc())
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        self.stats["slowest"] = max(self.stats["slowest"], round(time.perf_counter() - start, 2))
        if time.monotonic() - self.last_write > 2:
            self.flush()

    def _record(self, kind: str, data: bytes, detail: str) -> None:
        self.stats["hangs" if kind == "hang" else "crashes"] += 1
        # One file per distinct failure (its last traceback line), not per input.
        key = detail.strip().splitlines()[-1] if detail.strip() else kind
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        if digest in self.seen:
            return
        self.seen.add(digest)
        stem = self.out / f"{self.target}-{kind}-{digest}"
        stem.with_suffix(SUFFIX[self.target]).write_bytes(data)
        stem.with_suffix(".txt").write_text(detail, encoding="utf-8")
        print(f"\n[{self.target}] {kind}: {key}", file=sys.stderr, flush=True)

    def flush(self) -> None:
        self.last_write = time.monotonic()
        self.stats_path.write_text(json.dumps(self.stats))


def mutate_docx(data: bytes, max_size: int, seed: int, mutate) -> bytes:
    """Mutate one XML part inside the zip most of the time, the zip's own bytes otherwise."""
    rng = random.Random(seed)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = [(i.filename, zf.read(i)) for i in zf.infolist()]
    except Exception:
        parts = []
    if not parts or rng.random() < 0.15:
        if not data.startswith(b"PK") and rng.random() < 0.5:  # a bare XML seed: wrap it as document.xml
            return _docx_with(data)
        return mutate(data, max_size)
    xml = [i for i, (name, _) in enumerate(parts) if name.endswith((".xml", ".rels"))] or [0]
    i = rng.choice(xml)
    name, body = parts[i]
    parts[i] = (name, mutate(body, len(body) * 2 + 64))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, b in parts:
            zf.writestr(n, b)
    return buf.getvalue()


def _docx_with(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
    'main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def random_mutate(data: bytes, max_size: int, rng: random.Random, pool: list[bytes]) -> bytes:
    """A small libFuzzer-like mutator: flips, inserts, deletions, repeats, splices and magic values."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2:
            del buf[pos:pos + rng.randint(1, 64)]
        elif op == 3 and buf:
            chunk = buf[pos:pos + rng.randint(1, 256)]
            buf[pos:pos] = chunk * rng.randint(1, 16)
        elif op == 4 and pool:
            other = rng.choice(pool)
            at = rng.randrange(len(other) + 1)
            buf[pos:] = other[at:at + rng.randint(1, 4096)]
        elif op == 5:
            buf[pos:pos] = rng.choice([b"0", b"-1", b"4294967295", b"99999999999", b"(", b"<<", b"[", b"/",
                                       b"\x00", b"\xff\xfe", b"&#0;", b"<!DOCTYPE", b"obj", b"endstream",
                                       "\u3000".encode(), "１２３．４５".encode(), b"1,2,3", b"12..5"])
        elif op == 6 and len(buf) > 1:
            del buf[pos:]
    return bytes(buf[:max_size])


# --- the child process: one target -------------------------------------------------------------


def child(target: str, seconds: float, limit: float, out: Path, seeds: Path, stats_path: Path,
          engine: str) -> None:
    sys.path.insert(0, str(ROOT))
    if engine == "atheris":
        import atheris

        with atheris.instrument_imports():
            import charset_normalizer  # noqa: F401
            import docx  # noqa: F401
            import lxml  # noqa: F401
            import markdown_it  # noqa: F401
            import openpyxl  # noqa: F401
            import pdfminer  # noqa: F401
            import pdfplumber  # noqa: F401

            import extractor
            import extractor.docx
            import extractor.html
            import extractor.pdf
            import extractor.text
            import extractor.xlsx  # noqa: F401
        harness = Harness(target, out, limit, stats_path)
        work = out / f"corpus-{target}"
        work.mkdir(parents=True, exist_ok=True)
        argv = [sys.argv[0], str(work), str(seeds), f"-max_total_time={int(seconds)}",
                f"-timeout={int(limit * 3)}", "-rss_limit_mb=3072", f"-max_len={MAX_SEED}",
                f"-artifact_prefix={out}/{target}-libfuzzer-", "-print_final_stats=1"]
        kwargs = {}
        if target in ZIP_TARGETS:
            kwargs["custom_mutator"] = lambda data, max_size, seed: mutate_docx(data, max_size, seed, atheris.Mutate)
        atheris.Setup(argv, harness, **kwargs)
        try:
            atheris.Fuzz()
        finally:
            harness.flush()
        return
    harness = Harness(target, out, limit, stats_path)
    rng = random.Random(int.from_bytes(os.urandom(4), "little"))
    pool = [p.read_bytes() for p in sorted(seeds.iterdir())]
    for seed in pool:  # every seed as it is first
        harness(seed)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        base = rng.choice(pool)
        if target in ZIP_TARGETS:
            data = mutate_docx(base, MAX_SEED, rng.randrange(2**32),
                               lambda d, m: random_mutate(d, m, rng, pool))
        else:
            data = random_mutate(base, MAX_SEED, rng, pool)
        harness(data)
    harness.flush()


# --- the parent: every target in turn ----------------------------------------------------------


def run_target(target: str, minutes: float, limit: float, out: Path, engine: str) -> dict:
    seeds = out / f"seeds-{target}"
    n_seeds = build_seeds(target, seeds)
    totals = {"inputs": 0, "documents": 0, "input_errors": 0, "crashes": 0, "hangs": 0, "slowest": 0.0,
              "seeds": n_seeds, "restarts": 0, "killed": 0}
    deadline = time.monotonic() + minutes * 60
    while (left := deadline - time.monotonic()) > 5:
        stats_path = out / f"stats-{target}.json"
        stats_path.unlink(missing_ok=True)
        cmd = [sys.executable, __file__, "--child", target, "--seconds", str(left), "--limit", str(limit),
               "--out", str(out), "--seeds", str(seeds), "--stats", str(stats_path), "--engine", engine]
        log = out / f"log-{target}.txt"
        with log.open("a") as fh:
            proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, timeout=left + 120, check=False)
        stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
        runs = _libfuzzer_runs(log)
        for key in ("inputs", "documents", "input_errors", "crashes", "hangs"):
            totals[key] += stats.get(key, 0)
        totals["slowest"] = max(totals["slowest"], stats.get("slowest", 0.0))
        if runs is not None:
            totals["libfuzzer_runs"] = totals.get("libfuzzer_runs", 0) + runs
        if proc.returncode != 0:  # libFuzzer stopped on its own timeout or memory limit: a crash too
            totals["killed"] += 1
            totals["restarts"] += 1
    return totals


def _libfuzzer_runs(log: Path) -> int | None:
    """The "Done N runs" line of the latest libFuzzer run in a log, if any."""
    runs = None
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Done ") and " runs in " in line:
            runs = int(line.split()[1])
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=1.0, help="minutes per target")
    ap.add_argument("--target", nargs="*", choices=sorted(SUFFIX),
                    default=["text", "docx", "pdf", "html", "md", "xlsx"])
    ap.add_argument("--limit", type=float, default=60.0,
                    help="seconds one input may take (instrumented, on a busy machine: be generous)")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "gouji-fuzz")
    ap.add_argument("--engine", choices=["atheris", "random"], default=None)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--seeds", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    engine = args.engine
    if engine is None:
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        child(args.child, args.seconds, args.limit, args.out, args.seeds, args.stats, engine)
        return
    print(f"engine: {engine}; {args.minutes:g} min per target; limit {args.limit:g} s per input; out {args.out}")
    report = {}
    for target in args.target:
        totals = run_target(target, args.minutes, args.limit, args.out, engine)
        report[target] = totals
        print(f"{target:5} inputs {totals['inputs']:>7}  documents {totals['documents']:>6}  "
              f"input errors {totals['input_errors']:>6}  crashes {totals['crashes']}  hangs {totals['hangs']}  "
              f"killed {totals['killed']}  slowest {totals['slowest']} s  seeds {totals['seeds']}", flush=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=1))
    if any(t["crashes"] or t["hangs"] or t["killed"] for t in report.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
