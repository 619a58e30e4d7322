"""gouji scan: inputs and zip safety, isolation of bad files, tables, resume, and Dask against local.

The per-file work is injectable (`run_scan(config, work=...)`): the test-only work functions below make
the worker hang, crash or eat memory for chosen file names and otherwise do the real audit. With the
fork start method the pool's workers find them in this module.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from scan.inputs import ZipLimits, collect, expand_arguments, unsafe_name
from scan.run import ScanConfig, run_scan
from scan.work import Task, audit_task

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


# --- test-only work functions (never used by the product) ----------------------------------------


def misbehaving_work(task: Task) -> dict:
    """Hang for "hang", exit hard for "crash", allocate without end for "hog"; else the real audit."""
    name = Path(task.name.split("!/")[-1]).stem
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("hog"):
        hoard = [bytearray(64 * 1024**2) for _ in range(64)]  # 4 GB, far above the cap
        return {"result": {"status": "ok", "size": len(hoard)}}
    return audit_task(task)


def slow_work(task: Task) -> dict:
    time.sleep(0.8)
    return audit_task(task)


# --- fixtures --------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A folder as a bureau might hand it over: good reports, duplicates, a GBK text, bad files, a zip."""
    root = tmp_path_factory.mktemp("archive")
    for name in ("003.txt", "004.docx", "004.pdf"):
        (root / name).write_bytes((SEEDS / name).read_bytes())
    (root / "copies").mkdir()
    (root / "copies" / "003-again.txt").write_bytes((SEEDS / "003.txt").read_bytes())
    (root / "gbk.txt").write_bytes((SEEDS / "003.txt").read_text(encoding="utf-8").encode("gb18030"))
    (root / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + b"\x00garbage" * 50)
    (root / "hang.txt").write_text("预算执行率为100%。", encoding="utf-8")
    (root / "notes.jpg").write_bytes(b"\xff\xd8\xff not a report")
    for name in ("表格.xlsx", "文档.wps", "扫描.png", "公文.ofd", "打包.rar", "打包.7z", "README"):
        (root / "other" / name).parent.mkdir(exist_ok=True)
        (root / "other" / name).write_bytes(f"not a document: {name}".encode())
    # Outside the document: links leaving the folder, a dangling one, a pipe, a formula as a file name.
    (root / "links").mkdir()
    (root / "links" / "passwd.txt").symlink_to("/etc/passwd")
    (root / "links" / "etc").symlink_to("/etc", target_is_directory=True)
    (root / "links" / "gone.txt").symlink_to(root / "missing.txt")
    (root / "links" / "same-003.txt").symlink_to(root / "003.txt")
    (root / "links" / "copies").symlink_to(root / "copies", target_is_directory=True)
    os.mkfifo(root / "links" / "pipe.txt")
    (root / '=HYPERLINK("example.invalid","点我").txt').write_bytes((SEEDS / "003.txt").read_bytes())
    with open(os.path.join(os.fsencode(root), "报告".encode("gbk") + b".txt"), "wb") as fh:  # GBK bytes
        fh.write((SEEDS / "004.txt").read_bytes())
    deepest = _zip({"too-deep.txt": b"x"})
    level2 = _zip({"004.txt": (SEEDS / "004.txt").read_bytes(), "deeper.zip": _zip({"deepest.zip": deepest})})
    (root / "bundle.zip").write_bytes(_zip({
        "报告/002.txt": (SEEDS / "002.txt").read_bytes(),
        "../../etc/evil.txt": b"outside",
        "inner.zip": level2,
        "bomb.txt": b"0" * (8 * 1024**2),
        "附表.xlsx": b"not read",
    }))
    return root


def _config(archive: Path, out: Path, **kw) -> ScanConfig:
    kw.setdefault("jobs", 2)
    kw.setdefault("timeout", 5.0)
    kw.setdefault("quiet", True)
    return ScanConfig(inputs=[str(archive)], out=out, **kw)


def _by_path(df: pd.DataFrame, archive: Path) -> dict[str, dict]:
    """Rows by path relative to the archive folder (missing values as None)."""
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    return {p.replace(f"{archive}{os.sep}", ""): row for p, row in zip(df["path"], rows, strict=True)}


@pytest.fixture(scope="module")
def scanned(archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    outcome = run_scan(_config(archive, out), work=misbehaving_work)
    return outcome, out


# --- inputs ----------------------------------------------------------------------------------------


def test_member_names_that_leave_the_archive_are_unsafe():
    assert unsafe_name("../a.txt") and unsafe_name("a/../../b.txt") and unsafe_name("/etc/passwd")
    assert unsafe_name("C:\\Windows\\x.txt") and unsafe_name("..\\x.txt")
    assert not unsafe_name("报告/2023/a..b.txt")


def test_list_files_and_globs(archive, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"# reports\n{archive / '003.txt'}\n\n{archive / 'gbk.txt'}\n", encoding="utf-8")
    args = expand_arguments([f"@{listing}", str(archive / "*.pdf")])
    names = sorted(Path(i.source.name).name for i in collect(args))
    assert names == ["003.txt", "004.pdf", "broken.pdf", "gbk.txt"]


def test_zip_total_size_limit_refuses_the_archive(archive):
    items = list(collect([str(archive / "bundle.zip")], ZipLimits(max_total=1024)))
    assert [(i.source.name.endswith("bundle.zip"), i.refused[0]) for i in items] == [(True, "zip-bomb")]


# --- one scan of the whole folder ------------------------------------------------------------------


def test_statuses_of_a_mixed_archive(scanned, archive):
    outcome, _ = scanned
    docs = _by_path(outcome.documents, archive)
    statuses = {p: (r["status"], r["error_code"]) for p, r in docs.items()}
    zipped = "bundle.zip"
    assert statuses == {
        "003.txt": ("ok", None), "004.docx": ("ok", None), "004.pdf": ("ok", None),
        "copies/003-again.txt": ("ok", None), "gbk.txt": ("ok", None),
        "broken.pdf": ("error", "corrupt-pdf"), "hang.txt": ("failed", "timeout"),
        f"{zipped}!/报告/002.txt": ("ok", None),
        f"{zipped}!/../../etc/evil.txt": ("refused", "zip-traversal"),
        f"{zipped}!/inner.zip!/004.txt": ("ok", None),
        f"{zipped}!/inner.zip!/deeper.zip!/deepest.zip": ("refused", "zip-depth"),
        f"{zipped}!/bomb.txt": ("refused", "zip-bomb"),
        # .xlsx and .wps are formats gouji reads (issue 14a): audited, and these are not what they claim
        f"{zipped}!/附表.xlsx": ("error", "unsupported"),
        "other/表格.xlsx": ("error", "unsupported"), "other/文档.wps": ("error", "unsupported"),
        "notes.jpg": ("skipped", "unsupported"),
        **{f"other/{name}": ("skipped", "unsupported") for name in ("扫描.png", "公文.ofd", "打包.rar", "打包.7z", "README")},
        "links/passwd.txt": ("refused", "link-outside"), "links/etc": ("refused", "link-outside"),
        "links/gone.txt": ("refused", "not-found"), "links/same-003.txt": ("ok", None),
        "links/copies": ("skipped", "link-to-folder"), "links/pipe.txt": ("skipped", "not-a-file"),
        '=HYPERLINK("example.invalid","点我").txt': ("ok", None), "报告.txt": ("ok", None),
    }
    assert "root:" not in outcome.findings.to_string()  # /etc/passwd was never read
    assert "超时" in docs["hang.txt"]["error"]
    unread = outcome.documents[outcome.documents["status"] != "ok"]
    assert unread["error"].str.len().gt(5).all()  # every row that was not audited says why
    assert "拒绝" in docs["links/passwd.txt"]["error"] and ".xlsx" in docs["other/表格.xlsx"]["error"]
    assert ".png" in docs["other/扫描.png"]["error"] and ".xlsx" in docs["other/扫描.png"]["error"]  # what is read


def test_same_findings_whatever_the_encoding_or_container(scanned, archive):
    outcome, _ = scanned
    docs = _by_path(outcome.documents, archive)
    assert docs["003.txt"]["findings_error"] > 0
    for path in ("gbk.txt", "copies/003-again.txt"):
        assert docs[path]["findings_error"] == docs["003.txt"]["findings_error"]
        assert docs[path]["stated_total"] == docs["003.txt"]["stated_total"]
    nested = docs["bundle.zip!/inner.zip!/004.txt"]
    assert nested["sha256"] == hashlib.sha256((SEEDS / "004.txt").read_bytes()).hexdigest()
    assert nested["format"] == "text" and nested["findings_warning"] == docs["004.docx"]["findings_warning"]


def test_identical_files_are_audited_once_and_listed_under_every_path(scanned, archive):
    outcome, _ = scanned
    same = [n for n in outcome.audited if n.endswith(("003.txt", "003-again.txt"))]
    assert len(same) == 1
    findings = outcome.findings
    per_path = findings.groupby("path").size()
    assert per_path[str(archive / "003.txt")] == per_path[str(archive / "copies" / "003-again.txt")] > 0


def test_tables_are_written_in_three_formats(scanned):
    outcome, out = scanned
    for name, df in (("documents", outcome.documents), ("findings", outcome.findings)):
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert len(pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")) == len(df)
        assert len(pd.read_parquet(out / f"{name}.parquet")) == len(df)
        assert len(pd.read_excel(out / f"{name}.xlsx")) == len(df)
    findings = pd.read_parquet(out / "findings.parquet")
    assert {"文件", "文件校验值（SHA-256）", "规则", "级别", "说明", "原值", "应为", "位置", "依据"} <= set(findings.columns)
    assert set(findings["级别"]) <= {"错误", "警告", "提示"} and set(findings["规则"]) == set(outcome.findings["rule"])
    documents = pd.read_csv(out / "documents.csv", encoding="utf-8-sig")
    assert set(documents["状态"]) == {"正常", "无法审核", "处理失败", "已拒绝", "已跳过"}
    assert set(documents["取自缓存"]) == {"否"} and "错误信息" in documents.columns
    assert "最常见的规则：" in outcome.summary
    assert any(line.startswith("  GJ") and "合计数与明细之和不符" in line for line in outcome.summary)


def test_tables_in_english_keep_field_names_and_codes(archive, tmp_path):
    outcome = run_scan(_config(archive, tmp_path / "en", lang="en"), work=misbehaving_work)
    findings = pd.read_parquet(tmp_path / "en" / "findings.parquet")
    assert {"path", "sha256", "rule", "severity", "message", "stated_value", "expected_value", "location",
            "evidence"} <= set(findings.columns)
    assert set(findings["severity"]) <= {"error", "warning", "info"}
    documents = pd.read_csv(tmp_path / "en" / "documents.csv", encoding="utf-8-sig")
    assert set(documents["status"]) == {"ok", "error", "failed", "refused", "skipped"}
    text = "\n".join(outcome.summary)
    assert text.startswith("Scan finished:") and "Most frequent rules:" in text and "Files not audited" in text
    assert "Skipped (not documents gouji reads): 8 (" in text
    for path in sorted(outcome.documents["path"], key=len, reverse=True):  # file names are as they are
        text = text.replace(path, "")
    assert not re.search(r"[\u4e00-\u9fff]", text)


def test_crash_and_memory_hog_fail_alone(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "crash.txt").write_text("崩溃", encoding="utf-8")
    (folder / "hog.txt").write_text("内存", encoding="utf-8")
    (folder / "004.txt").write_bytes((SEEDS / "004.txt").read_bytes())
    outcome = run_scan(ScanConfig([str(folder)], tmp_path / "out", jobs=2, timeout=20, memory_mb=300, quiet=True),
                       work=misbehaving_work)
    docs = _by_path(outcome.documents, folder)
    statuses = {p: (r["status"], r["error_code"]) for p, r in docs.items()}
    assert statuses == {"004.txt": ("ok", None), "crash.txt": ("failed", "crashed"),
                        "hog.txt": ("failed", "out-of-memory")}


# --- resume ----------------------------------------------------------------------------------------


def _small_folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SEEDS / "004.txt").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"r{i}.txt").write_text(f"{text}\n（第{i}份）\n", encoding="utf-8")
    return folder


def test_rerun_audits_only_what_the_cache_lacks(tmp_path):
    folder = _small_folder(tmp_path, 4)
    out = tmp_path / "out"
    first = run_scan(ScanConfig([str(folder)], out, jobs=2, quiet=True))
    assert len(first.audited) == 4
    entries = sorted((out / "cache").glob("[!.]*.json"))
    assert len(entries) == 4
    lost = entries[1]
    lost.unlink()
    second = run_scan(ScanConfig([str(folder)], out, jobs=2, quiet=True))
    redone = second.documents.loc[~second.documents["cached"], "sha256"].tolist()
    assert redone == [lost.name.split("-")[0]] and len(second.audited) == 1
    pd.testing.assert_frame_equal(first.findings, second.findings)
    forced = run_scan(ScanConfig([str(folder)], out, jobs=2, quiet=True, force=True))
    assert len(forced.audited) == 4


def _started(script: str, out: Path, **popen) -> subprocess.Popen:
    """A scan in a child process, once it has cached two results."""
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, **popen)
    deadline = time.monotonic() + 60
    while len(list((out / "cache").glob("[!.]*.json"))) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    return proc


def test_killed_scan_keeps_finished_results(tmp_path):
    folder = _small_folder(tmp_path, 6)
    out = tmp_path / "out"
    script = ("import sys; from pathlib import Path; from scan.run import ScanConfig, run_scan; "
              "from tests.test_scan import slow_work; "
              f"run_scan(ScanConfig([{str(folder)!r}], Path({str(out)!r}), jobs=1, quiet=True), work=slow_work)")
    proc = _started(script, out, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = {p.name.split("-")[0] for p in (out / "cache").glob("[!.]*.json")}
    assert 2 <= len(kept) < 6
    again = run_scan(ScanConfig([str(folder)], out, jobs=2, quiet=True))
    docs = again.documents
    assert set(docs.loc[docs["cached"], "sha256"]) == kept
    assert len(again.audited) == 6 - len(kept)
    assert (docs["status"] == "ok").all()
    assert not [p for p in out.rglob(".*") if p.name != ".gouji-lock"]  # half-written files swept away


# --- the command and the Dask engine ---------------------------------------------------------------


def test_cli_scan_with_a_list_file(tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"{SEEDS / '004.txt'}\n{SEEDS / '004.docx'}\n", encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "cli", "scan", f"@{listing}", "-o", str(out), "--quiet"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "扫描完成：2 个文件" in run.stdout and "[2/2]" in run.stderr
    assert len(pd.read_csv(out / "documents.csv", encoding="utf-8-sig")) == 2


def test_dask_results_equal_local_results(archive, tmp_path):
    distributed = pytest.importorskip("distributed")
    local = run_scan(_config(archive, tmp_path / "local"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        remote = run_scan(_config(archive, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address))
    ignore = ["seconds", "cached"]
    assert len(remote.audited) == len(local.audited) > 5
    pd.testing.assert_frame_equal(local.documents.drop(columns=ignore), remote.documents.drop(columns=ignore))
    pd.testing.assert_frame_equal(local.findings, remote.findings)


# --- never lose a result, never mix two runs (issue 15) ---------------------------------------------


def test_tables_hold_odd_file_names_as_text(tmp_path, monkeypatch):
    """A GBK file name crashed the table writers after the whole audit; a file named like a formula was a
    live formula in CSV and XLSX."""
    import openpyxl

    folder = tmp_path / "in"
    folder.mkdir()
    formula = '=HYPERLINK("example.invalid","点我").txt'
    (folder / formula).write_bytes((SEEDS / "003.txt").read_bytes())
    with open(os.path.join(os.fsencode(folder), "报告".encode("gbk") + b".txt"), "wb") as fh:
        fh.write((SEEDS / "004.txt").read_bytes())
    monkeypatch.chdir(folder)
    out = tmp_path / "out"
    outcome = run_scan(ScanConfig(["*.txt"], out, jobs=1, quiet=True))
    assert set(outcome.documents["path"]) == {formula, "报告.txt"}
    assert any("报告.txt" in line for line in outcome.summary) or len(outcome.summary) > 2
    csv = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(csv["文件"]) == {"'" + formula, "报告.txt"}
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(findings["文件"]) == {"'" + formula, "报告.txt"}
    for name in ("documents", "findings"):
        cells = [c for row in openpyxl.load_workbook(out / f"{name}.xlsx").active.iter_rows() for c in row]
        assert not [c for c in cells if c.data_type == "f"] and formula in {c.value for c in cells}
    assert set(pd.read_parquet(out / "documents.parquet")["文件"]) == {formula, "报告.txt"}
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_damaged_cache_entry_is_audited_again(tmp_path):
    import json

    folder = _small_folder(tmp_path, 3)
    out = tmp_path / "out"
    run_scan(ScanConfig([str(folder)], out, jobs=1, quiet=True))
    entries = sorted((out / "cache").glob("[!.]*.json"))
    record = json.loads(entries[0].read_text(encoding="utf-8"))
    del record["result"]["findings"][0]["location"]  # valid JSON, a field missing
    entries[0].write_text(json.dumps(record), encoding="utf-8")
    record = json.loads(entries[1].read_text(encoding="utf-8"))
    record["result"]["numbers_found"] = "many"
    entries[1].write_text(json.dumps(record), encoding="utf-8")
    again = run_scan(ScanConfig([str(folder)], out, jobs=1, quiet=True))
    assert len(again.audited) == 2 and (again.documents["status"] == "ok").all()
    third = run_scan(ScanConfig([str(folder)], out, jobs=1, quiet=True))
    assert third.audited == []  # the entries were written anew


def test_failures_are_cached_with_their_limits_and_retried_on_request(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hang.txt").write_text("预算执行率为100%。", encoding="utf-8")
    (folder / "004.txt").write_bytes((SEEDS / "004.txt").read_bytes())
    out = tmp_path / "out"

    def scan(**kw):
        kw.setdefault("timeout", 1.0)
        return run_scan(ScanConfig([str(folder)], out, jobs=1, quiet=True, **kw), work=misbehaving_work)

    first = scan()
    assert _by_path(first.documents, folder)["hang.txt"]["error_code"] == "timeout"
    again = scan()
    assert again.audited == [] and _by_path(again.documents, folder)["hang.txt"]["cached"]
    assert any("--retry-failed" in line for line in again.summary)
    assert [Path(n).name for n in scan(retry_failed=True).audited] == ["hang.txt"]
    assert [Path(n).name for n in scan(timeout=1.5).audited] == ["hang.txt"]  # a longer timeout may do better
    assert scan(timeout=1.2).audited == []


def test_two_scans_into_one_folder_are_refused(tmp_path):
    from scan.lock import locked
    from scan.run import ScanError

    out = tmp_path / "out"
    with locked(out), pytest.raises(ScanError, match="正在使用结果文件夹"):
        run_scan(ScanConfig([str(SEEDS / "004.txt")], out, jobs=1, quiet=True))
    assert run_scan(ScanConfig([str(SEEDS / "004.txt")], out, jobs=1, quiet=True)).audited  # released


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}


def _full_disk(*args, **kwargs):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_while_caching_stops_with_one_line_and_keeps_what_is_done(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import scan.records
    from cli import app

    folder = _small_folder(tmp_path, 5)
    out = tmp_path / "out"
    run_scan(ScanConfig([str(folder / "r0.txt")], out, jobs=1, quiet=True))
    before = _tables(out)
    real_put, calls = scan.records.Cache.put, []

    def put(self, record):
        calls.append(1)
        if len(calls) > 2:
            _full_disk()
        real_put(self, record)

    monkeypatch.setattr(scan.records.Cache, "put", put)
    result = CliRunner().invoke(app, ["scan", str(folder), "-o", str(out), "-j", "1", "--quiet"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("gouji:")]
    assert "磁盘已满" in line and "3 个结果" in line  # r0 from before, and two of this run
    assert _tables(out) == before  # tables untouched
    assert len(list((out / "cache").glob("[!.]*.json"))) == 3


def test_a_full_disk_while_writing_tables_leaves_the_previous_ones_whole(tmp_path, monkeypatch):
    from scan.run import ScanError

    folder = _small_folder(tmp_path, 2)
    out = tmp_path / "out"
    run_scan(ScanConfig([str(folder / "r0.txt")], out, jobs=1, quiet=True))
    before = _tables(out)
    real, written = pd.DataFrame.to_parquet, []

    def to_parquet(df, path, **kw):
        written.append(path)
        if len(written) > 1:  # documents.parquet is written, findings.parquet meets the full disk
            _full_disk()
        return real(df, path, **kw)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", to_parquet)
    with pytest.raises(ScanError, match=r"磁盘已满.*2 个结果保存在缓存中"):
        run_scan(ScanConfig([str(folder)], out, jobs=1, quiet=True))
    assert _tables(out) == before
    assert len(list((out / "cache").glob("[!.]*.json"))) == 2  # both results kept for the next run


def test_a_read_only_results_folder_is_one_line(tmp_path, monkeypatch):
    import errno

    from typer.testing import CliRunner

    import scan.lock
    from cli import app

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(scan.lock, "open", read_only, raising=False)
    result = CliRunner().invoke(app, ["scan", str(SEEDS / "004.txt"), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0 and "文件系统只读" in result.stderr


def test_sigterm_stops_like_ctrl_c_and_writes_the_tables(tmp_path):
    folder = _small_folder(tmp_path, 6)
    out = tmp_path / "out"
    script = ("import sys, cli, scan.run as r; from tests.test_scan import slow_work; real = r.run_scan; "
              "r.run_scan = lambda config, work=slow_work: real(config, work); "
              f"sys.argv = ['gouji', 'scan', {str(folder)!r}, '-o', {str(out)!r}, '-j', '1', '--quiet']; cli.main()")
    proc = _started(script, out, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.send_signal(signal.SIGTERM)
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 143, stdout
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig")
    assert len(docs) == 6 and {"正常", "未完成"} == set(docs["状态"])
    assert "扫描被中断" in stdout


def test_scan_starts_where_there_is_no_resource_module(tmp_path):
    """Windows has no `resource`: `gouji scan` must start there and run its workers without a memory cap
    (scan/work.py imported it unconditionally). A fresh process, with `import resource` failing."""
    script = ("import sys; sys.modules['resource'] = None; import scan.bounds, cli; "
              "assert scan.bounds.resource is None and not scan.bounds.memory_cap_supported(); "
              "assert scan.bounds.cap_memory(100)() is None; "
              f"sys.argv = ['gouji', 'scan', {str(SEEDS / '004.txt')!r}, '-o', {str(tmp_path / 'out')!r}, "
              "'-j', '1', '--quiet', '--memory-limit', '100']; cli.main()")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "正常 1" in run.stdout


def test_a_pipe_named_on_the_command_line_and_a_document_without_figures(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    plain = tmp_path / "plain.txt"
    plain.write_text("一、概况\n本项目已按计划完成。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(pipe), str(plain), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output  # skipped and unchecked files are not failures
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig")
    rows = {Path(p).name: (s, c) for p, s, c in zip(docs["文件"], docs["状态"], docs["错误代码"], strict=True)}
    assert rows == {"pipe.txt": ("已跳过", "not-a-file"), "plain.txt": ("未核对", "no-figures")}
    assert "未核对" in result.stdout and "跳过的文件" in result.stdout


def test_identical_files_each_name_themselves_in_their_error():
    from scan.records import failure_record, record_result

    record = failure_record("0" * 64, "a/empty.docx", "empty", "文件为空：a/empty.docx（empty.docx）", "1")
    assert record_result(record, "b/empty.txt").error == "文件为空：b/empty.txt（empty.txt）"


def test_every_format_audit_reads_is_scanned_and_the_rest_is_skipped(tmp_path):
    """One list (extractor.REPORT_SUFFIXES, drawn from the extraction dispatch): the formats of issue 14a
    (.xlsx, .xls, .html, .md, .wps, .et …) are audited by a scan; CSV data, images and other archives are not."""
    import openpyxl

    from extractor import REPORT_SUFFIXES

    folder = tmp_path / "in"
    folder.mkdir()
    wb = openpyxl.Workbook()
    for row in (("项目", "预算数（万元）", "执行数（万元）"), ("甲", 10.5, 10.0), ("乙", 20.25, 20.0), ("丙", 30.0, 25.0),
                ("合计", 61.75, 56.0)):
        wb.active.append(row)
    wb.save(folder / "附表.xlsx")
    (folder / "页面.html").write_text("<html><body><p>预算执行率为100%。</p></body></html>", encoding="utf-8")
    for name in ("说明.md", "公文.wps", "表.et", "数据.csv", "扫描.png"):
        (folder / name).write_bytes(b"x")
    items = {Path(i.source.name).name: i for i in collect([str(folder)])}
    assert {n for n, i in items.items() if i.skipped} == {"数据.csv", "扫描.png"}
    assert {".xlsx", ".xls", ".html", ".htm", ".md", ".doc", ".wps", ".et", ".dps"} <= REPORT_SUFFIXES
    outcome = run_scan(ScanConfig([str(folder / "附表.xlsx"), str(folder / "页面.html")], tmp_path / "out",
                                  jobs=1, quiet=True))
    docs = _by_path(outcome.documents, folder)
    assert docs["附表.xlsx"]["status"] == "ok" and docs["附表.xlsx"]["findings_error"] == 1  # 10.5 + 20.25 + 30 ≠ 61.75
    assert docs["页面.html"]["format"] == "html"
