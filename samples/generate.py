"""Generate a seeded batch of 2023 declarations with online records and ground truth.

    python -m samples.generate OUT --seed 2023 --preset demo

Layout of OUT (docs/samples.md): <stem>.pdf, online.json, online.xlsx, ground_truth.json,
truth/<stem>.json. Same seed and preset -> identical truth and identical PDF text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

from catalog.reference import Reference, load_reference
from model.submission import TextCount
from model.text import count_chars, count_wps
from samples.content import Draft, build_submission, make_instances
from samples.defects import plant
from samples.online import plant_added_instance, plant_mismatch, record, write_xlsx
from samples.presets import PRESETS, DocSpec, specs_for
from samples.render import render
from samples.scan import scan
from samples.truth import doc_truth

GENERATOR_VERSION = "1.3"
__all__ = ["GENERATOR_VERSION", "PRESETS", "generate_batch", "main"]


def _stem(n: int, d: Draft, kind: str) -> str:
    """Position, draft and kind -> file stem such as 03_示范工厂_武汉华晟精密机械_scanned."""
    name = re.sub(r"(集团|股份|科技)?(有限责任公司|有限公司)$", "", d.company.name)
    return f"{n:02d}_{d.submission.declaration_type}_{name}_{kind}"


def _copy_instance(rng: random.Random, src: Draft, dst: Draft) -> str:
    """Copy one instance (text included) from src into dst -> the field path of the copied narrative."""
    j = rng.randrange(min(len(src.submission.instances), len(dst.submission.instances)))
    inst = src.submission.instances[j].model_copy(deep=True)
    inst.index = dst.submission.instances[j].index
    inst.narrative = (inst.narrative or "").replace(src.company.short, dst.company.short)
    dst.submission.instances[j] = inst
    dst.true_scenes[j] = src.true_scenes[j]
    return f"instances[{j}].narrative"


def _finish(d: Draft, pdf: bytes, layout: Any, kind: str, rng: random.Random) -> bytes:
    """Put pages, seals, counts and the source block on the draft -> the final PDF bytes."""
    sub = d.submission
    ocr: list[int] = []
    seals = layout.seals
    if kind == "scanned":
        pdf, ocr, seals = scan(pdf, None, rng, seals)
    elif kind == "mixed":
        pdf, ocr, seals = scan(pdf, sorted({1, layout.promise_page}), rng, seals)
    for i, inst in enumerate(sub.instances):
        inst.page = layout.placed.get(f"instances[{i}]")
        inst.narrative_page = layout.placed.get(f"instances[{i}].narrative")
        inst.narrative_count = TextCount(chars=count_chars(inst.narrative), wps=count_wps(inst.narrative))
    sub.seals = seals
    sub.source.pages = layout.pages
    sub.source.kind = kind  # type: ignore[assignment]
    sub.source.ocr_pages = ocr
    sub.source.sha256 = hashlib.sha256(pdf).hexdigest()
    return pdf


def build_draft(rng: random.Random, spec: DocSpec, ref: Reference) -> Draft:
    """A document spec -> its clean Draft, shaped for the structural defects it will carry."""
    rules = set(spec.rules)
    sector = "装备制造" if "METRIC_NOT_APPLICABLE" in rules else None  # the metric must not apply
    return build_submission(rng, ref, "", spec.dtype, spec.kind, spec.supply_chain, spec.narrative, spec.count, sector,
                            few_links="MIN_LINKS" in rules,
                            sc_scenes=False if "SUPPLY_CHAIN_LINK" in rules else None)


def _document(n: int, spec: DocSpec, seed: int, preset: str, ref: Reference,
              drafts: list[Draft]) -> tuple[Draft, bytes, dict[str, Any], str | None]:
    """One spec -> (draft, PDF bytes, layout facts, near-duplicate field path or None)."""
    rng = random.Random(f"{preset}-{seed}-{n}")
    d = build_draft(rng, spec, ref)
    dup = None
    if spec.copy_from is not None and spec.copy_from < len(drafts) and drafts[spec.copy_from].submission.instances \
            and d.submission.instances:
        dup = _copy_instance(rng, drafts[spec.copy_from], d)
    missing = plant(rng, d, ref, list(spec.rules))
    stem = _stem(n, d, spec.kind)
    d.submission.submission_id = stem
    d.submission.source.path = f"{stem}.pdf"
    pdf, layout = render(d.submission, ref, spec.style, rng, missing, spec.variants or ())
    pdf = _finish(d, pdf, layout, spec.kind, rng)
    return d, pdf, {"placed": layout.placed}, dup


def _plant_mismatch(rec: dict[str, Any], d: Draft, kind: str, rng: random.Random, ref: Reference,
                    spec: DocSpec) -> dict[str, Any]:
    """One planted mismatch on an online record; added_instance drafts a new instance of an unused scene."""
    if kind != "added_instance":
        return plant_mismatch(rec, d.submission, kind, rng)
    unused = [s.number for s in ref.guide.scenes if s.number not in d.true_scenes]
    extra = make_instances(rng, ref, d.company, [rng.choice(unused)], spec.narrative)[0]
    return plant_added_instance(rec, extra, rng)


def generate_batch(out_dir: Path, seed: int, preset: str = "demo", count: int | None = None) -> Path:
    """Write a batch into out_dir and return the path of its ground_truth.json."""
    out_dir = Path(out_dir)
    (out_dir / "truth").mkdir(parents=True, exist_ok=True)
    ref = load_reference(2023)
    specs = specs_for(preset, seed, count)
    drafts: list[Draft] = []
    truths: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    near: list[list[str]] = []
    extra: list[list[dict[str, Any]]] = []
    placed: list[dict[str, int]] = []
    prior: list[dict[str, Any]] = []
    mism_all: list[list[dict[str, Any]]] = []
    for n, spec in enumerate(specs, start=1):
        d, pdf, facts, dup = _document(n, spec, seed, preset, ref, drafts)
        drafts.append(d)
        placed.append(facts["placed"])
        stem = d.submission.submission_id
        (out_dir / f"{stem}.pdf").write_bytes(pdf)
        rules: list[dict[str, Any]] = []
        if dup and spec.copy_from is not None:
            src = drafts[spec.copy_from]
            near.append([src.submission.submission_id, stem, dup])
            rules.append({"rule": "NEAR_DUPLICATE_TEXT", "field": dup,
                          "page": placed[-1].get(dup.removesuffix(".narrative") + ".narrative")})
            extra[spec.copy_from].append({"rule": "NEAR_DUPLICATE_TEXT", "field": dup,
                                          "page": placed[spec.copy_from].get(dup)})
        if spec.already_demo:
            f = d.submission.fields
            prior.append({"company_name": f.company_name, "credit_code": f.credit_code, "year": 2022})
            rules.append({"rule": "ALREADY_DEMO_FACTORY", "field": "fields.company_name", "page": 1})
        if not spec.online:
            rules.append({"rule": "UNPAIRED", "field": None, "page": None})
        extra.append(rules)
        mismatches: list[dict[str, Any]] = []
        if spec.online:
            rec = record(d.submission)
            rng = random.Random(f"online-{preset}-{seed}-{n}")
            mismatches = [_plant_mismatch(rec, d, kind, rng, ref, spec) for kind in spec.mismatches]
            records.append(rec)
        mism_all.append(mismatches)
    for n, (spec, d) in enumerate(zip(specs, drafts, strict=True)):
        truth = doc_truth(d.submission, ref, d.true_scenes, placed[n], spec.style, extra[n], mism_all[n], spec.online,
                           spec.variants or ())
        truths.append(truth)
        (out_dir / "truth" / f"{d.submission.submission_id}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    online_only = []
    for k in range(PRESETS[preset].online_only if preset in PRESETS else 1):
        rng = random.Random(f"online-only-{preset}-{seed}-{k}")
        dtype = "示范工厂" if k % 2 else "优秀场景"
        d = build_submission(rng, ref, f"online-only-{k}", dtype, "digital", False, (600, 1200), None if dtype == "示范工厂" else 1)
        records.append(record(d.submission))
        f = d.submission.fields
        online_only.append({"credit_code": f.credit_code, "declaration_type": dtype, "company_name": f.company_name})
    prior += [{"company_name": "宜昌恒达化工股份有限公司", "credit_code": "91420500MA48X3K21B", "year": 2021}]
    (out_dir / "online.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    write_xlsx(records, out_dir / "online.xlsx", ref)
    # The published list of earlier 示范工厂揭榜单位, as an office keeps it (`shenbao catalog import-holders`).
    holders = ["序号,企业名称,统一社会信用代码,年度", *(f"{n},{p['company_name']},{p['credit_code']},{p['year']}"
                                              for n, p in enumerate(prior, start=1))]
    (out_dir / "已揭榜单位名单.csv").write_text("\n".join(holders) + "\n", encoding="utf-8")
    gt = {"seed": seed, "preset": preset, "generator_version": GENERATOR_VERSION, "documents": truths,
          "online_only": online_only, "near_duplicates": near, "prior_demo_factories": prior}
    path = out_dir / "ground_truth.json"
    path.write_text(json.dumps(gt, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: OUT --seed N --preset P [--count K] -> exit status."""
    ap = argparse.ArgumentParser(prog="python -m samples.generate", description="生成带真值的申报书样本批次")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--preset", default="demo", choices=sorted(PRESETS))
    ap.add_argument("--count", type=int, default=None)
    args = ap.parse_args(argv)
    path = generate_batch(args.out, args.seed, args.preset, args.count)
    docs = json.loads(path.read_text(encoding="utf-8"))["documents"]
    print(f"已生成 {len(docs)} 份申报书：{args.out}（真值：{path}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
