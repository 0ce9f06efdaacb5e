"""Form knowledge lives in catalog/data/forms/<edition>.yaml: the extractor modules that find labels,
headings, columns and seal places hold no Chinese literal except in their messages."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# the modules that read the form (labels, headings, columns, seal places)
MODULES = ("label_match", "fields", "instances", "annexes", "annex_tables", "cover", "sections", "narrative",
           "seal_places", "ink_marks", "assemble", "recognise", "ocr_confidence")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# calls whose arguments are messages for the officer (findings and stage names in them)
MESSAGE_CALLS = {"incomplete", "field_empty", "_guard", "Finding"}
# other message texts, by module: (module, the literal's start)
MESSAGES = {("instances", "序号不连续"), ("narrative", "实例")}


def _docstrings(tree: ast.Module) -> set[int]:
    """Module -> ids of its docstring constants."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _in_messages(tree: ast.Module) -> set[int]:
    """Module -> ids of the constants inside the arguments of a message call."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in MESSAGE_CALLS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    out |= {id(n) for n in ast.walk(arg) if isinstance(n, ast.Constant)}
    return out


def _listed_messages(tree: ast.Module, module: str) -> set[int]:
    """Module -> ids of the constants of a string (or f-string) that starts like one of its MESSAGES."""
    starts = tuple(s for m, s in MESSAGES if m == module)
    out = set()
    for node in ast.walk(tree):
        parts = node.values if isinstance(node, ast.JoinedStr) else [node] if isinstance(node, ast.Constant) else []
        first = parts[0] if parts else None
        if starts and isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith(starts):
            out |= {id(p) for p in parts}
    return out


def chinese_literals(source: str, module: str) -> list[tuple[int, str]]:
    """Module source -> (line, text) of every Chinese string literal that is no docstring or message."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _in_messages(tree) | _listed_messages(tree, module)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                and CJK.search(node.value):
            found.append((node.lineno, node.value))
    return sorted(found)


@pytest.mark.parametrize("module", MODULES)
def test_extractor_module_holds_no_chinese_label_literal(module):
    source = (ROOT / "extractors" / f"{module}.py").read_text(encoding="utf-8")
    assert chinese_literals(source, module) == [], "move the label to catalog/data/forms/<edition>.yaml"


def test_the_scan_finds_a_label_literal_added_back():
    source = 'LABELS = {"company_name": "企业名称"}\n\ndef f():\n    """企业名称 in a docstring is fine."""\n' \
             '    return incomplete(f"「{x}」企业名称未能提取")\n'
    assert chinese_literals(source, "fields") == [(1, "企业名称")]
    assert chinese_literals('X = f"附{n}"\n', "sections") == [(1, "附")]  # an f-string key is no message
