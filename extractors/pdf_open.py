"""Open a declaration PDF safely: tell bad inputs apart by exception type and file facts.

Never by English message text: pdf libraries change their wording between versions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from catalog.limits import load_limits
from extractors.errors import ExtractError, extract_error

MAX_PAGES = load_limits().pages_per_file  # catalog/data/limits.yaml: a declaration has 20-120 pages
MAX_BYTES = load_limits().bytes_per_file  # 500 MB: far above a 120-page 150-dpi scan (~30 MB)


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
        raise extract_error("too_large", name, f"{size / 2**20:.0f} MB，上限 {max_bytes / 2**20:.0f} MB",
                            tech=f"{size} bytes > {max_bytes} (bytes_per_file)")
    if not _looks_like_pdf(path):
        raise extract_error("not_a_pdf", name, tech="no %PDF- header in the first KiB")
    sha = file_sha256(path)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except pymupdf.EmptyFileError as exc:  # subclass of FileDataError: test it first
        raise extract_error("empty", name, tech=repr(exc)) from exc
    except Exception as exc:  # FileDataError, RuntimeError and MuPDF's FzError* alike: the file cannot be opened
        raise extract_error("corrupt", name, tech=f"{type(exc).__name__}: {exc!r}") from exc
    try:
        return _check_opened(doc, path, sha, size, max_pages)
    except ExtractError:
        doc.close()
        raise


def _page_count(doc: pymupdf.Document, name: str) -> int:
    """Open document -> its number of pages; ExtractError page_tree when the page tree cannot be walked (a
    loop, or thousands of entries naming one page object: MuPDF refuses the count)."""
    try:
        return doc.page_count
    except Exception as exc:
        raise extract_error("page_tree", name, tech=f"{type(exc).__name__}: {exc}") from exc


def _no_pages_code(doc: pymupdf.Document, repaired: bool) -> str:
    """A document with no page -> "empty" when its page tree really is empty, else why none was found:
    "corrupt" (repaired by MuPDF) or "structure" (the catalog or page tree cannot be read, e.g. inside a
    damaged object stream)."""
    if repaired:
        return "corrupt"
    try:
        kind, value = doc.xref_get_key(doc.pdf_catalog(), "Pages")
        ok = kind == "xref" and doc.xref_get_key(int(value.split()[0]), "Type")[1] == "/Pages"
    except Exception:
        ok = False
    return "empty" if ok and not pymupdf.TOOLS.mupdf_warnings() else "structure"


def _check_opened(doc: pymupdf.Document, path: Path, sha: str, size: int, max_pages: int) -> OpenedPdf:
    """An open document -> OpenedPdf, or ExtractError for encryption and page count problems."""
    name = path.name
    # Owner-password-only files open with an empty user password; only a real user password blocks us.
    if doc.needs_pass and not doc.authenticate(""):
        raise extract_error("encrypted", name, tech="user password required")
    repaired = bool(getattr(doc, "is_repaired", False))
    count = _page_count(doc, name)
    if count == 0:
        code = _no_pages_code(doc, repaired)
        raise extract_error(code, name, tech=f"page_count=0 repaired={repaired} "
                                             f"mupdf={pymupdf.TOOLS.mupdf_warnings()[:200]!r}")
    pymupdf.TOOLS.mupdf_warnings(reset=True)  # repair warnings are summarised by `repaired`
    if count > max_pages:
        raise extract_error("too_many_pages", name, count, tech=f"{count} > {max_pages} (pages_per_file)",
                            limit=max_pages)
    return OpenedPdf(doc=doc, path=path, sha256=sha, size=size, repaired=repaired)
