"""Rebuild or extend a library from review outputs already written: every review.json under the folders.

Idempotent: a record is identified by (sha256, year), so adding the same outputs twice changes nothing.
The report.html and annotated.pdf next to a review.json are linked from the case page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from library.store import CaseLibrary, Entry
from model.submission import Submission

BATCH = 500  # submissions per transaction


@dataclass
class AddReport:
    """What `catalog add` did: submissions indexed, the library's total, files skipped and why (Chinese)."""

    added: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)


def _entries(folders: Iterable[Path], problems: list[str]) -> Iterable[Entry]:
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(folder.rglob("review.json"))
        for path in files:
            try:
                sub = Submission.model_validate_json(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValidationError, ValueError):
                problems.append(f"{path} 不是有效的 review.json（可能由其他版本生成或已损坏）。")
                continue
            if sub.status == "error":
                problems.append(f"{path}：该申报书无法处理（status = error），未入库。")
                continue
            report, annotated = path.parent / "report.html", path.parent / "annotated.pdf"
            yield Entry(sub, str(report.resolve()) if report.is_file() else None,
                        str(annotated.resolve()) if annotated.is_file() else None)


def add_review_outputs(db_path: Path, folders: Iterable[Path]) -> AddReport:
    """Library path + review output folders (or review.json files) -> every readable review indexed."""
    library = CaseLibrary(db_path)
    report = AddReport()
    batch: list[Entry] = []
    for entry in _entries(folders, report.problems):
        batch.append(entry)
        if len(batch) >= BATCH:
            report.added += len(library.index_many(batch))
            batch = []
    if batch:
        report.added += len(library.index_many(batch))
    report.total = library.stats()["submissions"]
    return report
