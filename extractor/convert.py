"""Legacy formats (.doc, .wps, .rtf, .et, .xls variants, .dps) → DOCX, XLSX or PDF by LibreOffice.

Run only when `soffice` (or `libreoffice`) is on the PATH; without it the file is refused with a message
saying how to convert it by hand. Each conversion runs headless in a private temporary folder with its
own LibreOffice profile (two runs sharing a profile fail, and a LibreOffice already open elsewhere would
swallow the job), under a time limit, and its process group is killed when the limit passes. The input
is written into that folder, the output read back, and the folder removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extractor.errors import InputError

TIMEOUT = 120  # seconds; a legitimate report converts in a few
MAX_OUTPUT = 256 * 1024 * 1024
# LibreOffice filter names for each target format.
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf"}
_NAMES = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF"}
# The import filter for each suffix, named so that LibreOffice never falls back to reading unknown bytes
# as plain text (it imports junk as a one-column spreadsheet otherwise). WPS Office's .wps, .et and .dps
# are the Word, Excel and PowerPoint 97 binary formats.
_INFILTERS = {".doc": "MS Word 97", ".wps": "MS Word 97", ".rtf": "Rich Text Format", ".xls": "MS Excel 97",
              ".et": "MS Excel 97", ".dps": "MS PowerPoint 97", ".ppt": "MS PowerPoint 97"}
_DEFAULT_INFILTER = {"docx": "MS Word 97", "xlsx": "MS Excel 97", "pdf": "MS PowerPoint 97"}


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(src, target: str, timeout: float = TIMEOUT) -> bytes:
    """The bytes of `src` (an `extractor.Source`) converted to `target` ("docx", "xlsx" or "pdf")."""
    binary = soffice()
    suffix = src.suffix or ".doc"
    if binary is None:
        raise InputError("ole-doc", f"这是旧版 Office 或 WPS 文件（{suffix}），未安装 LibreOffice，无法自动转换；"
                                    f"请先另存为 .docx、.xlsx 或 PDF 再检查：{src.name.name}")
    with tempfile.TemporaryDirectory(prefix="gouji-convert-") as tmp:
        folder = Path(tmp)
        infile = folder / f"input{suffix}"
        infile.write_bytes(src.read())
        outdir = folder / "out"
        outdir.mkdir()
        infilter = _INFILTERS.get(src.suffix, _DEFAULT_INFILTER[target])
        cmd = [binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", f"--infilter={infilter}", "--convert-to", _FILTERS[target], "--outdir", str(outdir),
               str(infile)]
        _run(cmd, folder, timeout, src.name.name)
        produced = outdir / f"input.{target}"
        if not produced.exists() or produced.stat().st_size == 0:
            raise InputError("conversion-failed",
                             f"LibreOffice 未能将 {suffix} 文件转换为 {_NAMES[target]}"
                             "（文件可能已损坏、加密或不是该格式），"
                             f"请用 Office 或 WPS 打开后另存为 .docx、.xlsx 或 PDF 再检查：{src.name.name}")
        if produced.stat().st_size > MAX_OUTPUT:
            raise InputError("too-large", f"转换结果过大，已拒绝读取：{src.name.name}")
        return produced.read_bytes()


def _run(cmd: list[str], folder: Path, timeout: float, name: str) -> None:
    env = {**os.environ, "HOME": str(folder)}  # nothing of the user's own LibreOffice is touched
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            cwd=folder, env=env, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)  # soffice.bin is a child of the soffice script
        proc.wait()
        raise InputError("conversion-failed", f"LibreOffice 转换超时（{timeout:g} 秒），已终止：{name}") from None
    _kill_group(proc.pid)  # anything the conversion left running in its own session


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
