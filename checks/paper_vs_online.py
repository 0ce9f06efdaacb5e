"""The paper copy against the online record (纸质版申报材料应与网上填报内容一致), field by field.

Compared: the fields the platform's export carries (catalog/data/online_columns.yaml), every metric and
financial cell, the integrators, and the instance lists (aligned by checks.align).
Severity: every short field (identity, contacts, choices, dates, numbers, metrics) and every dropped or
added instance is an error; in long texts a changed number is an error and a wording edit (a sentence
or a name added, removed or changed) is a warning; a reordered instance is a warning.
OCR noise: on pages read by OCR, short texts that differ only by OCR-confusable characters or one stray
character (and not in any digit) are the same; long texts go through checks.textdiff.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz.distance import Levenshtein

from catalog.online_columns import load_online_columns
from catalog.reference import Guide, available_years, load_reference
from checks.align import align_instances
from checks.finding_builder import field_page, instance_label, instance_page
from checks.identity import clean_credit_code
from checks.normalize import canonical_text, is_blank, same_value
from checks.textdiff import diff_long_text, fold
from classifiers.names import normalize_label
from extractors.online_json import unreadable_paths
from extractors.page_findings import unread_pages
from model.submission import Instance, Mismatch, Submission

LONG_FIELDS = {"fields.company_intro", "fields.project_summary", "fields.other_metrics"}
LONG_INSTANCE_FIELDS = ("description", "pain_points", "solution", "safeguards", "results", "other", "economics",
                        "narrative")
SHORT_INSTANCE_FIELDS = ("declared_link", "declared_scene", "name")
_SKIP_FIELDS = {"declaration_type", "fields.integrators"}
# Words whose loss changes an enterprise's identity (有限公司 -> 股份有限公司 is another company form).
# The names that say who declares: on OCR pages a one-character difference in them is read again, not
# taken for noise (a real look-alike edit 盛鸿 -> 晟鸿 names another enterprise). Other short texts keep
# the OCR tolerance: a re-read confirms a consistent misreading (选代 for 迭代) as readily as an edit.
NAME_FIELDS = ("fields.company_name", "fields.applicant")
IDENTITY_WORDS = ("股份", "集团", "控股", "有限", "责任", "分公司")
# Form labels printed next to a value that OCR reads into it: (盖章) after 申报单位 and 推荐单位.
_SEAL_LABEL = re.compile(r"[(（]?\s*盖\s*章\s*[)）]?")
ROW_DIFFERS = 4   # this many differing cells in one instance make one "whole row" mismatch
OCR_MIN_EDIT = 3
TEXT_MIN_EDIT = 2
_FIN_KEYS = ("total_assets", "debt_ratio", "revenue", "profit_margin")
Scalar = str | float | int | bool | None


def _get(obj: Any, path: str) -> Any:
    """Object + dotted path ("fields.legal_rep.name") -> the value, or None when any step is missing."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
    return obj


def _scalar(value: Any) -> Scalar:
    """Model value -> a Mismatch-friendly scalar."""
    return value if isinstance(value, str | float | int | bool) or value is None else str(value)


def is_ocr_page(paper: Submission, page: int | None) -> bool:
    """Paper copy + page -> True when that page's text came from OCR (or the whole copy is a scan)."""
    if paper.source.kind == "scanned":
        return True
    return page is not None and page in paper.source.ocr_pages


def same_short_text(paper: Scalar, online: Scalar, *, noisy: bool) -> bool:
    """Two short values -> equal after normalisation. On OCR pages also when they differ by one stray character
    in 12 (one in 8 when no legal-form word is touched), or when the paper text is the online text with
    characters lost (see ocr_loss) — never in a digit."""
    if same_value(paper, online):
        return True
    if not noisy or not isinstance(paper, str) or not isinstance(online, str):
        return False
    a, b = fold(paper)[0], fold(online)[0]
    if a == b:
        return True
    digits_a, digits_b = [c for c in a if c.isdigit()], [c for c in b if c.isdigit()]
    if digits_a != digits_b:
        return False
    distance = Levenshtein.distance(a, b)
    if len(a) < len(b) and distance == len(b) - len(a) and ocr_loss(a, b):
        return True
    if len(b) < 6:
        return False
    # OCR misreads a character or two in a long name; an edit of a legal-form word is never such noise.
    return distance <= max(1, len(b) // 12) or (distance <= len(b) // 8 and not _touches_identity(b, a))


def _touches_identity(online: str, paper: str) -> bool:
    """Folded online and paper texts -> True when the characters the edit changes (on either side) spell a
    word naming a legal form (股份, 集团 …)."""
    changed = []
    for op in Levenshtein.editops(online, paper):
        if op.tag in ("delete", "replace"):
            changed.append(online[op.src_pos])
        if op.tag in ("insert", "replace"):
            changed.append(paper[op.dest_pos])
    text = "".join(changed)
    return any(all(ch in text for ch in word) for word in IDENTITY_WORDS)


def ocr_loss(paper: str, online: str) -> bool:
    """Folded paper text that is the online text with characters deleted -> True when that looks like OCR
    loss (under a seal, at a cell edge): the paper keeps its beginning and at least half (a truncated end),
    or keeps 60 % and lost no word that names a legal form (股份, 集团 … : dropping those is a real change)."""
    if online.startswith(paper) and len(paper) >= 0.5 * len(online):
        return True
    if len(paper) < 0.6 * len(online):
        return False
    lost = "".join(online[op.src_pos] for op in Levenshtein.editops(online, paper) if op.tag == "delete")
    return not any(word in lost or all(ch in lost for ch in word) for word in IDENTITY_WORDS)


def _compare_value(path: str, paper: Any, online: Any, page: int | None, noisy: bool, long: bool,
                   unread: bool = False, guide: Guide | None = None, tentative: bool = False) -> list[Mismatch]:
    """One field on both sides -> [] or the mismatches it produces.

    `unread`: a blank paper value means "not read" rather than "left empty" (the field has an
    EXTRACTION_INCOMPLETE finding, or it lies on an OCR page): no missing_in_paper then.
    `tentative`: on OCR pages also return the two-character wording edits of long texts, as a separate
    warning with status "tentative", for checks.ocr_verify to confirm or drop.
    """
    if is_blank(paper) and is_blank(online):
        return []
    if is_blank(paper) and unread:
        return []
    if is_blank(paper):
        return [Mismatch(field=path, paper=None, online=_scalar(online), kind="missing_in_paper", page=page)]
    if is_blank(online):
        return [Mismatch(field=path, paper=_scalar(paper), online=None, kind="missing_online", page=page)]
    if long and isinstance(paper, str) and isinstance(online, str):
        # Text read by OCR carries scattered one-character errors; a text layer does not, so a two-character
        # edit ("公司" -> "企业") is already a real one there.
        diffs = diff_long_text(paper, online, min_weight=TEXT_MIN_EDIT if tentative or not noisy else OCR_MIN_EDIT)
        weak = [d for d in diffs if noisy and not d.numeric and d.run < OCR_MIN_EDIT and d.weight <= OCR_MIN_EDIT]
        sure = [d for d in diffs if d not in weak]
        out = []
        if sure:
            severity = "error" if any(d.numeric for d in sure) else "warning"
            out.append(Mismatch(field=path, paper=sure[0].paper, online=sure[0].online, kind="changed",
                                severity=severity, page=page, spans=[[d.paper, d.online] for d in sure]))
        if weak:
            out.append(Mismatch(field=path, paper=weak[0].paper, online=weak[0].online, kind="changed",
                                severity="warning", page=page, spans=[[d.paper, d.online] for d in weak],
                                status="tentative"))
        return out
    if guide is not None and path.endswith(("declared_link", "declared_scene")) and noisy and same_label(path, paper, online, guide):
        return []
    if path == "fields.credit_code" and clean_credit_code(paper) == clean_credit_code(online):
        return []
    if path in ("fields.applicant", "fields.recommender") and isinstance(paper, str):
        paper = _SEAL_LABEL.sub("", paper)
    if same_short_text(_scalar(paper), _scalar(online), noisy=noisy):
        return _lookalike_edit(path, paper, online, page) if tentative and noisy and path in NAME_FIELDS else []
    return [Mismatch(field=path, paper=_scalar(paper), online=_scalar(online), kind="changed", page=page)]


def _lookalike_edit(path: str, paper: Any, online: Any, page: int | None) -> list[Mismatch]:
    """A short text the OCR tolerance calls equal but that differs by a character or two -> one tentative
    mismatch whose spans a second reading confirms (a real one-character name change, 盛鸿 -> 晟鸿) or drops
    (OCR noise). Without a second reading it stays unreported, as before."""
    if not isinstance(paper, str) or not isinstance(online, str) or same_short_text(paper, online, noisy=False):
        return []
    spans = [[d.paper, d.online] for d in diff_long_text(paper, online, min_weight=1)]
    if not spans:
        return []
    return [Mismatch(field=path, paper=paper, online=online, kind="changed", page=page, spans=spans,
                     severity="warning", status="tentative")]


def _field_paths(paper: Submission, online: Submission) -> list[str]:
    """Both records -> the Fields paths to compare (export columns, metrics, financial cells)."""
    cols = load_online_columns()
    paths = [p for p in cols.submission_columns.values() if p not in _SKIP_FIELDS]
    for key in sorted(set(paper.fields.metrics) | set(online.fields.metrics)):
        paths.append(f"fields.metrics.{key}")
    for year in sorted(set(paper.fields.financials) | set(online.fields.financials)):
        paths.extend(f"fields.financials.{year}.{k}" for k in _FIN_KEYS)
    return paths


def _integrators(sub: Submission) -> str:
    """Submission -> its integrator names joined by "；" (order kept)."""
    return "；".join(x.name for x in sub.fields.integrators)


def unread_fields(paper: Submission) -> frozenset[str]:
    """Paper copy -> field paths named by its EXTRACTION_INCOMPLETE findings."""
    return frozenset(f.field for f in paper.findings if f.rule == "EXTRACTION_INCOMPLETE" and f.field)


def blank_means_unread(paper: Submission, path: str, page: int | None, unread: frozenset[str]) -> bool:
    """Paper copy + field -> True when a blank value there is a reading failure, not an empty cell: the field
    has an EXTRACTION_INCOMPLETE finding, or it sits on an OCR page (or was not located in a copy with OCR
    pages), or it is on a page not (fully) read or on no page of a copy with such pages. The platform prints
    what was filled online, so on a scan a blank is far likelier OCR loss."""
    if any(path == u or path.startswith((u + ".", u + "[")) for u in unread) or is_ocr_page(paper, page):
        return True
    lost = unread_pages(paper.findings)   # pages lost, damaged or not reached: a blank there was not read
    if lost and (page is None or page in lost):
        return True
    return page is None and bool(paper.source.ocr_pages)


def _guide(year: int | None) -> Guide:
    """Call year -> the guide its rules use (the newest year's when unknown)."""
    years = available_years()
    return load_reference(year if year in years else max(years)).guide


def same_label(path: str, paper: Any, online: Any, guide: Guide) -> bool:
    """Declared link/scene texts -> True when both name the same guide entry (tolerates OCR typos)."""
    if path.endswith("declared_link"):
        a, b = normalize_label(str(paper), None, guide).link, normalize_label(str(online), None, guide).link
    else:
        a, b = normalize_label(None, str(paper), guide).scene, normalize_label(None, str(online), guide).scene
    return a is not None and a == b


def compare_fields(paper: Submission, online: Submission, tentative: bool = False) -> list[Mismatch]:
    """Paper and online records -> mismatches of the submission-level fields."""
    out: list[Mismatch] = []
    unread = unread_fields(paper)
    unreadable = unreadable_paths(online)
    for path in _field_paths(paper, online):
        if _under(path, unreadable):   # the export's cell held no value of its kind: said once, not compared
            continue
        page = field_page(paper, path)
        out.extend(_compare_value(path, _get(paper, path), _get(online, path), page, is_ocr_page(paper, page),
                                  path in LONG_FIELDS, blank_means_unread(paper, path, page, unread),
                                  tentative=tentative))
    a, b = _integrators(paper), _integrators(online)
    if not _under("fields.integrators", unreadable) and sorted(canonical_text(x) for x in a.split("；")) != sorted(canonical_text(x) for x in b.split("；")):
        page = field_page(paper, "fields.integrators")
        out.extend(_compare_value("fields.integrators", a, b, page, is_ocr_page(paper, page), False))
    return out


def _under(path: str, paths: frozenset[str]) -> bool:
    """Field path + paths -> True when the path is one of them or lies inside one."""
    return any(path == p or path.startswith((p + ".", p + "[")) for p in paths)


def compare_instance(paper: Submission, i: int, online: Instance, tentative: bool = False) -> list[Mismatch]:
    """Paper instance i and its online counterpart -> mismatches of its cells and narrative."""
    inst = paper.instances[i]
    out: list[Mismatch] = []
    unread = unread_fields(paper)
    guide = _guide(paper.year)
    for key in SHORT_INSTANCE_FIELDS + LONG_INSTANCE_FIELDS:
        page = instance_page(paper, i, key)
        path = f"instances[{i}].{key}"
        out.extend(_compare_value(path, getattr(inst, key), getattr(online, key), page, is_ocr_page(paper, page),
                                  key in LONG_INSTANCE_FIELDS, blank_means_unread(paper, path, page, unread), guide,
                                  tentative))
    weak = [m for m in out if m.status == "tentative"]
    sure = [m for m in out if m.status != "tentative"]
    if len(sure) >= ROW_DIFFERS:
        return [_whole_row(paper, i, online, sure)]
    return sure + weak


def _whole_row(paper: Submission, i: int, online: Instance, parts: list[Mismatch]) -> Mismatch:
    """Many differing cells of one instance -> one mismatch for the whole row, every cell in `spans`.

    When most cells of a row differ, the officer has one thing to check (a row edited, or two rows read as
    one), not ten; the spans still list each cell side by side, prefixed with the form's label.
    """
    spans = []
    for m in parts:
        label = instance_label(m.field.rsplit(".", 1)[1])
        for a, b in m.spans or [[str(m.paper) if m.paper is not None else "（空）",
                                 str(m.online) if m.online is not None else "（空）"]]:
            spans.append([f"{label}：{a}", f"{label}：{b}"])
    return Mismatch(field=f"instances[{i}]", paper=paper.instances[i].name, online=online.name, kind="changed",
                    severity="error", page=instance_page(paper, i), spans=spans)


def compare_instances(paper: Submission, online: Submission, tentative: bool = False) -> list[Mismatch]:
    """Paper and online instance lists -> dropped, added, reordered instances and per-instance differences."""
    al = align_instances(paper.instances, online.instances)
    out: list[Mismatch] = []
    for i, j in al.pairs:
        out.extend(compare_instance(paper, i, online.instances[j], tentative))
    for i, j in al.reordered:
        out.append(Mismatch(field=f"instances[{i}].index", paper=i + 1, online=j + 1, kind="changed",
                            severity="warning", page=instance_page(paper, i)))
    for i in al.paper_only:
        out.append(Mismatch(field=f"instances[{i}]", paper=paper.instances[i].name or f"场景实例{i + 1}",
                            online=None, kind="missing_online", page=instance_page(paper, i)))
    annex_page = next((x.page for x in paper.instances if x.page), None)
    for j in al.online_only:
        out.append(Mismatch(field="instances", paper=None, kind="missing_in_paper", page=annex_page,
                            online=f"第{j + 1}个场景实例「{online.instances[j].name or ''}」"))
    return out


def compare_type(paper: Submission, online: Submission) -> list[Mismatch]:
    """Paper copy + online record -> a mismatch when their 申报类型 differ (both known)."""
    if paper.declaration_type and online.declaration_type and paper.declaration_type != online.declaration_type:
        page = field_page(paper, "declaration_type") or 1
        return [Mismatch(field="declaration_type", paper=paper.declaration_type, online=online.declaration_type,
                         kind="changed", page=page)]
    return []


def compare_paper_online(paper: Submission, online: Submission, *, tentative: bool = False) -> list[Mismatch]:
    """Paper copy + online record -> every difference, with the page of the paper copy.

    `tentative=True` (the review flow, which then calls checks.ocr_verify.verify_mismatches) also returns the
    two-character wording edits on OCR pages, with status "tentative", for a second reading to confirm.
    """
    instances = [] if "instances" in unreadable_paths(online) else compare_instances(paper, online, tentative)
    return compare_type(paper, online) + compare_fields(paper, online, tentative) + instances
