"""Why a declaration PDF could not be read: one error type with a code and a Chinese message.

Codes are stable identifiers (logs, tests, the finding's `detail`); the Chinese message tells the
review officer what is wrong and what to do.
"""

from __future__ import annotations

# code -> message template; {name} is the file name, {detail} an optional number or limit.
MESSAGES: dict[str, str] = {
    "not_found": "《{name}》不存在或无法访问。请检查文件路径后重新导入。",
    "not_a_pdf": "《{name}》不是 PDF 文件。请向申报单位索取 PDF 格式的申报书后重新导入。",
    "corrupt": "《{name}》已损坏或不完整，无法读取。请向申报单位索取完整的申报书 PDF 后重新导入。",
    "encrypted": "《{name}》已加密，无法读取。请向申报单位索取未加密文件后重新导入。",
    "empty": "《{name}》没有任何页面。请向申报单位索取完整的申报书后重新导入。",
    "too_many_pages": "《{name}》共 {detail} 页，超过单份申报书的页数上限（{limit} 页），可能不是一份申报书。请拆分或核对后重新导入。",
    "page_tree": "《{name}》的页面目录（页树）已损坏，无法确定页数和页面顺序，未能读取任何页面。请向申报单位索取完好的申报书 PDF 后重新导入。",
    "structure": "《{name}》的文件结构已损坏（文件目录或压缩的对象流无法读取），找不到任何页面。请向申报单位索取完好的申报书 PDF 后重新导入。",
    "too_large": "《{name}》文件过大（{detail}），超过单份申报书的上限。请压缩扫描件（建议 150 dpi）后重新导入。",
    "budget": "《{name}》读取超时（超过单个文件 {detail} 秒的时限），部分页面未读取。请人工核对未读取的页面，或加大 --budget 后单独重新导入该文件。",
    "internal": "《{name}》读取时发生内部错误，无法完成提取。请人工审核该文件，并将文件转交技术人员。",
}


class ExtractError(Exception):
    """A PDF that cannot be read: `code` (stable id) and `message_zh` (for the officer)."""

    def __init__(self, code: str, message_zh: str, detail: str | None = None) -> None:
        super().__init__(f"{code}: {detail or ''}")
        self.code = code
        self.message_zh = message_zh
        self.detail = detail


def extract_error(code: str, name: str, detail: object = "", tech: str | None = None,
                  limit: object = "") -> ExtractError:
    """Error code + file name (+ number and limit for the message, technical detail) -> ExtractError."""
    return ExtractError(code, MESSAGES[code].format(name=name, detail=detail, limit=limit), tech)
