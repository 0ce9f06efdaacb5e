"""docs/architecture.md names real code: every dotted name and every file path it quotes exists."""

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
PACKAGES = ("model", "catalog", "extractors", "classifiers", "checks", "review", "library", "flows", "samples",
            "reports", "evals", "bench")
_ALT = "|".join(PACKAGES)
_DOTTED = re.compile(rf"`((?:{_ALT})(?:\.[A-Za-z_][A-Za-z0-9_]*)+)(?:\(\))?`")
_FILE_SUFFIXES = (".json", ".html", ".pdf", ".xlsx", ".docx", ".yaml", ".py", ".md", ".db")
_PATH = re.compile(rf"`((?:{_ALT}|catalog/data|docs|tests|schema)/[^`\s:]+)`")


def _resolves(dotted: str) -> bool:
    """'checks.engine.check_submission' -> True when the longest importable module prefix has the rest as
    attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def test_every_name_the_architecture_doc_quotes_exists():
    text = DOC.read_text(encoding="utf-8")
    names = sorted({n for n in _DOTTED.findall(text) if not n.endswith(_FILE_SUFFIXES)})
    assert len(names) >= 10, "the architecture doc should name the functions a reader follows"
    assert [n for n in names if not _resolves(n)] == []


def test_every_file_the_architecture_doc_quotes_exists():
    text = DOC.read_text(encoding="utf-8")
    paths = sorted(set(_PATH.findall(text)))
    missing = [p for p in paths if not (ROOT / p.rstrip("/")).exists() and not list(ROOT.glob(p))]
    assert missing == []
