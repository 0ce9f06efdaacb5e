"""Where technical detail goes: OUT/logs/shenbao.log, never the officer's terminal.

`start_log(out)` sends every log record of the pipeline's packages (tracebacks included), Python warnings and
MuPDF's own messages to the log file under --out, and nothing of them to stderr; `internal_error_line` is the
one Chinese line a user sees for a failure nobody foresaw, naming that file.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

LOG_FILE = Path("logs") / "shenbao.log"
# loggers whose records (and tracebacks) belong in the log file: the packages, Python warnings, MuPDF
PACKAGES = ("model", "catalog", "extractors", "classifiers", "checks", "library", "reports", "samples", "review",
            "flows", "shenbao", "py.warnings", "pymupdf")
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def start_log(out: Path) -> Path:
    """Output folder -> the log file OUT/logs/shenbao.log, now receiving every record of PACKAGES (INFO and
    up) instead of stderr; MuPDF's errors and warnings go there too. Idempotent for one folder."""
    path = Path(out) / LOG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _handler_for(path)
    for name in PACKAGES:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "_shenbao_log", None) not in (None, str(path))]:
            logger.removeHandler(old)
            old.close()
        if handler not in logger.handlers:
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # Prefect's or a library's console handler on the root never sees them
    logging.captureWarnings(True)
    _quiet_mupdf()
    return path


_HANDLERS: dict[str, logging.Handler] = {}


def _handler_for(path: Path) -> logging.Handler:
    """Log file -> its one file handler (appending; processes forked from this one share it)."""
    key = str(path)
    if key not in _HANDLERS:
        handler = logging.FileHandler(path, encoding="utf-8", delay=True, errors="backslashreplace")
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._shenbao_log = key  # type: ignore[attr-defined]
        _HANDLERS[key] = handler
    return _HANDLERS[key]


def _quiet_mupdf() -> None:
    """MuPDF's messages -> the "pymupdf" logger (so the log file), none printed on stderr."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    pymupdf.set_messages(pylogging_logger=logging.getLogger("pymupdf"), pylogging_level=logging.INFO)
    pymupdf.set_log(pylogging_logger=logging.getLogger("pymupdf"), pylogging_level=logging.INFO)


@contextmanager
def native_output_to(log_path: Path, console: Any) -> Iterator[None]:
    """While the block runs, whatever writes to file descriptor 2 (C libraries: libjpeg's "Corrupt JPEG data",
    MuPDF, OpenVINO; worker processes forked meanwhile) goes to the log file, and `console` (the command's
    rich Console) keeps writing to the terminal. Does nothing when stderr is no real file (a test runner)."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    terminal = os.fdopen(os.dup(saved), "w", encoding="utf-8", errors="replace", buffering=1)
    old_file = console.file
    console.file = terminal
    target = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(target, fd)
    os.close(target)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, fd)
        os.close(saved)
        console.file = old_file
        terminal.close()


def internal_error_line(exc: BaseException, log_path: Path | None) -> str:
    """An unforeseen failure -> the one Chinese line for the user (the traceback is in the log file)."""
    where = f"详细技术信息已写入 {log_path}，" if log_path is not None else ""
    return (f"运行中发生内部错误（{type(exc).__name__}），本次审核未完成。{where}"
            "请将该文件交技术支持人员；已完成的文件结果保留在输出目录中，修复后重新运行同一命令即可继续。")


def reading_problems(subs: list, out: Path) -> list[str]:
    """Reviewed submissions -> one Chinese line per file that could not be read, in whole or in part (what,
    which file and pages, where to look)."""
    from extractors.page_findings import unread_pages

    lines = []
    for sub in subs:
        incomplete = [f for f in sub.findings if f.rule == "EXTRACTION_INCOMPLETE"]
        if sub.status == "error" and incomplete:
            lines.append(incomplete[0].message)
            continue
        pages = sorted(unread_pages(sub.findings))
        if pages:
            name = Path(sub.source.path).name
            shown = "、".join(map(str, pages[:12])) + ("等" if len(pages) > 12 else "")
            lines.append(f"《{name}》第{shown}页未能完整读取，相关检查未下结论。"
                         f"详见 {out / sub.submission_id / 'report.html'}，请对照纸质申报书核对。")
    return lines
