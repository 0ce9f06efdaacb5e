"""Recognise the document: is it a declaration of this programme, and which year's template does it follow?

What is looked for is data (catalog/data/forms/<edition>.yaml `recognition`): the templates' titles and the annex
numbers printed on their covers (附件3-1 / 3-2 in 2023, 附件4 in 2022, 附件4 / 5 in 2021), the labels of the
basic-information tables and the section headings. A file with text but none of these is NOT_A_DECLARATION:
a student project 申报书, a scholarship form or a customs form must not be reviewed as a declaration.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from catalog.forms import Form, TemplateDef
from extractors.document_index import Document, TextLine
from extractors.fields import find_labels
from extractors.sections import Heading
from model.submission import Finding

TITLE_CHARS = 40  # a title quoted in a message is cut to this many characters


@dataclass(frozen=True)
class Recognised:
    """What the first pages say the file is."""

    titles: list[str]          # template titles found on the first pages
    annexes: list[str]         # 附件N labels found there ("附件3-1")
    labels: int                # distinct basic-information labels found
    headings: int              # section headings found
    text: int                  # characters of text on the first pages
    shown_title: str           # the most prominent line of the first page (what the file calls itself)
    template: TemplateDef | None = None

    def is_declaration(self, form: Form) -> bool:
        """True when anything of the declaration was found (or too little text was read to tell)."""
        r = form.recognition
        return (bool(self.titles) or self.labels >= r.min_labels or self.headings >= r.min_headings
                or self.text < r.min_text)


def _flat(text: str) -> str:
    """Text -> NFKC, without spaces (附件 3－1 -> 附件3-1)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("—", "-").replace("－", "-")


def _titles_in(lines: list[TextLine], form: Form) -> list[str]:
    """Lines of the first pages -> the template titles they print (fuzzily: OCR may miss a character)."""
    r = form.recognition
    found = []
    for title in r.titles:
        for ln in lines:
            flat = _flat(ln.text)
            if title in flat or (len(flat) >= len(title) - 2 and fuzz.partial_ratio(title, flat) >= r.title_match):
                found.append(title)
                break
    return found


def _template(titles: list[str], annexes: list[str], form: Form) -> TemplateDef | None:
    """Titles and annex numbers found -> the one template they fit (None when none or several years fit)."""
    fitting = [t for t in form.recognition.templates if set(t.titles) & set(titles)]
    if annexes:
        fitting = [t for t in fitting if set(t.annexes) & set(annexes)] or fitting
    years = {t.year for t in fitting}
    return fitting[0] if len(years) == 1 else None


def shown_title(lines: list[TextLine]) -> str:
    """First-page lines -> its most prominent line (tallest, then first), cut to TITLE_CHARS ('' when none)."""
    candidates = [ln for ln in lines if len(ln.text.strip()) >= 2]
    if not candidates:
        return ""
    best = max(candidates, key=lambda ln: (round(ln.bbox[3] - ln.bbox[1]), -lines.index(ln)))
    text = re.sub(r"\s+", " ", best.text).strip()
    return text if len(text) <= TITLE_CHARS else f"{text[:TITLE_CHARS]}…"


def recognise(doc: Document, form: Form, headings: list[Heading]) -> Recognised:
    """Document + the section headings found -> what its first pages say it is."""
    first = doc.pages[0].number if doc.pages else 1
    last = first + form.recognition.first_pages - 1
    lines = doc.lines_of(first, last)
    cells = [c.text for t in doc.tables_of(first, last) for c in t.cells]
    word = form.recognition.annex_word
    annex = form.memo("recognise.annex", lambda f: re.compile(re.escape(word) + r"(\d+(?:-\d+)?)"))
    annexes = sorted({f"{word}{m}" for text in [ln.text for ln in lines] + cells for m in annex.findall(_flat(text))})
    titles = _titles_in(lines, form)
    tables = doc.tables_of(first, first + 8)
    labels = {h.path for h in find_labels(tables, form) if not h.path.startswith("sub.")}
    n_headings = sum(1 for h in headings if h.title)
    text = sum(len(_flat(ln.text)) for ln in lines) + sum(len(_flat(c)) for c in cells)
    return Recognised(titles=titles, annexes=annexes, labels=len(labels), headings=n_headings, text=text,
                      shown_title=shown_title(doc.lines_of(first, first)), template=_template(titles, annexes, form))


def not_a_declaration(found: Recognised, form: Form, name: str) -> Finding:
    """What was found instead -> the NOT_A_DECLARATION error finding (Chinese: what it is, what to do)."""
    titles = "、".join(dict.fromkeys(t for tpl in form.recognition.templates for t in tpl.titles))
    annexes = "、".join(dict.fromkeys(a for tpl in form.recognition.templates for a in tpl.annexes))
    return Finding(
        rule="NOT_A_DECLARATION", severity="error", page=1, value=found.shown_title or None,
        message=f"《{name}》不是智能制造试点示范项目的申报书："
                f"{f'首页标题为「{found.shown_title}」' if found.shown_title else '首页未读出标题'}，"
                f"未找到申报书封面（{annexes}，{titles}）、"
                "申报主体基本信息表的栏目或申报书的章节标题，因此未做规则检查。请确认是否上传错了文件，"
                "向申报单位索取本项目的申报书后重新审核。",
        detail=f"titles={found.titles} annexes={found.annexes} labels={found.labels} headings={found.headings} "
               f"text={found.text}")
