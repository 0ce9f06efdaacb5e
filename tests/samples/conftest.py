"""A small generated batch shared by the generator tests (one per session)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def tiny_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """-> (batch folder, ground truth) of the "tiny" preset, seed 11."""
    from samples.generate import generate_batch

    out = tmp_path_factory.mktemp("tiny")
    path = generate_batch(out, seed=11, preset="tiny")
    return out, json.loads(path.read_text(encoding="utf-8"))
