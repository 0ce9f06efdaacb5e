"""Text outputs of the flows (review.json, batch.json, the analysis cache), written atomically.

The report writers (reports/) are atomic themselves; these helpers use the same mechanism for plain text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from model import Submission
from reports.atomic import write_atomically
from reports.long_text import capped_spans


def write_text(target: Path, text: str) -> Path:
    """Text -> file, written under a temporary name and renamed into place."""
    return write_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(target: Path, data: Any) -> Path:
    """JSON-able data -> pretty UTF-8 JSON file, atomically (stable key order for byte-identical reruns)."""
    return write_text(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def review_json_text(sub: Submission) -> str:
    """Submission -> the exact text of review.json (timings left out: they differ between runs; long difference
    fragments capped, each mismatch's paper and online value kept whole: reports.long_text)."""
    return capped_spans(sub).model_dump_json(indent=2, exclude={"timings"}) + "\n"
