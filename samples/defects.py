"""Planted rule violations: each function breaks one rule of DESIGN.md §4 on a clean Draft.

Limits come from the rule file. Defects that shape the instance list (MIN_LINKS, SUPPLY_CHAIN_LINK)
are chosen before the content is written (see content.pick_scenes callers in generate.py); the
rest edit the Draft here. SEAL_MISSING is returned as the roles the renderer must leave unstamped.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from catalog.reference import Reference
from model.text import count_chars
from samples.content import Draft
from samples.credit import break_credit_code
from samples.texts import narrative, over_limit
from samples.wording import Filler

UNKNOWN_SCENES = ["智能巡检运维", "数字化车间管理", "工业互联网平台应用", "智慧园区管理"]
UNKNOWN_LINKS = ["数字化管理", "智能服务", "生产运营"]


def _filler(rng: random.Random, d: Draft, i: int, ref: Reference) -> Filler:
    """-> a filler bound to instance i of the draft (its true scene's keywords)."""
    ind = d.company.industry
    scene = ref.guide.scenes[(d.true_scenes[i] if i < len(d.true_scenes) else 1) - 1]
    name = d.submission.instances[i].name if i < len(d.submission.instances) else ""
    return Filler(rng, {"product": list(ind.products), "step": list(ind.steps), "kw": scene.keywords[:6],
                        "kw2": scene.keywords[6:] or scene.keywords, "name": name or "", "pain": "效率低、质量不稳定"})


def limit_scene(rng: random.Random, d: Draft, ref: Reference) -> None:
    """LIMIT_SCENE_3000: one narrative over the year's limit."""
    limit = ref.rules.scene_description_limit or 3000
    i = rng.randrange(len(d.submission.instances))
    text = ""
    while count_chars(text) <= limit:
        text = narrative(rng, _filler(rng, d, i, ref), d.true_scenes[i], limit + rng.randint(80, 700), rng.choice(["report", "list", "plain"]))
    d.submission.instances[i].narrative = text


def limit_field(rng: random.Random, d: Draft, ref: Reference) -> None:
    """LIMIT_FIELD: one 附1 cell (or 企业简介) over its printed limit."""
    limits = ref.rules.field_limits or {}
    sub = d.submission
    if not sub.instances or rng.random() < 0.2:
        lim = limits["fields.company_intro"]
        sub.fields.company_intro = (sub.fields.company_intro or "") + over_limit(rng, _filler(rng, d, 0, ref), d.true_scenes[0] if d.true_scenes else 1, lim)[: lim]
        return
    i = rng.randrange(len(sub.instances))
    key = rng.choice(["description", "pain_points", "solution", "results"])
    setattr(sub.instances[i], key, over_limit(rng, _filler(rng, d, i, ref), d.true_scenes[i], limits[f"instances.{key}"]))


def min_instances(rng: random.Random, d: Draft, ref: Reference) -> None:
    """MIN_INSTANCES: an 优秀场景 with no instance at all."""
    d.submission.instances = []
    d.true_scenes = []


def required_metric(rng: random.Random, d: Draft, ref: Reference) -> None:
    """REQUIRED_METRIC: one * metric left empty."""
    d.submission.fields.metrics[rng.choice(ref.rules.required_metrics or [])] = None


def metric_not_applicable(rng: random.Random, d: Draft, ref: Reference) -> None:
    """METRIC_NOT_APPLICABLE: 先进过程控制投用率 filled by a non-原材料 enterprise."""
    for name, spec in (ref.rules.process_only_metrics or {}).items():
        if d.submission.fields.sector not in spec.applies_to_sectors:
            d.submission.fields.metrics[name] = round(rng.uniform(60, 95), 1)


def maturity(rng: random.Random, d: Draft, ref: Reference) -> None:
    """MATURITY_LEVEL: self-assessment below the minimum."""
    d.submission.fields.maturity_level = max(1, (ref.rules.maturity_min or 2) - 1)


def accident(rng: random.Random, d: Draft, ref: Reference) -> None:
    """ACCIDENT_DECLARED: 是 ticked with an accident name."""
    d.submission.fields.accident = True
    d.submission.fields.accident_name = rng.choice(["2021年仓库火灾事故", "2022年废水超标排放事件", "2020年起重伤害事故"])


def credit_code(rng: random.Random, d: Draft, ref: Reference) -> None:
    """CREDIT_CODE: wrong check character."""
    d.submission.fields.credit_code = break_credit_code(rng, d.submission.fields.credit_code or "")


def _shared_link_instance(rng: random.Random, d: Draft) -> int:
    """-> an instance whose declared link another instance also covers (editing it keeps link coverage)."""
    insts = d.submission.instances
    links = [i.declared_link for i in insts]
    shared = [n for n, x in enumerate(links) if links.count(x) > 1]
    return rng.choice(shared) if shared and d.submission.declaration_type == "示范工厂" else rng.randrange(len(insts))


def _link_is_shared(d: Draft, i: int) -> bool:
    """Whether instance i's declared link is also declared by another instance (or the type needs no coverage)."""
    links = [x.declared_link for x in d.submission.instances]
    return d.submission.declaration_type != "示范工厂" or links.count(links[i]) > 1


def scene_unknown(rng: random.Random, d: Draft, ref: Reference) -> None:
    """SCENE_UNKNOWN: a scene (or link) name that is not in the guide."""
    i = _shared_link_instance(rng, d)
    inst = d.submission.instances[i]
    if rng.random() < 0.7 or not _link_is_shared(d, i):
        inst.declared_scene = rng.choice(UNKNOWN_SCENES)
    else:
        inst.declared_link = rng.choice(UNKNOWN_LINKS)


def scene_not_in_link(rng: random.Random, d: Draft, ref: Reference) -> None:
    """SCENE_NOT_IN_LINK: the scene is real but the declared link is another one."""
    i = _shared_link_instance(rng, d)
    inst = d.submission.instances[i]
    scene = ref.guide.scene_by_name(inst.declared_scene or "")
    present = {x.declared_link for x in d.submission.instances}
    others = [x.name for x in ref.guide.links if (scene is None or x.number != scene.link)
              and (d.submission.declaration_type != "示范工厂" or x.name in present)]
    inst.declared_link = rng.choice(others)


def scene_content(rng: random.Random, d: Draft, ref: Reference) -> None:
    """SCENE_CONTENT_MISMATCH: declared (link, scene) valid but the text describes another scene."""
    i = _shared_link_instance(rng, d)
    true = ref.guide.scenes[d.true_scenes[i] - 1]
    if _link_is_shared(d, i):
        other = rng.choice([s for s in ref.guide.scenes if s.link != true.link])
    else:  # the only instance of its link: stay in the link so the factory keeps its coverage
        other = rng.choice([s for s in ref.guide.scenes if s.link == true.link and s.number != true.number])
    inst = d.submission.instances[i]
    inst.declared_link, inst.declared_scene = ref.guide.link(other.link).name, other.name


def date_order(rng: random.Random, d: Draft, ref: Reference) -> None:
    """DATE_ORDER: an end date before its start (or a declaration date after the call)."""
    f = d.submission.fields
    if rng.random() < 0.25:
        f.declared_on = rng.choice(["2023-09-26", "2023-10-09", "2023-06-30"])
    elif f.task_start and f.task_end:
        f.task_start, f.task_end = f.task_end, f.task_start
    elif f.scene_start and f.scene_end:
        f.scene_start, f.scene_end = f.scene_end, f.scene_start


def size(rng: random.Random, d: Draft, ref: Reference) -> None:
    """SIZE_INCONSISTENT: 企业类型 ticked against the revenue band."""
    f = d.submission.fields
    rev = f.financials[str(ref.rules.financial_years[-1])].revenue or 0
    wrong = [k for k, b in ref.rules.size_revenue_bands.items()
             if (b.min is not None and rev < b.min * 0.8) or (b.max is not None and rev >= b.max * 1.2)]
    f.size = rng.choice(wrong)


EDITS: dict[str, Callable[[random.Random, Draft, Reference], None]] = {
    "LIMIT_SCENE_3000": limit_scene, "LIMIT_FIELD": limit_field, "MIN_INSTANCES": min_instances,
    "REQUIRED_METRIC": required_metric, "METRIC_NOT_APPLICABLE": metric_not_applicable, "MATURITY_LEVEL": maturity,
    "ACCIDENT_DECLARED": accident, "CREDIT_CODE": credit_code, "SCENE_UNKNOWN": scene_unknown,
    "SCENE_NOT_IN_LINK": scene_not_in_link, "SCENE_CONTENT_MISMATCH": scene_content, "DATE_ORDER": date_order,
    "SIZE_INCONSISTENT": size,
}
# Decided before the content is written (they shape the instance list) or at rendering.
STRUCTURAL = {"MIN_LINKS", "SUPPLY_CHAIN_LINK", "SEAL_MISSING"}


def plant(rng: random.Random, d: Draft, ref: Reference, rules: list[str]) -> tuple[str, ...]:
    """Apply the edit of every rule id in `rules` -> seal roles the renderer must leave unstamped."""
    missing: list[str] = []
    needs_instances = {"LIMIT_SCENE_3000", "SCENE_UNKNOWN", "SCENE_NOT_IN_LINK", "SCENE_CONTENT_MISMATCH"}
    for rule in sorted(rules, key=lambda r: r == "MIN_INSTANCES"):  # emptying the list goes last
        if rule in needs_instances and not d.submission.instances:
            continue  # nothing to break; truth.py lists only what the document really has
        if rule == "SEAL_MISSING":
            missing.append(rng.choice(["applicant", "recommender", "company", "legal_rep"]))
        elif rule in EDITS:
            EDITS[rule](rng, d, ref)
        elif rule not in STRUCTURAL:
            raise ValueError(f"unknown planted rule {rule}")
    return tuple(missing)
