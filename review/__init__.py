"""The review pipeline: the stage functions a flow wires, and the only door evals and bench use.

    analyse_document(path, ctx)          PDF -> Submission: extract, year, classify, single-document checks
    extract(path, ctx)                   PDF -> the extracted Submission (the first stage alone)
    analyse_extracted(sub, ctx)          extracted Submission -> the rest of analyse_document
    finish_batch(subs, ctx)              online records, pairing, comparison, second readings, batch and
                                         library rules, status -> BatchResult
    reviewed_mismatches(paper, online, ctx)  one pair -> (mismatches as reported, OCR_REREAD findings)
    settled(sub)                         the one rule choosing between a first reading and a check's Reading
    ReviewContext, fixed_holders         what the stages are given (year, budget, online, holders, confirmed
                                         examples, page store)

Layers (import-linter, pyproject.toml): flows -> review -> (samples | reports) -> checks -> (extractors |
classifiers) -> catalog -> model. evals/ and bench/ import only review, model, catalog.reference, samples
and the public names below (tests/test_layout.py): extractors.page_store.PageStore (a ReviewContext's
store), extractors.online.read_online (an eval reads the online records it scores against),
checks.paper_vs_online.compare_paper_online (the XLSX-versus-JSON consistency of the online exports),
extractors.ocr.PAGE_PASSES (the OCR pass counter) and the extraction's public entry points used by the
extraction benchmarks (extractors.pipeline.extract_submission, extractors.debug).
"""

from review.batch import BatchResult, finish_batch, reviewed_mismatches
from review.context import Holders, ReviewContext, fixed_holders
from review.document import analyse_document, analyse_extracted, error_submission, extract, scene_mapper
from review.readings import settled

__all__ = [
    "BatchResult",
    "Holders",
    "ReviewContext",
    "analyse_document",
    "analyse_extracted",
    "error_submission",
    "extract",
    "finish_batch",
    "fixed_holders",
    "reviewed_mismatches",
    "scene_mapper",
    "settled",
]
