"""Ground truth of a generated declaration: every rule violation the paper copy really has.

`violations` re-derives the findings from the final Submission (not from the list of planted
defects), so that natural violations are listed too and a clean document has none. It is the
generator's own reading of DESIGN.md §4; the checks package implements the rules independently.
"""

from __future__ import annotations

from typing import Any

from catalog.reference import Reference
from model.submission import Submission
from model.text import count_chars
from samples.credit import is_valid_credit_code

FIELD_KEYS = ("description", "pain_points", "solution", "safeguards", "results", "other")


def _rule(rule: str, field: str | None, page: int | None) -> dict[str, Any]:
    """-> one planted_rules entry."""
    return {"rule": rule, "field": field, "page": page}


def _date_rules(sub: Submission, ref: Reference, placed: dict[str, int]) -> list[dict[str, Any]]:
    """DATE_ORDER: end before start, or the declaration date outside the call window."""
    f = sub.fields
    out = []
    for start, end, path in ((f.task_start, f.task_end, "fields.task_end"), (f.scene_start, f.scene_end, "fields.scene_end")):
        if start and end and end < start:
            out.append(_rule("DATE_ORDER", path, placed.get(path.replace("_end", "_start"))))
    win = ref.rules.call_window
    if f.declared_on and win.opens and win.recommend_deadline and not win.opens <= f.declared_on <= win.recommend_deadline:
        out.append(_rule("DATE_ORDER", "fields.declared_on", 1))
    return out


def _size_rule(sub: Submission, ref: Reference, placed: dict[str, int]) -> list[dict[str, Any]]:
    """SIZE_INCONSISTENT: the ticked size against the latest year's revenue band."""
    f = sub.fields
    years = [str(y) for y in ref.rules.financial_years]
    latest = next((f.financials[y].revenue for y in reversed(years) if y in f.financials and f.financials[y].revenue), None)
    band = ref.rules.size_revenue_bands.get(f.size or "")
    if latest is None or band is None:
        return []
    if (band.min is not None and latest < band.min) or (band.max is not None and latest >= band.max):
        return [_rule("SIZE_INCONSISTENT", "fields.size", placed.get("fields.size"))]
    return []


def _scene_rules(sub: Submission, ref: Reference, true_scenes: list[int], placed: dict[str, int]) -> list[dict[str, Any]]:
    """SCENE_UNKNOWN / SCENE_NOT_IN_LINK / SCENE_CONTENT_MISMATCH per instance."""
    guide = ref.guide
    out = []
    for i, inst in enumerate(sub.instances):
        page = placed.get(f"instances[{i}]")
        link = guide.link_by_name(inst.declared_link or "")
        scene = guide.scene_by_name(inst.declared_scene or "")
        if (link is None and inst.declared_link != "其他") or (scene is None and inst.declared_scene != "其他"):
            out.append(_rule("SCENE_UNKNOWN", f"instances[{i}].declared_scene" if link else f"instances[{i}].declared_link", page))
            continue
        if link and scene and scene.link != link.number:
            out.append(_rule("SCENE_NOT_IN_LINK", f"instances[{i}].declared_scene", page))
            continue
        if scene and i < len(true_scenes) and true_scenes[i] != scene.number:
            out.append(_rule("SCENE_CONTENT_MISMATCH", f"instances[{i}].narrative", placed.get(f"instances[{i}].narrative", page)))
    return out


def _coverage_rules(sub: Submission, ref: Reference, placed: dict[str, int]) -> list[dict[str, Any]]:
    """MIN_INSTANCES, MIN_LINKS and SUPPLY_CHAIN_LINK."""
    rules, guide = ref.rules, ref.guide
    out = []
    dtype = sub.declaration_type or ""
    min_inst = (rules.min_instances or {}).get(dtype)
    if dtype == "优秀场景" and min_inst and len(sub.instances) < min_inst:
        out.append(_rule("MIN_INSTANCES", "instances", None))
    if dtype != "示范工厂":
        return out
    links = {guide.link_by_name(i.declared_link or "").number for i in sub.instances  # type: ignore[union-attr]
             if guide.link_by_name(i.declared_link or "")}
    page = placed.get("instances[0]")
    if rules.min_links_factory and len(links) < rules.min_links_factory:
        out.append(_rule("MIN_LINKS", "instances", page))
    sc = rules.supply_chain
    if sub.fields.smart_supply_chain and sc and (len(sub.instances) < sc.min_instances or not links & set(sc.links)):
        out.append(_rule("SUPPLY_CHAIN_LINK", "instances", page))
    return out


def _field_rules(sub: Submission, ref: Reference, placed: dict[str, int]) -> list[dict[str, Any]]:
    """Limits, metrics, maturity, accident and credit code."""
    rules, f = ref.rules, sub.fields
    out = []
    limit = rules.scene_description_limit
    for i, inst in enumerate(sub.instances):
        if limit and count_chars(inst.narrative) > limit:
            out.append(_rule("LIMIT_SCENE_3000", f"instances[{i}].narrative", placed.get(f"instances[{i}].narrative")))
        for key in FIELD_KEYS:
            lim = (rules.field_limits or {}).get(f"instances.{key}")
            if lim and count_chars(getattr(inst, key)) > lim:
                out.append(_rule("LIMIT_FIELD", f"instances[{i}].{key}", placed.get(f"instances[{i}]")))
    for key in ("company_intro", "project_summary"):
        lim = (rules.field_limits or {}).get(f"fields.{key}")
        if lim and count_chars(getattr(f, key)) > lim:
            out.append(_rule("LIMIT_FIELD", f"fields.{key}", placed.get(f"fields.{key}")))
    for m in rules.required_metrics or []:
        if f.metrics.get(m) is None:
            out.append(_rule("REQUIRED_METRIC", f"fields.metrics.{m}", placed.get(f"fields.metrics.{m}")))
    for m, spec in (rules.process_only_metrics or {}).items():
        if f.metrics.get(m) is not None and f.sector not in spec.applies_to_sectors:
            out.append(_rule("METRIC_NOT_APPLICABLE", f"fields.metrics.{m}", placed.get(f"fields.metrics.{m}")))
    if sub.declaration_type == "示范工厂" and rules.maturity_min and (f.maturity_level or 0) < rules.maturity_min:
        out.append(_rule("MATURITY_LEVEL", "fields.maturity_level", placed.get("fields.maturity_level")))
    if rules.accident_disqualifies and f.accident:
        out.append(_rule("ACCIDENT_DECLARED", "fields.accident", placed.get("fields.accident")))
    if not is_valid_credit_code(f.credit_code):
        out.append(_rule("CREDIT_CODE", "fields.credit_code", placed.get("fields.credit_code")))
    return out


def violations(sub: Submission, ref: Reference, true_scenes: list[int], placed: dict[str, int]) -> list[dict[str, Any]]:
    """A final paper Submission (with seals) -> every single-document rule violation it has, with pages."""
    out = _field_rules(sub, ref, placed)
    out += _coverage_rules(sub, ref, placed)
    out += _scene_rules(sub, ref, true_scenes, placed)
    out += _date_rules(sub, ref, placed)
    out += _size_rule(sub, ref, placed)
    for s in sub.seals:
        if not s.present:
            out.append(_rule("SEAL_MISSING", f"seals.{s.role}", s.page))
    return out


def doc_truth(sub: Submission, ref: Reference, true_scenes: list[int], placed: dict[str, int], style: str,
              extra_rules: list[dict[str, Any]], mismatches: list[dict[str, Any]], online: bool,
              variants: tuple[str, ...] = ()) -> dict[str, Any]:
    """Everything about one generated file -> its DocTruth dict (see docs/samples.md)."""
    guide = ref.guide
    rules = violations(sub, ref, true_scenes, placed) + extra_rules
    return {
        "file": sub.source.path, "kind": sub.source.kind, "style": style, "variants": sorted(variants),
        "pages": sub.source.pages,
        "submission": sub.model_dump(mode="json"),
        "true_scenes": [{"index": i, "link": guide.link(guide.scenes[s - 1].link).name, "scene": guide.scenes[s - 1].name}
                        for i, s in enumerate(true_scenes)],
        "planted_rules": rules, "planted_mismatches": mismatches, "online": online,
        "ocr_pages": sub.source.ocr_pages,
    }
