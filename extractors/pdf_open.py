"""Open a declaration PDF safely: tell bad inputs apart by exception type and file facts.

Never by English message text: pdf libraries change their wording between versions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from extractors.errors import ExtractError, extract_error

MAX_PAGES = 300  # a declaration has 20-120 pages; hundreds means a wrong or merged file
MAX_BYTES = 500 * 1024 * 1024  # 500 MB: far above a 120-page 150-dpi scan (~30 MB)


@dataclass
class OpenedPdf:
    """An open document with the facts the pipeline records about the file."""

    doc: pymupdf.Document
    path: Path
    sha256: str
    size: int
    repaired: bool


def file_sha256(path: Path) -> str:
    """File path -> hex SHA-256 of its bytes (streamed, so large scans stay out of memory)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _looks_like_pdf(path: Path) -> bool:
    """True when '%PDF-' appears in the first KiB (the spec allows leading junk)."""
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)


def open_pdf(path: Path, *, max_pages: int = MAX_PAGES, max_bytes: int = MAX_BYTES) -> OpenedPdf:
    """PDF path -> OpenedPdf; raises ExtractError (code + Chinese message) for any bad input."""
    name = path.name
    if not path.is_file():
        raise extract_error("not_found", name, tech=f"missing: {path}")
    size = path.stat().st_size
    if size == 0:
        raise extract_error("empty", name, tech="zero bytes")
    if size > max_bytes:
        raise extract_error("too_large", name, f"{size / 2**20:.0f} MB", tech=f"{size} bytes > {max_bytes}")
    if not _looks_like_pdf(path):
        raise extract_error("not_a_pdf", name, tech="no %PDF- header in the first KiB")
    sha = file_sha256(path)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except pymupdf.EmptyFileError as exc:  # subclass of FileDataError: test it first
        raise extract_error("empty", name, tech=repr(exc)) from exc
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise extract_error("corrupt", name, tech=f"{type(exc).__name__}: {exc!r}") from exc
    try:
        return _check_opened(doc, path, sha, size, max_pages)
    except ExtractError:
        doc.close()
        raise


def _check_opened(doc: pymupdf.Document, path: Path, sha: str, size: int, max_pages: int) -> OpenedPdf:
    """An open document -> OpenedPdf, or ExtractError for encryption and page count problems."""
    name = path.name
    # Owner-password-only files open with an empty user password; only a real user password blocks us.
    if doc.needs_pass and not doc.authenticate(""):
        raise extract_error("encrypted", name, tech="user password required")
    repaired = bool(getattr(doc, "is_repaired", False))
    pymupdf.TOOLS.mupdf_warnings(reset=True)  # repair warnings are summarised by `repaired`
    if doc.page_count == 0:
        code = "corrupt" if repaired else "empty"
        raise extract_error(code, name, tech=f"page_count=0 repaired={repaired}")
    if doc.page_count > max_pages:
        raise extract_error("too_many_pages", name, doc.page_count, tech=f"{doc.page_count} > {max_pages}")
    return OpenedPdf(doc=doc, path=path, sha256=sha, size=size, repaired=repaired)
