"""Online records (the platform's fill-in data) for a batch: JSON and XLSX, with planted mismatches.

An online record starts as the paper copy's fields and instances; a planted mismatch then changes
one value on the online side and is recorded with the paper copy's field path and kind.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from catalog.reference import DATA_DIR, Reference
from model.submission import Instance, Submission
from samples.enterprise import landline, mobile

# added_instance: the online record holds one instance more than the paper copy (planted in generate.py,
# which can draft a new instance for the company).
MISMATCH_KINDS = ("name", "number", "metric", "dropped_instance", "sentence", "phone", "added_instance",
                  "name_lookalike", "digit_lookalike", "dropped_sentence")
# Real edits of the kinds an OCR-noise suppressor could hide (issue 16 item 6), planted only by the presets
# that ask for them (scans-hard): a company name changed in one character that looks like another, a digit
# of a narrative number changed into its look-alike, a whole sentence missing from the online text.
NAME_LOOKALIKES = (("天", "夫"), ("士", "土"), ("未", "末"), ("己", "已"), ("日", "曰"), ("人", "入"), ("王", "玉"),
                   ("大", "太"), ("东", "车"), ("工", "土"), ("华", "毕"), ("力", "办"), ("金", "全"), ("新", "亲"))
DIGIT_LOOKALIKES = {"1": "7", "7": "1", "3": "8", "8": "3", "6": "8", "5": "6", "0": "8", "9": "4", "2": "7", "4": "9"}


def record(sub: Submission) -> dict[str, Any]:
    """A paper Submission -> its online record {declaration_type, year, fields, instances}."""
    fields = sub.fields.model_dump(mode="json", exclude={"sections", "annexes"})
    instances = [i.model_dump(mode="json", exclude={"page", "narrative_page", "predicted", "tags", "narrative_count"})
                 for i in sub.instances]
    return {"declaration_type": sub.declaration_type, "year": sub.year, "fields": fields, "instances": instances}


def _edit_sentence(text: str, rng: random.Random) -> str:
    """A long text -> the same text with one sentence reworded (numbers and words changed)."""
    parts = text.split("。")
    idx = [i for i, p in enumerate(parts) if len(p) > 12] or [0]
    i = rng.choice(idx)
    s = parts[i]
    digits = [k for k, c in enumerate(s) if c.isdigit()]
    if digits:
        k = rng.choice(digits)
        s = s[:k] + str((int(s[k]) + rng.randint(1, 8)) % 10) + s[k + 1:]
    else:
        s = s.replace("公司", "企业", 1) if "公司" in s else s + "，效果明显"
    parts[i] = s
    return "。".join(parts)


def plant_mismatch(rec: dict[str, Any], sub: Submission, kind: str, rng: random.Random) -> dict[str, Any]:
    """Change one value of an online record -> the planted_mismatches entry (paper field path)."""
    if kind == "added_instance":
        raise ValueError("added_instance needs a drafted instance: use plant_added_instance")
    f = rec["fields"]
    if kind == "name":
        name = f["company_name"]
        for old, new in (("股份有限公司", "有限公司"), ("有限责任公司", "有限公司"), ("集团有限公司", "有限公司"),
                         ("有限公司", "股份有限公司")):
            if old in name:
                f["company_name"] = name.replace(old, new, 1)
                break
        if f["company_name"] == name:
            f["company_name"] = name + "（集团）"
        return {"field": "fields.company_name", "kind": "changed"}
    if kind == "number":
        key = "task_investment" if f.get("task_investment") else "scene_investment"
        if f.get(key):
            f[key] = float(round(f[key] * rng.choice([0.8, 1.25, 1.1]), 0))
            return {"field": f"fields.{key}", "kind": "changed"}
        year = sorted(f["financials"])[-1]
        f["financials"][year]["revenue"] = round(f["financials"][year]["revenue"] * 1.07, 2)
        return {"field": f"fields.financials.{year}.revenue", "kind": "changed"}
    if kind == "metric":
        filled = [k for k, v in f["metrics"].items() if v is not None]
        key = rng.choice(filled)
        f["metrics"][key] = round(f["metrics"][key] + rng.choice([-5, 3, 7, 10.5]), 2)
        return {"field": f"fields.metrics.{key}", "kind": "changed"}
    if kind in ("name_lookalike", "digit_lookalike", "dropped_sentence"):
        return _plant_hard(rec, sub, kind, rng)
    if kind == "dropped_instance" and rec["instances"]:
        i = rng.randrange(len(rec["instances"]))
        rec["instances"].pop(i)
        for n, inst in enumerate(rec["instances"], start=1):
            inst["index"] = n
        return {"field": f"instances[{i}]", "kind": "missing_online"}
    if kind == "sentence" and rec["instances"]:
        i = rng.randrange(len(rec["instances"]))
        rec["instances"][i]["narrative"] = _edit_sentence(rec["instances"][i]["narrative"], rng)
        return {"field": f"instances[{i}].narrative", "kind": "changed"}
    if kind == "sentence":
        f["company_intro"] = _edit_sentence(f["company_intro"], rng)
        return {"field": "fields.company_intro", "kind": "changed"}
    old = f["contact"]["phone"]
    area = old.split("-")[0] if "-" in (old or "") else "010"
    new = landline(rng, area) if rng.random() < 0.7 else mobile(rng)
    f["contact"]["phone"] = new if new != old else new[:-1] + str((int(new[-1]) + 1) % 10)
    return {"field": "fields.contact.phone", "kind": "changed"}


def _long_text(rec: dict[str, Any], rng: random.Random, want) -> tuple[str, Any, str] | None:
    """An online record -> (field path, holder, key) of a long text whose value satisfies `want`, or None."""
    spots = [(f"instances[{i}].narrative", inst, "narrative") for i, inst in enumerate(rec["instances"])]
    spots.append(("fields.company_intro", rec["fields"], "company_intro"))
    spots = [s for s in spots if isinstance(s[1].get(s[2]), str) and want(s[1][s[2]])]
    return rng.choice(spots) if spots else None


def _plant_hard(rec: dict[str, Any], sub: Submission, kind: str, rng: random.Random) -> dict[str, Any]:
    """The edits an OCR-noise suppressor could hide -> the planted entry (see NAME_LOOKALIKES)."""
    f = rec["fields"]
    if kind == "name_lookalike":
        name = f["company_name"]
        pairs = [(a, b) for a, b in NAME_LOOKALIKES if a in name] + [(b, a) for a, b in NAME_LOOKALIKES if b in name]
        a, b = rng.choice(pairs) if pairs else (name[0], "夫")
        at = rng.choice([k for k, ch in enumerate(name) if ch == a]) if pairs else 0
        f["company_name"] = name[:at] + b + name[at + 1:]
        return {"field": "fields.company_name", "kind": "changed"}
    if kind == "digit_lookalike":
        spot = _long_text(rec, rng, lambda t: re.search(r"\d", t) is not None)
        if spot is None:
            return plant_mismatch(rec, sub, "number", rng)
        path, holder, key = spot
        text = holder[key]
        at = rng.choice([m.start() for m in re.finditer(r"\d", text)])
        holder[key] = text[:at] + DIGIT_LOOKALIKES[text[at]] + text[at + 1:]
        return {"field": path, "kind": "changed"}
    spot = _long_text(rec, rng, lambda t: len([p for p in t.split("。") if len(p) > 12]) >= 3)
    if spot is None:
        return plant_mismatch(rec, sub, "sentence", rng)
    path, holder, key = spot
    parts = holder[key].split("。")
    inner = [i for i, p in enumerate(parts[1:-1], start=1) if len(p) > 12]   # not the first: the heading side
    drop = rng.choice(inner or [1])
    holder[key] = "。".join(parts[:drop] + parts[drop + 1:])
    return {"field": path, "kind": "changed"}


def plant_added_instance(rec: dict[str, Any], extra: Instance, rng: random.Random) -> dict[str, Any]:
    """Insert an instance the paper copy does not hold into an online record -> the planted entry
    (kind missing_in_paper: the paper copy lacks what was filled online)."""
    at = rng.randint(0, len(rec["instances"]))
    inst = extra.model_dump(mode="json", exclude={"page", "narrative_page", "predicted", "tags", "narrative_count"})
    rec["instances"].insert(at, inst)
    for n, item in enumerate(rec["instances"], start=1):
        item["index"] = n
    return {"field": "instances", "kind": "missing_in_paper"}


def _get(obj: Any, path: str) -> Any:
    """A nested dict and a dotted path -> the value (None when absent)."""
    for part in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def _cell(value: Any) -> Any:
    """A JSON value -> an XLSX cell value (lists of integrators joined as printed)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(f"{v['name']}（{v.get('contact') or ''} {v.get('phone') or ''}）".replace("（ ）", "") for v in value)
    return value


def write_xlsx(records: list[dict[str, Any]], out: Path, ref: Reference) -> None:
    """Online records -> XLSX with sheets 申报主体 and 场景实例 (headers from online_columns.yaml)."""
    spec = yaml.safe_load((DATA_DIR / "online_columns.yaml").read_text(encoding="utf-8"))
    wb = Workbook()
    ws = wb.active
    ws.title = spec["submission_sheet"]
    cols = list(spec["submission_columns"].items())
    fin_cols = [(f"{y}年{label}", f"fields.financials.{y}.{attr}") for y in ref.rules.financial_years
                for label, attr in spec["financial_columns"].items()]
    metric_cols = [(spec["metric_column_pattern"].format(key=m.key, unit=m.unit), f"fields.metrics.{m.key}")
                   for m in ref.form.metrics]
    header = [h for h, _ in cols] + [h for h, _ in fin_cols] + [h for h, _ in metric_cols]
    ws.append(header)
    for rec in records:
        row = []
        for _, key in cols + fin_cols:
            row.append(_cell(rec["declaration_type"] if key == "declaration_type" else _get(rec, key)))
        row += [rec["fields"]["metrics"].get(p.split(".", 2)[2]) for _, p in metric_cols]
        ws.append(row)
    wi = wb.create_sheet(spec["instance_sheet"])
    icols = list(spec["instance_columns"].items())
    wi.append([h for h, _ in icols])
    for rec in records:
        for inst in rec["instances"]:
            row = []
            for _, key in icols:
                if key == "declaration_type":
                    row.append(rec["declaration_type"])
                elif key.startswith("fields."):
                    row.append(_get(rec, key))
                else:
                    row.append(inst.get(key))
            wi.append(row)
    wb.save(out)
    _freeze_zip(out)


def _freeze_zip(path: Path) -> None:
    """Rewrite an XLSX with fixed timestamps (inside core.xml and on every zip entry), for reproducibility."""
    with zipfile.ZipFile(path) as zin:
        items = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2023-09-01T09:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(name, date_time=(2023, 9, 1, 9, 0, 0)), data, zipfile.ZIP_DEFLATED)
