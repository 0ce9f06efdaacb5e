"""Whether a false alarm on an extracted paper copy comes from a reading error (for evals.checks).

A false alarm is charged to extraction when the field it names was read differently from the truth
(the generator's Submission as printed): then the check judged what it was given correctly.
"""

from __future__ import annotations

import re
from typing import Any

from checks.align import align_instances
from checks.normalize import same_value
from model.submission import Submission

CELLS = ("declared_link", "declared_scene", "name", "description", "pain_points", "solution", "safeguards", "results",
         "other", "economics", "narrative")
_INST = re.compile(r"^instances\[(\d+)\](?:\.(\w+))?")


def _get(obj: Any, path: str) -> Any:
    """Object + dotted path -> value (None when a step is missing)."""
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _same(a: Any, b: Any) -> bool:
    """Two values -> equal after the comparison's normalisation (lists and models by their dump)."""
    if hasattr(a, "model_dump") or hasattr(b, "model_dump") or isinstance(a, list | dict):
        dump = lambda x: x.model_dump() if hasattr(x, "model_dump") else x  # noqa: E731
        if isinstance(a, list) and isinstance(b, list):
            return [dump(x) for x in a] == [dump(x) for x in b]
        return dump(a) == dump(b)
    return same_value(a, b)


def misread(kind: str, path: str | None, extracted: Submission, truth: Submission) -> bool:
    """False alarm (rule or mismatch kind, field path with the truth's instance index) -> True when the
    extractor misread what it names."""
    if path is None:
        return False
    if path.startswith("seals"):
        role = path.split(".", 1)[1] if "." in path else ""
        ex = {s.role: s.present for s in extracted.seals}
        tr = {s.role: s.present for s in truth.seals}
        return ex.get(role) != tr.get(role)
    m = _INST.match(path)
    if path == "instances" or (m and kind in ("MIN_INSTANCES", "MIN_LINKS", "SUPPLY_CHAIN_LINK")):
        al = align_instances(truth.instances, extracted.instances)
        return bool(al.paper_only or al.online_only)
    if m:   # the path indexes the truth's instances (see to_truth_index)
        t, key = int(m.group(1)), m.group(2)
        al = align_instances(extracted.instances, truth.instances)
        i = next((a for a, b in al.pairs if b == t), None)
        if i is None or t >= len(truth.instances):
            return True
        if key == "index":
            return False
        keys = [key] if key else list(CELLS)
        return any(not _same(getattr(extracted.instances[i], k, None), getattr(truth.instances[t], k, None))
                   for k in keys)
    if path.startswith("fields."):
        return not _same(_get(extracted, path), _get(truth, path))
    return False


def to_truth_index(path: str | None, extracted: Submission, truth: Submission) -> str | None:
    """Field path on the extracted copy -> the same path with the instance index of the truth copy (rows the
    extractor dropped or merged shift positions; the planted paths use the truth's)."""
    m = _INST.match(path or "")
    if not m or path is None:
        return path
    partner = dict(align_instances(extracted.instances, truth.instances).pairs).get(int(m.group(1)))
    if partner is None:
        return path
    return f"instances[{partner}]{path[m.end(1) + 1:]}"
