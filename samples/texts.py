"""Text builders: 附1 cells, the section 二/三 narrative of an instance, company-level prose.

Texts are recombined from the scene pools (assets/scenes.yaml) and the generic pools (wording.py)
in several registers, so no two declarations read like one template. Every builder takes a target
length in 字 (count_chars) and stays within it unless asked to exceed it (planted defects).
"""

from __future__ import annotations

import random

from model.text import count_chars
from samples.wording import (
    CLOSERS,
    DETAIL,
    ECON,
    LIST_MARKS,
    METHOD,
    OPENERS,
    ORG,
    OTHER,
    RESULTS,
    Filler,
    scene_pools,
    sentence,
)


def _grow(rng: random.Random, filler: Filler, pools: list[list[str]], target: int, start: str = "") -> str:
    """Append filled sentences from the pools (round robin, no repeats) until about `target` 字."""
    text = start
    bags = [[t for t in rng.sample(p, len(p)) if t not in filler.used] for p in pools]
    i = 0
    while count_chars(text) < target and any(bags):
        bag = bags[i % len(bags)]
        i += 1
        if bag:
            template = bag.pop()
            filler.used.add(template)
            text += sentence(filler.fill(template))
    return text


def fit(text: str, limit: int) -> str:
    """Text -> the longest prefix ending at a sentence mark with at most `limit` 字."""
    if count_chars(text) <= limit:
        return text
    cut = ""
    for part in text.replace("。", "。\x00").replace("；", "；\x00").split("\x00"):
        if count_chars(cut + part) > limit:
            break
        cut += part
    return cut or text[:limit]


def annex1_cells(rng: random.Random, filler: Filler, scene: int, limits: dict[str, int]) -> dict[str, str]:
    """Scene number, filler and the rule file's cell limits -> the 附1 cells of one instance."""
    pool = scene_pools()[scene]

    def cell(key: str, pools: list[list[str]], share: tuple[float, float]) -> str:
        lim = limits[f"instances.{key}"]
        target = int(lim * rng.uniform(*share))
        return fit(_grow(rng, filler, pools, target), lim)

    cells = {
        "description": cell("description", [pool["d"]], (0.25, 0.8)),
        "pain_points": cell("pain_points", [pool["p"]], (0.15, 0.6)),
        "solution": cell("solution", [pool["t"], [f"该方案由{filler.value('sup')}实施"]], (0.25, 0.8)),
        "safeguards": cell("safeguards", [ORG], (0.2, 0.7)),
        "results": cell("results", [pool["r"]], (0.15, 0.6)),
        "other": cell("other", [OTHER], (0.1, 0.5)) if rng.random() < 0.7 else "",
        "economics": fit(_grow(rng, filler, [ECON], rng.randint(60, 220)), 300),
    }
    return cells


def over_limit(rng: random.Random, filler: Filler, scene: int, limit: int) -> str:
    """-> a cell text that is clearly longer than `limit` 字 (a planted LIMIT_FIELD)."""
    pool = scene_pools()[scene]
    text = _grow(rng, filler, [pool["d"], pool["t"], METHOD], limit + rng.randint(30, 140))
    while count_chars(text) <= limit:
        text += sentence(filler.fill(rng.choice(METHOD)))
    return text


def narrative(rng: random.Random, filler: Filler, scene: int, target: int, register: str) -> str:
    """Scene, filler, target 字 and a register ("report" | "list" | "plain") -> paragraphs joined by newlines."""
    pool = scene_pools()[scene]
    filler.used = set()
    paras: list[str] = []
    opener = sentence(filler.fill(rng.choice(OPENERS)))
    if register == "report":
        labels = rng.choice([("建设背景：", "建设内容：", "实施成效：", "推广价值："),
                             ("现状与问题。", "主要做法。", "取得成效。", "经验总结。")])
        paras.append(labels[0] + opener + sentence(filler.fill(rng.choice(pool["p"]))))
        body = _grow(rng, filler, [pool["d"], pool["t"], METHOD], target * 0.45)
        paras.append(labels[1] + body)
        paras.append(labels[2] + _grow(rng, filler, [pool["r"], RESULTS], rng.randint(40, 120)))
        paras.append(labels[3] + _grow(rng, filler, [ECON, ORG, CLOSERS], target * 0.15))
    elif register == "list":
        marks = rng.choice(LIST_MARKS)
        paras.append(opener + sentence(filler.fill(rng.choice(pool["p"]))) + "主要开展了以下工作：")
        items = rng.sample(pool["d"] + pool["t"], min(4, len(pool["d"] + pool["t"])))
        paras.append("".join(f"{m}{filler.fill(t)}；" for m, t in zip(marks, items, strict=False)).rstrip("；") + "。")
        paras.append(_grow(rng, filler, [METHOD, ORG], target * 0.35))
        paras.append("通过项目实施，" + _grow(rng, filler, [pool["r"], RESULTS, CLOSERS], rng.randint(50, 120)))
    else:
        paras.append(_grow(rng, filler, [pool["p"], pool["d"]], target * 0.3, opener))
        paras.append(_grow(rng, filler, [pool["t"], METHOD], target * 0.35))
        paras.append(_grow(rng, filler, [pool["r"], ECON, CLOSERS], target * 0.15))
    text = "\n".join(p for p in paras if p)
    generic = DETAIL + METHOD + ORG
    extra = [t for t in rng.sample(generic, len(generic)) if t not in filler.used]
    filler_paras: list[str] = []
    while count_chars(text) + count_chars("".join(filler_paras)) < target:
        if len(extra) < 4:
            extra = rng.sample(generic, len(generic))  # long texts may repeat a pattern with new figures
        chunk = "".join(sentence(filler.fill(extra.pop())) for _ in range(rng.randint(2, 4)))
        filler_paras.append(chunk)
    if filler_paras:
        parts = text.split("\n")
        parts[2:2] = filler_paras  # extra detail belongs with the method, not after the closing words
        text = "\n".join(parts)
    return text
