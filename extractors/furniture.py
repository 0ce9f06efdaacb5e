"""Page furniture — running headers and footers, page numbers, watermarks — found by repetition and position
across the pages of one document, and kept out of every text the extractors assemble.

A declaration printed through Word or a browser often carries 「辽精数控 · 智能制造示范工厂申报书」 at the top and
「第 3 页 共 40 页」 at the bottom of every page. Read as text, such a line lands in the middle of a narrative
wherever it crosses a page, so paper and online texts differ and the 字数 is off.

A line is furniture when it is not inside a ruled table cell (a 附1 header row repeated on each page of a long
table is content) and either
- it sits in the top or bottom band of the page and reads as a page number (第 N 页, - N -, N/M, N, Page N), or
- in the bands, its text, digits folded, comes back at about the same place on several pages (3 at least, and
  40 % of the pages), OCR readings matched fuzzily; or
- in the body of the page, the same text of 4 characters or more comes back at the same place on 60 % of the
  pages: a watermark, which may lie over a table if it is printed large.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from extractors.page import PageContent, Segment, Word
from model.text import normalize_text

BAND = 0.09          # share of the page height at the top and at the bottom where headers and footers sit
MIN_PAGES = 3        # a line must come back on this many pages at least to be a running header
BAND_SHARE = 0.4     # ... and on this share of the document's pages (in the bands)
MIDDLE_SHARE = 0.6   # ... or this share for a line in the body of the page (a watermark)
Y_TOL = {"text": 6.0, "ocr": 18.0}      # points a repeated line may move up or down between pages
X_TOL = {"text": 0.04, "ocr": 0.07}     # ... and sideways (its centre, as a share of the page width)
SAME_SIZE = 0.75         # two words of one visual line differ in height by less than this ratio
WATERMARK_SIZE = 1.3     # a body line this many times the page's median text height may lie over a table
LINE_GAP = 3.0          # a gap wider than this many text heights splits one visual line in two
MIN_WATERMARK_CHARS = 4  # a repeated body line shorter than this is ordinary text (其他, 是, 否)
SIMILAR = {"text": 100.0, "ocr": 82.0}  # rapidfuzz ratio of two readings of one repeated line
_PAGE_NUMBER = re.compile(r"^(?:第#+页(?:[,/]?共#+页)?|共#+页第#+页|[-—–]?#+[-—–]?|#+/#+|#+|page#+(?:of#+)?|p\.?#+"
                          r"|第#+|页?共#+页?|页)$")   # the last three: pieces OCR split a 「第 N 页 共 M 页」 into


@dataclass(frozen=True)
class _Line:
    page: int
    words: tuple[Word, ...]
    key: str
    x: float   # centre as a share of the page width
    y: float   # bands: points from the top edge, or (negative) from the bottom edge; body: share of the height
    band: bool


def _key(text: str, fold_digits: bool) -> str:
    """Line text -> the key lines are compared by: NFKC, no spaces, lower case; in the header and footer bands
    digit runs (and Chinese numerals before 页) become '#', since page numbers change from page to page."""
    text = (normalize_text(text) or "").replace(" ", "").lower()
    if not fold_digits:
        return text
    text = re.sub(r"[〇一二三四五六七八九十百零]+(?=页)", "#", text)
    return re.sub(r"\d+", "#", text)


def _in_ruled_cell(word: Word, rules: list[Segment]) -> bool:
    """Word + the page's ruling lines -> True when rules close it in above, below, left and right."""
    above = below = left = right = False
    for r in rules:
        if r.horizontal and r.x0 - 2 <= word.cx <= r.x1 + 2:
            above = above or r.y0 <= word.y0 + 1
            below = below or r.y0 >= word.y1 - 1
        elif not r.horizontal and r.y0 - 2 <= word.cy <= r.y1 + 2:
            left = left or r.x0 <= word.x0 + 1
            right = right or r.x0 >= word.x1 - 1
        if above and below and left and right:
            return True
    return False


def _visual_lines(words: list[Word]) -> list[list[Word]]:
    """Words -> lines as the eye sees them: at one height and of one size (a watermark over a text line is a line
    of its own), split at wide gaps (OCR reads one printed line as several pieces, 「第1」「页共11」「页」)."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.cy):
        h, last = w.y1 - w.y0, (out[-1][-1].y1 - out[-1][-1].y0) if out else 0.0
        if out and abs(w.cy - out[-1][-1].cy) <= 0.5 * min(h, last) and min(h, last) >= SAME_SIZE * max(h, last):
            out[-1].append(w)
        else:
            out.append([w])
    lines = []
    for group in out:
        group.sort(key=lambda w: w.x0)
        height = max(w.y1 - w.y0 for w in group)
        start = 0
        for k in range(1, len(group) + 1):
            if k == len(group) or group[k].x0 - group[k - 1].x1 > LINE_GAP * height:
                lines.append(group[start:k])
                start = k
    return lines


def _lines(page: PageContent) -> list[_Line]:
    """Page -> its text lines that could be furniture: outside ruled cells, or in the body and printed large
    (a watermark lies over the tables), with their comparison key and place."""
    heights = sorted(w.y1 - w.y0 for w in page.words) or [0.0]
    median = heights[len(heights) // 2]

    def big(w: Word) -> bool:
        return median > 0 and w.y1 - w.y0 >= WATERMARK_SIZE * median

    def band_of(w: Word) -> bool:
        return w.cy < page.height * BAND or w.cy > page.height * (1 - BAND)

    free = [w for w in page.words if (big(w) and not band_of(w)) or not _in_ruled_cell(w, page.rules)]
    out = []
    for words in _visual_lines(free):
        y = sum(w.cy for w in words) / len(words)
        band = y < page.height * BAND or y > page.height * (1 - BAND)
        key = _key("".join(w.text for w in words), fold_digits=band)
        if not key or not (band or len(key) >= MIN_WATERMARK_CHARS):
            continue
        # a landscape 附1 page centres its header and watermark elsewhere: compare shares of the width (and,
        # in the body, of the height); header and footer heights from their own edge in points
        x = (words[0].x0 + words[-1].x1) / 2 / (page.width or 1.0)
        y = (y if y < page.height / 2 else y - page.height) if band else y / (page.height or 1.0)
        out.append(_Line(page.number, tuple(words), key, x, y, band))
    return out


def _same(a: _Line, b: _Line, source: str) -> bool:
    """Two lines of different pages -> True when they are one repeated print (same place, same words)."""
    y_tol = Y_TOL[source] if a.band else Y_TOL[source] / 842
    if a.band != b.band or abs(a.y - b.y) > y_tol or abs(a.x - b.x) > X_TOL[source]:
        return False
    if a.key == b.key:
        return True
    return min(len(a.key), len(b.key)) >= 4 and fuzz.ratio(a.key, b.key) >= SIMILAR[source]


def find_furniture(pages: list[PageContent]) -> dict[int, list[Word]]:
    """Pages of one document -> per page number, the words that are page furniture."""
    lines = [ln for p in pages for ln in _lines(p)]
    source = "ocr" if any(p.source == "ocr" for p in pages) else "text"
    exact: dict[tuple[str, bool], list[_Line]] = defaultdict(list)
    for ln in lines:
        exact[(ln.key, ln.band)].append(ln)
    band_lines = [ln for ln in lines if ln.band]
    found: dict[int, list[Word]] = defaultdict(list)
    established: list[_Line] = []
    n = len(pages)
    for ln in lines:
        if ln.band and _PAGE_NUMBER.match(ln.key):
            found[ln.page].extend(ln.words)
            continue
        # OCR reads one header a little differently on each page: compare band lines fuzzily, the rest exactly
        candidates = band_lines if source == "ocr" and ln.band else exact[(ln.key, ln.band)]
        pages_with = {o.page for o in candidates if o.page != ln.page and _same(ln, o, source)} | {ln.page}
        if len(pages_with) >= max(MIN_PAGES, (BAND_SHARE if ln.band else MIDDLE_SHARE) * n):
            found[ln.page].extend(ln.words)
            established.append(ln)
    _found_in_other_lines(pages, established, found, source)
    return dict(found)


def _found_in_other_lines(pages: list[PageContent], established: list[_Line], found: dict[int, list[Word]],
                          source: str) -> None:
    """A repeated line that on some page runs into a text line of the same size (a watermark across the cover's
    项目名称) is still its own word there: take every word that reads exactly as an established line, at its
    place."""
    by_key: dict[str, list[_Line]] = defaultdict(list)
    for ln in established:
        by_key[ln.key].append(ln)
    if not by_key:
        return
    for page in pages:
        taken = {id(w) for w in found.get(page.number, [])}
        for w in page.words:
            if id(w) in taken or (_key(w.text, True) not in by_key and _key(w.text, False) not in by_key):
                continue
            single = _lines(PageContent(page.number, page.width, page.height, [w], []))
            if single and any(_same(single[0], ln, source) for ln in by_key.get(single[0].key, [])
                              if ln.page != page.number):
                found[page.number].append(w)


def strip_furniture(pages: list[PageContent]) -> list[PageContent]:
    """Pages -> the same pages without their furniture words (kept apart in `furniture` for debugging)."""
    found = find_furniture(pages)
    out = []
    for page in pages:
        drop = found.get(page.number)
        if not drop:
            out.append(page)
            continue
        ids = {id(w) for w in drop}
        out.append(replace(page, words=[w for w in page.words if id(w) not in ids], furniture=list(drop)))
    return out
