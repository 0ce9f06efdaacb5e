"""The rule engine: every single-document rule of DESIGN.md §4 for one Submission and one call year."""

from __future__ import annotations

from collections.abc import Callable

from catalog.reference import Reference, available_years, load_rules
from checks.coverage import check_min_instances, check_min_links, check_supply_chain
from checks.dates import check_date_order
from checks.eligibility import check_accident, check_maturity
from checks.identity import check_credit_code
from checks.limits import check_field_limits, check_scene_limit
from checks.metrics import check_process_only_metrics, check_required_metrics
from checks.ocr_credit import reread_credit_code
from checks.ocr_evidence import LineSource
from checks.scenes import check_scenes
from checks.seal_presence import check_seals
from checks.size import check_size
from checks.template_year import check_template_year
from extractors.page_findings import unread_pages, unrendered_pages
from model.submission import Finding, Submission

Check = Callable[[Submission, Reference], list[Finding]]

# Order = the order an officer reads the declaration: identity, eligibility, form cells, coverage, scenes.
CHECKS: tuple[Check, ...] = (
    check_template_year,
    check_credit_code,
    check_date_order,
    check_size,
    check_accident,
    check_maturity,
    check_required_metrics,
    check_process_only_metrics,
    check_field_limits,
    check_scene_limit,
    check_min_instances,
    check_min_links,
    check_supply_chain,
    check_scenes,
    check_seals,
)


def check_submission(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission + the year's Reference -> findings of every single-document rule (rules set to None are skipped).

    A rule's conclusion is only reported when its evidence was read: a finding about a field the extractor
    could not read is dropped (its EXTRACTION_INCOMPLETE finding asks for a manual check), and when pages
    were lost, damaged or not reached, a finding that lies on such a page or on no page (a count, something
    absent) is withheld, named in one EXTRACTION_INCOMPLETE finding instead (checks.status: needs_review)."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(sub, ref))
    unread = [f.field for f in sub.findings if f.rule == "EXTRACTION_INCOMPLETE" and f.field]
    located = [_located(sub, f) for f in findings if f.rule in _KEEP_WHEN_UNREAD or not _about_unread(f, unread)]
    pages, unseen = unread_pages(sub.findings), unrendered_pages(sub.findings)
    if not pages and not unseen:
        return located
    kept = [f for f in located if not _on_unread(f, pages, unseen)]
    withheld = [f for f in located if f not in kept]
    return kept + ([withheld_finding(withheld, pages | unseen, ref)] if withheld else [])


# Rules judged on the page image (ink), not on its text: a page whose rendering failed has not been looked at.
_ON_IMAGES = {"SEAL_MISSING"}


def _on_unread(finding: Finding, pages: set[int], unseen: set[int]) -> bool:
    """Finding + pages not (fully) read + pages not rendered -> True when its evidence may lie on them: it is on
    such a page, or on no page while some page was not read (a count, something absent); a seal finding
    likewise for the pages whose image was not looked at."""
    if pages and (finding.page is None or finding.page in pages):
        return True
    return finding.rule in _ON_IMAGES and bool(unseen) and (finding.page is None or finding.page in unseen)


def withheld_finding(withheld: list[Finding], pages: set[int], ref: Reference) -> Finding:
    """Rule findings whose evidence may lie on pages not (fully) read + those pages -> the one
    EXTRACTION_INCOMPLETE finding that names the rules not concluded and why."""
    rules = sorted({f.rule for f in withheld})
    names = "、".join(f"{ref.rule_ids[r].title if r in ref.rule_ids else r}（{r}）" for r in rules)
    return Finding(rule="EXTRACTION_INCOMPLETE", severity="warning", page=min(pages),
                   message=f"第{_page_list(pages)}页未能完整读取或未能作为图像检查，以下检查的结论可能取决于这些页面，未作为问题报告："
                           f"{names}。请对照纸质申报书核对这些页面后再作判断。",
                   detail="rules_withheld: " + ",".join(rules), value=len(withheld))


def _page_list(pages: set[int]) -> str:
    """Pages -> 「3、5–8」 (runs joined by an en dash)."""
    runs: list[list[int]] = []
    for p in sorted(pages):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def check_and_reread(sub: Submission, ref: Reference, source: LineSource | None = None) -> Submission:
    """Submission -> the same with its single-document findings, as the review reports them: a credit code
    failing its check digit on a scanned page is read a second time first (checks.ocr_credit, on `source`
    or the submission's PDF), so that one misread character does not fail a valid declaration."""
    sub, found = reread_credit_code(sub, check_submission(sub, ref), source)
    return sub.model_copy(update={"findings": [*sub.findings, *found]})


# An empty 附1 is both "could not read any row" and "has no row": the officer should see both.
_KEEP_WHEN_UNREAD = {"MIN_INSTANCES"}


def _about_unread(finding: Finding, unread: list[str]) -> bool:
    """Finding + field paths the extractor could not read -> True when the finding judges such a field
    (its value is unknown, not wrong: the EXTRACTION_INCOMPLETE finding already asks for a manual check)."""
    path = finding.field or ""
    return any(path == u or path.startswith(u + ".") or path.startswith(u + "[") for u in unread)


def _located(sub: Submission, finding: Finding) -> Finding:
    """Finding -> the same with page and bbox from the field's provenance when it has none (for annotations)."""
    loc = sub.provenance.get(finding.field or "")
    if loc is None or (finding.bbox is not None and finding.page is not None):
        return finding
    return finding.model_copy(update={"page": finding.page or loc.page, "bbox": finding.bbox or loc.bbox})


def resolve_year(sub: Submission, year: int | None) -> int:
    """Submission + --year -> the call year: --year, else the year of the template the cover shows (its 附件
    number and title), else the year of 申报日期, else the newest rule year.

    A year is only taken from the document when its rule file knows the declaration type (2024 is the
    卓越级智能工厂 call): a 优秀场景 dated 2024-01 belongs to the latest earlier call that had 优秀场景
    (and its DATE_ORDER check then says it came after that call's deadline).
    """
    if year is not None:
        return year
    years = available_years()
    fitting = [y for y in years if sub.declaration_type is None or sub.declaration_type in load_rules(y).declaration_types]
    declared = int(sub.fields.declared_on[:4]) if sub.fields.declared_on else None
    for hint in (sub.source.template_year, declared, sub.year):
        if hint is None:
            continue
        if hint in fitting:
            return hint
        earlier = [y for y in fitting if y < hint]
        if earlier:
            return max(earlier)
    return max(fitting or years)
