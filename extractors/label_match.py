"""Printed labels of the declaration forms -> field paths, with fuzzy matching (rapidfuzz).

Every wording (label variants, prefixes, metric keys) comes from the form's `labels:` and `metrics:` in
catalog/data/forms/<edition>.yaml; this module only knows how to match them.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from catalog.reference import Form
from extractors.document_index import label_key
from model.text import normalize_text

MAX_LABEL_LEN = 48  # a cell with more text than this is a value, never a label


def _choices(form: Form) -> tuple[dict[str, str], list[str]]:
    """Form -> (variant -> field path, all variants) for rapidfuzz."""
    return form.memo("labels.choices", _build_choices)


def _build_choices(form: Form) -> tuple[dict[str, str], list[str]]:
    """Form -> (variant -> field path, all variants)."""
    table = {label_key(v): k for k, label in form.labels.items() for v in label.variants}
    return table, list(table)


def flat_label(text: str | None) -> str:
    """Cell text -> compared as printed: normalised, no spaces, no *, brackets and hints kept."""
    return (normalize_text(text) or "").replace(" ", "").replace("*", "")


def _printed(form: Form) -> tuple[dict[str, str], list[str]]:
    """Form -> (printed label -> field path, all printed labels): the labels as the official forms print
    them with their hints and units (行业门类（系统中下拉选择）, 揭榜任务总投资（万元）, 生产效率提升（%）)."""
    def build(f: Form) -> tuple[dict[str, str], list[str]]:
        table = {flat_label(t): path for path, label in f.labels.items() for t in label.printed.values()}
        for group, prefix in ((f.metrics, "metrics"), (f.supply_chain_metrics, "supply_chain.metrics")):
            for m in group:
                for t in (f"{m.key}（{m.unit}）", *m.printed.values()):
                    table[flat_label(t)] = f"{prefix}.{m.key}"
        return table, list(table)
    return form.memo("labels.printed", build)


def _special(form: Form) -> tuple[list[tuple[str, int, str]], list[tuple[str, str]]]:
    """Form -> the labels matched by containment and by prefix."""
    return form.memo("labels.special", _build_special)


def _build_special(form: Form) -> tuple[list[tuple[str, int, str]], list[tuple[str, str]]]:
    """Form -> ([(text, longest cell, path)] of labels contained in a short cell, [(prefix, path)])."""
    contained = [(label.variants[0], label.contained, path) for path, label in form.labels.items()
                 if label.contained is not None]
    prefixes = [(label.prefix, path) for path, label in form.labels.items() if label.prefix]
    return contained, prefixes


def metric_key(text: str) -> str:
    """'生产效率提升*（%）' -> '生产效率提升' (the form yaml's metric key)."""
    return label_key(text)


def match_label(text: str, form: Form, *, cutoff: float = 88.0) -> str | None:
    """Cell text -> field path ('metrics.<key>' for the metric grid), or None when it is no label."""
    key = label_key(text)
    flat = (text or "").replace(" ", "")
    contained, prefixes = _special(form)
    for words, longest, path in contained:
        if words in flat and len(flat) <= longest:
            return path
    for prefix, path in prefixes:
        if key.startswith(prefix) and len(key) <= 120:
            return path
    if not key or len(key) > MAX_LABEL_LEN:
        return None
    table, variants = _choices(form)
    if key in table:
        return table[key]
    metric = _metric(key, form)
    if metric:
        return metric
    if len(key) < 4:
        return None
    best = process.extractOne(key, variants, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best:
        return table[best[0]]
    # a scan that lost a bracket of the hint ('揭榜任务总投资万元)'): compare with the label as printed
    printed, texts = _printed(form)
    best = process.extractOne(flat_label(text), texts, scorer=fuzz.ratio, score_cutoff=cutoff)
    return printed[best[0]] if best else None


def _metric(key: str, form: Form) -> str | None:
    """Normalised label -> 'metrics.<key>' / 'supply_chain.metrics.<key>' when it is a metric cell."""
    for m in form.metrics:
        if key == label_key(m.key):
            return f"metrics.{m.key}"
    for m in form.supply_chain_metrics:
        if key == label_key(m.key):
            return f"supply_chain.metrics.{m.key}"
    if len(key) >= 8:  # a long label cut by a page break: its first part identifies it
        for m in [*form.metrics, *form.supply_chain_metrics]:
            if label_key(m.key).startswith(key):
                group = "metrics" if m in form.metrics else "supply_chain.metrics"
                return f"{group}.{m.key}"
    if len(key) >= 6:
        keys = [label_key(m.key) for m in form.metrics]
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=90)
        if best:
            return f"metrics.{form.metrics[best[2]].key}"
        keys = [label_key(m.key) for m in form.supply_chain_metrics]
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=90)
        if best:
            return f"supply_chain.metrics.{form.supply_chain_metrics[best[2]].key}"
    return None


# A label printed inside its value cell: "行业门类：制造业", "行业门类（系统中下拉选择）：制造业",
# "行业门类（系统中下拉选择）制造业" (Word/WPS users fill the form's label cells so).
_INLINE_COLON = re.compile(r"^(?P<label>[^：:]{2,40}?)\s*[：:]\s*(?P<value>\S.*)$", re.S)
_INLINE_HINT = re.compile(r"^(?P<label>[^：:（()）]{2,24})\s*[（(][^（）()]*[)）]\s*(?P<value>[^（(\s].*)$", re.S)


def split_inline(text: str, form: Form) -> tuple[str, str] | None:
    """'行业门类：制造业' -> ('industry.category', '制造业'); None when the cell is no label:value pair.

    With a colon the label is matched like any label; without one (label（hint）value) only an exact
    label variant counts, so that a label with a unit hint ('资产总额（万元）') is never split.
    """
    text = (text or "").strip()
    m = _INLINE_COLON.match(text)
    if m:
        path = match_label(m.group("label"), form)
    else:
        m = _INLINE_HINT.match(text)
        path = _choices(form)[0].get(label_key(m.group("label"))) if m else None
    if not path or not _inline(path, form):
        return None
    return path, m.group("value").strip()


def _inline(path: str, form: Form) -> bool:
    """False for a label that opens a group or a block read elsewhere (never taken from inside a value cell)."""
    label = form.labels.get(path)
    return label.inline if label is not None else True
