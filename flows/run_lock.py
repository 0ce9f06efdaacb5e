"""One `shenbao review` at a time per output folder, and no stale temporary file left from a killed run.

`out_lock(out)` holds OUT/.shenbao.lock (the `filelock` package: an OS lock, released by the kernel when the
process dies, so a killed run never blocks the next one) for the whole batch. A second run on the same --out
does not wait hours for the first: it stops at once with OutBusy, whose Chinese message says which process
holds the folder since when. Once the lock is held, the temporary files earlier runs left behind (a kill
while writing) are removed: nobody else can be writing there. OUT/OUT_MARKER records who holds or last held
the folder, and marks it as an output folder that input discovery never walks (flows.inputs).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from flows.inputs import OUT_MARKER

LOCK_NAME = ".shenbao.run.lock"
# reports.atomic: ".<stem>.<pid>[-<n>].tmp<suffix>"; extractors.page_store: mkstemp "tmp….tmp" in .cache/pages
_ATOMIC_TMP = re.compile(r"^\..+\.\d+(?:-\d+)?\.tmp(?:\.[^.]+)?$")
_STORE_TMP = re.compile(r"^tmp.*\.tmp$")


class OutError(Exception):
    """The output folder cannot be used; `message_zh` says why and what to do."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class OutBusy(OutError):
    """Another `shenbao review` is writing into the same output folder."""


def check_out_folder(out: Path) -> None:
    """--out path -> None when it is (or can become) a folder; OutError naming the file in the way otherwise."""
    for probe in (out, *out.parents):
        if probe.exists() and not probe.is_dir():
            what = "--out" if probe == out else f"--out 路径中的 {probe}"
            raise OutError(f"{what} 是一个已存在的文件，不是文件夹：{probe}。请给 --out 指定一个文件夹（可以尚不存在）。")
        if probe.exists():
            return


def _holder(out: Path) -> str:
    """Output folder -> who holds it, as read from its marker ("进程 123（主机 x，开始于 …）")."""
    try:
        info = json.loads((out / OUT_MARKER).read_text(encoding="utf-8"))
        return f"进程 {info['pid']}（主机 {info['host']}，开始于 {info['started']}）"
    except (OSError, ValueError, KeyError, TypeError):
        return "另一个进程"


def remove_stale_temps(out: Path) -> list[Path]:
    """Output folder (held) -> the temporary files of earlier, interrupted runs, removed."""
    removed = []
    for root, _dirs, files in os.walk(out):
        for name in files:
            if _ATOMIC_TMP.match(name) or (_STORE_TMP.match(name) and Path(root).name == "pages"):
                path = Path(root) / name
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


@contextlib.contextmanager
def out_lock(out: Path) -> Iterator[list[Path]]:
    """Output folder -> held for the block (yields the stale temporary files removed); OutBusy when another
    run holds it, OutError when it cannot be created."""
    check_out_folder(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutError(f"无法创建输出文件夹 {out}（{exc.strerror or type(exc).__name__}）。"
                       "请检查路径和写入权限，或换一个 --out。") from exc
    lock = FileLock(out / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutBusy(f"输出文件夹 {out} 正由{_holder(out)}的 shenbao review 使用。两次审核同时写入同一文件夹会"
                      "互相覆盖结果，本次未运行。请等前一次审核结束后再运行，或换一个 --out。") from None
    try:
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        (out / OUT_MARKER).write_text(json.dumps(info, ensure_ascii=False) + "\n", encoding="utf-8")
        yield remove_stale_temps(out)
    finally:
        lock.release()
