"""The labelled evaluation set tests/data/classify_eval.jsonl keeps the shape the brief asks for."""

import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "classify_eval.jsonl"
KEYS = {"id", "name", "text", "link", "scene", "declared_link", "declared_scene", "hard"}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_eval_set_has_at_least_300_well_formed_lines(rows):
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == KEYS
        assert 100 <= len(r["text"]) <= 400, r["id"]


def test_every_scene_has_five_lines_with_its_own_link(rows, guide):
    counts = Counter(r["scene"] for r in rows)
    for scene in guide.scenes:
        assert counts[scene.name] >= 5, scene.name
    for r in rows:
        assert guide.link(guide.scene_by_name(r["scene"]).link).name == r["link"]


def test_a_third_is_hard_and_a_tenth_to_a_sixth_is_wrongly_declared(rows, guide):
    from classifiers.names import normalize_label

    assert sum(r["hard"] for r in rows) >= len(rows) / 3
    wrong = sum(normalize_label(r["declared_link"], r["declared_scene"], guide).scene != r["scene"] for r in rows)
    assert 0.10 <= wrong / len(rows) <= 0.16


def test_dev_set_is_well_formed_and_labelled_with_guide_scenes(guide):
    from classifiers.names import normalize_label

    path = DATA.parent / "classify_dev.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 300 and len({r["id"] for r in rows}) == len(rows)
    counts = Counter(r["scene"] for r in rows)
    assert {s.name for s in guide.scenes} == set(counts)
    for r in rows:
        assert guide.link(guide.scene_by_name(r["scene"]).link).name == r["link"]
        assert r["wrong"] in (None, "same_link", "other_link", "not_in_link")
        declared = normalize_label(r["declared_link"], r["declared_scene"], guide).scene
        assert (declared == r["scene"]) == (r["wrong"] is None), r["id"]
