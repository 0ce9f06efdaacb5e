"""Batch- and library-level rules: ALREADY_DEMO_FACTORY and NEAR_DUPLICATE_TEXT (within the batch, and across
years from case-library lookups the flow makes; no database access here)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from catalog.reference import load_rule_ids
from checks.finding_builder import field_page, instance_page
from checks.identity import clean_credit_code
from checks.normalize import canonical_text
from checks.textdiff import fold
from model.submission import Finding, Severity, Submission

SHINGLE = 12          # characters per shingle when looking for shared passages
MIN_SHARED = 6        # shared shingles before two texts are compared in detail
RUN = 3               # consecutive near-identical windows that make a copied passage
COMPANY_MATCH = 95.0  # rapidfuzz ratio of canonical company names that counts as the same enterprise


def _severity(rule: str) -> Severity:
    """Rule id -> its default severity from rule_ids.yaml."""
    sev = load_rule_ids()[rule].severity
    return sev if sev in ("error", "warning", "info") else "error"  # type: ignore[return-value]


def check_already_demo_factory(sub: Submission, holders: Iterable[tuple[str, str]]) -> list[Finding]:
    """示范工厂 Submission + (credit_code, company_name) of earlier 揭榜单位 -> ALREADY_DEMO_FACTORY when it is one."""
    if sub.declaration_type != "示范工厂":
        return []
    code = clean_credit_code(sub.fields.credit_code)
    name = canonical_text(sub.fields.company_name or sub.fields.applicant or "")
    for holder_code, holder_name in holders:
        same_code = bool(code) and clean_credit_code(holder_code) == code
        same_name = bool(name) and bool(holder_name) and fuzz.ratio(name, canonical_text(holder_name)) >= COMPANY_MATCH
        if same_code or same_name:
            page = field_page(sub, "fields.credit_code" if same_code else "fields.company_name")
            how = f"统一社会信用代码 {holder_code}" if same_code else f"企业名称「{holder_name}」"
            return [Finding(
                rule="ALREADY_DEMO_FACTORY", severity=_severity("ALREADY_DEMO_FACTORY"),
                field="fields.credit_code" if same_code else "fields.company_name", page=page,
                value=sub.fields.credit_code if same_code else sub.fields.company_name, limit=holder_name,
                message=f"{'第' + str(page) + '页 ' if page else ''}申报单位「{sub.fields.company_name or ''}」与案例库中"
                        f"已承担示范工厂揭榜任务的单位（{how}）相同。按规则已承担示范工厂揭榜任务的主体不再重复申报，"
                        f"请核实后退回。",
            )]
    return []


def long_texts(sub: Submission, min_chars: int = 80) -> list[tuple[str, str, int | None]]:
    """Submission -> (field path, text, page) of every text long enough to hold a copied passage."""
    out: list[tuple[str, str, int | None]] = []
    for key in ("company_intro", "project_summary"):
        text = getattr(sub.fields, key)
        if text and len(text) >= min_chars:
            out.append((f"fields.{key}", text, field_page(sub, f"fields.{key}")))
    for i, inst in enumerate(sub.instances):
        for key in ("description", "pain_points", "solution", "results", "narrative"):
            text = getattr(inst, key)
            if text and len(text) >= min_chars:
                out.append((f"instances[{i}].{key}", text, instance_page(sub, i, key)))
    return out


def _owner(sub: Submission) -> str:
    """Submission -> the enterprise it belongs to (credit code, else company name, else its id)."""
    return clean_credit_code(sub.fields.credit_code) or canonical_text(sub.fields.company_name or "") or sub.submission_id


def _shared_passage(a: str, b: str, min_chars: int, threshold: float,
                    start: int = 0, stop: int | None = None) -> tuple[str, float] | None:
    """Two folded texts (+ the part of a to scan) -> (the longest passage of a nearly identical to part of b,
    its lowest window score) or None.

    Windows of min_chars characters step by half a window; a passage is RUN or more consecutive windows that
    each reach the threshold in b (so at least 2 × min_chars characters). Single 80-character windows are
    not enough: declarations written from the same phrase books share such sentences without copying.
    """
    step = max(1, min_chars // 2)
    stop = len(a) if stop is None else min(stop, len(a))
    run: list[float] = []
    start_of_run = start
    best: tuple[str, float] | None = None
    for pos in range(start, max(start + 1, stop - min_chars + 1), step):
        window = a[pos:pos + min_chars]
        if len(window) < min_chars:
            break
        score = fuzz.partial_ratio(window, b, score_cutoff=threshold * 100) / 100.0
        if score < threshold:
            run = []
            continue
        if not run:
            start_of_run = pos
        run.append(score)
        passage = a[start_of_run:pos + min_chars]
        if len(run) >= RUN and (best is None or len(passage) > len(best[0])):
            best = (passage, min(run))
    return best


def _regions(pos_a: list[int], min_chars: int) -> list[tuple[int, int]]:
    """Sorted positions of shared shingles in a -> (start, stop) spans dense enough to hold a copied passage."""
    out: list[tuple[int, int]] = []
    first = last = pos_a[0]
    for p in [*pos_a[1:], None]:
        if p is not None and p - last <= min_chars // 2:
            last = p
            continue
        if last + SHINGLE - first >= min_chars * 3 // 2:
            out.append((max(0, first - min_chars // 2), last + SHINGLE + min_chars // 2))
        if p is not None:
            first = last = p
    return out


def _copied(a: _Text, b: _Text, min_chars: int, threshold: float) -> tuple[str, float] | None:
    """Two indexed texts -> the longest nearly identical passage they share, looked for only where shared
    shingles are dense (in a) and only against the matching part of b."""
    shared = a.shingles.keys() & b.shingles.keys()
    pos_a = sorted(p for k in shared for p in a.shingles[k])
    if not pos_a:
        return None
    best: tuple[str, float] | None = None
    for lo, hi in _regions(pos_a, min_chars):
        keys = [k for k in shared if any(lo <= p < hi for p in a.shingles[k])]
        pos_b = [p for k in keys for p in b.shingles[k]]
        part_b = b.folded[max(0, min(pos_b) - 2 * min_chars):max(pos_b) + 2 * min_chars]
        hit = _shared_passage(a.folded, part_b, min_chars, threshold, lo, hi)
        if hit and (best is None or len(hit[0]) > len(best[0])):
            best = hit
    return best


@dataclass
class _Text:
    """One long text of the batch, folded, with its 12-character shingles and their positions."""

    sub: int
    path: str
    page: int | None
    folded: str
    shingles: dict[str, list[int]]


def check_near_duplicates(subs: list[Submission], min_chars: int = 80,
                          threshold: float = 0.9) -> dict[str, list[Finding]]:
    """Submissions of a batch -> NEAR_DUPLICATE_TEXT findings per submission id, for a passage of at least
    2 × min_chars folded characters whose every min_chars window is nearly identical (≥ threshold) to part of
    another enterprise's text."""
    texts: list[_Text] = []
    index: dict[str, set[int]] = defaultdict(set)
    for s, sub in enumerate(subs):
        for path, text, page in long_texts(sub, min_chars):
            folded = fold(text)[0]
            shingles: dict[str, list[int]] = defaultdict(list)
            for k in range(0, max(0, len(folded) - SHINGLE + 1), 3):
                shingles[folded[k:k + SHINGLE]].append(k)
            for key in shingles:
                index[key].add(len(texts))
            texts.append(_Text(s, path, page, folded, dict(shingles)))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in index.values():
        if len(members) > 20:   # boilerplate every declaration prints (form wording), not copying
            continue
        ordered = sorted(members)
        for x in range(len(ordered)):
            for y in range(x + 1, len(ordered)):
                shared[(ordered[x], ordered[y])] += 1
    out: dict[str, list[Finding]] = {sub.submission_id: [] for sub in subs}
    seen: set[tuple[int, str, int]] = set()
    owners = [_owner(sub) for sub in subs]
    for (ta, tb), count in sorted(shared.items()):
        a, b = texts[ta], texts[tb]
        sa, pa, pga, sb, pb, pgb = a.sub, a.path, a.page, b.sub, b.path, b.page
        if count < MIN_SHARED or owners[sa] == owners[sb]:
            continue
        hit = _copied(a, b, min_chars, threshold)
        if hit is None:
            continue
        for (me, path, page), (other, other_path) in (((sa, pa, pga), (sb, pb)), ((sb, pb, pgb), (sa, pa))):
            if (me, path, other) in seen:
                continue
            seen.add((me, path, other))
            o = subs[other]
            out[subs[me].submission_id].append(Finding(
                rule="NEAR_DUPLICATE_TEXT", severity=_severity("NEAR_DUPLICATE_TEXT"), field=path, page=page,
                value=f"{hit[0][:40]}…", limit=f"{o.submission_id}:{other_path}",
                message=f"{'第' + str(page) + '页 ' if page else ''}该段文字中约{len(hit[0])}字的段落与「"
                        f"{o.fields.company_name or o.submission_id}」申报书的相应段落相似度{hit[1]:.0%}。"
                        f"请核实是否抄袭或套用他人申报材料。",
                detail=f"shared with {o.submission_id} {other_path}",
            ))
    return out


def check_library_near_duplicates(sub: Submission, lookups: dict[str, list[dict[str, Any]]],
                                  min_chars: int = 80) -> list[Finding]:
    """Submission + case-library hits per field path (library `similar_passages` results for each text of
    `long_texts(sub)`) -> NEAR_DUPLICATE_TEXT for every passage another enterprise wrote in the library,
    naming that case and its year; our passage and theirs go in value and limit, side by side.

    Hits of the same enterprise (credit code or name) and of the same file are ignored.
    """
    pages = {path: page for path, _, page in long_texts(sub, min_chars)}
    me = _owner(sub)
    out: list[Finding] = []
    for path, hits in lookups.items():
        for hit in hits:
            theirs = clean_credit_code(hit.get("credit_code")) or canonical_text(hit.get("company") or "")
            if theirs == me or int(hit.get("chars") or 0) < min_chars:
                continue
            page = pages.get(path)
            year = f"{hit['year']}年" if hit.get("year") else ""
            where = f"案例 {hit.get('case_id')}" + (f"，场景实例 {hit['instance_index']}" if hit.get("instance_index") else "")
            out.append(Finding(
                rule="NEAR_DUPLICATE_TEXT", severity=_severity("NEAR_DUPLICATE_TEXT"), field=path, page=page,
                value=str(hit.get("text") or "")[:300], limit=str(hit.get("passage") or "")[:300],
                message=f"{'第' + str(page) + '页 ' if page else ''}该段文字中约{hit['chars']}字的段落与案例库中"
                        f"「{hit.get('company') or '未知企业'}」{year}{hit.get('declaration_type') or ''}申报书"
                        f"（{where}）的段落相似度{float(hit['similarity']):.0%}。请核实是否抄袭或套用他人申报材料。",
                detail=f"library case {hit.get('case_id')} year {hit.get('year')} {hit.get('kind')}",
            ))
            break  # one finding per text: the longest copied passage (hits come longest first)
    return out
