"""Mark the differing fragments of a paper-versus-online pair so a report can highlight them."""

from __future__ import annotations

import difflib

from markupsafe import Markup, escape

from model import Mismatch


def _mark(text: str, fragments: list[str]) -> Markup:
    """Text + fragments -> escaped HTML with each fragment (found in order) wrapped in <mark>."""
    out: list[str] = []
    pos = 0
    for frag in fragments:
        if not frag:
            continue
        at = text.find(frag, pos)
        if at < 0:
            at = text.find(frag)
            if at < pos:
                continue
        out.append(str(escape(text[pos:at])))
        out.append(f"<mark>{escape(frag)}</mark>")
        pos = at + len(frag)
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
    paper = "" if m.paper is None else str(m.paper)
    online = "" if m.online is None else str(m.online)
    spans = m.spans
    if not spans and m.kind == "changed" and len(paper) + len(online) <= 2000:
        spans = _diff_fragments(paper, online)
    paper_frags = [s[0] for s in spans if s]
    online_frags = [s[1] for s in spans if len(s) > 1]
    return _mark(paper, paper_frags), _mark(online, online_frags)
