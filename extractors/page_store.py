"""What the OCR read on each page of a review, kept so that no page is OCR'd twice.

The extraction OCRs a scanned page once (extractors.ocr.read_page_lines); the checks' second readings
(extractors.reread) need the same lines, boxes and image transform to cut out the lines they read again.
A PageStore keeps, per file SHA-256 + page + OCR settings, what the page pass read: the OCR items (box,
text, confidence, character boxes, characters), the deskew angle, the pixels per point of the page image,
its size and the rendering dpi (None when the embedded scan was used as is). In memory always; with a
folder (the run's cache, e.g. OUT/.cache/pages) also as one JSON file per page, so that another process
(a worker pool) or a rerun after a cached analysis finds them.

`stats` counts full-page OCR passes (`page_passes`), pages served from the store (`hits`) and pages
written to disk (`stored`); a test asserts that a review OCRs each page once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageReading:
    """One page pass: the OCR items in pixels of the deskewed page image, and how that image was made."""

    items: list[Any]          # RapidOCR items (box, text, confidence[, character boxes, characters])
    angle: float              # deskew rotation applied (degrees, counter-clockwise; < deskew.MIN_ANGLE: none)
    scale: float              # px per PDF point of the page image
    shape: tuple[int, int]    # (height, width) of the page image, px
    dpi: int | None           # rendering dpi, None when the embedded scan image was used


def _plain(value: Any) -> Any:
    """OCR item parts (numpy arrays and scalars inside) -> JSON-able lists and floats."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class PageStore:
    """Page passes of one review, keyed by file SHA-256 + 1-based page + OCR settings."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._pages: dict[str, PageReading] = {}
        self.stats: Counter[str] = Counter()

    @staticmethod
    def key(sha256: str, page: int, settings: str) -> str:
        """File hash + page + OCR settings -> the store key (a settings change is a different key)."""
        tag = hashlib.sha256(settings.encode()).hexdigest()[:12]
        return f"{sha256[:32]}-p{page}-{tag}"

    def get(self, sha256: str, page: int, settings: str) -> PageReading | None:
        """-> what the page pass read on this page, or None when it was not read with these settings."""
        if not sha256:
            return None
        k = self.key(sha256, page, settings)
        found = self._pages.get(k)
        if found is None and self.folder is not None:
            found = self._load(self.folder / f"{k}.json")
            if found is not None:
                self._pages[k] = found
        if found is not None:
            self.stats["hits"] += 1
        return found

    def put(self, sha256: str, page: int, settings: str, reading: PageReading) -> None:
        """Keep a page pass (and write it to the folder, when there is one)."""
        if not sha256:
            return
        k = self.key(sha256, page, settings)
        self._pages[k] = reading
        if self.folder is None:
            return
        data = {"items": _plain(reading.items), "angle": reading.angle, "scale": reading.scale,
                "shape": list(reading.shape), "dpi": reading.dpi}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
            os.replace(tmp, self.folder / f"{k}.json")
            self.stats["stored"] += 1
        except OSError as exc:   # the disk copy is a convenience: the page stays in memory
            log.warning("page store: could not write %s: %r", k, exc)

    @staticmethod
    def _load(path: Path) -> PageReading | None:
        """Stored JSON -> PageReading (None when missing or unreadable)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return PageReading(items=data["items"], angle=float(data["angle"]), scale=float(data["scale"]),
                               shape=(int(data["shape"][0]), int(data["shape"][1])), dpi=data["dpi"])
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
