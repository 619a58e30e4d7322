"""Legacy .doc/.wps/.et files converted by LibreOffice; skipped where LibreOffice is not installed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from extractor import InputError, Source, extract
from extractor.convert import convert, soffice

ROOT = Path(__file__).resolve().parent.parent
needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def _to_doc(tmp_path: Path) -> Path:
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(ROOT / "corpus" / "seeds" / "003.docx")],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / "003.doc"


@needs_soffice
def test_doc_and_wps_read_like_the_docx(tmp_path):
    from pipeline import audit as audit_path

    doc_path = _to_doc(tmp_path)
    wps_path = doc_path.with_suffix(".wps")
    wps_path.write_bytes(doc_path.read_bytes())
    want = sorted((f.rule, f.stated_text) for f in audit_path(ROOT / "corpus" / "seeds" / "003.docx").findings)
    for path in (doc_path, wps_path):
        result = audit_path(path)
        assert result.format == path.suffix[1:]
        assert sorted((f.rule, f.stated_text) for f in result.findings) == want
        assert any("LibreOffice" in w for w in result.warnings)


@needs_soffice
def test_conversion_has_a_time_limit(tmp_path):
    doc_path = _to_doc(tmp_path)
    with pytest.raises(InputError) as err:
        convert(Source(name=doc_path, path=doc_path), "docx", timeout=0.01)
    assert err.value.code == "conversion-failed" and "超时" in err.value.message


@needs_soffice
def test_junk_under_a_legacy_name_is_not_imported_as_text(tmp_path):
    path = tmp_path / "junk.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(InputError) as err:
        extract(path)
    assert err.value.code == "conversion-failed"


def test_without_libreoffice_the_refusal_says_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.convert.shutil.which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(InputError) as err:
        extract(path)
    assert err.value.code == "ole-doc" and ".docx" in err.value.message and "LibreOffice" in err.value.message
