"""附3–附7 lists (technologies, equipment, software, standards, patents) and integrator cells."""

from __future__ import annotations

import re

from catalog.forms import any_of
from catalog.reference import Form, default_form
from extractors.annex_tables import rows_with_header, tables_between
from extractors.document_index import Document
from extractors.sections import Heading
from extractors.text_join import join_wrapped
from model.submission import AnnexRow, Integrator
from model.text import normalize_text


def _join(a: str | None, b: str) -> str:
    """Cell text cut by a page break -> one text."""
    return normalize_text(join_wrapped([a or "", b])) or b


def read_annexes(doc: Document, headings: list[Heading], form: Form,
                 dtype: str | None = None) -> dict[str, list[AnnexRow]]:
    """Document -> {technologies|equipment|software|standards|patents: rows} for the annexes present among
    those the declaration type's form prints (all of the form's annexes when the type is unknown)."""
    out: dict[str, list[AnnexRow]] = {}
    text_pages = {p.number for p in doc.pages if p.source == "text"}
    keys = form.types[dtype].annexes if dtype in form.types else list(form.annexes)
    for key, annex in form.annexes.items():
        if key not in keys:
            continue
        labels: dict[str, str | list[str]] = dict(annex.columns)
        tables = tables_between(doc, headings, form.annex_key(annex.number))
        if not tables:
            continue
        rows: list[AnnexRow] = []
        for row in rows_with_header(tables, labels):
            values = {k: row.values.get(k) or None for k in ("name", "params", "kind", "status", "note")}
            if rows and row.first_of_table and row.page in text_pages and not row.values.get("index", "").strip():
                # the rest of the last row, broken by a page break (no 序号 on the continuation)
                last = rows[-1]
                rows[-1] = last.model_copy(update={k: _join(getattr(last, k), v) for k, v in values.items() if v})
                continue
            if not values["name"]:
                continue
            rows.append(AnnexRow(**values, page=row.page))
        out[key] = rows
    return out


_PHONE = re.compile(r"(\+?\d[\d\-－ ]{6,}\d)")


# entries of a list cell: ；/; (OCR may read ； after a phone number as ：)
_LIST_SEP = re.compile(r"\s*[；;]\s*|(?<=\d)\s*[：:]\s*(?=\D)")


def integrators_from_rows(rows: list[tuple[str, str]], contacts: str | None = None,
                          form: Form | None = None) -> list[Integrator]:
    """[(name, '张三 138…')] rows of the integrator block (+ the form's separate 联系人及联系方式 cell)
    -> Integrators. A cell listing several suppliers ('甲公司；乙公司') gives one each; contacts
    listed the same way ('张三 138…；李四 139…') are paired with them in order."""
    pairs: list[tuple[str, str]] = []
    for name, who in rows:
        names = [n for n in _LIST_SEP.split(organisation_list(name.strip(), form)) if n]
        whos = [w for w in _LIST_SEP.split(who.strip()) if w] if who else []
        if len(names) > 1 and len(whos) == len(names):
            pairs.extend(zip(names, whos, strict=True))
        else:
            pairs.extend((n, who if len(names) == 1 else "") for n in names)
    extra = [w for w in _LIST_SEP.split((contacts or "").strip()) if w]
    if extra and not any(w for _, w in pairs):
        pairs = [(n, extra[i] if i < len(extra) else "") for i, (n, _) in enumerate(pairs)]
    out = []
    for name, who in pairs:
        contact, phone = person(who, form)
        out.append(Integrator(name=name.strip(), contact=contact, phone=phone))
    return out


def organisation_list(text: str, form: Form | None = None) -> str:
    """'甲有限公司:乙有限公司' (a scan's ：for ；) -> '甲有限公司；乙有限公司'."""
    return _org_colon(form or default_form()).sub(r"\1；", text)


def _org_colon(form: Form) -> re.Pattern[str]:
    """Form -> pattern of a list separator a scan read as ：/: after an organisation name ('甲有限公司:乙…')."""
    return form.memo("annexes.org_colon", lambda f: re.compile(
        rf"({any_of(f.people.organisation_endings)})\s*[：:]\s*(?=\S)"))


def _org_end(form: Form) -> re.Pattern[str]:
    """Form -> pattern splitting 'organisation name + the rest' at the name's legal-form ending."""
    return form.memo("annexes.org_end", lambda f: re.compile(
        rf"^(.+?(?:{any_of(f.people.organisation_endings)}))(.*)$"))


def _contact_words(form: Form) -> re.Pattern[str]:
    """Form -> pattern of the printed sub-labels inside a contact text (联系人：, 电话 …)."""
    return form.memo("annexes.contact_words", lambda f: re.compile(
        rf"({any_of(f.people.contact_words)})\s*[：:]?"))


_PAREN_PERSON = re.compile(r"^(?P<name>.+?)\s*[（(](?P<who>[^（）()]*\d{5,}[^（）()]*)[)）]\s*$")


def parse_providers(text: str | None, form: Form | None = None) -> list[Integrator]:
    """'甲公司 张三 138…；乙公司（李四 010-…）' (one cell) -> Integrators."""
    form = form or default_form()
    out = []
    for entry in re.split(r"[；;\n]", text or ""):
        entry = entry.strip()
        if not entry:
            continue
        m = _PAREN_PERSON.match(entry)  # 名称（联系人 电话）
        if m:
            name, rest = m.group("name"), m.group("who")
        else:
            name, _, rest = entry.partition(" ")
        if not rest:  # spaces lost (OCR): the company name ends with its legal-form suffix
            m = _org_end(form).match(entry)
            if m:
                name, rest = m.group(1), m.group(2)
        contact, phone = person(rest, form)
        out.append(Integrator(name=name, contact=contact, phone=phone))
    return out


def person(text: str, form: Form | None = None) -> tuple[str | None, str | None]:
    """'联系人：张三，电话：138…' / '张三 138…' -> (name, phone)."""
    phone_m = _PHONE.search(text or "")
    phone = re.sub(r"\s", "", phone_m.group(1)) if phone_m else None
    rest = _PHONE.sub(" ", text or "")
    rest = _contact_words(form or default_form()).sub(" ", rest)
    rest = re.sub(r"[，,：:、/]", " ", rest).strip()
    name = rest.split()[0] if rest.split() else None
    return name, phone
