"""Helpers for the generator tests: read a sample PDF back and compare it with its truth."""

from __future__ import annotations

import re
from typing import Any

import pymupdf

from model.text import normalize_text


def squash(text: str | None) -> str:
    """Text -> normalised (NFKC) with every whitespace removed, for containment checks."""
    return re.sub(r"\s+", "", normalize_text(text) or "")


_FOOTER = re.compile(r"^(- \d+ -|第 \d+ 页|\d+)$")


def pdf_text(path: str, pages: list[int] | None = None) -> str:
    """A PDF path (and optional 1-based pages) -> its squashed text layer without page footers."""
    with pymupdf.open(path) as doc:
        parts = []
        for p in pages or range(1, doc.page_count + 1):
            lines = doc[p - 1].get_text().splitlines()
            if lines and _FOOTER.match(lines[-1].strip()):
                lines = lines[:-1]  # the footer is drawn last on every page
            parts.append("".join(lines))
        return squash("".join(parts))


def contains(text: str, value: str, max_pieces: int = 4) -> bool:
    """Whether a value is in the squashed text whole or in a few pieces (a table cell split by page breaks)."""
    v = squash(value)
    for _ in range(max_pieces):
        if v in text:
            return True
        k = next((k for k in range(len(v) - 1, 0, -1) if v[:k] in text), 0)
        if k == 0:
            return False
        v = v[k:]
    return False


def printed_values(sub: dict[str, Any]) -> dict[str, str]:
    """A truth Submission dump -> {field path: value as it must appear in the text layer}."""
    f = sub["fields"]
    out = {k: f[k] for k in ("company_name", "credit_code", "applicant", "recommender", "factory_address",
                              "company_intro", "project_summary", "task_name") if f.get(k)}
    for k in ("name", "phone", "mobile", "fax", "email", "title"):
        if f["contact"].get(k):
            out[f"contact.{k}"] = f["contact"][k]
    for y, fin in f["financials"].items():
        for k, v in fin.items():
            if v is not None:
                out[f"financials.{y}.{k}"] = f"{v:.2f}"
    ind = f.get("industry") or {}
    for k in ("category", "major", "middle"):
        if ind.get(k):
            out[f"industry.{k}"] = ind[k]
    for n, integ in enumerate(f.get("integrators") or []):
        for k in ("name", "contact", "phone"):
            if integ.get(k):
                out[f"integrators[{n}].{k}"] = integ[k]
    for i, inst in enumerate(sub["instances"]):
        for k in ("name", "description", "pain_points", "solution", "safeguards", "results", "narrative"):
            if inst.get(k):
                out[f"instances[{i}].{k}"] = inst[k]
    return out
