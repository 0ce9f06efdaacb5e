"""Builders for report tests: a Submission made in code and a small Chinese PDF (imported by tests)."""

from __future__ import annotations

from pathlib import Path

from model import Finding, Instance, Mismatch, Seal, Source, Submission
from model.submission import Contact, Fields, Prediction, ScoredScene


def make_submission(**update: object) -> Submission:
    """A 示范工厂 submission with findings (with and without bbox), mismatches, seals and instances."""
    top3 = [
        ScoredScene(link="生产作业", scene="人机协同制造", score=0.82),
        ScoredScene(link="生产作业", scene="柔性生产制造", score=0.61),
        ScoredScene(link="质量管控", scene="在线智能检测", score=0.40),
    ]
    sub = Submission(
        submission_id="d0c5a1b2-sample",
        year=2023,
        declaration_type="示范工厂",
        source=Source(path="/in/甲公司申报书.pdf", sha256="ab" * 32, pages=3, kind="mixed", ocr_pages=[3]),
        fields=Fields(
            project_name="发动机壳体智能工厂",
            company_name="甲机械制造有限公司",
            credit_code="91440101MA5D0Q2X3K",
            recommender="广东省工业和信息化厅",
            factory_address="广东省广州市黄埔区开发大道1号",
            contact=Contact(name="张三", mobile="13800000000"),
        ),
        instances=[
            Instance(
                index=1,
                declared_link="生产作业",
                declared_scene="人机协同制造",
                name="多机协同的发动机壳体柔性加工与检测",
                description="采用协作机器人与数控机床协同加工。",
                narrative="本实例部署协作机器人与数控机床，实现发动机壳体的柔性加工与在线检测。",
                page=2,
                predicted=Prediction(**top3[0].model_dump(), top3=top3),
            ),
            Instance(
                index=2,
                declared_link="仓储物流",
                declared_scene="智能仓储",
                name="立体仓库智能存取",
                description="建设自动化立体仓库。" * 40,
                page=2,
                predicted=Prediction(
                    link="仓储物流",
                    scene="智能物流",
                    score=0.55,
                    top3=[ScoredScene(link="仓储物流", scene="智能物流", score=0.55)],
                ),
            ),
        ],
        seals=[
            Seal(page=1, bbox=[380, 600, 500, 720], role="applicant", present=True, score=0.93),
            Seal(page=1, bbox=[380, 740, 500, 820], role="recommender", present=False),
            Seal(page=3, role="legal_rep", present=False),
        ],
        findings=[
            Finding(
                rule="LIMIT_FIELD",
                severity="warning",
                field="instances[1].description",
                page=2,
                message="第2页 场景实例2「场景实例描述」共400字，超过上限300字（多100字）。请删减后重新打印。",
                value=400,
                limit=300,
                bbox=[60, 100, 540, 160],
            ),
            Finding(
                rule="MIN_LINKS",
                severity="error",
                message="示范工厂覆盖环节2个，少于要求的8个。请补充场景实例。",
                value=2,
                limit=8,
            ),
            Finding(
                rule="SEAL_MISSING",
                severity="error",
                page=1,
                field="seals",
                message="第1页 封面未找到推荐单位公章。请推荐单位盖章后重新提交。",
            ),
            Finding(
                rule="EXTRACTION_INCOMPLETE",
                severity="error",
                page=3,
                message="第3页为扫描件且识别不完整，请人工核对该页内容。",
            ),
        ],
        mismatches=[
            Mismatch(
                field="fields.contact.mobile",
                paper="13800000000",
                online="13900000000",
                kind="changed",
                page=1,
            ),
            Mismatch(
                field="instances[0].description",
                paper="采用协作机器人与数控机床协同加工。",
                online="采用工业机器人与数控机床协同加工。",
                kind="changed",
                page=2,
                spans=[["协作机器人", "工业机器人"]],
            ),
            Mismatch(
                field="fields.contact.email",
                paper=None,
                online="zhang@example.com",
                kind="missing_in_paper",
                severity="warning",
            ),
        ],
        status="fail",
    )
    return sub.model_copy(update=update) if update else sub


def write_pdf(path: Path, pages: int = 3, rotate: dict[int, int] | None = None) -> Path:
    """A small Chinese PDF (A4, china-s font), with optional rotation per 1-based page."""
    import pymupdf

    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 120), f"第{n}页 智能制造试点示范项目申报书", fontname="china-s", fontsize=14)
        page.insert_text(
            (72, 140), "场景实例描述：采用协作机器人与数控机床协同加工。", fontname="china-s", fontsize=11
        )
        if rotate and n in rotate:
            page.set_rotation(rotate[n])
    doc.save(path)
    doc.close()
    return path
