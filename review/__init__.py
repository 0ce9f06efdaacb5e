"""The review pipeline: the stage functions a flow wires, and the only door evals and bench use.

    analyse_document(path, ctx)          PDF -> Submission: extract, year, classify, single-document checks
    extract(path, ctx)                   PDF -> the extracted Submission (the first stage alone)
    analyse_extracted(sub, ctx)          extracted Submission -> the rest of analyse_document
    finish_batch(subs, ctx)              online records, pairing, comparison, second readings, batch and
                                         library rules, status -> BatchResult
    reviewed_mismatches(paper, online, ctx)  one pair -> (mismatches as reported, OCR_REREAD findings)
    settled(sub)                         the one rule choosing between a first reading and a check's Reading
    ReviewContext, fixed_holders         what the stages are given (year, budget, online, holders, confirmed
                                         examples, page store); PageStore (extractors.page_store)
    error_submission, scene_mapper       an error Submission for a file; the scene mapper of an edition

Layers (import-linter, pyproject.toml): flows -> review -> (samples | reports) -> checks -> (extractors |
classifiers) -> catalog -> model. evals/ and bench/ import review, model, catalog.reference, samples and
their own modules; of the stages only the names in PUBLIC_FOR_EVALS below (tests/test_eval_imports.py
parses every eval and bench module and fails on any other import of extractors, checks or classifiers).
"""

from extractors.page_store import PageStore
from review.batch import BatchResult, finish_batch, reviewed_mismatches
from review.context import Holders, ReviewContext, fixed_holders
from review.document import analyse_document, analyse_extracted, error_submission, extract, scene_mapper
from review.readings import settled

# Stage names evals/ and bench/ may import, each with why: what an eval needs to *score* (its truth side) or
# the component benchmarks of one stage, never a stage of the review itself (those are the functions above).
PUBLIC_FOR_EVALS: dict[str, str] = {
    "extractors.online.read_online": "an eval reads the online records it scores against",
    "extractors.page_store.PageStore": "the page store a ReviewContext holds",
    "extractors.ocr.PAGE_PASSES": "the full-page OCR pass counter",
    "checks.paper_vs_online.compare_paper_online": "XLSX versus JSON consistency of the online exports",
    "checks.identity.clean_credit_code": "is the printed (truth) credit code valid? (evals.credit_reread)",
    "checks.identity.is_valid_credit_code": "is the printed (truth) credit code valid? (evals.credit_reread)",
    "checks.align.align_instances": "which truth instance a reported path belongs to (evals.checks_blame)",
    "checks.normalize.same_value": "was a false alarm caused by a misread field? (evals.checks_blame)",
    "extractors.ocr_confidence.uncertain_reason": "evals.ocr_confidence scores the shipped rule at other limits",
    "extractors.ocr_confidence.eligible": "evals.ocr_confidence scores the fields the shipped rule is about",
    "extractors.deskew.straighten": "evals.ocr_engines cuts field cells from the page as the OCR pass saw it",
    "extractors.deskew.estimate_skew": "evals.deskew measures the deskew estimate itself",
    "extractors.ocr.page_image": "evals.deskew measures the deskew on the page image the OCR sees",
    "extractors.reader.read_document": "bench.extract times the page reader (component benchmark)",
    "extractors.document_index.build_document": "bench.extract times the table grid reader (component benchmark)",
    "extractors.ocr.ocr_engine": "bench.extract loads the OCR engine before timing it; evals.ocr_engines compares it",
    "extractors.ocr.read_ocr_page": "bench.extract times one OCR page (component benchmark)",
    "classifiers.scene_mapper.SceneMapper": "the scene classifier eval and bench measure the mapper itself",
    "classifiers.scene_mapper.get_mapper": "the scene classifier eval and bench measure the mapper itself",
    "classifiers.names.normalize_label": "the scene classifier eval maps declared labels",
    "classifiers.resources.load_settings": "the scene classifier eval reads the mapper's settings",
    "classifiers.tagging.tag_text": "bench.classify times the tagger",
    "classifiers.names.judge_declared": "the shipped SCENE_* rule the classifier eval scores (never a copy of it)",
    "classifiers.scene_mapper.to_prediction": "the classifier eval turns cross-validated scores into predictions",
    "classifiers.train.out_of_group": "the classifier eval's leave-one-set-out cross-validation",
    "classifiers.train.prepare_rows": "the classifier eval's leave-one-set-out cross-validation",
    "classifiers.train.softmax_rows": "the classifier eval's leave-one-set-out cross-validation",
}

__all__ = [
    "PUBLIC_FOR_EVALS",
    "BatchResult",
    "Holders",
    "PageStore",
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
