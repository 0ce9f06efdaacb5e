"""Mark the differing fragments of a paper-versus-online pair so a report can highlight them.

Spans come from the comparer (checks/textdiff.py) as context strings, "…左侧上下文【差异】右侧上下文…",
or as bare fragments; both are located in the full text and wrapped in <mark>. An empty 【】 (text
present only in the other version) becomes a caret at the place where the other version has more.
"""

from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

from model import Mismatch

GAP = '<mark class="gap" title="另一版本此处有内容">‸</mark>'
_MARKED = re.compile(r"【(.*?)】", re.S)
WHOLE_BELOW = 0.6  # short values sharing less than this (difflib ratio) are marked as a whole


def as_text(value: object) -> str:
    """A compared value -> display text (None empty, booleans 是/否)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _parse(span: str) -> tuple[str, str, str]:
    """Span -> (left context, differing part, right context); a bare fragment has no context."""
    if "【" not in span or "】" not in span:
        return "", span, ""
    open_at, close_at = span.index("【"), span.rindex("】")
    if close_at < open_at:
        return "", span, ""
    return span[:open_at].lstrip("…"), span[open_at + 1 : close_at], span[close_at + 1 :].rstrip("…")


def _locate(text: str, span: str, start: int) -> tuple[int, int] | None:
    """Text + span + where to look from -> (start, end) of the span's differing part in text, or None."""
    left, diff, right = _parse(span)
    for probe, offset in ((left + diff + right, len(left)), (left + diff, len(left)), (diff + right, 0)):
        if not probe:
            continue
        at = text.find(probe, start)
        if at < 0:
            at = text.find(probe)
        if at >= 0:
            return at + offset, at + offset + len(diff)
    if diff:
        at = text.find(diff)
        return (at, at + len(diff)) if at >= 0 else None
    return None


def _render_markers(text: str) -> Markup:
    """Text already carrying the comparer's 【…】 markers -> HTML with each marked part in <mark>."""
    out: list[str] = []
    pos = 0
    for m in _MARKED.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        out.append(f"<mark>{escape(m.group(1))}</mark>" if m.group(1) else GAP)
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _mark(text: str, spans: list[str]) -> Markup:
    """Text + spans -> escaped HTML with each located differing part in <mark> (a caret when empty)."""
    if _MARKED.search(text) and any(span and span in text for span in spans):
        return _render_markers(text)  # the value is itself the comparer's excerpt
    found: list[tuple[int, int]] = []
    pos = 0
    for span in spans:
        if not span:
            continue
        hit = _locate(text, span, pos)
        if hit is None or any(a < hit[1] and hit[0] < b for a, b in found):
            continue
        found.append(hit)
        pos = hit[1]
    out: list[str] = []
    pos = 0
    for a, b in sorted(found):
        out.append(str(escape(text[pos:a])))
        out.append(f"<mark>{escape(text[a:b])}</mark>" if b > a else GAP)
        pos = b
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _diff_fragments(paper: str, online: str) -> list[list[str]]:
    """Two texts -> [[paper fragment, online fragment], …] of the places where they differ."""
    matcher = difflib.SequenceMatcher(None, paper, online, autojunk=False)
    return [[paper[i1:i2], online[j1:j2]] for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def highlight_pair(m: Mismatch) -> tuple[Markup, Markup]:
    """Mismatch -> (paper HTML, online HTML) with the differing fragments in <mark>.

    Uses the mismatch's own `spans` when the comparer gave them; otherwise diffs short values
    here (long texts without spans are shown unmarked rather than with a noisy character diff).
    """
    paper, online = as_text(m.paper), as_text(m.online)
    spans = m.spans
    if not spans and m.kind == "changed" and len(paper) + len(online) <= 2000:
        numbers = isinstance(m.paper, (int, float)) or isinstance(m.online, (int, float))
        similar = difflib.SequenceMatcher(None, paper, online, autojunk=False).ratio() >= WHOLE_BELOW
        spans = _diff_fragments(paper, online) if similar and not numbers else [[paper, online]]
    return _mark(paper, [s[0] for s in spans if s]), _mark(online, [s[1] for s in spans if len(s) > 1])
