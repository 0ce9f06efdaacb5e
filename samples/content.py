"""The *what* of a declaration: a clean model.Submission built from a seeded enterprise.

`build_submission` returns the paper copy before any planted defect, plus what only the generator
knows (the enterprise, the true scene of each instance). Limits come from the rule file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from catalog.reference import Reference
from model.submission import (
    AnnexRow,
    Contact,
    Fields,
    Industry,
    Instance,
    Integrator,
    Person,
    PriorProject,
    Source,
    Submission,
    SupplyChain,
    YearFinancials,
)
from samples.content_parts import instance_items, make_metrics, prose, section_texts
from samples.enterprise import Company, contact_title, email, landline, make_company, mobile, person
from samples.texts import annex1_cells, narrative
from samples.wording import SUPPLIERS, Filler, scene_pools


@dataclass
class Draft:
    """A generated declaration before rendering: the Submission and the generator's private facts."""

    submission: Submission
    company: Company
    true_scenes: list[int]          # scene number the text of each instance describes


def _date(rng: random.Random, start: str, end: str) -> str:
    """Two ISO dates -> a random ISO date between them."""
    from datetime import date, timedelta
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return (a + timedelta(days=rng.randint(0, (b - a).days))).isoformat()


def pick_scenes(rng: random.Random, ref: Reference, dtype: str, supply_chain: bool, process: bool,
                count: int | None = None, few_links: bool = False) -> list[int]:
    """Type and flags -> the scene numbers of the instances (factories cover >= the rule's links).

    `few_links` (a planted MIN_LINKS) covers fewer links than the rule asks, with >= 8 instances.
    """
    guide = ref.guide
    allowed = [s for s in guide.scenes if process or s.number != 25]
    if dtype == "优秀场景":
        scene = rng.choice([s for s in allowed if s.link <= 13 or rng.random() < 0.3])
        return [scene.number] * (count or rng.choice([1, 1, 2, 3]))
    rules = ref.rules
    sc_links = set(rules.supply_chain.links if rules.supply_chain else [])
    need = max(rules.min_links_factory or 8, (rules.supply_chain.min_instances if supply_chain and rules.supply_chain else 0))
    n = max(count, need) if count else rng.randint(max(need, 8), 14)  # a count never undercuts the rules
    factory_links = [x.number for x in guide.links if x.number not in sc_links]
    k = rng.randint(8, min(n - (1 if supply_chain else 0), len(factory_links)))
    if few_links:
        k = rng.randint(5, (rules.min_links_factory or 8) - 1 - (1 if supply_chain else 0))
    links = rng.sample(factory_links, k)
    if supply_chain:
        links.append(rng.choice(sorted(sc_links)))
    while len(links) < n:
        links.append(rng.choice(links))
    out = []
    for link in links[:n]:
        options = [s.number for s in allowed if s.link == link and s.number not in out] or \
                  [s.number for s in allowed if s.link == link]
        out.append(rng.choice(options))
    out.sort(key=lambda s: (guide.scenes[s - 1].link, s))
    return out


def make_instances(rng: random.Random, ref: Reference, company: Company, scenes: list[int],
                   narrative_range: tuple[int, int]) -> list[Instance]:
    """Scene numbers -> Instances with 附1 cells, 附2 items and a narrative of the scene."""
    limits = ref.rules.field_limits or {}
    out: list[Instance] = []
    used_names: set[str] = set()
    for i, number in enumerate(scenes, start=1):
        scene = ref.guide.scenes[number - 1]
        kws = rng.sample(scene.keywords, min(len(scene.keywords), rng.randint(3, 5)))
        filler = Filler(rng, {"product": rng.choice(company.industry.products), "step": rng.choice(company.industry.steps),
                              "kw": kws[: len(kws) // 2 + 1], "kw2": kws[len(kws) // 2:], "name": "",
                              "pain": rng.choice(scene_pools()[number]["p"]).rstrip("。")})
        names = [filler.fill(t) for t in scene_pools()[number]["n"]]
        name = next((x for x in rng.sample(names, len(names)) if x not in used_names), names[0] + f"（{i}）")
        used_names.add(name)
        filler.base["name"] = name
        cells = annex1_cells(rng, filler, number, limits)
        register = rng.choice(["report", "list", "plain"])
        target = int(rng.triangular(narrative_range[0], narrative_range[1], narrative_range[0] + (narrative_range[1] - narrative_range[0]) * 0.3))
        text = narrative(rng, filler, number, target, register)
        items = instance_items(rng, company, scene.keywords)
        out.append(Instance(index=i, declared_link=ref.guide.link(scene.link).name, declared_scene=scene.name,
                            name=name, narrative=text, **cells, **items))
    return out


def _integrators(rng: random.Random, company: Company) -> list[Integrator]:
    """-> one to three 系统解决方案供应商 (or 自建)."""
    if rng.random() < 0.12:
        return [Integrator(name="自建")]
    return [Integrator(name=n, contact=person(rng), phone=mobile(rng))
            for n in rng.sample(SUPPLIERS, rng.randint(1, 3))]


def make_fields(rng: random.Random, ref: Reference, company: Company, dtype: str, supply_chain: bool,
                instances: list[Instance]) -> Fields:
    """Enterprise and instances -> the Fields of the cover and section 一 (clean, within limits)."""
    rules, form = ref.rules, ref.form
    window = rules.call_window
    declared = _date(rng, window.opens or "2023-07-28", window.online_deadline or "2023-08-31")
    fin = {}
    for y, rev in company.revenue.items():
        fin[y] = YearFinancials(total_assets=round(rev * rng.uniform(0.7, 2.2), 2),
                                debt_ratio=round(rng.uniform(22, 68), 2), revenue=rev,
                                profit_margin=round(rng.uniform(2.5, 16), 2))
    process = company.industry.sector == "原材料"
    limits = rules.field_limits or {}
    f = Fields(
        applicant=company.name, recommender=company.recommender, declared_on=declared, company_name=company.name,
        credit_code=company.credit_code, founded=company.founded, ownership=company.ownership, size=company.size,
        industry=Industry(category=company.industry.category, major=company.industry.major, middle=company.industry.middle),
        sector=company.industry.sector, factory_address=company.address, key_region=rng.random() < 0.35,
        legal_rep=Person(name=company.legal_rep, phone=landline(rng, company.area_code)),
        contact=Contact(name=company.contact, phone=landline(rng, company.area_code), title=contact_title(rng),
                        mobile=mobile(rng), fax=landline(rng, company.area_code), email=email(rng)),
        financials=fin, accident=False,
        company_intro=prose(rng, company, "intro", int(limits.get("fields.company_intro", 500) * rng.uniform(0.4, 0.95))),
        metrics=make_metrics(rng, form, process, dtype),
        other_metrics=rng.choice([None, "人均产值提升18%", "新产品产值率提高至35%", "员工满意度提升"]),
        integrators=_integrators(rng, company),
    )
    year_end = min(declared, "2023-06-30")
    if dtype == "优秀场景":
        start = _date(rng, "2019-03-01", "2021-12-31")
        f.project_name = instances[0].name if len(instances) == 1 else f"{company.short}{instances[0].declared_scene}场景"
        f.scene_start, f.scene_end = start, _date(rng, "2022-03-01", year_end)
        f.scene_investment = float(rng.randint(120, 6000))
    else:
        f.task_name = f"{company.short}{rng.choice(company.industry.products)}智能制造示范工厂"
        f.project_name = f.task_name
        f.task_subsector = company.industry.middle.removesuffix("制造")
        f.task_address = company.address
        f.task_start = _date(rng, "2018-06-01", "2021-06-30")
        f.task_end = _date(rng, "2022-06-01", year_end)
        f.task_investment = float(rng.randint(3000, 90000))
        f.project_summary = prose(rng, company, "summary",
                                  int(limits.get("fields.project_summary", 500) * rng.uniform(0.4, 0.95)))
        f.maturity_level = rng.choice([2, 3, 3, 3, 4])
        f.prior_national_pilot = PriorProject(flag=False)
        f.prior_benchmark = PriorProject(flag=False)
        flag = rng.random() < 0.3
        f.prior_provincial_pilot = PriorProject(flag=flag, name=f"{company.province}智能制造示范工厂" if flag else None)
        f.smart_supply_chain = supply_chain
        if supply_chain:
            f.supply_chain = SupplyChain(
                main_products="、".join(company.industry.products[:2]),
                partners="；".join(rng.sample(SUPPLIERS, 2)),
                partner_roles=f"上游提供原材料及零部件，下游负责{company.industry.products[0]}的销售与服务",
                providers=[Integrator(name=rng.choice(SUPPLIERS), contact=person(rng), phone=mobile(rng))],
                metrics={m.key: round(rng.uniform(3, 40), 1) for m in form.supply_chain_metrics},
                other_metrics=rng.choice([None, "供应链协同企业达到56家"]))
        f.annexes = _annexes(rng, company)
    f.sections = section_texts(rng, company, dtype, form.sections[dtype], instances)
    return f


def _annexes(rng: random.Random, company: Company) -> dict[str, list[AnnexRow]]:
    """-> 附3–附7 rows (optional lists: some stay empty)."""
    prod = company.industry.products[0]
    return {
        "technologies": [AnnexRow(name=f"{prod}{t}技术", params=f"精度±{rng.randint(1, 9)}μm；效率提升{rng.randint(10, 40)}%")
                         for t in rng.sample(["在线检测", "工艺优化", "柔性装配", "智能调度"], rng.randint(1, 3))],
        "equipment": [AnnexRow(name=f"{prod}{t}", params=f"节拍{rng.randint(20, 90)}s；定位精度±{rng.randint(1, 5)}mm")
                      for t in rng.sample(["自动装配线", "视觉检测工作站", "机器人焊接单元"], rng.randint(0, 2))],
        "software": [AnnexRow(name=f"{company.short}{t}", params=f"并发用户{rng.randint(100, 800)}；响应<{rng.randint(1, 3)}s")
                     for t in rng.sample(["生产管控平台", "质量大数据系统", "能源管理系统"], rng.randint(1, 2))],
        "standards": [AnnexRow(name=f"{prod}智能工厂数据采集规范", kind=rng.choice(["团标", "企标"]),
                               status=rng.choice(["已发布", "草案"]), params=f"T/{rng.choice(['CMIF', 'CAMS'])} {rng.randint(10, 300)}-2022")],
        "patents": [AnnexRow(name=f"一种{prod}{t}方法", kind=rng.choice(["发明", "实用新型", "软著"]), status=rng.choice(["已发布", "审查中"]),
                             params=f"ZL2021{rng.randint(10000000, 99999999)}.{rng.randint(0, 9)}")
                    for t in rng.sample(["缺陷检测", "参数优化", "物料追溯"], rng.randint(1, 3))],
    }


def build_submission(rng: random.Random, ref: Reference, stem: str, dtype: str, kind: str, supply_chain: bool,
                     narrative_range: tuple[int, int], count: int | None = None, sector: str | None = None,
                     few_links: bool = False, sc_scenes: bool | None = None) -> Draft:
    """Seeded RNG, reference data and a document spec -> a clean Draft (paper copy as it should be).

    `few_links` plants MIN_LINKS; `sc_scenes=False` with `supply_chain` plants SUPPLY_CHAIN_LINK.
    """
    bands = {k: (b.min, b.max) for k, b in ref.rules.size_revenue_bands.items()}
    company = make_company(rng, dtype, bands, [*map(int, ref.rules.financial_years)], sector)
    with_sc = supply_chain if sc_scenes is None else sc_scenes
    scenes = pick_scenes(rng, ref, dtype, with_sc, company.industry.process, count, few_links)
    instances = make_instances(rng, ref, company, scenes, narrative_range)
    fields = make_fields(rng, ref, company, dtype, supply_chain, instances)
    sub = Submission(submission_id=stem, year=ref.rules.year, declaration_type=dtype,  # type: ignore[arg-type]
                     source=Source(path=f"{stem}.pdf", sha256="", kind=kind),  # type: ignore[arg-type]
                     fields=fields, instances=instances)
    return Draft(submission=sub, company=company, true_scenes=scenes)
