"""A stand-in for extractors.reread.LineRereader: OCR lines given per page, with their second readings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    page: int
    first: str
    again: tuple[str, ...]
    bbox: tuple[float, float, float, float] = (50.0, 100.0, 500.0, 115.0)


class FakeSource:
    """Lines per page, as extractors.reread.LineRereader would give them; records the pages asked."""

    def __init__(self, lines: list[Line], pages: int = 40) -> None:
        self.lines, self.n, self.asked = lines, pages, []

    def pages(self) -> int:
        return self.n

    def reread(self, page, wanted):
        self.asked.append(page)
        return [x for x in self.lines if x.page == page and wanted(x.first)]
