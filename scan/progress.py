"""Progress while a scan runs: a rich bar (files per second, ETA, failures so far) or, with --quiet,
one plain line per finished file. Both go to standard error; the summary goes to standard output."""

from __future__ import annotations

import sys

from scan.tables import STATUS_ZH


class PlainProgress:
    def __init__(self, total: int):
        self.total, self.done, self.failed = total, 0, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def advance(self, name: str, result: dict) -> None:
        self.done += 1
        status = result.get("status", "ok")
        self.failed += status not in ("ok",)
        line = f"[{self.done}/{self.total}] {STATUS_ZH.get(status, status)} {name}"
        if status != "ok":
            line += f"：{result.get('error')} [{result.get('error_code')}]"
        print(line, file=sys.stderr, flush=True)


class RichProgress(PlainProgress):
    def __init__(self, total: int):
        super().__init__(total)
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
                return Text(f"{speed:.2f} 个/秒" if speed else "— 个/秒", style="progress.data.speed")

        self.bar = Progress(TextColumn("审核"), BarColumn(), MofNCompleteColumn(), Rate(), TextColumn("剩余"),
                            TimeRemainingColumn(), TextColumn("用时"), TimeElapsedColumn(),
                            TextColumn("失败 {task.fields[failed]}", style="red"),
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


def progress(total: int, quiet: bool) -> PlainProgress:
    return PlainProgress(total) if quiet else RichProgress(total)
