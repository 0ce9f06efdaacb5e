"""What every page reader produces, whatever the source (text layer or OCR): words and ruling lines.

Coordinates are PDF points with the origin at the page's top-left (PyMuPDF page space).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PageSource = Literal["text", "ocr"]


def quad_rect(quad: Any) -> tuple[float, float, float, float]:
    """OCR quadrilateral (4 corner points) -> its bounding rectangle (x0, y0, x1, y1), same units."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Word:
    """A run of text with its box; `line` groups words printed on one text line, `conf` is OCR's score of
    the whole line and `min_conf` its lowest score of a character of this word (None: not OCR'd)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    line: int = 0
    conf: float = 1.0
    min_conf: float | None = None

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.y0 + self.y1) / 2

    @property
    def bbox(self) -> list[float]:
        """[x0, y0, x1, y1] rounded to 0.1 pt."""
        return [round(self.x0, 1), round(self.y0, 1), round(self.x1, 1), round(self.y1, 1)]


@dataclass(frozen=True)
class Segment:
    """A horizontal (y0 == y1) or vertical (x0 == x1) ruling line."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        """True for a horizontal rule."""
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass(frozen=True)
class Mark:
    """A checkbox found on a page image (scans): its box and whether it is ticked."""

    x0: float
    y0: float
    x1: float
    y1: float
    checked: bool
    fill: float


@dataclass
class PageContent:
    """One page as read: 1-based number, size, words, rules, and where the words came from."""

    number: int
    width: float
    height: float
    words: list[Word]
    rules: list[Segment]
    source: PageSource = "text"
    marks: list[Mark] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Seal evidence, only for pages that print a seal place (cover, promise): red ink regions in
    # points, and a low-resolution grey image (numpy, `scale` px per pt) to look for signatures.
    red_blobs: list[tuple[float, float, float, float]] = field(default_factory=list)
    pale_blobs: list[tuple[float, float, float, float]] = field(default_factory=list)  # faded / light-pink ink
    gray: Any = None
    scale: float = 1.0
    # Running headers, footers, page numbers and watermarks taken out of `words` (extractors.furniture).
    furniture: list[Word] = field(default_factory=list)
    # OCR pages: how the page image was made and how sharp it is (extractors.scan_quality).
    dpi: float | None = None           # effective resolution of the page image, px per inch
    sharpness: float | None = None     # median variance of the Laplacian over the OCR lines
