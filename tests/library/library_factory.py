"""Small submissions for the case library tests."""

from __future__ import annotations

from model import Instance, Source, Submission
from model.submission import Contact, Fields, Finding, Industry, Prediction

COPIED = (
    "本项目建设了覆盖全厂的工业互联网平台，实现设备数据的实时采集与边缘计算。"
    "通过数字孪生模型对产线进行仿真优化，使换型时间缩短了百分之三十以上。"
)


def make_sub(sid, company, year=2023, decl="示范工厂", address="广东省佛山市顺德区", sha=None, instances=None,
             findings=None, **fields):
    """A reviewed submission: two instances by default (焊接机器人, 机器视觉质检), contacts, one finding."""
    instances = instances if instances is not None else [
        Instance(index=1, declared_link="生产作业", declared_scene="人机协同制造", name="焊接机器人工作站",
                 description="采用六轴焊接机器人与视觉引导，完成车架焊接。",
                 predicted=Prediction(link="生产作业", scene="人机协同制造", score=0.9)),
        Instance(index=2, declared_link="质量管控", declared_scene="在线智能检测", name="质检",
                 description="基于机器视觉的表面缺陷在线检测。"),
    ]
    fields.setdefault("contact", Contact(name="张三丰", mobile="13812345678", email="zhangsan@example.com"))
    fields.setdefault("industry", Industry(category="制造业", major="汽车制造业"))
    return Submission(
        submission_id=sid, year=year, declaration_type=decl,
        source=Source(path=f"/in/{sid}.pdf", sha256=((sha or sid) * 64)[:64], pages=10),
        fields=Fields(company_name=company, credit_code=f"91{sid}", factory_address=address, **fields),
        instances=instances,
        findings=findings if findings is not None else [
            Finding(rule="SEAL_MISSING", severity="error", message="第3页 缺少申报单位公章。", page=3)],
        status="needs_review",
    )
