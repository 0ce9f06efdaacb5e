"""Atomic file writes: every output goes to a temporary name first, then is renamed into place."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from model import Submission


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Target path -> a temporary sibling path; renamed over the target only when the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_text(target: Path, text: str) -> Path:
    """Text -> file, atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def write_json(target: Path, data: Any) -> Path:
    """JSON-able data -> pretty UTF-8 JSON file, atomically (stable key order for byte-identical reruns)."""
    return write_text(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def review_json_text(sub: Submission) -> str:
    """Submission -> the exact text of review.json (timings left out: they differ between runs)."""
    return sub.model_dump_json(indent=2, exclude={"timings"}) + "\n"


def write_with(target: Path, writer: Callable[[Path], Any]) -> Path:
    """Run writer(tmp_path) and rename the result into place (for XLSX, DOCX, PDF writers)."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return target
