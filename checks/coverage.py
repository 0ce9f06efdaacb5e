"""Coverage of the guide: MIN_INSTANCES, MIN_LINKS (示范工厂) and SUPPLY_CHAIN_LINK (智慧供应链)."""

from __future__ import annotations

from catalog.reference import Reference
from checks.declared_links import link_number
from checks.finding_builder import field_page, make_finding, where
from model.submission import Finding, Submission


def _annex1_page(sub: Submission) -> int | None:
    """Submission -> page of the first 附1 row (where an officer counts instances and links)."""
    return next((inst.page for inst in sub.instances if inst.page), None)


def check_min_instances(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> MIN_INSTANCES when it lists fewer instances than the year's minimum for its type."""
    minimums = ref.rules.min_instances or {}
    need = minimums.get(sub.declaration_type or "")
    if need is None or len(sub.instances) >= need:
        return []
    page = _annex1_page(sub)
    return [make_finding(
        ref, "MIN_INSTANCES",
        f"{where(page)}{sub.declaration_type}申报书附1 场景实例明细共{len(sub.instances)}个，"
        f"{ref.rules.year}年规则要求至少{need}个。请申报单位补充场景实例。",
        field="instances", page=page, value=len(sub.instances), limit=need,
    )]


def covered_links(sub: Submission, ref: Reference) -> list[int]:
    """Submission -> sorted distinct guide link numbers its instances declare."""
    numbers = {link_number(inst, ref.guide) for inst in sub.instances}
    return sorted(n for n in numbers if n is not None)


def check_min_links(sub: Submission, ref: Reference) -> list[Finding]:
    """Factory-type (rules factory_types) Submission -> MIN_LINKS when its instances cover fewer distinct links than required."""
    need = ref.rules.min_links_factory
    if need is None or not ref.rules.is_factory(sub.declaration_type):
        return []
    links = covered_links(sub, ref)
    if len(links) >= need:
        return []
    names = "、".join(ref.guide.link(n).name for n in links) or "无"
    page = _annex1_page(sub)
    return [make_finding(
        ref, "MIN_LINKS",
        f"{where(page)}{sub.declaration_type}场景实例覆盖{len(links)}个环节（{names}），{ref.rules.year}年规则要求至少覆盖"
        f"{need}个环节（还差{need - len(links)}个）。请申报单位补充其他环节的场景实例。",
        field="instances", page=page, value=len(links), limit=need,
    )]


def check_supply_chain(sub: Submission, ref: Reference) -> list[Finding]:
    """智慧供应链 Submission -> SUPPLY_CHAIN_LINK when it has too few instances or no supply-chain link."""
    rule = ref.rules.supply_chain
    if rule is None or not ref.rules.is_factory(sub.declaration_type) or not sub.fields.smart_supply_chain:
        return []
    links = covered_links(sub, ref)
    chain = [n for n in links if n in rule.links]
    chain_names = "、".join(ref.guide.link(n).name for n in rule.links)
    problems = []
    if len(sub.instances) < rule.min_instances:
        problems.append(f"场景实例共{len(sub.instances)}个，申报智慧供应链时至少需要{rule.min_instances}个")
    if len(chain) < rule.min_supply_chain_links:
        problems.append(f"覆盖供应链环节（{chain_names}）{len(chain)}个，至少需要{rule.min_supply_chain_links}个")
    if not problems:
        return []
    page = field_page(sub, "fields.smart_supply_chain") or _annex1_page(sub)
    return [make_finding(
        ref, "SUPPLY_CHAIN_LINK",
        f"{where(page)}申报书勾选了「申报智慧供应链」，但{'；'.join(problems)}。请申报单位补充供应链环节的场景实例，"
        f"或取消智慧供应链申报。",
        field="instances", page=page, value=len(sub.instances),
        limit=rule.min_instances, detail=f"supply-chain links covered: {chain}",
    )]
