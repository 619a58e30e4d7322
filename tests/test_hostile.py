"""Hostile and broken inputs (issue 8): never crash, never hang, never lose results, never trust the file.

The corpus is built into tmp_path by tests/hostile/make_corpus.py. Each case is checked twice: through
`pipeline.audit` (status and reason code) and through `gouji audit` (exit code 2, one line on
stderr, no traceback). Full sizes (1,000 pages, 10,000 rows, 1 MB lines) are measured by
benchmarks/hostile_sizes.py; here they are smaller, and the full ones run with `-m slow`.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from extractor import InputError, extract
from extractor.convert import soffice
from extractor.errors import CODES
from pipeline import audit as audit_path
from tests.hostile.make_corpus import build, external_dtd_docx, external_entity_docx, parameter_entity_docx

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

# name → (status, reason code). None: the document is read ("ok").
EXPECTED: dict[str, str | None] = {
    "empty.txt": "empty",
    "empty.pdf": "empty",
    "empty.docx": "empty",
    "blank.txt": "empty",
    "hello.pdf": None,
    "zero-pages.pdf": "no-pages",
    "truncated.pdf": "corrupt-pdf",
    "header-only.pdf": "corrupt-pdf",
    "broken-xref.pdf": None,  # the objects are found again by scanning the file
    "no-xref.pdf": None,
    "page-loop.pdf": "no-pages",
    "ref-loop-contents.pdf": "corrupt-pdf",  # pdfminer's resolver looped forever on these four
    "ref-loop-encoding.pdf": None,  # the encoding is read as missing: the text is still there
    "ref-loop-length.pdf": "corrupt-pdf",
    "ref-loop-pair.pdf": "corrupt-pdf",
    "garbage.pdf": "corrupt-pdf",
    "html.pdf": "corrupt-pdf",
    "flate-bomb.pdf": "no-text-layer",
    "flate-corrupt.pdf": "no-text-layer",
    "uncompressed.pdf": None,
    "encrypted.pdf": "encrypted",
    "cid.pdf": "undecodable-glyphs",
    "scanned.pdf": "no-text-layer",
    "pages.pdf": None,
    "hello.docx": None,
    "pdf-named.docx": None,  # read as the PDF it is
    "text-named.docx": "not-docx",
    "no-document.docx": "not-docx",
    "truncated.docx": "corrupt-docx",
    "ole.doc": "conversion-failed" if soffice() else "ole-doc",  # LibreOffice tries, and fails, when installed
    "ole-named.docx": "not-docx",
    "encrypted.docx": "not-docx",
    "archive.zip": "unsupported",
    "sheet.xlsx": "not-xlsx",
    "billion-laughs.docx": "unsafe-xml",
    "xxe-file.docx": "unsafe-xml",
    "xxe-dtd.docx": "unsafe-xml",
    "xxe-parameter.docx": "unsafe-xml",
    "xinclude.docx": None,  # read, but the include is not followed
    "types-bomb.docx": "unsafe-xml",
    "zip-bomb.docx": "unsafe-zip",
    "big-part.docx": "unsafe-zip",  # an 80 MB document.xml: under the total limit, over the per-part one
    "altchunk.docx": None,  # read, with a warning that the imported part was not
    "image-only.docx": "no-text-layer",
    "deep-nesting.docx": "corrupt-docx",
    "rows.docx": None,
    "zip-method.docx": "corrupt-docx",
    "zip-version.docx": "corrupt-docx",
    "zip-flag5.docx": "corrupt-docx",
    "rel-no-target.docx": "corrupt-docx",
    "hello.xlsx": None,
    "billion-laughs.xlsx": "unsafe-xml",
    "xxe-file.xlsx": "unsafe-xml",
    "zip-bomb.xlsx": "unsafe-zip",
    "truncated.xlsx": "corrupt-xlsx",
    "encrypted.xlsx": "not-xlsx",
    "far-cells.xlsx": "too-large",  # a merge over the whole sheet: openpyxl would make 17 billion cells
    "rows.xlsx": None,
    "far-value.xlsx": None,  # a value in the sheet's last cell: a table of its own, not a 17-billion-cell grid
    "junk.xls": "conversion-failed" if soffice() else "ole-doc",
    "bad-deflate.xlsx": "corrupt-xlsx",
    "empty.html": "empty",
    "blank.html": "empty",
    "hello.html": None,
    "gbk.html": None,
    "billion-laughs.html": None,  # read; the entity is neither declared nor expanded
    "xxe-file.html": None,
    "huge-spans.html": None,
    "deep.html": "too-large",  # libxml2 stops at 256 levels; refused rather than read in part
    "rows.html": None,
    "web-page.doc": None,
    "mineru.md": None,
    "pathological.md": None,
    "utf8.txt": None,
    "gbk.txt": None,
    "big5.txt": None,
    "mixed.txt": None,
    "utf16.txt": None,
    "utf16le-no-bom.txt": None,  # UTF-16 without a BOM, UTF-32 and NUL bytes were all "binary"
    "utf16be-no-bom.txt": None,
    "utf32.txt": None,
    "utf32le-no-bom.txt": None,
    "one-nul.txt": None,
    "nul-padded.txt": None,
    "damaged-utf8.txt": None,
    "junk.txt": "binary",
    "zeros.txt": "binary",
    "png.txt": "binary",
    "rows.txt": None,
    "long-line.txt": None,
    "pathological.txt": None,
}
ERRORS = sorted(name for name, code in EXPECTED.items() if code is not None)
SIZES = {"pages": 12, "rows": 1_000, "line": 20_000}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("hostile"), **SIZES)


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging: a guard against runaway inputs, not a timing assertion."""
    def alarm(signum, frame):
        raise TimeoutError(f"no result within {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_every_case_has_an_expectation(corpus):
    assert set(corpus) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_audit_path_status_and_code(corpus, name):
    with deadline(120):
        result = audit_path(corpus[name])
    code = EXPECTED[name]
    if code is None:
        assert result.status == "ok", (result.error_code, result.error)
    else:
        assert (result.status, result.error_code) == ("error", code), result.error
        assert result.error and "\n" not in result.error
        assert code in CODES


@pytest.mark.parametrize("name", ERRORS)
def test_cli_exit_code_two_one_line_no_traceback(corpus, name):
    result = runner.invoke(app, ["audit", str(corpus[name])])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(f"[{EXPECTED[name]}]"), result.stderr
    assert re.search(r"[\u4e00-\u9fff]", lines[0])  # Chinese first
    assert "Traceback" not in result.output


def test_cli_keeps_the_good_results_next_to_the_bad(corpus):
    result = runner.invoke(app, ["audit", str(corpus["utf8.txt"]), str(corpus["junk.txt"]),
                                 str(corpus["hello.docx"]), "--format", "json"])
    assert result.exit_code == 2
    import json

    docs = json.loads(result.stdout)["documents"]
    assert [d["status"] for d in docs] == ["ok", "error", "ok"]
    assert docs[1]["error_code"] == "binary"


def test_cli_reports_a_bug_as_an_internal_error_and_goes_on(corpus, monkeypatch):
    import pipeline

    real = pipeline.audit

    def flaky(path, *args, **kwargs):
        if Path(path).name == "gbk.txt":
            raise ZeroDivisionError("boom")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "audit", flaky)
    result = runner.invoke(app, ["audit", str(corpus["gbk.txt"]), str(corpus["utf8.txt"]), "--format", "json"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().endswith("[internal-error]")
    import json

    assert [d["status"] for d in json.loads(result.stdout)["documents"]] == ["error", "ok"]


def test_real_entry_point_prints_no_traceback(corpus):
    proc = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "audit", str(corpus["truncated.pdf"])],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.strip().endswith("[corrupt-pdf]")


def test_a_newline_in_a_file_name_stays_on_one_line(tmp_path):
    path = tmp_path / "bad\nname.txt"
    path.write_bytes(b"\0" * 64)
    result = runner.invoke(app, ["audit", str(path)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with deadline(30):
        result = runner.invoke(app, ["audit", str(fifo)])
    assert result.exit_code == 2 and result.stderr.strip().endswith("[not-a-file]"), result.output


def test_a_gbk_file_name_is_shown_decoded_in_every_output(corpus, tmp_path):
    """A name of GBK bytes (unzip of a Windows archive) crashed the JSON, CSV and XLSX writers."""
    import json

    raw = os.path.join(os.fsencode(tmp_path), "报告".encode("gbk") + b".txt")
    with open(raw, "wb") as fh:
        fh.write(corpus["utf8.txt"].read_bytes())
    name = os.fsdecode(raw)
    for suffix in ("json", "csv", "xlsx", "html", "md", "txt"):
        out = tmp_path / f"out.{suffix}"
        result = runner.invoke(app, ["audit", name, "-o", str(out)])
        assert result.exit_code in (0, 1) and out.exists(), (suffix, result.output)
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["documents"][0]["path"].endswith("报告.txt")
    gone = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"\xff\xfe.txt"))
    result = runner.invoke(app, ["audit", gone, "-f", "json"])
    assert result.exit_code == 2 and "\\xff\\xfe.txt" in result.stderr


# --- encryption ---------------------------------------------------------------------------------


def test_encrypted_pdf_with_right_and_wrong_password(corpus):
    wrong = audit_path(corpus["encrypted.pdf"], password="wrong")
    assert wrong.error_code == "encrypted" and "密码不正确" in wrong.error
    assert "--password" in audit_path(corpus["encrypted.pdf"]).error
    right = audit_path(corpus["encrypted.pdf"], password="secret")
    assert right.status == "ok"
    result = runner.invoke(app, ["audit", str(corpus["encrypted.pdf"]), "--password", "wrong"])
    assert result.exit_code == 2 and "[encrypted]" in result.stderr
    assert runner.invoke(app, ["audit", str(corpus["encrypted.pdf"]), "--password", "secret"]).exit_code in (0, 1)


# --- what was read ------------------------------------------------------------------------------


def _text(path: Path, **kwargs) -> str:
    doc = extract(path, **kwargs)
    return "\n".join(b.text for b in doc.paragraphs)


def test_encodings_are_read_as_chinese(corpus):
    assert "本项目年度预算资金为100.00万元" in _text(corpus["gbk.txt"])
    assert "總分為90.00分" in _text(corpus["big5.txt"])
    assert "本项目年度预算资金" in _text(corpus["utf16.txt"])
    mixed = _text(corpus["mixed.txt"])
    assert "本项目年度预算资金" in mixed and "总分为90.00分" in mixed


def test_wide_encodings_and_nul_bytes_keep_the_text(corpus):
    want = "本项目年度预算资金为100.00万元，实际支出95.00万元"
    for name in ("utf16le-no-bom.txt", "utf16be-no-bom.txt", "utf32.txt", "utf32le-no-bom.txt"):
        doc = extract(corpus[name])
        assert want in "".join(p.text for p in doc.paragraphs) and not doc.warnings, name
    for name, count in (("one-nul.txt", 1), ("nul-padded.txt", 4096)):
        doc = extract(corpus[name])
        assert want in "".join(p.text for p in doc.paragraphs), name
        assert doc.warnings == [f"文件中有 {count} 个空字节（NUL），已忽略"]
    for name in ("one-nul.txt", "utf16le-no-bom.txt"):  # from memory (a zip member) alike
        assert extract(corpus[name].read_bytes(), name=name).warnings == extract(corpus[name]).warnings


def test_damaged_utf8_keeps_its_text_and_warns(corpus):
    doc = extract(corpus["damaged-utf8.txt"])
    assert doc.status == "ok" and any("无法解码" in w for w in doc.warnings)
    assert "实际支出95.00万元" in "".join(p.text for p in doc.paragraphs)


def test_broken_xref_pdf_is_read(corpus):
    assert "Budget 100.00" in _text(corpus["broken-xref.pdf"])


def test_reference_loops_are_damage_not_a_hang(corpus):
    for name in ("ref-loop-contents.pdf", "ref-loop-length.pdf", "ref-loop-pair.pdf"):
        with deadline(60):
            result = audit_path(corpus[name])
        assert "循环引用" in result.error and "OCR" not in result.error, name
    doc = extract(corpus["ref-loop-encoding.pdf"])
    assert "Budget 100.00" in "".join(p.text for p in doc.paragraphs)
    assert any("循环引用" in w for w in doc.warnings)


def test_pdf_named_docx_is_read_as_pdf(corpus):
    assert extract(corpus["pdf-named.docx"]).format == "pdf"


def test_scanned_and_undecodable_pdfs_say_ocr(corpus):
    for name in ("scanned.pdf", "cid.pdf", "image-only.docx"):
        result = audit_path(corpus[name])
        assert "OCR" in result.error and not result.findings


def test_ole_doc_suggests_converting(corpus):
    assert ".docx" in audit_path(corpus["ole.doc"]).error


def test_tables_of_many_rows_are_read_whole(corpus):
    for name in ("rows.txt", "rows.docx"):
        (table,) = extract(corpus[name]).tables
        assert table.n_rows == SIZES["rows"] + 2


def test_many_pages(corpus):
    assert extract(corpus["pages.pdf"]).pages == SIZES["pages"]


# --- XML attacks --------------------------------------------------------------------------------


def test_external_entities_never_read_local_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    uri = secret.as_uri()
    for i, make in enumerate((external_entity_docx, external_dtd_docx, parameter_entity_docx)):
        path = tmp_path / f"xxe{i}.docx"
        path.write_bytes(make(uri))
        result = audit_path(path)
        assert result.error_code == "unsafe-xml"
        assert "TOP-SECRET" not in repr(result)


def test_an_oversized_xml_part_is_refused_before_parsing(corpus):
    with deadline(30):
        result = audit_path(corpus["big-part.docx"])
    assert "word/document.xml" in result.error and "64 MB" in result.error


def test_skipped_altchunk_content_is_a_warning(corpus):
    doc = extract(corpus["altchunk.docx"])
    assert "实际支出95.00万元" in "".join(p.text for p in doc.paragraphs)
    assert any("altChunk" in w and "未核对" in w for w in doc.warnings)


def test_xinclude_is_not_followed(corpus):
    text = _text(corpus["xinclude.docx"])
    assert "root:" not in text and "本项目" in text


def test_external_entities_never_touch_the_network(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    hits: list[int] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{port}/evil.dtd"
        for i, make in enumerate((external_entity_docx, external_dtd_docx, parameter_entity_docx)):
            path = tmp_path / f"net{i}.docx"
            path.write_bytes(make(url))
            assert audit_path(path).error_code == "unsafe-xml"
    finally:
        stop.set()
        thread.join(2)
        server.close()
    assert not hits


# --- malformed figures --------------------------------------------------------------------------


def test_regexes_stay_linear_on_megabyte_lines():
    """Lines that made the contents-entry patterns backtrack for hours; each must now take moments."""
    from extractor.layout import CONTENTS_LINE, CONTENTS_TAB, PAGE_TAIL
    from extractor.numbers import find_figures, parse_cell

    n = 1_000_000
    lines = ["." * n + "x", "标题" + "…" * n + "x", "a" + " " * n + "a", "．" * n + "x", "a" + " " * n + "5",
             "1," * (n // 2), "标题" + "." * n + " b...5"]
    with deadline(120):
        for line in lines:
            CONTENTS_LINE.match(line)
            PAGE_TAIL.search(line)
            parse_cell(line)
        CONTENTS_TAB.match("标题\t" + "." * n + "x")
        find_figures("1," * (n // 2))


# The contents-entry pattern as it was before it was made right-to-left (issue 8); the text, PDF and DOCX
# readers share it now (with roman page numbers, which this alphabet does not exercise).
_OLD_PDF_TOC = r"^(?P<title>.+?)\s*(?:[.…·．・⋯]\s*){3,}[-–—]?\s*(?P<page>[0-9０-９]+)\s*[-–—]?\s*$"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=list("a题 .…·．・⋯-–—19１\t"), max_size=20))
def test_contents_patterns_match_as_before(line):
    """The right-to-left contents patterns find what the plain left-to-right ones found."""
    import regex

    from extractor.layout import CONTENTS_LINE

    before, after = regex.match(_OLD_PDF_TOC, line), CONTENTS_LINE.match(line)
    assert (before and before.groupdict()) == (after and after.groupdict()), line


def test_long_paragraph_reaches_the_claims_in_linear_time(tmp_path):
    """Prose without a full stop used to be one sentence, and the claim builders went quadratic."""
    path = tmp_path / "long.txt"
    path.write_text("一、概况\n" + "预算资金100.00万元，执行率95.5%，" * 10_000 + "\n", encoding="utf-8")
    with deadline(120):
        assert audit_path(path).status == "ok"


def test_absurdly_long_figures_are_identifiers_not_amounts(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("表1 资金情况表\n项目\t预算数\t执行数\n甲\t1234567890123456789012345678901234567890.12\t1.00\n"
                    "乙\t1.00\t1.00\n合计\t2.00\t2.00\n预算资金为99999999999999999999999999999999.99万元。\n",
                    encoding="utf-8")
    assert audit_path(path).status == "ok"


# --- the reason codes ---------------------------------------------------------------------------


def test_every_reason_code_raised_is_in_the_table():
    sources = [*sorted((ROOT / "extractor").glob("*.py")), *sorted((ROOT / "scan").glob("*.py")), ROOT / "cli.py",
               ROOT / "writers" / "common.py"]
    used: set[str] = set()
    for src in sources:
        text = src.read_text(encoding="utf-8")
        used |= set(re.findall(r'InputError\(\s*"([a-z-]+)"', text))
        used |= set(re.findall(r'doc\.error\s*=\s*"error",\s*"([a-z-]+)"', text))
        used |= set(re.findall(r'error_code="([a-z-]+)"', text))
        used |= set(re.findall(r'(?:refused|skipped)=\("([a-z-]+)"', text))  # gouji scan
        used |= set(re.findall(r'failure_record\([^,]+, [^,]+, "([a-z-]+)"', text))
        used |= set(re.findall(r'return "([a-z-]+)", f?"', text))
    assert used and used <= set(CODES), used - set(CODES)
    for code, (zh, en) in CODES.items():
        assert re.search(r"[\u4e00-\u9fff]", zh) and en, code


def test_input_error_message_is_one_line():
    assert "\n" not in str(InputError("not-found", "找不到文件：a\nb.txt"))


# --- full sizes ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_full_sizes(tmp_path):
    """1,000 pages, 10,000 rows and 1 MB lines; benchmarks/hostile_sizes.py prints time and memory."""
    paths = build(tmp_path, big=True, only={"pages.pdf", "rows.txt", "rows.docx", "long-line.txt",
                                            "pathological.txt"})
    for name, path in paths.items():
        with deadline(1800):
            assert audit_path(path).status == "ok", name
