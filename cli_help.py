"""`gouji --help` in the reader's language: Chinese by default, English with `--lang en`.

The help texts are written once, in English, where the commands are defined (cli.py); `HELP_ZH` gives
each its Chinese. The translation is applied when a command is looked up, so every command, option and
argument is covered (tests/test_lang.py fails on a help text without its Chinese), and click's own words
(Usage, Options, [default: …], [required], the --help option) are translated by the help formatter.
The language is read from the command line before it is parsed: `--lang en` anywhere, even in
`gouji --lang en --help`.
"""

from __future__ import annotations

import re

import typer
from typer.core import TyperGroup

try:
    from typer import _click as click  # typer ≥ 0.2x carries its own click
except ImportError:
    import click

HELP_ZH = {
    # the program
    "gouji 勾稽: recompute every figure in a budget performance evaluation report and report contradictions.":
        "gouji 勾稽：重新计算预算绩效评价报告中的每个数字，报告文档自相矛盾之处。",
    "Show gouji's version and exit.": "显示 gouji 的版本并退出。",
    # extract
    "Print the document model: blocks, tables with column roles and row hierarchy, and figures.":
        "显示文档模型：各段落与表格、表格的列角色与行层级，以及其中的数字。",
    "A .pdf, .docx, .xlsx, .xls, .html, .md or .txt report.":
        "一份 .pdf、.docx、.xlsx、.xls、.html、.md 或 .txt 报告。",
    "Output format.": "输出格式。",
    "Output format (default: from the -o extension, else text).": "输出格式（默认：按 -o 文件的扩展名，否则为 text）。",
    "Password of an encrypted PDF.": "加密 PDF 的密码。",
    # audit
    "Recompute every stated figure and report each contradiction (exit 0 clean, 1 findings, 2 bad input).":
        "重新计算所写的每个数字，报告每处矛盾（退出码 0 无问题，1 有发现，2 输入有误）。",
    "Reports to audit (.pdf, .docx, .xlsx, .html, .md, .txt, …).":
        "要审核的报告（.pdf、.docx、.xlsx、.html、.md、.txt 等）。",
    "Write to this file.": "写入此文件。",
    "Exit 1 when a finding is at or above this severity.": "有发现达到或高于此级别时以退出码 1 结束。",
    "Language of messages.": "说明文字的语言。",
    "Extra claim patterns (.jsonl).": "额外的表述模式（.jsonl）。",
    "Run only these rule codes or prefixes (repeat, or GJ1,GJ4).":
        "只运行这些规则编码或前缀（可重复给出，或写成 GJ1,GJ4）。",
    "Skip these rule codes or prefixes.": "跳过这些规则编码或前缀。",
    "Password of encrypted PDFs.": "加密 PDF 的密码。",
    "Also show how each scoring criterion was read.": "同时显示每条评分标准是如何理解的。",
    "Write a copy of the .docx or .pdf with a comment or highlight on each finding.":
        "另存一份 .docx 或 .pdf，在每处发现上加批注或高亮。",
    "Run these rule codes or prefixes besides the selection.": "在所选规则之外再运行这些规则编码或前缀。",
    "Configuration file (default: gouji.toml or [tool.gouji] in pyproject.toml, found upwards from the documents).":
        "配置文件（默认：从文档所在文件夹向上查找 gouji.toml 或 pyproject.toml 中的 [tool.gouji]）。",
    "Findings recorded in this file are reported as accepted, not as new.":
        "此文件中记录的发现报告为已接受，而不是新发现。",
    "Record every finding in the --baseline file as accepted.": "把当前每个发现作为已接受写入 --baseline 文件。",
    "Seconds one file may take before it is given up (0: none).": "单个文件最多可用的秒数，超时即放弃（0 为不限）。",
    "MB of memory one file may add (0: no cap).": "单个文件可增加的内存上限，单位 MB（0 为不限）。",
    # rules
    "List every rule, or explain one: what it does, why it matters, an example and the fix.":
        "列出全部规则，或说明一条规则：它做什么、为什么这是问题、示例与改法。",
    "A rule code, e.g. GJ101, to explain.": "要说明的规则编码，例如 GJ101。",
    "Language of titles and documentation.": "标题与规则说明的语言。",
    # compare
    "List the findings fixed, still open and new between two submissions of a report.":
        "列出同一报告两次提交之间已修正、仍未解决和新出现的发现。",
    "The first submission: its audit (.json from gouji audit -f json) or the document itself.":
        "第一次提交：其审核结果（gouji audit -f json 写出的 .json），或文档本身。",
    "The resubmission: its audit (.json) or the document itself.": "再次提交：其审核结果（.json），或文档本身。",
    "Exit 1 when a finding still open or new is at or above this severity.":
        "仍未解决或新出现的发现达到或高于此级别时以退出码 1 结束。",
    # scan
    "Audit a whole archive in parallel into tables (exit 0 all read, 1 some files failed, 2 bad usage or\n"
    "an unwritable results folder, 130/143 interrupted).":
        "并行审核整批档案并写成表格（退出码 0 全部读取，1 部分文件失败，2 用法有误或结果文件夹无法写入，"
        "130/143 被中断）。",
    "Folders (recursive), files, glob patterns, zip archives, or @list.txt (one path per line).":
        "文件夹（含子文件夹）、文件、通配符、zip 压缩包，或 @清单.txt（每行一个路径）。",
    "Results folder (tables, cache).": "结果文件夹（表格与缓存）。",
    "A file of paths, one per line.": "路径清单文件，每行一个路径。",
    "Worker processes (default: one per core).": "工作进程数（默认每个 CPU 核一个）。",
    "Seconds one file may take before it is marked failed.": "单个文件最多可用的秒数，超时即标为失败。",
    "MB of memory one file may add to a worker (0: no cap).":
        "单个文件可给工作进程增加的内存上限，单位 MB（0 为不限）。",
    "Where the work runs.": "在哪里运行审核。",
    "Dask scheduler address, e.g. tcp://10.0.0.5:8786.": "Dask 调度器地址，例如 tcp://10.0.0.5:8786。",
    "Audit again even what the cache holds.": "即使缓存中已有结果也重新审核。",
    "Audit again the files that timed out, ran out of memory or crashed before.":
        "重新审核此前超时、内存超限或处理进程崩溃的文件。",
    "Plain log lines instead of a progress bar.": "逐行输出日志，不显示进度条。",
    "Language of messages, tables and the summary.": "说明、表格与汇总的语言。",
    "Configuration file (default: gouji.toml or [tool.gouji] in pyproject.toml, found upwards from the inputs).":
        "配置文件（默认：从输入所在文件夹向上查找 gouji.toml 或 pyproject.toml 中的 [tool.gouji]）。",
    # click's own words
    "Show this message and exit.": "显示此帮助并退出。",
}
SHORT_ZH = {  # the one-line summaries in `gouji --help`'s list of commands
    "extract": "显示文档模型（段落、表格、数字）。", "audit": "审核报告，报告每处矛盾。",
    "rules": "列出或说明规则。", "compare": "对比两次提交：已修正、仍未解决、新发现。",
    "scan": "并行审核整批档案并写成表格。",
}
HEADINGS_ZH = {"Usage: ": "用法：", "Options": "选项", "Arguments": "参数", "Commands": "命令"}
# Words typer and click put into the usage line and the option list, and argument names.
TERMS_ZH = {
    "[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "<path>": "<路径>", "<str>": "<文本>",
    "<int>": "<整数>", "<float>": "<数>", "<list[Path]>": "<路径…>", "<list[str]>": "<文本…>", "PATH": "路径",
    "TEXT": "文本", "INTEGER": "整数", "FLOAT": "数", "files": "文件", "file": "文件", "code": "规则编码",
    "inputs": "输入", "first": "第一次提交", "second": "再次提交",
}
EXTRAS_ZH = {"[default: ": "[默认：", "required]": "必填]", "; required": "；必填", "; default: ": "；默认："}
_TERM = re.compile("|".join(re.escape(k) for k in sorted(TERMS_ZH, key=len, reverse=True)))
# What a line may not be broken inside: click's "[默认：…]", a run of printable ASCII (a word, an option, a
# path), a space, or one character followed by the closing punctuation that may not start a line.
_TOKEN = re.compile(r"(?:\[[^\]\n]{0,40}\]|[!-~]+|.)[，。、；：？！）」』》]*|\s+")
META_KEY = "gouji.help_lang"


def help_lang(args: list[str]) -> str:
    """The language the command line asks for: the value of its last --lang, else Chinese."""
    lang = "zh"
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return "en" if lang == "en" else "zh"


def translate_terms(text: str) -> str:
    """Argument names and value kinds in a usage line or an option's term; option names stay."""
    text = text.replace("COMMAND [ARGS]...", TERMS_ZH["COMMAND [ARGS]..."])
    return " ".join(word if word.startswith("-") else _TERM.sub(lambda m: TERMS_ZH[m.group(0)], word)
                    for word in text.split(" "))


def wrap_cells(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells: Chinese may break between any two characters, ASCII words
    only at spaces (click's wrapping counts characters, and a Chinese character takes two cells)."""
    from rich.cells import cell_len

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if cell_len(line + token) > width and line.strip():
                lines.append(line.rstrip())
                line = "" if token.isspace() else token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


class Formatter(click.HelpFormatter):
    """click's help formatter; for Chinese help it translates click's own words and measures in cells."""

    def __init__(self, *args, lang: str = "zh", **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if self.lang != "zh":
            return super().write_usage(prog, args, prefix)
        self.write(f"{' ' * self.current_indent}{HEADINGS_ZH['Usage: ']}{prog} {translate_terms(args)}\n")

    def write_heading(self, heading: str) -> None:
        if self.lang != "zh":
            return super().write_heading(heading)
        self.write(f"{' ' * self.current_indent}{HEADINGS_ZH.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        if self.lang != "zh":
            return super().write_text(text)
        indent = " " * self.current_indent
        self.write("".join(f"{indent}{line}\n" for line in wrap_cells(text, self.width - self.current_indent)))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        if self.lang != "zh":
            return super().write_dl(rows, col_max, col_spacing)
        from rich.cells import cell_len

        rows = [(translate_terms(term), self.help_text(text)) for term, text in rows]
        first = min(max((cell_len(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * (first + self.current_indent)
        for term, text in rows:
            self.write(" " * self.current_indent + term)
            if not text:
                self.write("\n")
                continue
            if cell_len(term) <= first - col_spacing:
                self.write(" " * (first - cell_len(term)))
            else:
                self.write("\n" + indent)
            lines = wrap_cells(text, max(self.width - first - self.current_indent, 10))
            self.write(lines[0] + "\n" + "".join(f"{indent}{line}\n" for line in lines[1:]))

    @staticmethod
    def help_text(text: str) -> str:
        """An option's help with click's "[default: …]" and "[required]" in Chinese."""
        for en, zh in EXTRAS_ZH.items():
            text = text.replace(en, zh)
        return HELP_ZH.get(text, text)


class Context(typer.Context):
    def make_formatter(self):
        return Formatter(width=self.terminal_width, max_width=self.max_content_width,
                         lang=self.meta.get(META_KEY, "zh"))


def localize(command, lang: str) -> None:
    """Put the command's help, and its parameters', in `lang` (the English originals are kept)."""
    command.context_class = Context
    if not hasattr(command, "_gouji_help_en"):
        command._gouji_help_en = (command.help, command.short_help)
    help_en, short_en = command._gouji_help_en
    if lang == "zh":
        command.help = HELP_ZH.get(help_en, help_en) if help_en else help_en
        command.short_help = SHORT_ZH.get(command.name, short_en)
    else:
        command.help, command.short_help = help_en, short_en
    for param in command.params:
        if not hasattr(param, "_gouji_help_en"):
            param._gouji_help_en = getattr(param, "help", None)
        original = param._gouji_help_en
        if original is not None:
            param.help = HELP_ZH.get(original, original) if lang == "zh" else original


def command_lang(args: list[str], takes_lang) -> list[str]:
    """`gouji --lang en audit …` as `gouji audit --lang en …`: a --lang before the command belongs to the
    command (and in `gouji --help --lang en`, or before a command without --lang, it only chooses the
    language of the help)."""
    before, option, i = [], [], 0
    while i < len(args) and args[i].startswith("-"):
        if args[i] == "--lang" and i + 1 < len(args):
            option, i = args[i:i + 2], i + 2
        elif args[i].startswith("--lang="):
            option, i = [args[i]], i + 1
        else:
            before.append(args[i])
            i += 1
    rest = args[i:]
    if rest and not takes_lang(rest[0]):  # `gouji extract --help --lang en`: for the help only
        rest = [a for j, a in enumerate(rest) if not (a == "--lang" or a.startswith("--lang=")
                                                       or (j and rest[j - 1] == "--lang"))]
    if option and rest and takes_lang(rest[0]):
        return [*before, rest[0], *option, *rest[1:]]
    return [*before, *rest]


class LocalizedGroup(TyperGroup):
    """The `gouji` group: reads --lang before parsing and puts every command's help in that language."""

    context_class = Context

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        lang = help_lang(args)
        ctx.meta[META_KEY] = lang
        localize(self, lang)
        def takes_lang(name: str) -> bool:
            command = self.commands.get(name)
            return command is not None and any(p.name == "lang" for p in command.params)

        return super().parse_args(ctx, command_lang(args, takes_lang))

    def get_command(self, ctx, name: str):
        command = super().get_command(ctx, name)
        if command is not None:
            localize(command, ctx.meta.get(META_KEY, "zh"))
        return command
