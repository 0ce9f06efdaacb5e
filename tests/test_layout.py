"""Architecture guards: module size and the import direction."""

import subprocess
import sys
from pathlib import Path

from tools.max_lines import oversized

ROOT = Path(__file__).resolve().parent.parent


def test_no_module_outgrows_one_idea():
    assert oversized(ROOT) == []


def test_imports_point_one_way():
    linter = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_code_needs_the_shared_folder():
    for pkg in ("model", "catalog", "library", "extractors", "classifiers", "checks", "flows", "reports", "samples",
                "tests"):
        for path in (ROOT / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            banned = ("../" + "shared", "shared" + "/seeds")
            assert not any(b in text for b in banned), path
