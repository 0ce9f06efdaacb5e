"""Batch presets: which documents a batch holds (type, kind, style, planted rules and mismatches).

"demo" is the committed batch (fixed list); "eval" (~30 documents, the dev evaluation set) and
"holdout" (~20, mostly the "compact" style and other wording mixes that extractor developers do
not tune on) and "scans" (14 paper copies, all scanned, half with a planted mismatch: the comparison on OCR text) are drawn from the seed so that every single-document rule id is planted.
Layout variants (styles.VARIANTS) are mixed in by the seed at the preset's `variant_rate`, each at
least once per batch; `holdout` gets the most.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from samples.styles import STORY_VARIANTS, VARIANTS

FACTORY_ONLY = {"MIN_LINKS", "MATURITY_LEVEL", "SUPPLY_CHAIN_LINK"}
SCENE_ONLY = {"MIN_INSTANCES"}
SINGLE_RULES = ["LIMIT_SCENE_3000", "LIMIT_FIELD", "MIN_LINKS", "SUPPLY_CHAIN_LINK", "MIN_INSTANCES", "REQUIRED_METRIC",
                "METRIC_NOT_APPLICABLE", "MATURITY_LEVEL", "ACCIDENT_DECLARED", "CREDIT_CODE", "SEAL_MISSING",
                "SCENE_UNKNOWN", "SCENE_NOT_IN_LINK", "SCENE_CONTENT_MISMATCH", "DATE_ORDER", "SIZE_INCONSISTENT"]
MISMATCHES = ["name", "number", "metric", "dropped_instance", "sentence", "phone", "added_instance"]


@dataclass(frozen=True)
class DocSpec:
    """One document of a batch, before anything is drawn."""

    dtype: str
    kind: str = "digital"
    style: str = "platform"
    supply_chain: bool = False
    rules: tuple[str, ...] = ()
    mismatches: tuple[str, ...] = ()
    online: bool = True
    count: int | None = None                     # number of instances (None: drawn)
    narrative: tuple[int, int] = (600, 2800)     # 字 range of each instance narrative
    already_demo: bool = False
    copy_from: int | None = None                 # position of the doc a narrative is copied from
    variants: tuple[str, ...] | None = None      # layout variants (None: drawn by the seed)


@dataclass(frozen=True)
class Preset:
    """A named batch recipe."""

    name: str
    styles: tuple[str, ...]
    size: int
    online_only: int = 1
    fixed: tuple[DocSpec, ...] = field(default_factory=tuple)
    variant_rate: float = 0.3                    # chance of each layout variant per document


SHORT = (600, 950)  # scanned documents stay short: OCR costs about 2 s a page

DEMO = (
    DocSpec("优秀场景", "digital", "platform", count=2),
    DocSpec("示范工厂", "digital", "platform", supply_chain=True, count=9, narrative=(600, 1800)),
    DocSpec("示范工厂", "scanned", "platform", count=8, narrative=SHORT),
    DocSpec("优秀场景", "scanned", "office", count=1, rules=("SEAL_MISSING",), narrative=SHORT),
    DocSpec("优秀场景", "mixed", "office", count=2, mismatches=("phone", "sentence")),
    DocSpec("示范工厂", "mixed", "platform", rules=("MIN_LINKS", "REQUIRED_METRIC"), narrative=(600, 1500)),
    DocSpec("优秀场景", "digital", "office", count=2, rules=("LIMIT_SCENE_3000", "SCENE_CONTENT_MISMATCH")),
    DocSpec("示范工厂", "digital", "office", rules=("CREDIT_CODE", "MATURITY_LEVEL"),
            mismatches=("metric", "number", "dropped_instance"), narrative=(600, 1500)),
    DocSpec("优秀场景", "digital", "platform", count=1),
    DocSpec("示范工厂", "digital", "platform", already_demo=True, copy_from=1, mismatches=("name",), narrative=(600, 1500)),
    DocSpec("优秀场景", "digital", "office", count=3, online=False, rules=("LIMIT_FIELD",)),
    DocSpec("示范工厂", "digital", "story", narrative=(600, 1400)),
)

# Every paper copy a scan: the figures of the comparison on OCR text (dev seed 5, holdout seed 55).
SCANS = (
    DocSpec("优秀场景", "scanned", "platform", count=1, mismatches=("sentence",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "office", count=8, mismatches=("number",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "compact", count=2, narrative=SHORT),
    DocSpec("示范工厂", "scanned", "platform", count=8, mismatches=("metric",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "office", count=1, mismatches=("phone",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "compact", count=8, narrative=SHORT),
    DocSpec("优秀场景", "scanned", "platform", count=2, mismatches=("name",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "office", count=8, mismatches=("dropped_instance",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "story", count=1, narrative=SHORT),
    DocSpec("示范工厂", "scanned", "platform", count=8, mismatches=("added_instance",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "office", count=2, mismatches=("sentence",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "story", count=8, mismatches=("sentence",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "compact", count=1, narrative=SHORT),
    DocSpec("示范工厂", "scanned", "office", count=8, mismatches=("sentence", "phone"), narrative=SHORT),
)

# Every paper copy a scan, with real edits of the kinds an OCR-noise suppressor could hide (look-alike
# name character, look-alike digit in a narrative, a dropped sentence) beside clean copies whose OCR noise
# must not be reported: the suppressors measured, not assumed (issue 16 item 6).
SCANS_HARD = (
    DocSpec("优秀场景", "scanned", "platform", count=1, mismatches=("name_lookalike",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "office", count=8, mismatches=("digit_lookalike",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "compact", count=2, narrative=SHORT),
    DocSpec("示范工厂", "scanned", "platform", count=8, mismatches=("dropped_sentence",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "office", count=2, mismatches=("digit_lookalike",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "story", count=8, narrative=SHORT),
    DocSpec("优秀场景", "scanned", "story", count=1, mismatches=("dropped_sentence",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "compact", count=8, mismatches=("name_lookalike",), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "platform", count=2, narrative=SHORT),
    DocSpec("示范工厂", "scanned", "office", count=8, mismatches=("name_lookalike", "digit_lookalike"), narrative=SHORT),
    DocSpec("优秀场景", "scanned", "compact", count=1, mismatches=("dropped_sentence",), narrative=SHORT),
    DocSpec("示范工厂", "scanned", "platform", count=8, narrative=SHORT),
)

# The official form as printed (style "official", docs/form-layouts.md): 8 digital + 4 scanned, two with a
# planted mismatch, the rest clean; the first four (count=4) are one digital and one scanned file of each
# type (the tests). evals.extract: seed 16 is the development seed, seed 73 the fresh one.
_OFF = (600, 1400)
OFFICIAL = (
    DocSpec("优秀场景", "digital", "official", count=1, variants=()),
    DocSpec("示范工厂", "digital", "official", supply_chain=True, narrative=_OFF, variants=()),
    DocSpec("优秀场景", "scanned", "official", count=1, narrative=SHORT, variants=()),
    DocSpec("示范工厂", "scanned", "official", count=8, supply_chain=True, narrative=SHORT, variants=()),
    DocSpec("优秀场景", "digital", "official", count=3, mismatches=("phone",), variants=()),
    DocSpec("示范工厂", "digital", "official", narrative=_OFF, variants=()),
    DocSpec("优秀场景", "digital", "official", count=2, variants=()),
    DocSpec("示范工厂", "digital", "official", supply_chain=True, narrative=_OFF, mismatches=("number",), variants=()),
    DocSpec("优秀场景", "scanned", "official", count=2, narrative=SHORT, variants=()),
    DocSpec("示范工厂", "scanned", "official", count=8, narrative=SHORT, variants=()),
    DocSpec("优秀场景", "digital", "official", count=1, variants=()),
    DocSpec("示范工厂", "digital", "official", narrative=_OFF, variants=()),
)

PRESETS: dict[str, Preset] = {
    "demo": Preset("demo", ("platform", "office"), len(DEMO), 1, DEMO, variant_rate=0.2),
    "eval": Preset("eval", ("platform", "office", "story"), 30, 2, variant_rate=0.2),
    "holdout": Preset("holdout", ("compact", "compact", "platform", "office"), 20, 1, variant_rate=0.55),
    "scans": Preset("scans", ("platform", "office", "compact", "story"), len(SCANS), 1, SCANS, variant_rate=0.3),
    "scans-hard": Preset("scans-hard", ("platform", "office", "compact", "story"), len(SCANS_HARD), 1, SCANS_HARD,
                         variant_rate=0.3),
    "official": Preset("official", ("official",), len(OFFICIAL), 0, OFFICIAL, variant_rate=0.0),
    "tiny": Preset("tiny", ("platform", "office"), 5, 1, (
        DocSpec("优秀场景", "digital", "platform", count=2, rules=("LIMIT_SCENE_3000", "CREDIT_CODE"),
                variants=("inline_labels", "form_integrators", "tick_font", "plain_headings", "annex1_split_rows",
                          "annex1_no_repeat_header")),
        DocSpec("示范工厂", "digital", "office", supply_chain=True, count=9, narrative=(600, 900),
                mismatches=("phone",), variants=("form_integrators", "tick_after", "annex1_split_rows",
                                                 "annex1_no_repeat_header", "indent_only", "inline_labels")),
        DocSpec("优秀场景", "scanned", "office", count=1, narrative=SHORT, variants=()),
        DocSpec("优秀场景", "mixed", "platform", count=1, narrative=SHORT, variants=("tick_font", "plain_headings")),
        DocSpec("示范工厂", "digital", "story", count=8, narrative=(600, 800), rules=("SEAL_MISSING",),
                variants=("inline_labels", "form_integrators", "tick_after", "plain_headings", "indent_only")),
    )),
}


def _compatible(spec: DocSpec, rule: str) -> bool:
    """Whether a rule can join a spec's rules (one defect per document where possible)."""
    if spec.rules and len(spec.rules) >= 1 and rule not in SCENE_ONLY and not (set(spec.rules) & SCENE_ONLY):
        return False
    if rule in FACTORY_ONLY and set(spec.rules) & SCENE_ONLY:
        return False
    if rule in SCENE_ONLY and (set(spec.rules) & FACTORY_ONLY or any(r.startswith(("SCENE", "LIMIT")) for r in spec.rules)):
        return False
    return not (rule.startswith(("SCENE", "LIMIT")) and set(spec.rules) & SCENE_ONLY)


def _drawn(preset: Preset, rng: random.Random, size: int) -> list[DocSpec]:
    """A preset without a fixed list -> specs planting every single-document rule once or twice."""
    specs: list[DocSpec] = []
    for n in range(size):
        dtype = "示范工厂" if n % 5 in (1, 3) else "优秀场景"
        specs.append(DocSpec(dtype, style=preset.styles[n % len(preset.styles)],
                             supply_chain=dtype == "示范工厂" and rng.random() < 0.4,
                             narrative=(600, 2800) if dtype == "优秀场景" else (600, 1600)))
    dirty = rng.sample(range(size), max(1, size // 2))   # about half stay clean
    rules = SINGLE_RULES + rng.sample(SINGLE_RULES, max(0, len(dirty) - len(SINGLE_RULES)))
    rng.shuffle(rules)
    mism = list(MISMATCHES)
    for k, rule in enumerate(rules):
        for step in range(len(dirty)):
            pos = dirty[(k + step) % len(dirty)]
            if _compatible(specs[pos], rule):
                break
        spec = specs[pos]
        if rule in FACTORY_ONLY and spec.dtype != "示范工厂":
            spec = replace(spec, dtype="示范工厂", narrative=(600, 1600), count=None)
        if rule in SCENE_ONLY:
            spec = replace(spec, dtype="优秀场景", supply_chain=False, count=None)
        if rule == "SUPPLY_CHAIN_LINK":
            spec = replace(spec, supply_chain=True)
        specs[pos] = replace(spec, rules=tuple(dict.fromkeys((*spec.rules, rule))))
    for k, kind in enumerate(mism):
        pos = dirty[(k * 3 + 1) % len(dirty)]
        if kind == "dropped_instance":  # needs instances on both sides
            pos = next(p for p in dirty if specs[p].dtype == "示范工厂" and "MIN_INSTANCES" not in specs[p].rules)
        specs[pos] = replace(specs[pos], mismatches=(*specs[pos].mismatches, kind))
    # kinds: a few scanned (short) and mixed documents
    for pos in rng.sample(range(size), max(2, size // 8)):
        specs[pos] = replace(specs[pos], kind="scanned", narrative=SHORT,
                             count=1 if specs[pos].dtype == "优秀场景" else 8)
    for pos in rng.sample([p for p in range(size) if specs[p].kind == "digital"], max(2, size // 8)):
        specs[pos] = replace(specs[pos], kind="mixed")
    clean = [p for p in range(size) if p not in dirty]
    specs[clean[0]] = replace(specs[clean[0]], online=False)
    fac = [p for p in range(size) if specs[p].dtype == "示范工厂"]
    specs[fac[-1]] = replace(specs[fac[-1]], already_demo=True)
    src, dst = fac[0], next((p for p in range(size) if p not in (fac[0], fac[-1]) and specs[p].dtype == "示范工厂"), fac[-1])
    specs[dst] = replace(specs[dst], copy_from=src)
    return specs


def allowed_variants(spec: DocSpec) -> tuple[str, ...]:
    """-> the layout variants a spec's style can show (the Story engine lays out 附1 and glyphs itself)."""
    return STORY_VARIANTS if spec.style == "story" else tuple(VARIANTS)


def _with_variants(specs: list[DocSpec], rate: float, rng: random.Random) -> list[DocSpec]:
    """Specs -> the same with drawn layout variants where none are given; each variant appears at least once."""
    out = [s if s.variants is not None else
           replace(s, variants=tuple(v for v in allowed_variants(s) if rng.random() < rate)) for s in specs]
    drawn = [n for n, s in enumerate(specs) if s.variants is None]
    for v in VARIANTS:
        if drawn and not any(v in (s.variants or ()) for s in out):
            hosts = [n for n in drawn if v in allowed_variants(out[n])]
            if hosts:
                n = rng.choice(hosts)
                out[n] = replace(out[n], variants=tuple(x for x in VARIANTS if x in {*(out[n].variants or ()), v}))
    return out


def specs_for(preset: str, seed: int, count: int | None = None) -> list[DocSpec]:
    """Preset name, seed and optional document count -> the batch's document specs."""
    if preset not in PRESETS:
        raise ValueError(f"未知的样本预设「{preset}」；可选：{'、'.join(PRESETS)}")
    p = PRESETS[preset]
    rng = random.Random(f"specs-{preset}-{seed}")
    specs = list(p.fixed) if p.fixed else _drawn(p, rng, count or p.size)
    if count is not None:
        specs = specs[:count]
        specs = [replace(s, copy_from=None) if s.copy_from is not None and s.copy_from >= len(specs) else s for s in specs]
    return _with_variants(specs, p.variant_rate, random.Random(f"variants-{preset}-{seed}"))
