"""Read a page's text layer: words with boxes and the ruling lines that draw its tables."""

from __future__ import annotations

import pymupdf

from extractors.page import PageContent, Segment, Word

RULE_MAX_THICK = 3.0  # a filled rectangle thinner than this (pt) is a rule (Word draws borders so)
RULE_MIN_LEN = 4.0  # shorter strokes are glyph parts, underlines of checkboxes etc.


GAP_FACTOR = 0.25  # a gap wider than this many font sizes between two glyphs ends a word


def read_words(page: pymupdf.Page) -> list[Word]:
    """Page -> words of its text layer, cut at spaces and at visible gaps between glyphs.

    Built from glyph boxes (rawdict) because MuPDF's own words can run across two table cells
    when a word processor leaves no space character between them.
    """
    words: list[Word] = []
    flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
    for block in page.get_text("rawdict", flags=flags)["blocks"]:
        for li, line in enumerate(block.get("lines", ())):
            key = block["number"] * 1000 + li
            run: list[tuple[float, float, float, float, str]] = []
            for span in line["spans"]:
                if _is_red(span.get("color", 0)):
                    continue  # seal lettering laid over the form is not form text
                gap = GAP_FACTOR * span["size"]
                for ch in span["chars"]:
                    c = ch["c"]
                    x0, y0, x1, y1 = ch["bbox"]
                    if c.isspace() or (run and x0 - run[-1][2] > gap):
                        _flush(run, words, key)
                        run = []
                    if not c.isspace():
                        run.append((x0, y0, x1, y1, c))
            _flush(run, words, key)
    return words


def _is_red(color: int) -> bool:
    """sRGB int -> True for seal red (strong red, little green and blue)."""
    r, g, b = (color >> 16) & 255, (color >> 8) & 255, color & 255
    return r > 140 and r - g > 70 and r - b > 60


def _flush(run: list[tuple[float, float, float, float, str]], words: list[Word], key: int) -> None:
    """Glyph run -> one Word appended to `words` (nothing for an empty run)."""
    if run:
        words.append(Word(min(r[0] for r in run), min(r[1] for r in run), max(r[2] for r in run),
                          max(r[3] for r in run), "".join(r[4] for r in run), line=key))


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
