"""Chinese-aware tokens for the library's full-text index, and the officer's query syntax.

Index: every run of CJK characters becomes its overlapping character bigrams plus its last character
(so a one-character term is a prefix query that also finds a character at the end of a run); runs of
Latin letters and digits become lower-case words. The FTS5 table (unicode61 tokenizer) stores these
space-separated tokens, so a term of any length is an FTS5 phrase of consecutive tokens: one bm25 ranking
covers 1-, 2- and 3+-character terms (docs/library.md compares this with trigram + LIKE and jieba).

Query: terms separated by spaces or ，、,;；; "quoted phrases" (also “ ” and 「 」); -term excludes; OR
between two terms makes either one enough. Anything else is plain text: the parser never produces an
FTS5 syntax error because every token it emits is a quoted string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[A-Za-z0-9]+")
_SEPARATORS = re.compile(r"[\s，、,;；。]+")
_QUOTES = {"\"": "\"", "“": "”", "「": "」", "『": "』", "”": "”"}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def index_tokens(text: str | None) -> str:
    """Text -> the space-separated token string stored in the FTS5 index."""
    out: list[str] = []
    for run in _RUN.findall(_fold(text or "")):
        if run[0].isascii():
            out.append(run)
        else:
            out += map(str.__add__, run, run[1:])
            out.append(run[-1])
    return " ".join(out)


def term_expression(term: str) -> str | None:
    """One query term -> an FTS5 phrase matching it as a substring, or None when it has no letters or digits.

    The phrase is the term's own index tokens, except that a final CJK run of 2+ characters drops its
    last-character token (the text may continue the run) and a final 1-character run or Latin word
    becomes a prefix (the text may continue it).
    """
    term = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", _fold(term))  # as normalize_text does to the texts
    runs = [m.group() for m in _RUN.finditer(term)]
    if not runs:
        return None
    tokens = index_tokens(" ".join(runs)).split()
    last = runs[-1]
    if not last[0].isascii() and len(last) >= 2:
        tokens = tokens[:-1]
    prefix = last[0].isascii() or len(last) == 1
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


@dataclass
class Query:
    """A parsed query: groups of alternatives that must all match, and terms that must not."""

    groups: list[list[str]] = field(default_factory=list)  # AND of (OR of terms)
    excluded: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        """Every positive term (for snippets and highlighting)."""
        return [t for g in self.groups for t in g]

    def match(self) -> str | None:
        """-> the FTS5 MATCH expression of the positive part, or None when there is none."""
        ands = []
        for group in self.groups:
            alts = [e for e in (term_expression(t) for t in group) if e]
            if alts:
                ands.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        return " AND ".join(ands) or None

    def exclusion(self) -> str | None:
        """-> the FTS5 expression any excluded term matches, or None."""
        alts = [e for e in (term_expression(t) for t in self.excluded) if e]
        return " OR ".join(alts) or None


def _words(query: str) -> list[tuple[str, bool]]:
    """Query -> (word, quoted) in order: quoted phrases kept whole, the rest split at separators."""
    out: list[tuple[str, bool]] = []
    i, buf = 0, ""
    while i < len(query):
        ch = query[i]
        close = _QUOTES.get(ch)
        end = query.find(close, i + 1) if close else -1
        if close and end > i:
            out.extend((w, False) for w in _SEPARATORS.split(buf) if w)
            buf = ""
            prefix = "-" if out and out[-1] == ("-", False) else ""
            if prefix:
                out.pop()
            out.append((prefix + query[i + 1 : end].strip(), True))
            i = end + 1
            continue
        buf += ch
        i += 1
    out.extend((w, False) for w in _SEPARATORS.split(buf) if w)
    return [(w, q) for w, q in out if w.strip("-")]


def parse_query(query: str | None) -> Query:
    """Officer's query text -> Query (never raises; unknown syntax is plain text)."""
    q = Query()
    pending_or = False
    for word, quoted in _words(unicodedata.normalize("NFKC", query or "")):
        if not quoted and word.upper() in ("OR", "|"):
            pending_or = bool(q.groups)
            continue
        if not quoted and word.upper() == "AND":
            continue
        if word.startswith("-") and len(word) > 1:
            q.excluded.append(word[1:].strip())
            pending_or = False
            continue
        if pending_or:
            q.groups[-1].append(word)
        else:
            q.groups.append([word])
        pending_or = False
    return q


def plain_terms(query: str | None) -> list[str]:
    """Query -> its words as plain text (the fallback when a parsed query cannot be run)."""
    return [w for w in _SEPARATORS.split(unicodedata.normalize("NFKC", query or "")) if w]


_TAG_NOISE = re.compile(r"[\W_]+")
TAG_KINDS = {"year": "y", "region": "r", "industry": "i", "sector": "s", "type": "t", "status": "u", "link": "l",
             "scene": "c"}
STALE = "zold"  # the tag of a superseded version


@lru_cache(maxsize=4096)
def tag(kind: str, value: object) -> str:
    """Facet name + value -> the token the FTS `tags` column holds for it (letters and digits only; a few
    hundred distinct values, so cached)."""
    return TAG_KINDS[kind] + _TAG_NOISE.sub("", _fold(str(value)))


def tags_text(facets: dict[str, object], links: set[str], scenes: set[str], current: bool) -> str:
    """A passage's filter values -> the text of its `tags` column (declared, predicted and effective labels)."""
    out = [tag(k, v) for k, v in facets.items() if v not in (None, "")]
    out += [tag("link", v) for v in sorted(x for x in links if x)]
    out += [tag("scene", v) for v in sorted(x for x in scenes if x)]
    if not current:
        out.append(STALE)
    return " ".join(out)


def tag_expression(kind: str, value: object, *, prefix: bool = False) -> str | None:
    """A filter -> the FTS5 expression on the tags column, or None when the value has no letters or digits."""
    token = tag(kind, value)
    if len(token) <= 1:
        return None
    return f'tags : "{token}"' + ("*" if prefix else "")
