"""Join words into text the way the form printed it (DESIGN.md §4 normalisation)."""

from __future__ import annotations

import re

from extractors.page import Word
from model.text import normalize_text

_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words -> text lines (top to bottom), each sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines:
            last = lines[-1]
            cy = sum(x.cy for x in last) / len(last)
            h = max(min(x.y1 - x.y0 for x in last), 1.0)
            if abs(w.cy - cy) <= 0.5 * max(h, w.y1 - w.y0):
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def join_line(words: list[Word]) -> str:
    """One line's words -> text; a space where the words had a gap (NFKC later drops CJK ones)."""
    return " ".join(w.text for w in words)


def join_wrapped(parts: list[str]) -> str:
    """Wrapped lines -> one text: no space at a wrap next to a CJK char, one space between Latin."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (_WIDE.match(out[-1]) or _WIDE.match(part[0])):
            out += " "
        out += part
    return out


# Glyph-to-Unicode quirks of CJK fonts: the katakana middle dot stands for the Chinese 间隔号.
GLYPH_FIX = str.maketrans({"\u30fb": "\u00b7"})


def join_words(words: list[Word]) -> str:
    """Words of a cell or block -> normalised text (NFKC, whitespace folded)."""
    if not words:
        return ""
    text = normalize_text(join_wrapped([join_line(line) for line in group_lines(words)])) or ""
    return text.translate(GLYPH_FIX)
