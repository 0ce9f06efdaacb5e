"""Long texts in the outputs: shown capped, kept whole once.

A paper/online difference can quote a whole long text (an online export whose 企业简介 holds megabytes, a
narrative pasted twice). review.json keeps each mismatch's `paper` and `online` value whole — that is the one
full copy — and caps the `spans` fragments that repeat them; report.html and summary.xlsx show every text
capped at DISPLAY_CAP characters with a note saying how long it is and where the whole text is.
"""

from __future__ import annotations

from model import Mismatch, Submission

DISPLAY_CAP = 2_000   # characters; the longest form cell allows 3000 字, a difference fragment is far shorter


def cap_text(value: object, limit: int = DISPLAY_CAP, where: str = "review.json") -> object:
    """A value -> the same, or for a text over `limit` characters its beginning and a note (length, where the
    whole text is)."""
    if not isinstance(value, str) or len(value) <= limit:
        return value
    return f"{value[:limit]}……（共 {len(value):,} 字，此处只显示前 {limit:,} 字；全文见 {where}）"


def capped_mismatch(m: Mismatch, limit: int = DISPLAY_CAP) -> Mismatch:
    """Mismatch -> the same with paper, online and spans capped for display."""
    if not _long(m, limit):
        return m
    return m.model_copy(update={"paper": cap_text(m.paper, limit), "online": cap_text(m.online, limit),
                                "spans": [[str(cap_text(x, limit)) for x in pair] for pair in m.spans]})


def capped_spans(sub: Submission, limit: int = DISPLAY_CAP) -> Submission:
    """Submission -> the same with its mismatches' spans capped (review.json: paper/online stay whole, once)."""
    if not any(_long(m, limit) for m in sub.mismatches):
        return sub
    where = "本条差异的 paper / online"
    mismatches = [m.model_copy(update={"spans": [[str(cap_text(x, limit, where)) for x in pair] for pair in m.spans]})
                  for m in sub.mismatches]
    return sub.model_copy(update={"mismatches": mismatches})


def _long(m: Mismatch, limit: int) -> bool:
    """Mismatch -> True when one of its texts is over `limit` characters."""
    texts = [m.paper, m.online, *(x for pair in m.spans for x in pair)]
    return any(isinstance(t, str) and len(t) > limit for t in texts)
