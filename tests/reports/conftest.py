"""Fixtures for the report writers (builders live in report_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_fixtures import make_submission, write_pdf

from model import Submission


@pytest.fixture
def sub() -> Submission:
    """The standard 示范工厂 fixture submission."""
    return make_submission()


@pytest.fixture
def sample_pdf(tmp_path: Path) -> Path:
    """A 3-page digital PDF matching the fixture submission's page count."""
    return write_pdf(tmp_path / "甲公司申报书.pdf")
