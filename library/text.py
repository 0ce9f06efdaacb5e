"""Text side of the case library: passages to index, region and city from an address, snippets, copied runs."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from catalog.reference import DATA_DIR
from model.submission import Instance, Submission
from model.text import full_width_punctuation, normalize_text

SNIPPET_BEFORE, SNIPPET_AFTER = 30, 60
MIN_SENTENCE = 6  # shorter sentences ("一是", "（二）") match everywhere and prove nothing
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def _hit_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Text + terms -> non-overlapping (start, end) of every occurrence of any term, case-insensitive."""
    lower = text.lower()
    spans: list[tuple[int, int]] = []
    for term in terms:
        t = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", term).lower().strip()
        at = lower.find(t) if t else -1
        while at >= 0:
            spans.append((at, at + len(t)))
            at = lower.find(t, at + len(t))
    spans.sort()
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def snippet_parts(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """Text + terms -> a short excerpt around the first hit as (piece, is_hit) pieces, every hit marked, with
    Chinese punctuation shown full-width (the library keeps NFKC text)."""
    text = full_width_punctuation(text or "")
    spans = _hit_spans(text, terms)
    if not spans:
        body = text[: SNIPPET_BEFORE + SNIPPET_AFTER].replace("\n", " ")
        return [(body + ("…" if len(text) > len(body) else ""), False)]
    start = max(0, spans[0][0] - SNIPPET_BEFORE)
    end = min(len(text), spans[0][1] + SNIPPET_AFTER)
    parts: list[tuple[str, bool]] = [("…", False)] if start else []
    pos = start
    for a, b in spans:
        if a >= end:
            break
        if a > pos:
            parts.append((text[pos:a].replace("\n", " "), False))
        parts.append((text[a:b], True))
        pos = b
    if pos < end:
        parts.append((text[pos:end].replace("\n", " "), False))
    if end < len(text):
        parts.append(("…", False))
    return parts


def snippet(text: str, terms: list[str]) -> str:
    """Text + terms -> a short excerpt around the first hit, with each hit in 【】."""
    return "".join(f"【{p}】" if hit else p for p, hit in snippet_parts(text, terms))


def like_pattern(term: str, *, prefix_only: bool = False) -> str:
    """Term -> a LIKE pattern matching it literally anywhere (or at the start), escape character \\."""
    body = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return body + "%" if prefix_only else "%" + body + "%"


def sentences(text: str) -> list[str]:
    """Text -> its sentences (split after 。！？； and line breaks), stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def best_copied_run(text: str, other: str, min_chars: int, min_similarity: float) -> dict[str, object] | None:
    """Two texts -> the longest run of consecutive sentences of `text` that nearly repeat sentences of
    `other` ({similarity, text, matched, chars}), when it is at least min_chars long; else None.

    Works sentence by sentence so that a copied paragraph is found whatever surrounds it in
    either text, and small edits (a changed number or name) still count as copied.
    """
    from rapidfuzz import fuzz, process

    mine, theirs = sentences(text), [s for s in sentences(other) if len(s) >= MIN_SENTENCE]
    if not theirs:
        return None
    best: dict[str, object] | None = None
    run: list[tuple[str, str, float]] = []
    for sentence in [*mine, ""]:  # the empty sentinel closes the last run
        hit = None
        if len(sentence) >= MIN_SENTENCE:
            hit = process.extractOne(sentence, theirs, scorer=fuzz.ratio, score_cutoff=min_similarity * 100)
        if hit is not None:
            run.append((sentence, hit[0], hit[1] / 100))
            continue
        chars = sum(len(s) for s, _, _ in run)
        if run and chars >= min_chars and (best is None or chars > best["chars"]):  # type: ignore[operator]
            best = {
                "similarity": round(sum(len(s) * score for s, _, score in run) / chars, 3),
                "text": "".join(s for s, _, _ in run),
                "matched": "".join(dict.fromkeys(m for _, m, _ in run)),
                "chars": chars,
            }
        run = []
    return best


@cache
def _regions() -> tuple[tuple[str, str], ...]:
    """(full name, short name) of each provincial-level division, from catalog/data/regions.yaml."""
    raw = yaml.safe_load((DATA_DIR / "regions.yaml").read_text(encoding="utf-8"))
    return tuple((r["name"], r["short"]) for r in raw["regions"])


def region_of(*texts: str | None) -> str | None:
    """Addresses or unit names -> the province they name first (e.g. "广东省"), or None.

    Tries each text in turn (factory address, then task address, then the recommender).
    """
    for text in texts:
        if not text:
            continue
        text = normalize_text(text) or ""
        # a full name anywhere wins ("新疆生产建设兵团" over the "新疆" it contains), then the earliest short name
        full = [(text.find(name), -len(name), name) for name, _ in _regions() if name in text]
        short = [(text.find(s), -len(s), name) for name, s in _regions() if s in text]
        if full or short:
            return min(full or short)[2]
    return None


def _instance_text(inst: Instance) -> str:
    """Instance -> the text the library indexes for it (name, 附1 cells and narrative)."""
    parts = (
        inst.name,
        inst.description,
        inst.pain_points,
        inst.solution,
        inst.safeguards,
        inst.results,
        inst.other,
        inst.economics,
        inst.narrative,
    )
    return "\n".join(normalize_text(p) or "" for p in parts if p)


def passage_rows(sub: Submission) -> list[dict[str, Any]]:
    """Submission -> rows for the library's passages table (instances, 企业简介, 项目简述, sections)."""
    rows: list[dict[str, Any]] = []
    for inst in sub.instances:
        pred = inst.predicted
        rows.append(
            {
                "kind": "instance",
                "instance_index": inst.index,
                "title": inst.name,
                "link": inst.declared_link,
                "scene": inst.declared_scene,
                "predicted_link": pred.link if pred else None,
                "predicted_scene": pred.scene if pred else None,
                "predicted_score": pred.score if pred else None,
                "text": _instance_text(inst),
            }
        )
    f = sub.fields
    for kind, title, text in (
        ("intro", "企业简介", f.company_intro),
        ("summary", "项目简述", f.project_summary),
    ):
        if text:
            rows.append({"kind": kind, "instance_index": None, "title": title, "text": normalize_text(text)})
    for heading, text in f.sections.items():
        if text:
            rows.append(
                {"kind": "section", "instance_index": None, "title": heading, "text": normalize_text(text)}
            )
    for row in rows:
        for key in ("link", "scene", "predicted_link", "predicted_scene", "predicted_score"):
            row.setdefault(key, None)
    return [r for r in rows if r["text"]]


_CITY = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:自治州|地区|盟|市))")


def city_of(address: str | None, province: str | None) -> str | None:
    """Address + its province -> the prefecture-level city it names after the province (e.g. "佛山市"), or None."""
    text = normalize_text(address) or ""
    if province and province in text:
        text = text.split(province, 1)[1]
    else:
        short = next((s for name, s in _regions() if name == province), None)
        if short and text.startswith(short):
            text = text[len(short) :]
    m = _CITY.match(text)
    if m is None or (province and m.group(1) == province):
        return None
    return m.group(1)
