"""The *who* of a declaration: a seeded enterprise (name, code, place, people, size, money).

Everything here is consistent unless a defect later breaks it on purpose: size matches revenue,
ownership matches size, the credit code carries the region code and a valid check character.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from samples.credit import make_credit_code
from samples.industries import INDUSTRIES, Industry
from samples.regions import (
    EMAIL_HOSTS,
    GIVEN,
    MOBILE_PREFIXES,
    PLAN_CITIES,
    PROVINCES,
    ROADS,
    SURNAMES,
    TITLES,
)

BRAND_CHARS = "华晟恒瑞泰鑫达诚信宏远博创科力凯盛德隆新天宇通海峰明嘉益威航金鼎卓越联合安东方中立汇聚兴源鸿福润祥"
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "科技有限公司", "股份有限公司"]


@dataclass
class Company:
    """One enterprise as the generator knows it (more than the form shows)."""

    name: str
    short: str
    province: str
    city: str
    district: str
    area_code: str
    admin_code: str
    recommender: str
    address: str
    industry: Industry
    credit_code: str
    founded: str
    ownership: str
    size: str
    revenue: dict[str, float] = field(default_factory=dict)
    legal_rep: str = ""
    contact: str = ""


def person(rng: random.Random) -> str:
    """A seeded RNG -> a Chinese personal name."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def landline(rng: random.Random, area: str) -> str:
    """An area code -> a landline number such as 027-84561234."""
    digits = 7 if len(area) == 4 else 8
    return f"{area}-{rng.randint(2, 8)}{rng.randint(10 ** (digits - 2), 10 ** (digits - 1) - 1)}"


def mobile(rng: random.Random) -> str:
    """A seeded RNG -> an 11-digit mobile number."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"


def email(rng: random.Random) -> str:
    """A seeded RNG -> an e-mail address."""
    handle = rng.choice(["znzz", "xxzx", "info", "digital", "imo", "zhizao", "szh", "it", "office", "keji"])
    return f"{handle}{rng.randint(1, 9999)}@{rng.choice(EMAIL_HOSTS)}"


def _place(rng: random.Random) -> tuple[str, str, str, str, str, str]:
    """-> (province, city, district, area code, admin code, recommender)."""
    if rng.random() < 0.18:
        city, (prov, dept, admin, area, districts) = rng.choice(sorted(PLAN_CITIES.items()))
        return prov, city, rng.choice(districts), area, admin, dept
    prov = rng.choice(sorted(PROVINCES))
    _, dept, cities = PROVINCES[prov]
    city, admin, area, districts = rng.choice(cities)
    return prov, city, rng.choice(districts), area, admin, dept


def revenue_band(rules_bands: dict[str, tuple[float | None, float | None]], size: str) -> tuple[float, float]:
    """A size and the rule file's bands -> a (low, high) revenue range well inside the band (万元)."""
    lo, hi = rules_bands[size]
    low = (lo or 60) * 1.2
    high = (hi or 2_000_000 / 1.3) * 0.8 if hi else low * 40
    return low, high


def _sizes_for(dtype: str, rng: random.Random) -> str:
    """Declaration type -> a plausible enterprise size (factories are rarely small)."""
    if dtype == "示范工厂":
        return rng.choices(["大型企业", "中型企业", "小型企业"], [70, 27, 3])[0]
    return rng.choices(["大型企业", "中型企业", "小型企业", "微型企业"], [45, 40, 13, 2])[0]


def make_company(rng: random.Random, dtype: str, bands: dict[str, tuple[float | None, float | None]],
                 years: list[int], sector: str | None = None) -> Company:
    """Seeded RNG, type, the rule file's size bands and financial years -> a consistent Company."""
    prov, city, district, area, admin, rec = _place(rng)
    pool = [i for i in INDUSTRIES if sector is None or i.sector == sector]
    industry = rng.choice(pool)
    brand = "".join(rng.sample(BRAND_CHARS, 2))
    prov_word = prov.replace("壮族自治区", "").replace("自治区", "").removesuffix("省").removesuffix("市")
    city_word = city.removesuffix("市") if rng.random() < 0.6 else prov_word
    suffix = rng.choice(SUFFIXES)
    name = f"{city_word}{brand}{industry.trade}{suffix}"
    size = _sizes_for(dtype, rng)
    ownership = rng.choices(["中央企业", "地方国企", "民营企业", "三资企业"],
                            [25, 25, 40, 10] if size == "大型企业" else [3, 12, 75, 10])[0]
    low, high = revenue_band(bands, size)
    base = round(rng.uniform(low, min(high, low * 25)), 2)
    revenue = {}
    value = base
    for y in years:
        revenue[str(y)] = round(min(max(value, low), high), 2)
        value *= rng.uniform(1.0, 1.16)
    road = rng.choice(ROADS)
    address = f"{prov}{city}{district}{road}{rng.randint(1, 999)}号" if prov != city else f"{city}{district}{road}{rng.randint(1, 999)}号"
    founded_year = rng.randint(1958, 2016)
    return Company(
        name=name, short=f"{brand}{industry.trade}", province=prov, city=city, district=district, area_code=area,
        admin_code=admin, recommender=rec, address=address, industry=industry,
        credit_code=make_credit_code(rng, admin), founded=f"{founded_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        ownership=ownership, size=size, revenue=revenue, legal_rep=person(rng), contact=person(rng),
    )


def contact_title(rng: random.Random) -> str:
    """-> a contact person's job title."""
    return rng.choice(TITLES)
