"""docs/form-layouts.md names real code: every module.function it says reads or draws a table exists."""

import re

from test_architecture_doc import ROOT, _resolves

DOC = ROOT / "docs" / "form-layouts.md"
_NAME = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)(?:\([^`]*\))?`")
# a name in the page is relative to one of these (extractors/ for the readers, samples/ for the style)
_PREFIXES = ("extractors.", "samples.", "catalog.forms.", "")
_NOT_CODE = (".yaml", ".md", ".py", ".txt")


def test_every_reader_and_drawer_the_form_layouts_doc_names_exists():
    names = sorted({n for n in _NAME.findall(DOC.read_text(encoding="utf-8")) if not n.endswith(_NOT_CODE)})
    assert len(names) >= 15, "the page should name the function that reads each table"
    missing = [n for n in names if not any(_resolves(p + n) for p in _PREFIXES)]
    assert missing == []
