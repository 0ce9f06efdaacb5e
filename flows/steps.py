"""The review of one file and of a batch, as plain functions (Prefect only wires these, see review_batch.py).

The stages are in review/; this module gives them their context (review_context: RunConfig + case library
+ the run's page store under OUT/.cache/pages) and keeps the on-disk cache and the outputs.

analyse_one:  PDF -> review.analyse_document (extraction, year, scenes, single-document checks), cached on disk.
finish_batch: all Submissions -> review.finish_batch (online records, pairing, comparison, batch rules, status).
write_outputs / write_batch_outputs: the files of DESIGN.md §7, each written atomically.
"""

from __future__ import annotations

import hashlib
import logging
import time
from functools import cache
from pathlib import Path
from typing import Any

import review
from catalog.reference import load_reference
from extractors.page_store import PageStore
from extractors.pdf_open import file_sha256
from flows.config import RunConfig, code_version
from flows.inputs import discover_inputs, distinct_ids, input_findings, input_notes
from flows.memory import release_memory
from flows.outputs import review_json_text, write_text
from model import Submission
from review import BatchResult, ReviewContext, analyse_document, error_submission

__all__ = ["BatchResult", "analyse_one", "discover_inputs", "error_submission", "finish_batch", "review_context",
           "write_chunk", "write_chunks", "write_outputs"]

log = logging.getLogger("shenbao.review")


@cache
def _confirmed_examples(catalog: Path | None) -> tuple[tuple[str, str], ...]:
    """Case library -> reviewer-confirmed (text, scene) pairs, read once per process."""
    if catalog is None or not catalog.exists():
        return ()
    from library.store import CaseLibrary

    return tuple(CaseLibrary(catalog).confirmed_examples())


@cache
def _page_store(folder: Path) -> PageStore:
    """Run's cache folder -> the page store of this process (one per run, shared by the files it reviews)."""
    return PageStore(folder / "pages")


def review_context(cfg: RunConfig) -> ReviewContext:
    """RunConfig (+ its case library) -> what the review stages are given."""
    holders = similar = decisions = None
    if cfg.catalog is not None:
        catalog, opened = cfg.catalog, []

        def library() -> Any:
            if not opened:
                from library.store import CaseLibrary

                opened.append(CaseLibrary(catalog))
            return opened[0]

        def similar(sub: Submission) -> dict[str, list[dict[str, Any]]]:
            from checks.library_rules import long_texts

            code = sub.fields.credit_code
            return {path: library().similar_passages(text, exclude_credit_code=code, min_chars=80)
                    for path, text, _ in long_texts(sub)}

        def holders(year: int | None) -> list[tuple[str, str]]:
            # Only official 揭榜单位 lists of earlier years count: a mere earlier declaration was not necessarily
            # selected. The library is opened on the first question, once.
            return library().demo_factory_holders(before_year=year, declared=False)

        def decisions(sub: Submission) -> dict[str, dict[str, Any]]:
            # accepted / dismissed on the case page for this file, or for the version it corrects
            return library().decisions_for(sub)

    return ReviewContext(year=cfg.year, budget_s=cfg.budget_s, online=cfg.online, holders=holders,
                         similar=similar, examples=_confirmed_examples(cfg.catalog), decisions=decisions,
                         pages=_page_store(cfg.out / ".cache"))


def _cache_path(cache_dir: Path, sha256: str, cfg: RunConfig) -> Path:
    examples = _confirmed_examples(cfg.catalog)
    learned = hashlib.sha256(repr(examples).encode()).hexdigest()[:8] if examples else "0"
    return cache_dir / f"{sha256[:24]}-{cfg.year or 'auto'}-{code_version()}-{learned}.json"


def analyse_one(path: Path, cfg: RunConfig) -> Submission:
    """PDF -> Submission after extract, classify and single-document checks; never raises.

    The result is cached under OUT/.cache keyed by file SHA-256, year and code version, so a rerun after a crash
    or Ctrl-C redoes only the files that are missing. An error result is never cached (nor taken from the
    cache): it may come from a passing cause (a full disk, a killed worker), and the next run must try again.
    """
    started = time.perf_counter()
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return error_submission(path, f"《{path.name}》无法读取（{type(exc).__name__}）。请检查文件是否存在、是否有读取权限。",
                                repr(exc))
    cache = _cache_path(cfg.out / ".cache", sha, cfg)
    if cache.exists():
        try:
            cached = Submission.model_validate_json(cache.read_text(encoding="utf-8"))
        except ValueError:
            log.warning("ignoring unreadable cache file %s", cache)
        else:
            if cached.status != "error":  # an error result is no answer (earlier versions cached some)
                return cached.model_copy(update={"source": cached.source.model_copy(update={"path": str(path)})})
    sub = analyse_document(path, review_context(cfg))
    release_memory()
    sub = sub.model_copy(update={"timings": {**sub.timings, "analyse": round(time.perf_counter() - started, 3)}})
    if sub.status != "error":
        write_text(cache, sub.model_dump_json())
    return sub


def finish_batch(subs: list[Submission], cfg: RunConfig) -> BatchResult:
    """Analysed submissions (in input order) -> paired with online records, compared, batch rules applied, status
    computed (review.finish_batch on the run's context); two copies of one file get two ids, and the batch
    findings say which inputs were skipped or repeated (flows.inputs)."""
    subs = distinct_ids(subs)
    result = review.finish_batch(subs, review_context(cfg))
    result.batch_findings[:0] = input_findings(cfg.inputs, cfg.out, result.subs)
    result.notes[:0] = input_notes(cfg.inputs, cfg.out)
    return result


def write_chunk(subs: list[Submission], cfg: RunConfig, label: str = "") -> list[str]:
    """Several submissions -> their outputs written one after another (one task on a worker for a chunk of a
    batch: a task run costs about as much again as writing one document's files); -> their ids. `label`
    names the chunk in Prefect's task run name."""
    return [write_outputs(sub, cfg).name for sub in subs]


def write_chunks(subs: list[Submission], slots: int) -> list[list[Submission]]:
    """A batch's submissions + worker slots -> chunks to write, about four per slot and at most WRITE_CHUNK
    documents each, in order (a small batch: one document per chunk)."""
    size = max(1, min(WRITE_CHUNK, -(-len(subs) // max(4 * slots, 1))))
    return [subs[i:i + size] for i in range(0, len(subs), size)]


WRITE_CHUNK = 25


def write_outputs(sub: Submission, cfg: RunConfig) -> Path:
    """One submission -> DIR/<id>/review.json, report.html and annotated.pdf (atomic writes)."""
    from reports.annotate import write_annotated_pdf
    from reports.html import write_report_html

    folder = cfg.out / sub.submission_id
    write_text(folder / "review.json", review_json_text(sub))
    ref = load_reference(sub.year) if sub.year else None
    write_report_html(sub, folder / "report.html", ref=ref)
    if sub.status != "error":
        try:
            write_annotated_pdf(sub, Path(sub.source.path), folder / "annotated.pdf")
        except Exception:  # an annotated copy is a convenience: its failure must not lose the review
            log.exception("annotated PDF for %s failed", sub.source.path)
    return folder
