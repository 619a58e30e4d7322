"""Progress while a scan runs: a rich bar (files per second, ETA, failures so far) or, with --quiet,
one plain line per finished file. Both go to standard error; the summary goes to standard output."""

from __future__ import annotations

import sys

from writers.common import reason_text, status_word

WORDS = {
    "zh": {"audit": "审核", "rate": "{speed:.2f} 个/秒", "no_rate": "— 个/秒", "left": "剩余", "took": "用时",
           "failed": "失败 {n}", "sep": "："},
    "en": {"audit": "auditing", "rate": "{speed:.2f} files/s", "no_rate": "— files/s", "left": "left",
           "took": "elapsed", "failed": "failed {n}", "sep": ": "},
}


class PlainProgress:
    def __init__(self, total: int, lang: str = "zh"):
        self.total, self.done, self.failed = total, 0, 0
        self.lang, self.words = lang, WORDS.get(lang, WORDS["zh"])

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def advance(self, name: str, result: dict) -> None:
        self.done += 1
        status = result.get("status", "ok")
        self.failed += status not in ("ok",)
        line = f"[{self.done}/{self.total}] {status_word(status, self.lang)} {name}"
        if status != "ok":
            line += self.words["sep"] + reason_text(result.get("error"), result.get("error_code"), self.lang)
        print(line, file=sys.stderr, flush=True)


class RichProgress(PlainProgress):
    def __init__(self, total: int, lang: str = "zh"):
        super().__init__(total, lang)
        words = self.words
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(words["rate"].format(speed=speed) if speed else words["no_rate"],
                            style="progress.data.speed")

        self.bar = Progress(TextColumn(words["audit"]), BarColumn(), MofNCompleteColumn(), Rate(),
                            TextColumn(words["left"]), TimeRemainingColumn(), TextColumn(words["took"]),
                            TimeElapsedColumn(), TextColumn(words["failed"].format(n="{task.fields[failed]}"),
                                                            style="red"),
                            console=Console(stderr=True))
        self.task = self.bar.add_task("scan", total=total, failed=0)

    def __enter__(self):
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def advance(self, name: str, result: dict) -> None:
        self.done += 1
        self.failed += result.get("status", "ok") != "ok"
        self.bar.update(self.task, advance=1, failed=self.failed)


def progress(total: int, quiet: bool, lang: str = "zh") -> PlainProgress:
    return PlainProgress(total, lang) if quiet else RichProgress(total, lang)
