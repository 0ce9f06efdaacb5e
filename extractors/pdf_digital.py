"""Read a page's text layer: words with boxes and the ruling lines that draw its tables."""

from __future__ import annotations

import pymupdf

from extractors.page import PageContent, Segment, Word

RULE_MAX_THICK = 3.0  # a filled rectangle thinner than this (pt) is a rule (Word draws borders so)
RULE_MIN_LEN = 4.0  # shorter strokes are glyph parts, underlines of checkboxes etc.


def read_words(page: pymupdf.Page) -> list[Word]:
    """Page -> words of its text layer (MuPDF splits at spaces and at visible gaps)."""
    words = []
    for x0, y0, x1, y1, text, block, line, _ in page.get_text("words", sort=False):
        words.append(Word(x0, y0, x1, y1, text, line=block * 1000 + line))
    return words


def _rect_edges(r: pymupdf.Rect, stroked: bool) -> list[Segment]:
    """A drawn rectangle -> one rule when thin, its four edges when stroked, nothing otherwise."""
    if r.height <= RULE_MAX_THICK and r.width >= RULE_MIN_LEN:
        y = (r.y0 + r.y1) / 2
        return [Segment(r.x0, y, r.x1, y)]
    if r.width <= RULE_MAX_THICK and r.height >= RULE_MIN_LEN:
        x = (r.x0 + r.x1) / 2
        return [Segment(x, r.y0, x, r.y1)]
    if not stroked:
        return []  # cell shading, seal discs, images' backgrounds
    return [Segment(r.x0, r.y0, r.x1, r.y0), Segment(r.x0, r.y1, r.x1, r.y1),
            Segment(r.x0, r.y0, r.x0, r.y1), Segment(r.x1, r.y0, r.x1, r.y1)]


def read_rules(page: pymupdf.Page) -> list[Segment]:
    """Page -> horizontal and vertical ruling segments from its vector drawings."""
    out: list[Segment] = []
    for path in page.get_drawings():
        stroked = path.get("color") is not None and path.get("type") in ("s", "fs")
        for item in path["items"]:
            op = item[0]
            if op == "l":
                p, q = item[1], item[2]
                if abs(p.y - q.y) < 1.0 and abs(p.x - q.x) >= RULE_MIN_LEN:
                    y = (p.y + q.y) / 2
                    out.append(Segment(min(p.x, q.x), y, max(p.x, q.x), y))
                elif abs(p.x - q.x) < 1.0 and abs(p.y - q.y) >= RULE_MIN_LEN:
                    x = (p.x + q.x) / 2
                    out.append(Segment(x, min(p.y, q.y), x, max(p.y, q.y)))
            elif op == "re":
                out.extend(_rect_edges(pymupdf.Rect(item[1]), stroked))
            elif op == "qu":
                out.extend(_rect_edges(item[1].rect, stroked))
    return out


def read_text_page(page: pymupdf.Page, number: int) -> PageContent:
    """Page with a usable text layer -> PageContent (words + rules)."""
    r = page.rect
    return PageContent(number=number, width=r.width, height=r.height,
                       words=read_words(page), rules=read_rules(page), source="text")
