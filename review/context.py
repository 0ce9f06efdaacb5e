"""What a review needs from outside its stages, passed in instead of fetched inside (DESIGN.md §7).

flows/ builds a ReviewContext from the command line (RunConfig) and the case library; an eval builds one
from its truth. The stages in review/ read nothing else: no library is opened, no holder list looked up
and no page OCR'd twice behind the caller's back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.page_store import PageStore
from model.submission import Submission

# call year of a declaration -> the (统一社会信用代码, 企业名称) of earlier official 示范工厂揭榜单位 lists
Holders = Callable[[int | None], Sequence[tuple[str, str]]]


Similar = Callable[[Submission], dict[str, list[dict[str, Any]]]]

# a submission -> the officer's decisions on its findings, by finding key rule|field|page ({decision, reason,
# decided_at, earlier_version, rule, field}; flows: library.decisions_for)
Decisions = Callable[[Submission], Mapping[str, Mapping[str, Any]]]


@dataclass(frozen=True)
class ReviewContext:
    """The settings and outside knowledge of one review (one batch)."""

    year: int | None = None                 # --year; None: each declaration's year from its 申报日期
    budget_s: float = 600.0                 # time budget of one file's extraction, seconds
    online: Path | None = None              # online records (JSON / XLSX / folder of PDFs); None: no comparison
    # earlier 示范工厂揭榜单位 by call year (flows: the case library; evals: their truth); None: rule not applied
    holders: Holders | None = None
    # case-library passages near each long text of a submission, {field path: hits} (flows: library.similar_passages)
    similar: Similar | None = None
    examples: tuple[tuple[str, str], ...] = ()   # reviewer-confirmed (text, scene) pairs for the scene mapper
    # officers' decisions (accepted / dismissed) made in the case library on earlier reviews; None: not applied
    decisions: Decisions | None = None
    pages: PageStore = field(default_factory=PageStore)   # what the OCR read on each page of this review


def fixed_holders(pairs: Sequence[tuple[str, str]]) -> Holders:
    """A holder list that does not depend on the call year (an eval's truth) -> a ReviewContext.holders."""
    frozen = tuple(pairs)
    return lambda _year: frozen
