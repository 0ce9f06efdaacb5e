"""Fixtures of the checks tests: the 2023 reference and clean 优秀场景 / 示范工厂 Submissions."""

from __future__ import annotations

import warnings

import pytest

# jieba 0.42.1 has invalid escape sequences: Python 3.11 warns (DeprecationWarning) while compiling it, and with
# PYTHONDONTWRITEBYTECODE it compiles in every process; pytest's "error" filter would make that a SyntaxError.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import jieba  # noqa: F401

from checks_factory import make_factory_submission, make_scene_submission, ref2023

from catalog.reference import Reference
from model.submission import Submission


@pytest.fixture
def ref() -> Reference:
    """The 2023 reference data."""
    return ref2023()


@pytest.fixture
def scene_sub() -> Submission:
    """A clean 优秀场景 Submission."""
    return make_scene_submission()


@pytest.fixture
def factory_sub() -> Submission:
    """A clean 示范工厂 Submission."""
    return make_factory_submission()
