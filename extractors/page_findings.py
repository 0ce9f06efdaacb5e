"""What went wrong on which page (extractors.reader.ReadResult) -> EXTRACTION_INCOMPLETE findings in Chinese.

One finding per page and problem, each saying what (the page lost, its seals not looked at, read in part,
read within its content, rendered below the resolution asked), where (file and page) and what to do. The
finding's `detail` starts with a stable code (page_lost, page_render, page_damaged, page_box, page_pixels,
pages_out_of_time) followed by the technical reason; checks.engine uses the codes to withhold rules whose
evidence may lie on pages that were not (fully) read.
"""

from __future__ import annotations

from catalog.limits import load_limits
from extractors.errors import extract_error
from extractors.extraction_findings import incomplete
from extractors.reader import PageProblem, ReadResult
from model.submission import Finding

# Detail codes of pages whose content is missing from the Submission, in whole or in part.
NOT_FULLY_READ = ("page_lost", "page_damaged", "pages_out_of_time")
# Detail code of pages whose text was read but whose image (seals, signatures) was not looked at.
NOT_RENDERED = ("page_render",)

_LOST_WHY = {"load": "页面对象损坏，无法打开", "read": "页面内容损坏，无法读取", "ocr": "页面图像无法渲染或识别",
             "ocr_disabled": "该页需要文字识别，但本次未启用文字识别"}


def _why(problem: PageProblem, default: str) -> str:
    """A page problem -> its reason for the officer: the limit exceeded (named) or the stage's wording."""
    return f"{problem.limit_zh}，limits.yaml: {problem.limit}" if problem.limit else default


def _lost(name: str, page: int, problem: PageProblem) -> Finding:
    why = _why(problem, _LOST_WHY.get(problem.stage, "页面无法处理"))
    return incomplete(f"《{name}》第{page}页无法读取（{why}），该页内容未提取，与该页内容有关的检查未做。"
                      f"请对照纸质申报书人工核对第{page}页，或向申报单位索取完好的 PDF 后重新导入。",
                      page=page, detail=f"page_lost: {problem.stage}: {problem.tech}", limit=problem.limit or None)


def _partial(name: str, page: int, problem: PageProblem) -> Finding | None:
    """A page read, but not as it should be -> its finding (None for problems the officer need not see)."""
    if problem.stage == "render":
        why = f"（{_why(problem, '')}）" if problem.limit else ""
        return incomplete(f"《{name}》第{page}页无法渲染为图像{why}，该页的印章和签字未能检查（文字已读取）。"
                          f"请人工核对第{page}页的盖章与签字。", page=page, detail=f"page_render: {problem.tech}",
                          limit=problem.limit or None)
    if problem.stage == "damaged":
        return incomplete(f"《{name}》第{page}页的 PDF 数据有损坏，该页内容可能读取不全。"
                          f"请对照纸质申报书核对第{page}页。", page=page, detail=f"page_damaged: {problem.tech}")
    if problem.stage == "box_fixed":
        span = load_limits().page_box_pt
        return incomplete(f"《{name}》第{page}页的页面尺寸异常（超出 {span.min:g}–{span.max:g} pt 的允许范围或内容在页面之外，"
                          f"limits.yaml: page_box_pt），已按页面内容所在区域读取。请核对第{page}页内容是否完整。",
                          page=page, detail=f"page_box: {problem.tech}", severity="warning", limit="page_box_pt")
    if problem.stage == "pixels":
        cap = load_limits().render_pixels
        return incomplete(f"《{name}》第{page}页页面过大，图像按 {cap / 1e6:g} 百万像素的上限（limits.yaml: render_pixels）"
                          f"缩小后处理，识别结果可能不准。请人工核对第{page}页。",
                          page=page, detail=f"page_pixels: {problem.tech}", severity="warning",
                          limit="render_pixels")
    return None


def page_findings(read: ReadResult, name: str, budget_s: float) -> list[Finding]:
    """Pages that could not be read, were read in part, or were not reached -> EXTRACTION_INCOMPLETE findings."""
    out: list[Finding] = []
    for page, problems in sorted(read.problems.items()):
        lost = [p for p in problems if p.lost]
        if lost:
            out.append(_lost(name, page, lost[0]))
            continue
        out.extend(f for p in problems if (f := _partial(name, page, p)) is not None)
    if read.out_of_time:
        first, last = read.out_of_time[0], read.out_of_time[-1]
        err = extract_error("budget", name, f"{budget_s:g}")
        out.append(incomplete(f"{err.message_zh}（未读取第{first}–{last}页）", page=first, value=last,
                              limit="seconds_per_file",
                              detail=f"pages_out_of_time: budget {budget_s}s exceeded; pages {first}-{last} not read"))
    return out


def blank_file(read: ReadResult, name: str) -> Finding | None:
    """A file whose every page read is blank (no text, no image: blanked by an incremental update, or all of
    it drawn outside its pages) -> the finding that makes it an error; None otherwise."""
    if not read.pages or any(t.kind != "blank" for t in read.triage.values()):
        return None
    return incomplete(f"《{name}》的页面全部为空白（没有文字，也没有图像），未读取到任何内容。"
                      "请核对文件是否为申报书正文，或向申报单位索取完好的 PDF 后重新导入。", detail="blank: every page")


def unrendered_pages(findings: list[Finding]) -> set[int]:
    """Findings -> the pages read as text whose image could not be rendered (their seals were not looked at)."""
    return {f.page for f in findings if f.rule == "EXTRACTION_INCOMPLETE" and f.page is not None
            and (f.detail or "").startswith(NOT_RENDERED)}


def unread_pages(findings: list[Finding]) -> set[int]:
    """Findings -> the pages whose content is missing in whole or in part (page_lost, page_damaged, and the
    pages the time budget left unread: from the finding's page to its value)."""
    out: set[int] = set()
    for f in findings:
        detail = f.detail or ""
        if f.rule != "EXTRACTION_INCOMPLETE" or f.page is None or not detail.startswith(NOT_FULLY_READ):
            continue
        if detail.startswith("pages_out_of_time") and isinstance(f.value, int):
            out.update(range(f.page, f.value + 1))
        else:
            out.add(f.page)
    return out
