"""Online records (--online): a JSON export, an XLSX export or a folder of platform-exported PDFs."""

from __future__ import annotations

import logging
from pathlib import Path

from extractors.online_json import OnlineReadError, online_id, read_online_json
from extractors.online_xlsx import read_online_xlsx
from model.submission import Submission

__all__ = ["OnlineReadError", "read_online"]
log = logging.getLogger(__name__)


def read_online(path: Path, *, year: int | None = None) -> list[Submission]:
    """JSON file / XLSX file / folder of exported PDFs -> online Submissions ("online-<code or n>-<type>" ids).

    Raises OnlineReadError (Chinese message) when the export cannot be read.
    """
    try:
        return _read(Path(path), year)
    except OnlineReadError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise OnlineReadError(f"网上填报数据 {path} 过大或结构过深，无法读取（{type(exc).__name__}）。"
                              "请确认这是平台导出的原始文件。") from exc
    except Exception as exc:  # an export no reader foresaw must still end in a Chinese message, not a traceback
        log.exception("online records %s could not be read", path)
        raise OnlineReadError(f"网上填报数据 {path} 无法读取（{type(exc).__name__}）。请重新从平台导出后再试；"
                              "如仍不行，请将该文件交技术支持人员排查。") from exc


def _read(path: Path, year: int | None) -> list[Submission]:
    """read_online without its safety net."""
    if path.is_dir():
        return _read_pdf_folder(path, year)
    if not path.exists():
        raise OnlineReadError(f"找不到网上填报数据 {path}。请检查 --online 的路径。")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_online_json(path, year=year)
    if suffix in (".xlsx", ".xlsm"):
        return read_online_xlsx(path, year=year)
    raise OnlineReadError(f"网上填报数据 {path} 的格式无法识别（{suffix or '无扩展名'}）。请提供 JSON、XLSX 文件，"
                          f"或存放平台导出 PDF 的文件夹。")


def _read_pdf_folder(folder: Path, year: int | None) -> list[Submission]:
    """Folder of platform-exported PDFs -> Submissions read with the PDF extractor (ids renamed to online-…)."""
    from extractors.extract_pdf import extract_submission  # lazy: PDF stack only for this input kind

    pdfs = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    if not pdfs:
        raise OnlineReadError(f"网上填报数据文件夹 {folder} 中没有 PDF 文件。请放入平台导出的申报书 PDF。")
    taken: set[str] = set()
    out = []
    for n, pdf in enumerate(pdfs, start=1):
        sub = extract_submission(pdf, year=year)
        sid = online_id(sub.fields.credit_code, n, sub.declaration_type, taken)
        out.append(sub.model_copy(update={"submission_id": sid}))
    return out
