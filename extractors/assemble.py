"""Pages read -> the Submission's fields, instances, seals and provenance (each stage guarded).

A stage that fails records an EXTRACTION_INCOMPLETE finding and the others still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from catalog.forms import TemplateDef
from catalog.reference import CatalogError, Form, available_years, default_year, reference_for
from extractors.annex_tables import tables_between
from extractors.annexes import integrators_from_rows, parse_providers, read_annexes
from extractors.cover import detect_type, extract_cover
from extractors.document_index import Document, build_document
from extractors.extraction_findings import incomplete
from extractors.fields import extract_table_fields
from extractors.instances import read_annex1, read_annex2
from extractors.narrative import split_narrative
from extractors.page import PageContent
from extractors.recognise import Recognised, not_a_declaration, recognise
from extractors.seal_places import find_places, match_seals
from extractors.sections import extract_sections, find_headings, section_lines
from model.submission import Fields, Finding, Instance, Submission
from model.values import parse_date, pick_yes_no

log = logging.getLogger(__name__)


def _guard(findings: list[Finding], what: str, fn: Callable[[], Any], default: Any) -> Any:
    """Run one stage; an exception becomes an EXTRACTION_INCOMPLETE finding and `default`."""
    try:
        return fn()
    except Exception as exc:  # boundary of a stage: report, never crash the file
        log.exception("stage %s failed", what)
        findings.append(incomplete(f"{what}未能提取，请人工核对。", detail=f"{type(exc).__name__}: {exc}"))
        return default


def form_for(year: int | None) -> Form:
    """Year -> the form edition its rule file names (the default year's when the catalog has no such year)."""
    return reference_for(year).form


def _links_for(year: int) -> frozenset[str]:
    """Year -> the guide's link names and their aliases (empty when the catalog has no guide)."""
    try:
        guide = reference_for(year).guide
    except CatalogError:
        return frozenset()
    return frozenset(n for link in guide.links for n in (link.name, *link.aliases))


def _to_fields(raw: dict[str, Any], findings: list[Finding]) -> Fields:
    """Raw dict -> Fields; a value that does not validate is dropped with a finding naming it."""
    clean = {k: v for k, v in raw.items() if not k.startswith("_")}
    try:
        return Fields.model_validate(clean)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors()}
        for key in sorted(bad):
            findings.append(incomplete(f"字段「{key}」的内容无法识别，请人工核对。", field=f"fields.{key}",
                                       detail=str(exc)[:300]))
        return Fields.model_validate({k: v for k, v in clean.items() if k not in bad})


def _match_annex2(instances: list[Instance], blocks: list) -> list[Instance]:
    """Instances + 附2 blocks -> instances with their lists (by fuzzy name, else by order)."""
    from rapidfuzz import fuzz

    out = []
    used: set[int] = set()
    for pos, inst in enumerate(instances):
        best = max(((fuzz.ratio(inst.name or "", b[0]), i) for i, b in enumerate(blocks) if i not in used),
                   default=(0.0, -1))
        i = best[1] if best[0] >= 70 else (pos if pos < len(blocks) and pos not in used else -1)
        if i >= 0:
            used.add(i)
            inst = inst.model_copy(update=blocks[i][2])
        out.append(inst)
    return out


def assemble(sub: Submission, pages: list[PageContent], *, year: int | None, name: str) -> Submission:
    """Submission with source + pages read -> Submission with fields, instances, seals, provenance."""
    findings = list(sub.findings)
    doc: Document = _guard(findings, "页面版面", lambda: build_document(pages), Document(pages=pages))
    first_form = form_for(year)  # the cover names the year when no year was given: read it with the default
    found = _guard(findings, "文件类型", lambda: recognise(doc, first_form, find_headings(
        doc, first_form, detect_type(doc, first_form))), None)
    if found is not None and not found.is_declaration(first_form):
        return sub.model_copy(update={"findings": [not_a_declaration(found, first_form, name)], "status": "error",
                                      "year": year})
    template = found.template if found is not None else None
    if template is not None:
        sub = sub.model_copy(update={"source": sub.source.model_copy(update={"template_year": template.year})})
    cover, cover_prov, cover_page = _guard(findings, "封面", lambda: extract_cover(doc, first_form), ({}, {}, 1))
    declared = parse_date(str(cover.get("declared_on") or "")) or ""
    year = year or _template_year(template) or (int(declared[:4]) if declared[:4].isdigit() else default_year())
    form = form_for(year)
    if form.edition != first_form.edition:
        cover, cover_prov, cover_page = _guard(findings, "封面", lambda: extract_cover(doc, form), ({}, {}, 1))
    dtype = _template_type(template, found) or detect_type(doc, form)
    headings = _guard(findings, "章节标题", lambda: find_headings(doc, form, dtype), [])
    first_heading = min((h.line.page for h in headings), default=doc.last_page)
    tf = _guard(findings, "基本信息表", lambda: extract_table_fields(doc, form, cover_page, first_heading), None)
    raw: dict[str, Any] = dict(cover)
    provenance = dict(cover_prov)
    if tf is not None:
        raw.update({k: v for k, v in tf.values.items() if k not in raw})
        provenance.update(tf.provenance)
        findings.extend(tf.findings)
        raw["integrators"] = [i.model_dump() for i in integrators_from_rows(
            tf.values.get("_integrators") or [], tf.values.get("_integrator_contacts"), form)]
        if "_sc_providers" in tf.values:
            sc = raw.setdefault("supply_chain", {})
            sc["providers"] = [i.model_dump() for i in parse_providers(tf.values.get("_sc_providers"), form)]
    if dtype in form.types and form.types[dtype].supply_chain and "smart_supply_chain" not in raw:
        raw["smart_supply_chain"] = _supply_chain_flag(doc, form)
    links = _links_for(year)
    instances, problems = _guard(findings, "附1 场景实例表", lambda: read_annex1(doc, headings, form, links), ([], []))
    for msg in problems:
        findings.append(incomplete(f"附1 {msg}，可能有行未读出，请人工核对。", field="instances"))
    blocks = _guard(findings, "附2 装备软件清单", lambda: read_annex2(doc, headings, form), [])
    instances = _match_annex2(instances, blocks)
    scene_section = form.instance_section.heading
    lines = section_lines(doc, headings, scene_section, form)
    instances, missing = _guard(findings, "场景实例正文", lambda: split_narrative(lines, instances, form),
                                (instances, []))
    for n in missing:
        findings.append(incomplete(f"正文中未找到场景实例「{n}」的小标题，该实例的正文字数未统计，请人工核对。",
                                   field="instances.narrative"))
    raw["sections"] = _guard(findings, "正文各部分", lambda: extract_sections(doc, headings, {scene_section}, form), {})
    raw["annexes"] = _guard(findings, "附3–附7 清单", lambda: read_annexes(doc, headings, form, dtype), {})
    fields = _to_fields(raw, findings)
    places = find_places(doc, cover_page, form)
    seals = _guard(findings, "印章", lambda: match_seals(places, {p.number: p for p in pages}), [])
    if not instances and not tables_between(doc, headings, form.annex_key(1)):
        # an empty 附1 table is a result (MIN_INSTANCES); a missing one is a reading problem
        findings.append(incomplete("未找到附1「场景实例描述」表格，场景实例未能读取，请人工核对附1。", field="instances"))
    return sub.model_copy(update={"year": year, "declaration_type": dtype, "fields": fields,
                                  "instances": instances, "seals": seals, "findings": findings,
                                  "provenance": provenance})


def _template_year(template: TemplateDef | None) -> int | None:
    """Recognised template -> its year when the catalog has rules for it (else the cover date decides; the
    checks then say that the template's year has no rules: TEMPLATE_YEAR)."""
    return template.year if template is not None and template.year in available_years() else None


def _template_type(template: TemplateDef | None, found: Recognised | None) -> str | None:
    """Recognised template + what was found -> the declaration type its title names (2021: one title per type)."""
    if template is None or found is None:
        return None
    return next((template.titles[t] for t in found.titles if template.titles.get(t)), None)


def _supply_chain_flag(doc: Document, form: Form) -> bool | None:
    """'是否申报智慧供应链相关内容（■是 □否）' (a free line or a cell) -> bool."""
    flag = form.supply_chain_flag
    texts = [ln.text for ln in doc.lines] + [c.text for t in doc.tables for c in t.cells]
    for text in texts:
        flat = text.replace(" ", "")
        if flag.label in flat:
            return pick_yes_no(flat.split(flag.after, 1)[-1].lstrip("（("))[0]
    return None
