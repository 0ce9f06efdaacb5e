"""Fixtures of the classifier tests: the 2023 guide and a shared mapper."""

from __future__ import annotations

import warnings

import pytest

# jieba 0.42.1 has invalid escape sequences: Python 3.11 warns while compiling it, and pytest's "error"
# filter would turn that into a SyntaxError when the bytecode is not cached yet.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import jieba  # noqa: F401

from catalog.reference import Guide, load_guide
from classifiers.scene_mapper import SceneMapper, get_mapper


@pytest.fixture(scope="session")
def guide() -> Guide:
    """The 2023 scene guide."""
    return load_guide("2023")


@pytest.fixture(scope="session")
def mapper() -> SceneMapper:
    """The process-wide 2023 mapper without examples."""
    return get_mapper("2023")
