"""Labels printed over their values: `layout: header` labels and the label groups at the left of them.

The official form prints 所属行业 as a cell merged over two rows, right of it the column headers
行业门类（系统中下拉选择） / 行业大类（…） / 行业中类（…） and under each header its value; Word copies and
the platform's other exports print 行业门类 | 制造业 beside each other. Both come out of `value_cell`.
Which labels and groups are printed so is the form's `labels:` (`layout`) and `label_groups:` data.
"""

from __future__ import annotations

from catalog.forms import Form, LabelGroup
from extractors.document_index import cell_below, cell_right, label_key
from extractors.label_match import match_label
from extractors.tables import Cell, Table


def _group_keys(form: Form) -> dict[str, LabelGroup]:
    """Form -> {comparable printed text of a group label: its group}."""
    def build(f: Form) -> dict[str, LabelGroup]:
        out = {}
        for group in f.label_groups.values():
            for text in (group.label, *group.printed.values()):
                out[label_key(text)] = group
        return out
    return form.memo("header_rows.groups", build)


def match_group(text: str, form: Form) -> LabelGroup | None:
    """Cell text -> the label group it prints (所属行业, 所属行业2 …), or None."""
    key = label_key(text)
    return _group_keys(form).get(key) if key else None


def _under_group(table: Table, cell: Cell, path: str, form: Form) -> bool:
    """True when the cell stands in the header row of a group printed at the left of its row and merged
    over the rows below (the values then are in the row under the headers)."""
    for c in table.row_cells(cell.row):
        if c.col >= cell.col:
            return False
        group = match_group(c.text, form)
        if group is not None and group.layout == "header_row" and path in group.members and c.row_end > cell.row_end:
            return True
    return False


def value_cell(table: Table, cell: Cell, path: str, form: Form) -> Cell | None:
    """A label cell and its field path -> the cell holding its value: the one to its right, or for a
    `layout: header` label printed over its value (its right neighbour another label or the table's edge,
    or it heads a group's header row) the one below it."""
    right = cell_right(table, cell)
    label = form.labels.get(path)
    if label is None or label.layout != "header":
        return right
    header = right is None or match_label(right.text, form) is not None or _under_group(table, cell, path, form)
    if not header:
        return right
    below = cell_below(table, cell)
    if below is not None and match_label(below.text, form) is None:
        return below
    return right
