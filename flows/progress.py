"""Terminal progress bar of a batch review (rich): files analysed and written, counts by status, ETA."""

from __future__ import annotations

from collections import Counter
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from model import Submission

_LABELS = {"pass": "通过", "needs_review": "待复核", "fail": "不通过", "error": "无法处理"}


class ReviewProgress:
    """Context manager whose `update(event, sub)` is the Progress callback of flows.review_batch."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
            console=console, transient=False, disable=not console.is_terminal,
        )
        self._analyse = self._progress.add_task("分析", total=None, counts="")
        self._write = self._progress.add_task("写出", total=None, counts="", visible=False)
        self._unreadable = 0
        self._kinds: Counter[str] = Counter()
        self._console = console

    def __enter__(self) -> ReviewProgress:
        self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def update(self, event: str, sub: Submission | None) -> None:
        """One event of the batch: 'total:N', 'done' (a file analysed) or 'write' (its outputs written)."""
        if event.startswith("total:"):
            total = int(event.split(":", 1)[1])
            self._progress.update(self._analyse, total=total)
            self._progress.update(self._write, total=total, visible=True)
            if not self._console.is_terminal:
                self._console.print(f"共 {total} 个文件待审核")
        elif event == "done" and sub is not None:
            self._unreadable += sub.status == "error"
            bad = self._unreadable
            self._progress.update(self._analyse, advance=1, counts=f"无法读取 {bad}" if bad else "")
        elif event == "write" and sub is not None:
            self._kinds[sub.status] += 1
            counts = " ".join(f"{_LABELS[k]} {self._kinds[k]}" for k in _LABELS if self._kinds[k])
            self._progress.update(self._write, advance=1, counts=counts)
