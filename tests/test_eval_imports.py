"""evals/ and bench/ measure the shipped pipeline: they import review/, not the stages it wires.

Every module of evals/ and bench/ is parsed with ast; an import of extractors.*, checks.* or classifiers.*
fails unless the imported name is one of review.PUBLIC_FOR_EVALS (each listed with its reason).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from review import PUBLIC_FOR_EVALS

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("extractors", "checks", "classifiers")
MODULES = sorted(p for pkg in ("evals", "bench") for p in (ROOT / pkg).rglob("*.py"))


def stage_imports(source: str) -> list[str]:
    """Module source -> every stage name it imports ("checks.engine.check_and_reread", "extractors.reread")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in STAGES:
                found.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names if alias.name.split(".")[0] in STAGES)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_evals_and_bench_import_no_stage_internals(path: Path):
    bad = [name for name in stage_imports(path.read_text(encoding="utf-8")) if name not in PUBLIC_FOR_EVALS]
    assert bad == [], f"{path.relative_to(ROOT)} imports stage internals {bad}: call review/ instead"


def test_the_import_check_sees_plain_lazy_and_module_imports():
    source = ("import checks.engine\nfrom review import finish_batch\n"
              "def f():\n    from checks.ocr_verify import verify_mismatches\n    from extractors.online import read_online\n")
    assert stage_imports(source) == ["checks.engine", "checks.ocr_verify.verify_mismatches",
                                     "extractors.online.read_online"]
    assert [n for n in stage_imports(source) if n not in PUBLIC_FOR_EVALS] == [
        "checks.engine", "checks.ocr_verify.verify_mismatches"]


def test_every_public_name_for_evals_exists():
    import importlib

    for name in PUBLIC_FOR_EVALS:
        module, _, attr = name.rpartition(".")
        assert hasattr(importlib.import_module(module), attr), name
