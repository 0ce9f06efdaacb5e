"""Aligning the paper copy's instance list with the online record's: by name (fuzzy), then by content.

Names are compared after folding (checks.textdiff.fold) so OCR noise does not break a match; what stays
unmatched is an instance dropped from or added to one side; matched pairs out of order are reordered.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from checks.textdiff import fold
from model.submission import Instance

NAME_MATCH = 75.0      # rapidfuzz ratio of folded names: same instance, possibly renamed by OCR noise
CONTENT_MATCH = 60.0   # second pass: texts of a renamed instance still agree


@dataclass(frozen=True)
class Alignment:
    """Matched (paper position, online position) pairs plus what only one side has."""

    pairs: list[tuple[int, int]]
    paper_only: list[int]
    online_only: list[int]
    reordered: list[tuple[int, int]]


def _key(text: str | None) -> str:
    """Name or text -> folded form ("" for None)."""
    return fold(text)[0] if text else ""


def _content(inst: Instance) -> str:
    """Instance -> folded text of its 附1 cells and narrative (for the second pass)."""
    return _key(" ".join(t for t in (inst.description, inst.solution, inst.results, inst.narrative) if t))[:1500]


def _greedy(scores: list[tuple[float, int, int]], threshold: float, used_p: set[int], used_o: set[int],
            pairs: list[tuple[int, int]]) -> None:
    """Scored candidate pairs -> best-first one-to-one assignment above threshold (in place)."""
    for score, i, j in sorted(scores, key=lambda t: (-t[0], t[1], t[2])):
        if score >= threshold and i not in used_p and j not in used_o:
            pairs.append((i, j))
            used_p.add(i)
            used_o.add(j)


def _out_of_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs sorted by paper position -> those outside the longest increasing run of online positions."""
    pairs = sorted(pairs)
    n = len(pairs)
    best = [1] * n
    prev = [-1] * n
    for k in range(n):
        for m in range(k):
            if pairs[m][1] < pairs[k][1] and best[m] + 1 > best[k]:
                best[k], prev[k] = best[m] + 1, m
    keep: set[int] = set()
    k = max(range(n), key=lambda x: best[x]) if n else -1
    while k >= 0:
        keep.add(k)
        k = prev[k]
    return [pairs[k] for k in range(n) if k not in keep]


def align_instances(paper: list[Instance], online: list[Instance]) -> Alignment:
    """Paper and online instance lists -> Alignment (name first, content second, the rest unmatched)."""
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_o: set[int] = set()
    pn = [_key(x.name) for x in paper]
    on = [_key(x.name) for x in online]
    _greedy([(fuzz.ratio(a, b), i, j) for i, a in enumerate(pn) for j, b in enumerate(on) if a and b],
            NAME_MATCH, used_p, used_o, pairs)
    rest_p = [i for i in range(len(paper)) if i not in used_p]
    rest_o = [j for j in range(len(online)) if j not in used_o]
    if rest_p and rest_o:
        pc = {i: _content(paper[i]) for i in rest_p}
        oc = {j: _content(online[j]) for j in rest_o}
        scores = []
        for i in rest_p:
            for j in rest_o:
                score = fuzz.ratio(pc[i], oc[j]) if pc[i] and oc[j] else 0.0
                # Same position and both without readable text: pair by index.
                if not pc[i] and not oc[j] and i == j:
                    score = 100.0
                scores.append((score, i, j))
        _greedy(scores, CONTENT_MATCH, used_p, used_o, pairs)
    return Alignment(
        pairs=sorted(pairs),
        paper_only=[i for i in range(len(paper)) if i not in used_p],
        online_only=[j for j in range(len(online)) if j not in used_o],
        reordered=_out_of_order(pairs),
    )
