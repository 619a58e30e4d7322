"""The `gouji` command line: extract, audit, rules, compare and scan.

Heavy libraries (pdfplumber, python-docx, spaCy, pandas) are imported inside the commands, so that
`gouji --help` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cli_help import LocalizedGroup

app = typer.Typer(
    name="gouji", add_completion=False, no_args_is_help=True, rich_markup_mode=None, cls=LocalizedGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="gouji 勾稽: recompute every figure in a budget performance evaluation report and report contradictions.",
)


def show_version(ctx: typer.Context, value: bool) -> None:
    if value:
        from checks.version import rules_version, tool_version

        rules = rules_version()
        zh = ctx.meta.get("gouji.help_lang", "zh") == "zh"
        typer.echo(f"gouji {tool_version()}" + (f"（规则版本 {rules}）" if zh else f" (rules version {rules})"))
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True,
                                          help="Show gouji's version and exit.")] = False,
) -> None:
    """gouji 勾稽: audit Chinese budget performance evaluation reports figure by figure."""


class ExtractFormat(str, Enum):
    json = "json"
    md = "md"


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"gouji: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A .pdf, .docx, .xlsx, .xls, .html, .md or .txt report.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.json,
    password: Annotated[str | None, typer.Option(help="Password of an encrypted PDF.")] = None,
) -> None:
    """Print the document model: blocks, tables with column roles and row hierarchy, and figures."""
    from extractor import InputError
    from extractor import extract as do_extract
    from extractor.serialize import document_dict, document_markdown

    try:
        doc = do_extract(file, password=password)
    except InputError as exc:
        fail(str(exc))
    if format is ExtractFormat.md:
        from reading.sums import table_sums

        notes = [t.note() for t in table_sums(doc.tables)]
        typer.echo(document_markdown(doc) + ("\n\n## 表格合计关系（读取结构）\n\n" + "\n".join(f"- {n}" for n in notes)
                                             if notes else ""))
    else:
        typer.echo(json.dumps(document_dict(doc), ensure_ascii=False, indent=1))


class AuditFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def rule_codes(values: list[str] | tuple[str, ...] | None, option: str) -> tuple[str, ...]:
    """Rule codes or prefixes from repeated options and comma lists ("GJ1,GJ4"), upper-cased. One that
    names no rule is a usage error: a typo must not run no rule and report a clean document."""
    from checks import load_rules

    codes = sorted(load_rules())
    out: list[str] = []
    for value in values or []:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not any(c.startswith(code) for c in codes):
                fail(f"{option} {part.strip()}：没有以此开头的规则；可用的规则代码：{' '.join(codes)}"
                     f"（也可用前缀选一族，如 GJ1、GJ30；gouji rules 列出全部）")
            out.append(code)
    return tuple(dict.fromkeys(out))


def rule_options(config, select: list[str] | None, ignore: list[str] | None,
                 extend_select: list[str] | None, **kwargs):
    """The rules to run: the command line's codes over the configuration file's (cli_config.selection),
    every code checked wherever it was written (`rule_codes`), and at least one rule left."""
    from checks import load_rules, selected
    from checks.registry import Options
    from cli_config import selection

    where = f"{config.file}{' [tool.gouji]' if config.file and config.file.name == 'pyproject.toml' else ''}："
    if config.select is not None:
        config.select = rule_codes(config.select, f"{where}select")
    if config.ignore is not None:
        config.ignore = rule_codes(config.ignore, f"{where}ignore")
    config.extend_select = rule_codes(config.extend_select, f"{where}extend-select")
    config.per_file_ignores = {pattern: rule_codes(codes, f"{where}per-file-ignores.{pattern}")
                               for pattern, codes in config.per_file_ignores.items()}
    chosen, skipped = selection(config, rule_codes(select, "--select"), rule_codes(ignore, "--ignore"),
                                rule_codes(extend_select, "--extend-select"))
    options = Options(select=chosen, ignore=skipped, **kwargs)
    if not any(selected(code, options) for code in load_rules()):
        fail("--select 与 --ignore 合起来没有留下任何规则")
    return options


def audit_one(path: Path, options, password: str | None, patterns: tuple[Path, ...], explain: bool = False,
              timeout: float | None = None, memory_mb: int | None = None):
    """One file's result, whatever happens: a bug met in one report must not lose the others' results,
    and one report may take at most `timeout` seconds and `memory_mb` more memory (scan.bounds)."""
    import gc

    import pipeline
    from model.findings import AuditResult
    from scan.bounds import DocumentTimeout, bounded, memory_reason, timeout_reason

    try:
        with bounded(timeout, memory_mb):
            return printable_result(pipeline.audit(path, options=options, password=password, patterns=patterns,
                                                   explain=explain))
    except (DocumentTimeout, MemoryError) as exc:
        gc.collect()
        code, message = timeout_reason(timeout) if isinstance(exc, DocumentTimeout) else memory_reason(memory_mb)
        return printable_result(AuditResult(path=str(path), status="error", error_code=code,
                                            error=f"{message}：{path}"))
    except Exception as exc:  # an unreadable file is an InputError inside `audit`; this is a bug
        if os.environ.get("GOUJI_DEBUG"):
            traceback.print_exc()
        detail = f"{type(exc).__name__}: {exc}"[:160]
        return printable_result(AuditResult(
            path=str(path), status="error", error_code="internal-error",
            error=f"gouji 内部错误，未能审核此文件（{detail}）；请报告此问题，设 GOUJI_DEBUG=1 可看详情"))


def printable_result(result):
    """The result with the file-name bytes no output can hold decoded (a GBK name on Linux crashed the
    JSON, CSV and XLSX writers)."""
    from extractor.errors import printable

    result.path, result.error = printable(result.path), result.error and printable(result.error)
    result.warnings = [printable(w) for w in result.warnings]
    if result.document is not None:
        result.document.path = printable(result.document.path)
    return result


def audit_targets(files: list[Path], format: AuditFormat | None, output: Path | None, annotate: Path | None,
                  patterns: list[Path] | None, baseline: Path | None = None, write_baseline: bool = False) -> str:
    """The output format, once `-o`, `--annotate` and a baseline to write are known not to replace an input
    (writers.targets). Nothing is created yet."""
    from writers.targets import TargetError, annotate_suffix_ok, check_outputs, format_for

    inputs = [*files, *(patterns or []), *([baseline] if baseline is not None and not write_baseline else [])]
    outputs = [p for p in (output, annotate, baseline if write_baseline else None) if p is not None]
    try:
        fmt = format_for(format.value if format is not None else None, output)
        if fmt == "xlsx" and output is None:
            fail("--format xlsx 需要用 -o 指定输出文件")
        if annotate is not None:
            if len(files) != 1 or files[0].suffix.lower() not in (".docx", ".docm", ".pdf"):
                fail("--annotate 只能用于单个 .docx 或 .pdf 文件")
            annotate_suffix_ok(files[0], annotate)
        check_outputs(inputs, outputs)
    except TargetError as exc:
        fail(str(exc))
    return fmt


def configuration(documents: list[Path], explicit: Path | None = None):
    """The configuration file's settings for these documents, or a usage error naming what is wrong."""
    from cli_config import ConfigError, config_for

    try:
        return config_for(documents, explicit)
    except ConfigError as exc:
        fail(str(exc))


def configured(ctx: typer.Context, name: str, value, from_file):
    """The command line's value when it gave one, else the configuration file's, else the default."""
    from cli_config import given

    if given(ctx, name) or from_file is None:
        return value.value if isinstance(value, Enum) else value
    return from_file


def with_ignores(options, codes: tuple[str, ...]):
    from dataclasses import replace

    return replace(options, ignore=(*options.ignore, *codes)) if codes else options


def accept_baseline(results, file: Path, write_new: bool, lang: str) -> None:
    """Mark the findings the baseline accepts; with `write_new`, first record every current finding."""
    from review.baseline import BaselineError, apply_baseline, read_baseline, write_baseline

    try:
        if write_new:
            n = write_baseline(results, file, lang)
            done = f"wrote {n} findings to the baseline {file}" if lang == "en" else f"已将 {n} 个发现写入基线 {file}"
            typer.echo(done, err=True)
        apply_baseline(results, read_baseline(file))
    except BaselineError as exc:
        fail(str(exc))


@app.command()
def audit(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Reports to audit (.pdf, .docx, .xlsx, .html, .md, .txt, …).")],
    format: Annotated[AuditFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: from the -o extension, else text).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    fail_on: Annotated[FailOn, typer.Option(help="Exit 1 when a finding is at or above this severity.")] = (
        FailOn.error),
    lang: Annotated[Lang, typer.Option(help="Language of messages.")] = Lang.zh,
    patterns: Annotated[list[Path] | None, typer.Option("--patterns", help="Extra claim patterns (.jsonl).")] = None,
    select: Annotated[list[str] | None, typer.Option(
        help="Run only these rule codes or prefixes (repeat, or GJ1,GJ4).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule codes or prefixes.")] = None,
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Also show how each scoring criterion was read.")] = (
        False),
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", help="Write a copy of the .docx or .pdf with a comment or highlight on each finding.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds one file may take before it is given up (0: none).")] = (
        300.0),
    memory_limit: Annotated[int, typer.Option(help="MB of memory one file may add (0: no cap).")] = 2048,
    extend_select: Annotated[list[str] | None, typer.Option(
        "--extend-select", help="Run these rule codes or prefixes besides the selection.")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Configuration file (default: gouji.toml or [tool.gouji] in pyproject.toml, found upwards "
                         "from the documents).")] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Findings recorded in this file are reported as accepted, not as new.")] = None,
    write_baseline: Annotated[bool, typer.Option(
        "--write-baseline", help="Record every finding in the --baseline file as accepted.")] = False,
) -> None:
    """Recompute every stated figure and report each contradiction (exit 0 clean, 1 findings, 2 bad input)."""
    from model.findings import SEVERITY_ORDER
    from writers import write
    from writers.targets import TargetError, make_parents

    config = configuration(files, config_file)
    fail_on = FailOn(configured(ctx, "fail_on", fail_on, config.fail_on))
    lang = Lang(configured(ctx, "lang", lang, config.lang))
    patterns = patterns or list(config.patterns or ())
    if write_baseline and baseline is None:
        fail("--write-baseline 需要用 --baseline 指定基线文件")
    fmt = audit_targets(files, format, output, annotate, patterns, baseline, write_baseline)
    for extra in patterns or []:
        if not extra.is_file():
            fail(f"找不到模式文件：{extra}")
    options = rule_options(config, select, ignore, extend_select, fail_on=fail_on.value, lang=lang.value)
    try:  # only once the command is known to be right
        make_parents([p for p in (output, annotate, baseline if write_baseline else None) if p is not None])
    except TargetError as exc:
        fail(str(exc))
    from reading.nlp import pipeline

    try:  # loaded here, not inside the first file's memory bound (it adds about 230 MB)
        pipeline(tuple(patterns or ()))
    except ValueError as exc:  # a user pattern file that spaCy refuses
        fail(str(exc))
    bounds = (timeout or None, memory_limit or None)
    results = [audit_one(f, with_ignores(options, config.ignores_for(f)), password, tuple(patterns or ()), explain,
                         *bounds) for f in files]
    if baseline is not None:
        try:
            accept_baseline(results, baseline, write_baseline, lang.value)
        except OSError as exc:
            fail(write_failure(exc, baseline))
    try:
        write(results, fmt, output, lang.value)
    except OSError as exc:
        fail(write_failure(exc, output))
    if annotate is not None and results[0].status == "ok":
        from writers.annotate import annotate_copy

        try:
            typer.echo(annotate_copy(results[0], files[0], annotate, lang.value, password), err=True)
        except OSError as exc:
            fail(write_failure(exc, annotate))
    if explain:
        from writers.explain import write_explanations

        write_explanations([(r.path, r.explanations, r.table_notes) for r in results], lang.value,
                           to_stderr=output is None and fmt != "text")
    if any(r.status == "error" for r in results):
        from extractor.errors import one_line
        from writers.common import error_text

        for r in results:
            if r.status == "error":
                typer.echo(one_line(f"gouji: {r.path}: {error_text(r, lang.value)}"), err=True)
        raise typer.Exit(2)
    if fail_on is not FailOn.never:
        limit = SEVERITY_ORDER[fail_on.value]
        if any(SEVERITY_ORDER[f.severity] <= limit for r in results for f in r.findings if not f.accepted):
            raise typer.Exit(1)


def write_failure(exc: OSError, target: Path | None) -> str:
    """One line for an output that could not be written: a full disk, a read-only folder, no permission."""
    from writers.files import write_error

    if target is None:
        return f"无法写入标准输出：{write_error(exc)}"
    return f"无法写入 {target}：{write_error(exc)}；原有文件未被改动"


@app.command()
def rules(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Argument(help="A rule code, e.g. GJ101, to explain.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of titles and documentation.")] = Lang.zh,
) -> None:
    """List every rule, or explain one: what it does, why it matters, an example and the fix."""
    from checks import load_rules
    from checks.rule_docs import family_name, rule_doc
    from writers.common import label

    lang = Lang(configured(ctx, "lang", lang, configuration([]).lang))
    registry = load_rules()
    en = lang is Lang.en
    if code is None:
        for rule in sorted(registry.values(), key=lambda r: r.code):
            title = rule.title_en if en else rule.title
            typer.echo(f"{rule.code}  {rule.name:<36} {label(rule.severity, lang.value):<{8 if en else 3}} {title}")
        return
    rule = registry.get(code.upper())
    if rule is None:
        fail(f"no rule {code} (gouji rules lists them all)" if en else f"没有规则 {code}（gouji rules 列出全部规则）")
    severity, family = label(rule.severity, lang.value), family_name(rule.family, lang.value)
    typer.echo(f"{rule.code} {rule.name}" + (f" ({severity}, {family})" if en else f"（{severity}，{family}）"))
    typer.echo(f"{rule.title_en if en else rule.title}\n")
    typer.echo(rule_doc(rule, lang.value))


class CompareFormat(str, Enum):
    text = "text"
    html = "html"


@app.command()
def compare(
    ctx: typer.Context,
    first: Annotated[Path, typer.Argument(help="The first submission: its audit (.json from gouji audit -f json) or "
                                               "the document itself.")],
    second: Annotated[Path, typer.Argument(help="The resubmission: its audit (.json) or the document itself.")],
    format: Annotated[CompareFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: from the -o extension, else text).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        help="Exit 1 when a finding still open or new is at or above this severity.")] = FailOn.error,
    lang: Annotated[Lang, typer.Option(help="Language of messages.")] = Lang.zh,
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")] = None,
) -> None:
    """List the findings fixed, still open and new between two submissions of a report."""
    from review.compare import Audit, CompareError, load_audit, open_at_or_above
    from review.compare import compare as compared
    from review.compare_out import write_html, write_text
    from writers.files import replacing
    from writers.targets import TargetError, check_outputs, format_for, make_parents

    config = configuration([first, second])
    fail_on = FailOn(configured(ctx, "fail_on", fail_on, config.fail_on))
    lang = Lang(configured(ctx, "lang", lang, config.lang))
    try:  # as in audit: the format follows -o's extension, and -o never replaces a submission
        fmt = format_for(format.value if format is not None else None, output)
        if fmt not in ("text", "html"):
            raise TargetError(f"-o {output.name}：gouji compare 只写 text 或 html（.txt 或 .html）")
        check_outputs([first, second], [output] if output is not None else [])
    except TargetError as exc:
        fail(str(exc))

    def audit_now(path: Path) -> Audit:
        from checks.version import rules_version, tool_version
        from writers.json_out import document_dict

        options = with_ignores(rule_options(config, None, None, None, lang=lang.value), config.ignores_for(path))
        result = audit_one(path, options, password, tuple(config.patterns or ()))
        if result.status != "ok":
            from writers.common import error_text

            fail(f"{path}: {error_text(result, lang.value)}")
        return Audit(str(path), {"name": "gouji", "version": tool_version(), "rules_version": rules_version()},
                     [document_dict(result, lang.value)])

    try:
        comparison = compared(load_audit(first, audit_now), load_audit(second, audit_now))
    except CompareError as exc:
        fail(str(exc))
    writer = write_html if fmt == "html" else write_text
    try:
        if output is None:
            writer(comparison, None, lang.value)
        else:
            make_parents([output])
            with replacing(output) as (temp,):  # a failure leaves the previous file whole
                writer(comparison, temp, lang.value)
    except TargetError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(write_failure(exc, output))
    if open_at_or_above(comparison, fail_on.value):
        raise typer.Exit(1)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@app.command()
def scan(
    ctx: typer.Context,
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Folders (recursive), files, glob patterns, zip archives, or @list.txt (one path per line).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Results folder (tables, cache).")] = Path(
        "gouji-results"),
    from_list: Annotated[list[Path] | None, typer.Option("--from-list", help="A file of paths, one per line.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: one per core).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds one file may take before it is marked failed.")] = 300.0,
    memory_limit: Annotated[int, typer.Option(help="MB of memory one file may add to a worker (0: no cap).")] = 2048,
    engine: Annotated[Engine, typer.Option(help="Where the work runs.")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Audit again even what the cache holds.")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Audit again the files that timed out, ran out of memory or crashed before.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Plain log lines instead of a progress bar.")] = False,
    lang: Annotated[Lang, typer.Option(help="Language of messages, tables and the summary.")] = Lang.zh,
    select: Annotated[list[str] | None, typer.Option(
        help="Run only these rule codes or prefixes (repeat, or GJ1,GJ4).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule codes or prefixes.")] = None,
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")] = None,
    extend_select: Annotated[list[str] | None, typer.Option(
        "--extend-select", help="Run these rule codes or prefixes besides the selection.")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Configuration file (default: gouji.toml or [tool.gouji] in pyproject.toml, found upwards "
                         "from the inputs).")] = None,
) -> None:
    """Audit a whole archive in parallel into tables (exit 0 all read, 1 some files failed, 2 bad usage or
    an unwritable results folder, 130/143 interrupted)."""
    import os

    from scan.cluster import ClusterError
    from scan.run import ScanConfig, ScanError, run_scan
    from scan.tables import FAILED_STATUSES

    config = configuration([Path(a) for a in inputs or [] if Path(a).exists()], config_file)
    lang = Lang(configured(ctx, "lang", lang, config.lang))
    if not inputs and not from_list:
        fail("请给出要扫描的文件夹、文件、通配符、压缩包或 @清单文件")
    for listed in [Path(a[1:]) for a in inputs or [] if a.startswith("@")] + list(from_list or []):
        if not listed.is_file():
            fail(f"找不到清单文件：{listed}")
    if engine is Engine.dask and not scheduler:
        fail("--engine dask 需要用 --scheduler 指定调度器地址，例如 tcp://10.0.0.5:8786")
    if output.exists() and not output.is_dir():
        fail(f"-o 应为结果文件夹，但 {output} 是一个文件")
    options = rule_options(config, select, ignore, extend_select, lang=lang.value)
    config = ScanConfig(
        inputs=list(inputs or []), out=output, list_files=[str(p) for p in from_list or []],
        jobs=jobs or os.cpu_count() or 1, timeout=timeout or None, memory_mb=memory_limit or None,
        engine=engine.value, scheduler=scheduler, force=force, retry_failed=retry_failed, quiet=quiet,
        lang=lang.value, password=password, options=options,
    )
    try:
        outcome = run_scan(config)
    except (ClusterError, ScanError) as exc:
        fail(str(exc))
    typer.echo("\n".join(outcome.summary))
    if outcome.interrupted:
        raise typer.Exit(128 + int(outcome.signal or 2))  # 130 after Ctrl-C, 143 after SIGTERM
    if outcome.documents["status"].isin(FAILED_STATUSES).any():
        raise typer.Exit(1)


def main() -> None:
    try:
        app(prog_name="gouji")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
