"""Section 一 (basic information, 示范工厂 blocks, metric grid, 近三年 table) -> Fields.

Every value is found by its printed label (fuzzy, see label_match.py) and read from the cell to its
right; sub-labels (姓名, 电话 …) belong to the group label at the left of their row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from catalog.forms import Form, any_of, field_label
from catalog.reference import default_form
from extractors.annexes import organisation_list
from extractors.document_index import Document, cell_below, cells_right, continued_text, label_key
from extractors.extraction_findings import field_empty
from extractors.header_rows import value_cell
from extractors.label_match import match_label, split_inline
from extractors.tables import Cell, Table
from extractors.text_join import group_lines, join_line, join_wrapped
from model.submission import Finding, Location
from model.text import normalize_text
from model.values import (
    maturity_level,
    parse_date,
    parse_date_range,
    parse_number,
    pick_choice,
    pick_yes_no,
    unit_in_label,
)

_YEAR = re.compile(r"(20\d{2})")
_FIN = {"fin.total_assets": "total_assets", "fin.debt_ratio": "debt_ratio",
        "fin.revenue": "revenue", "fin.profit_margin": "profit_margin"}


@dataclass
class Hit:
    """A label cell found in a table, with the cell that holds its value."""

    path: str
    table: Table
    label: Cell
    value: Cell | None
    inline: bool = False  # label and value printed in one cell ("行业门类：制造业")
    tail: str = ""        # the rest of a label cut by a page break, at the top of the next page ("介")


@dataclass
class FieldResult:
    """Raw field values (a dict shaped like model.Fields), their locations and findings."""

    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Location] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _cut_label(tables: list[Table], n: int, cell: Cell, form: Form) -> tuple[str, str] | None:
    """A short cell in the last row of table n whose text and the first cell of the next page's first table
    make a label together (「企业简」 | 「介」: a narrow label cut by a page break) -> (path, the rest)."""
    t = tables[n]
    if cell.row_end != t.n_rows - 1 or cell.col != 0 or not 0 < len(label_key(cell.text)) <= 8:
        return None
    nxt = next((u for u in tables[n + 1:] if u.page == t.page + 1), None)
    first = nxt.row_cells(0) if nxt is not None else []
    if not first or not 0 < len(label_key(first[0].text)) <= 4:
        return None
    path = match_label(cell.text + first[0].text, form)
    return (path, first[0].text.strip()) if path else None


def find_labels(tables: list[Table], form: Form) -> list[Hit]:
    """Tables -> every label cell recognised, with its value cell (to its right; under it for a label the
    form prints over its value, header_rows.value_cell); a cell printing its label and value together
    ("行业门类：制造业") is a hit whose value is the rest of that cell."""
    hits = []
    for n, t in enumerate(tables):
        for c in t.cells:
            path = match_label(c.text, form)
            tail = ""
            if not path and (cut := _cut_label(tables, n, c, form)):
                path, tail = cut
            if path:
                value = value_cell(t, c, path, form)  # beside it, or under it (layout: header)
                if value is None and len(t.row_cells(c.row)) == 1:
                    value = cell_below(t, c)  # a full-width label row with its text underneath
                hits.append(Hit(path, t, c, value, tail=tail))
            elif (inline := split_inline(c.text, form)) is not None:
                hits.append(Hit(inline[0], t, c, replace(c, text=inline[1]), inline=True))
    return hits


_GROUPS = ("legal_rep", "contact")


def _group_of(hit: Hit, labels: dict[int, str], current: str | None) -> str | None:
    """Sub-label hit -> its group (legal_rep, contact): the group label at the left of its row,
    else the group most recently seen in reading order (forms that print 联系人姓名 | … | 电话 | …)."""
    for c in hit.table.row_cells(hit.label.row):
        if c.col >= hit.label.col:
            break
        path = labels.get(id(c))
        if path in _GROUPS or (path and path.startswith("contact.")):
            return path.split(".")[0]
    return current


def _person_label(form: Form) -> re.Pattern[str]:
    """Form -> pattern of a printed person sub-label (联系人, 姓名, 联系电话, 联系人及联系方式 …)."""
    def build(f: Form) -> re.Pattern[str]:
        people = f.people
        heads = any_of([people.contact_words[0], people.name_label, *people.contact_words[1:]])
        return re.compile(rf"^({heads})({any_of(people.label_suffixes)})?$")
    return form.memo("fields.person_label", build)


def _value_prefix(form: Form) -> re.Pattern[str]:
    """Form -> pattern of a sub-label printed before its value ('姓名：张三')."""
    def build(f: Form) -> re.Pattern[str]:
        words = [label.variants[0] for path, label in f.labels.items() if path.startswith("sub.")]
        return re.compile(rf"^({any_of(words)})\s*[：:]\s*")
    return form.memo("fields.value_prefix", build)


def integrator_rows(table: Table, label: Cell, doc: Document | None = None,
                    form: Form | None = None) -> list[tuple[str, str]]:
    """Integrator label cell -> [(name, contact and phone)] from its row and the rows below that are
    unlabelled or repeat the same label (one row per supplier: 名称 | 联系人 | 姓名 | 联系电话 | 号码; or, on
    the official form, a name row then a 联系人 | 姓名 | 联系电话 | 号码 row under one merged label), continuing at the top of the next page when the block is cut by a page break. Printed sub-labels
    (联系人, 联系电话 …) are left out of the contact text."""
    out: list[tuple[str, str]] = []
    person_label = _person_label(form or default_form())
    key = label_key(label.text)
    tables: list[tuple[Table, int]] = [(table, label.row)]
    if doc is not None and _ends_page(table, doc):
        tables += [(t, 0) for t in doc.tables_of(table.page + 1, table.page + 1)[:1]]
    for t, start in tables:
        for r in range(start, t.n_rows):
            cells = t.row_cells(r)
            if not cells or (cells[0] is not label and cells[0].text.strip() and label_key(cells[0].text) != key):
                return out  # the next labelled row ends the block
            right = [c for c in cells if c.bbox[0] >= label.bbox[2] - 2 and c.row == r]
            if right and right[0].text:
                who = [c.text for c in right[1:] if c.text and not person_label.match(label_key(c.text))]
                if out and not out[-1][1] and person_label.match(label_key(right[0].text)):
                    # the official form: the supplier's name row, then its 联系人 | … | 联系电话 | … row
                    out[-1] = (out[-1][0], " ".join(who))
                    continue
                out.append((right[0].text, " ".join(who)))
    return out


def _ends_page(table: Table, doc: Document | None) -> bool:
    """True when no free line follows the table on its page (a block may continue on the next one)."""
    if doc is None:
        return False
    return not any(ln.bbox[1] > table.ys[-1] and len(ln.text) > 12 for ln in doc.lines_of(table.page, table.page))


def raw_text(cell: Cell) -> str:
    """Cell -> its words joined with the spaces printed between them (separators matter: 名称 联系人 电话)."""
    return normalize_text(join_wrapped([join_line(ln) for ln in group_lines(cell.words)]), fold_spaces=False)


def _set(out: FieldResult, path: str, value: Any, cell: Cell | None, page: int) -> None:
    """Store a dotted-path value and its provenance (first occurrence wins)."""
    parts = path.split(".")
    node = out.values
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    if parts[-1] in node and node[parts[-1]] not in (None, "", [], {}):
        return
    node[parts[-1]] = value
    if cell is not None and value not in (None, "") and not path.startswith("_"):
        out.provenance[f"fields.{path}"] = Location(page=page, bbox=[round(v, 1) for v in cell.bbox])


def _value_text(hit: Hit, label_ids: dict[int, str], doc: Document | None = None,
                form: Form | None = None) -> str:
    """Hit -> the text of its value cell ('' when missing or when that cell is itself a label);
    with `doc`, a long text split over a page break is joined again."""
    if hit.value is None or id(hit.value) in label_ids:
        return ""
    text = hit.value.text
    if doc is not None and form is not None and hit.path in form.long_text:
        rest = continued_text(doc, hit.table, hit.value, label_tail=hit.tail)
        if rest:
            text = normalize_text(join_wrapped([text, rest])) or text
    return text


def extract_table_fields(doc: Document, form: Form, first: int, last: int) -> FieldResult:
    """Tables on pages first..last -> FieldResult for section 一 (both declaration types)."""
    out = FieldResult()
    hits = find_labels(doc.tables_of(first, last), form)
    label_ids = {id(h.label): h.path for h in hits if not h.inline}
    years: list[tuple[str, float, float]] = []
    group: str | None = None
    in_supply_chain = False
    for h in hits:
        if h.path.startswith("supply_chain."):
            in_supply_chain = True
        if h.path == "other_metrics" and in_supply_chain:
            h.path = "supply_chain.other_metrics"
        if h.path == "supply_chain.providers":
            _set(out, "_sc_providers", raw_text(h.value) if h.value and id(h.value) not in label_ids else "",
                 h.value, h.table.page)
            continue
        text = _value_prefix(form).sub("", _value_text(h, label_ids, doc, form))
        page = h.table.page
        if h.path.startswith("sub."):
            group = _group_of(h, label_ids, group)
            if group in _GROUPS:
                _set(out, f"{group}.{h.path[4:]}", text or None, h.value, page)
            continue
        group = h.path.split(".")[0] if h.path.split(".")[0] in _GROUPS else None
        if h.path == "legal_rep":
            _set(out, "legal_rep.name", text or None, h.value, page)
            continue
        if h.path == "contact.name":
            _set(out, "contact.name", text or None, h.value, page)
            continue
        if h.path == "integrators.name":
            _set(out, "_integrators", integrator_rows(h.table, h.label, doc, form), h.label, page)
            continue
        if h.path == "financials":
            years = [(m.group(1), c.bbox[0], c.bbox[2]) for c in cells_right(h.table, h.label)
                     if (m := _YEAR.search(c.text))]
            continue
        if h.path in _FIN:
            for c in cells_right(h.table, h.label):
                year = next((y for y, x0, x1 in years if x0 - 2 <= (c.bbox[0] + c.bbox[2]) / 2 <= x1 + 2), None)
                if year:
                    value = parse_number(c.text, unit=unit_in_label(h.label.text))
                    _set(out, f"financials.{year}.{_FIN[h.path]}", value, c, page)
            continue
        _typed(out, h, text, form)
    _empty_findings(out, hits, label_ids, form)
    return out


def _typed(out: FieldResult, h: Hit, text: str, form: Form) -> None:
    """One label hit + its value text -> typed value(s) stored under the right path."""
    p, page, cell = h.path, h.table.page, h.value
    ch = form.choices
    if p.startswith("metrics.") or p.startswith("supply_chain.metrics."):
        _set(out, p, parse_number(text, unit=unit_in_label(h.label.text)), cell, page)
    elif p in ("founded",):
        _set(out, p, parse_date(text), cell, page)
    elif p == "ownership":
        _set(out, p, pick_choice(text, ch["ownership"]), cell, page)
    elif p == "size":
        _set(out, p, pick_choice(text, ch["size"]), cell, page)
    elif p == "sector":
        _set(out, p, pick_choice(text, ch["sector"]), cell, page)
    elif p in ("key_region", "accident"):
        value, name = pick_yes_no(text)
        _set(out, p, value, cell, page)
        if p == "accident" and name:
            _set(out, "accident_name", name, cell, page)
    elif p.startswith("prior_"):
        value, name = pick_yes_no(text)
        _set(out, p, {"flag": value, "name": name}, cell, page)
    elif p == "maturity_level":
        _set(out, p, maturity_level(text, ch["maturity"]), cell, page)
    elif p in ("task_investment", "scene_investment"):
        _set(out, p, parse_number(text, unit=unit_in_label(h.label.text)), cell, page)
    elif p in ("task_dates", "scene_dates"):
        start, end = parse_date_range(text)
        prefix = p.split("_")[0]
        _set(out, f"{prefix}_start", start, cell, page)
        _set(out, f"{prefix}_end", end, cell, page)
    elif p == "integrators.contact":
        _set(out, "_integrator_contacts", text or None, cell, page)  # 张三 138…；李四 139… (示范工厂 form)
    elif p in ("financials", "promise", "legal_rep", "contact", "maturity_note", "supply_chain.metrics") or p.startswith("scene_"):
        if p.startswith("scene_") and p not in ("scene_investment",):
            _set(out, f"_{p}", text or None, cell, page)
    elif p in form.people.organisation_lists:
        _set(out, p, organisation_list(text, form) or None, cell, page)
    else:
        _set(out, p, text or None, cell, page)


def _empty_findings(out: FieldResult, hits: list[Hit], label_ids: dict[int, str], form: Form) -> None:
    """Printed labels whose value cell is empty -> FIELD_EMPTY warnings."""
    seen = set()
    for h in hits:
        if h.path in form.required_text and h.path not in seen:
            seen.add(h.path)
            if not _value_text(h, label_ids).strip():
                out.findings.append(field_empty(field_label(f"fields.{h.path}", form), f"fields.{h.path}",
                                                h.table.page, [round(v, 1) for v in h.label.bbox]))
