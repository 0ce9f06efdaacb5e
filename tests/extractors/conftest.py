"""Fixtures of the extractor tests: bad inputs named after what is wrong, and drawn declarations."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from extract_fixtures import build_declaration, build_seal_over_text, scan_of


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Session temp folder for the fixture PDFs."""
    return tmp_path_factory.mktemp("extract_pdfs")


@pytest.fixture(scope="session")
def declaration_pdf(pdf_dir: Path) -> Path:
    """A digital 优秀场景 declaration with both cover seals, company seal and a signature."""
    return build_declaration(pdf_dir / "declaration.pdf")


@pytest.fixture(scope="session")
def unsealed_pdf(pdf_dir: Path) -> Path:
    """The same declaration with no seal and no signature at all."""
    return build_declaration(pdf_dir / "unsealed.pdf", seals=False, signature=False)


@pytest.fixture(scope="session")
def scan_skew_2deg_pdf(pdf_dir: Path, declaration_pdf: Path) -> Path:
    """Cover and basic-information pages scanned at 150 dpi with a 2° skew (the rest dropped)."""
    src = pymupdf.open(declaration_pdf)
    src.select([0, 1])
    short = pdf_dir / "two_pages.pdf"
    src.save(short)
    return scan_of(short, pdf_dir / "scan_skew_2deg.pdf", skew_deg=2.0)


@pytest.fixture(scope="session")
def bad_inputs(pdf_dir: Path, declaration_pdf: Path) -> dict[str, Path]:
    """Files named after what is wrong with them."""
    out = {}
    p = pdf_dir / "not_a_pdf.pdf"
    p.write_text("这不是 PDF，而是一段文字。", encoding="utf-8")
    out["not_a_pdf"] = p
    p = pdf_dir / "empty.pdf"
    p.write_bytes(b"")
    out["empty"] = p
    data = declaration_pdf.read_bytes()
    p = pdf_dir / "truncated.pdf"
    p.write_bytes(data[: len(data) // 3])
    out["truncated"] = p
    p = pdf_dir / "garbage_after_header.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    out["corrupt"] = p
    doc = pymupdf.open(declaration_pdf)
    p = pdf_dir / "encrypted.pdf"
    doc.save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    out["encrypted"] = p
    many = pymupdf.open()
    for _ in range(12):
        many.new_page()
    p = pdf_dir / "too_many_pages.pdf"
    many.save(p)
    out["too_many_pages"] = p
    return out


@pytest.fixture(scope="session")
def seal_over_text_pdf(pdf_dir: Path) -> Path:
    """A scanned cover with a red seal stamped over the applicant's name."""
    digital = build_seal_over_text(pdf_dir / "seal_over_text_digital.pdf")
    return scan_of(digital, pdf_dir / "seal_over_text.pdf", skew_deg=-0.8)
