"""Generic phrase pools and the placeholder filler the text builders draw from.

Scene-specific pools live in assets/scenes.yaml; this module holds what any instance may say
(background, method, organisation, economics) in several registers, plus vendor and product names.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import yaml

ASSETS = Path(__file__).parent / "assets"

SUPPLIERS = [
    "北京用友网络科技股份有限公司", "金蝶软件（中国）有限公司", "鼎捷软件股份有限公司", "浙江中控技术股份有限公司",
    "武汉华中数控股份有限公司", "沈阳新松机器人自动化股份有限公司", "杭州海康机器人股份有限公司",
    "西门子（中国）有限公司", "树根互联股份有限公司", "卡奥斯物联科技股份有限公司", "上海宝信软件股份有限公司",
    "北京和利时系统工程有限公司", "浪潮通用软件有限公司", "中国移动通信集团有限公司", "中国电信股份有限公司",
    "华为技术有限公司", "江苏徐工信息技术股份有限公司", "深圳市汇川技术股份有限公司", "安徽海螺信息技术工程有限责任公司",
    "北京机械工业自动化研究所有限公司", "埃斯顿自动化股份有限公司", "昆船智能技术股份有限公司",
    "今天国际物流技术股份有限公司", "广州明珞装备股份有限公司", "苏州博众精工科技股份有限公司", "达索系统（上海）信息技术有限公司",
    "北京数码大方科技股份有限公司", "南京科远智慧科技集团股份有限公司", "凌云光技术股份有限公司", "石化盈科信息技术有限责任公司",
]
SOFTWARE = ["MES", "APS", "WMS", "ERP", "PLM", "SRM", "QMS", "EMS", "SCADA", "TMS", "CRM", "LIMS", "EAM", "BI"]
SW_BRANDS = ["U9 Cloud", "SAP S/4HANA", "T100", "iDME", "SupOS", "InPlant", "3DEXPERIENCE", "Teamcenter", "NX",
             "CAXA", "Plant Simulation", "Aspen", "Opcenter", "Windchill", "YonBIP", "金蝶云·星空"]
HW_BRANDS = ["ABB", "KUKA", "FANUC", "埃斯顿", "新松", "海康", "基恩士", "康耐视", "汇川", "华数", "极智嘉", "快仓",
             "西门子", "欧姆龙", "倍福"]

OPENERS = [
    "针对{pain}的问题，公司于{year}年启动“{name}”建设。",
    "{name}是本项目的重点建设内容之一，主要围绕{step}环节展开。",
    "随着订单品种增多和交期要求提高，{pain}，已成为制约企业发展的短板。",
    "公司{step}车间原有管理方式较为粗放，{pain}。",
    "为落实企业数字化转型规划，公司将{name}列为{year}年重点攻关任务。",
    "本场景实例位于公司{step}车间，覆盖{num}条产线。",
]
METHOD = [
    "项目组首先梳理了{step}等{num}个关键业务流程，明确了{kw}相关的数据采集点位和接口规范。",
    "在{kw}方面，公司联合{sup}共同开发，结合自身工艺特点进行了二次开发。",
    "系统上线前，项目组组织了{num}轮联调测试，对{kw}功能逐项验证。",
    "该方案将{kw}与{sw}系统深度集成，实现数据自动流转，减少了人工录入。",
    "通过{kw}，业务人员可以在系统中实时查看执行情况并及时干预。",
    "建设过程中共改造设备{num}台（套），新增传感器和采集终端若干。",
    "为保证实施效果，公司制定了《{kw}管理办法》等{num}项制度和标准。",
    "在技术路线上，优先采用成熟可靠的国产化产品，关键模块由公司自主开发。",
    "系统采用“平台+应用”的架构，底层统一数据模型，上层按业务需要灵活配置。",
    "项目实施分为调研设计、试点验证、全面推广三个阶段，历时约{num}个月。",
    "同时，公司将{kw}与{kw2}相结合，形成相互支撑的业务闭环。",
    "围绕{kw}，公司建立了指标体系，对关键指标按日、周、月进行统计分析。",
]
ORG = [
    "公司成立了由总经理任组长的智能制造领导小组，下设{num}个专项工作组，统筹推进项目建设。",
    "项目配备专职技术人员{num}名，其中硕士以上学历{num2}名，并建立了“内训+外培”的人才培养机制。",
    "公司将项目建设成效纳入部门绩效考核，明确责任到人、节点到天。",
    "累计开展各类培训{num}场次，覆盖一线员工{num}0余人次。",
    "公司参与制定团体标准{num2}项，形成企业标准{num}项。",
]
ECON = [
    "该场景实例总投资约{inv}万元，预计{num2}年左右收回投资。",
    "项目实施后年均节约成本约{money}万元，经济效益明显。",
    "该方案采用通用化、模块化设计，可在同行业企业中快速复制推广。",
    "目前已有{num}家上下游企业前来交流学习，部分企业已参照实施。",
    "方案对设备和网络基础要求不高，中小企业也可分步实施，具有较好的推广价值。",
    "下一步将在集团内其他{num}个工厂推广应用。",
]
OTHER = [
    "带动了公司其他车间的数字化改造，形成了可复制的经验。",
    "对园区内配套企业产生了良好的示范带动作用。",
    "为后续建设数字孪生工厂奠定了数据基础。",
    "培养了一支懂工艺、懂数据的复合型人才队伍。",
]
CLOSERS = [
    "总体来看，该场景实例建设成效显著，达到了预期目标。",
    "下一步，公司将持续迭代优化，进一步扩大应用范围。",
    "实践表明，{kw}对提升企业核心竞争力具有重要作用。",
    "该场景已稳定运行{num}个月以上，各项指标持续向好。",
]
LIST_MARKS = [("一是", "二是", "三是", "四是"), ("首先，", "其次，", "再次，", "最后，"),
              ("（1）", "（2）", "（3）", "（4）"), ("①", "②", "③", "④")]


@cache
def scene_pools() -> dict[int, dict[str, list[str]]]:
    """assets/scenes.yaml -> {scene number: {n, d, p, t, r: [templates]}}."""
    data: dict[int, dict[str, list[str]]] = yaml.safe_load((ASSETS / "scenes.yaml").read_text(encoding="utf-8"))
    return data


_SLOT = re.compile(r"\{(\w+)\}")


class Filler:
    """Fills {slot} placeholders with seeded values tied to one enterprise and one instance."""

    def __init__(self, rng: random.Random, base: dict[str, str | list[str]]):
        """A seeded RNG and fixed slot values (product, step, name, kw...) -> a filler."""
        self.rng = rng
        self.base = base
        self.used: set[str] = set()   # templates already used in the current text (no repeats)

    def value(self, slot: str) -> str:
        """A slot name -> a value (fixed ones from base, numbers drawn fresh)."""
        r = self.rng
        if slot in self.base:
            value = self.base[slot]
            return r.choice(value) if isinstance(value, list) else value
        gen = {
            "pct": lambda: str(r.randint(12, 48)), "pct2": lambda: str(r.randint(5, 35)),
            "hi": lambda: f"{r.randint(90, 99)}.{r.randint(0, 9)}", "lo": lambda: f"{r.randint(0, 3)}.{r.randint(1, 9)}",
            "num": lambda: str(r.randint(3, 40)), "num2": lambda: str(r.randint(2, 9)),
            "days": lambda: str(r.randint(15, 90)), "hours": lambda: str(r.randint(4, 48)),
            "year": lambda: str(r.choice([2019, 2020, 2021, 2022])),
            "sup": lambda: r.choice(SUPPLIERS), "sw": lambda: r.choice(SW_BRANDS), "hw": lambda: r.choice(HW_BRANDS),
            "inv": lambda: str(r.randint(80, 3000)), "money": lambda: str(r.randint(30, 900)),
        }.get(slot)
        return gen() if gen else slot

    def fill(self, template: str) -> str:
        """A template with {slots} -> text."""
        return _SLOT.sub(lambda m: self.value(m.group(1)), template)


def sentence(text: str) -> str:
    """A clause -> a sentence ending in a Chinese full stop (no doubled marks)."""
    text = text.strip()
    return text if text[-1:] in "。；！？" else text + "。"

DETAIL = [
    "在{step}工序，{kw}模块与现场设备直连，采集频率达到秒级，数据自动写入实时数据库。",
    "系统共配置业务规则{num}条，覆盖{kw}、{kw2}等典型业务场景。",
    "针对{kw2}，项目组编制了操作手册和应急预案，保证系统异常时业务不中断。",
    "以{product}为例，过去完成一次{kw}需要{hours}小时，现在系统自动完成仅需{num}分钟。",
    "项目建设遵循“统一规划、分步实施、效益驱动”的原则，先在{step}车间试点，再逐步推广。",
    "与{sup}的合作中，双方组建联合团队，驻场开发{num}个月，形成自主可控的技术能力。",
    "系统上线后，各级管理人员可通过手机端实时查看{kw}相关指标。",
    "数据接口采用OPC UA、MQTT等标准协议，已与{sw}等{num2}套系统完成集成。",
    "为解决老旧设备数据采集难题，公司为{num}台设备加装了边缘采集网关。",
    "在信息安全方面，按照等级保护二级要求部署了防火墙、网闸和日志审计系统。",
    "建设过程中，公司累计投入研发人员{num}人，申请发明专利{num2}项。",
    "项目的关键技术包括{kw}和{kw2}，均已在生产现场稳定应用。",
    "项目组每周召开推进会，对照里程碑计划检查进度，及时协调解决实施中的问题。",
    "下一阶段，公司计划将{kw}能力延伸到{step}以外的其他工序。",
    "{step}车间现有员工{num}人，实施后一线人员的工作重心由重复操作转向异常处理和持续改善。",
    "通过对历史数据的清洗和标注，公司积累了{num}万条高质量样本数据，为模型训练提供了支撑。",
    "该场景建设得到了地方工业和信息化主管部门的指导和支持。",
    "在{product}的订单高峰期，系统经受住了连续满负荷运行的考验。",
]

DETAIL += [
    "{kw}模块上线初期，部分班组存在抵触情绪，公司通过“师带徒”和现场答疑逐步化解。",
    "为打通{kw}与{kw2}之间的数据壁垒，项目组统一了物料编码和工序编码。",
    "现场终端采用工业平板和大屏相结合的方式，信息展示做到“一屏统览”。",
    "系统运行以来累计处理业务单据{num}万余笔，运行稳定，未发生重大故障。",
    "{step}工序的关键参数由过去的纸质记录改为自动采集，数据完整率达到{hi}%。",
    "在方案选型阶段，公司先后考察了{num2}家供应商，最终综合性价比和服务能力确定合作方。",
    "{kw}相关的异常事件可自动推送至责任人手机，超时未处理逐级上报。",
    "针对多品种、小批量的特点，公司对{kw}功能进行了柔性化改造。",
    "项目采用敏捷迭代方式开发，每两周发布一个版本，累计迭代{num}个版本。",
    "为了保证数据质量，公司建立了数据校验规则，对异常值自动识别并提示修正。",
    "与行业平均水平相比，公司{kw}的应用深度处于领先位置。",
    "该场景实例的建设为后续开展{kw2}等更深层次应用积累了经验。",
    "项目推进中遇到了老旧设备协议不统一的问题，通过加装协议转换网关得以解决。",
    "通过{kw}，管理人员能够及时掌握{step}现场的真实状况，决策更加有据可依。",
    "实施前，{step}环节依赖人工经验判断，同一问题不同班组处理方式差异较大。",
    "公司与高校共建联合实验室，围绕{kw}开展关键技术攻关，形成论文和专利若干。",
    "系统部署采用私有云方式，核心数据不出厂，满足客户的保密要求。",
    "在{product}换型时，相关参数可一键下发，减少了人工设置带来的差错。",
    "目前，{kw}已覆盖公司{num2}个车间、{num}条产线，实现了全面应用。",
    "通过对比实施前后三个月的运行数据，各项指标均有明显改善。",
    "项目建设中注重软硬件国产化，国产化率达到{hi}%以上。",
    "后续运维由公司信息中心负责，供应商提供7×24小时远程技术支持。",
    "为提升员工数字化素养，公司将{kw}纳入新员工入职培训课程。",
    "该做法已纳入公司管理体系文件，成为日常管理的标准动作。",
    "从投入产出看，该场景实例投资回收期约{num2}年，经济性较好。",
    "项目获评{year}年度省级工业互联网平台应用优秀案例。",
]
RESULTS = [
    "生产效率提升{pct}%，运营成本降低{pct2}%。",
    "产品不良率由{lo}%下降至更低水平，质量损失减少{pct2}%。",
    "人均产值提高{pct}%，年节约人工成本约{money}万元。",
    "订单交付周期缩短{pct}%，客户满意度明显提升。",
    "设备综合效率提升{pct2}%，非计划停机时间减少{pct}%。",
    "库存周转天数减少{days}天，资金占用下降约{money}万元。",
]
