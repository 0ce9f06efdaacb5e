"""`make bench-library`: the case library at office scale on a synthetic corpus.

Builds N instances (default 100,000) in about N / 6.7 submissions with texts composed from the 2023
guide's scene names, summaries and keywords plus varied equipment, systems, numbers and places, then
measures: ingest instances/s (index_many, 500 submissions per transaction); search p50/p95 over 36
queries of 1–3 terms (2-character terms among them), each with a facet filter and all facet counts;
recall@10 against brute-force substring truth; database size per 1,000 instances; cross-year
near-duplicate lookup ms per instance (copied-and-edited passages, with the share found).

`--compare N` also builds the two alternative indexes the issue names on the first N passages and
measures them on the same queries: FTS5 trigram with LIKE for 1–2-character terms (the former library)
and a jieba-tokenised FTS5 column. Prints a Markdown block for docs/library.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.reference import load_guide
from library.store import CaseLibrary, Entry
from library.tokens import parse_query
from model.submission import Fields, Finding, Industry, Instance, Prediction, Source, Submission

PROVINCES = ["广东省", "江苏省", "浙江省", "山东省", "湖北省", "四川省", "河南省", "安徽省", "福建省", "湖南省",
             "北京市", "上海市", "天津市", "重庆市", "河北省", "江西省", "陕西省", "辽宁省"]
CITIES = ["东城", "西华", "南安", "北川", "中山", "新港", "长丰", "永兴", "安平", "宁远", "江阳", "青原"]
INDUSTRIES = [("制造业", "汽车制造业"), ("制造业", "电气机械和器材制造业"), ("制造业", "化学原料和化学制品制造业"),
              ("制造业", "黑色金属冶炼和压延加工业"), ("制造业", "计算机、通信和其他电子设备制造业"),
              ("制造业", "医药制造业"), ("制造业", "纺织业"), ("制造业", "专用设备制造业")]
SECTORS = ["原材料", "装备", "消费品", "电子信息"]
SYLLABLES = list("华恒泰瑞鑫宏达源隆盛丰元昌兴博远腾嘉润信通宇凯德安康顺明星光海天正和新")
TRADES = ["精密机械", "汽车零部件", "钢铁", "化工", "电子科技", "制药", "纺织", "重工", "新材料", "电气", "食品", "家电"]
EQUIPMENT = ["六轴工业机器人", "AGV小车", "立体仓库", "视觉检测设备", "数控机床", "激光切割机", "协作机器人", "智能传感器",
             "边缘计算网关", "5G工业模组", "三坐标测量仪", "自动导引车", "堆垛机", "机器视觉相机", "PLC控制器"]
SYSTEMS = ["MES系统", "APS高级排产系统", "WMS仓储管理系统", "ERP系统", "PLM系统", "QMS质量管理系统", "SCADA系统",
           "能源管理系统", "数字孪生平台", "工业互联网平台", "EAM设备管理系统", "LIMS实验室系统"]
RESULTS = ["生产效率提升{n}%", "产品不良率下降{n}%", "运营成本降低{n}%", "能耗下降{n}%", "交付周期缩短{n}%",
           "设备综合效率提高到{n}%", "库存周转率提高{n}%", "人均产值提升{n}%"]
RARE = ["碳化硅晶圆", "激光熔覆", "热等静压", "超声波探伤", "拓扑优化", "声纹识别", "柔性夹具", "数字主线",
        "光谱分选", "微弧氧化", "磁悬浮输送", "冷喷涂", "涡流检测", "点云配准", "联邦学习", "知识图谱"]
OPENERS = ["针对", "围绕", "为解决", "聚焦", "面向"]


class Corpus:
    """Deterministic synthetic submissions built from the guide's vocabulary."""

    def __init__(self, seed: int = 2023) -> None:
        self.rng = random.Random(seed)
        guide = load_guide("2023")
        self.scenes = [(guide.link(s.link).name, s.name, s.summary, s.keywords) for s in guide.scenes]

    def company(self, i: int) -> str:
        r = self.rng
        return "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 3))) + r.choice(TRADES) + f"有限公司{i}"

    def instance_text(self, scene: tuple[str, str, str, list[str]]) -> str:
        r = self.rng
        link, name, summary, keywords = scene
        kw = r.sample(keywords, min(3, len(keywords)))
        parts = [f"{r.choice(OPENERS)}{link}环节{r.choice(['数据分散', '人工依赖度高', '响应慢', '质量波动大'])}的问题，"
                 f"企业建设{name}场景，{summary}。",
                 f"项目部署{r.randint(2, 60)}台{r.choice(EQUIPMENT)}和{r.choice(EQUIPMENT)}，上线{r.choice(SYSTEMS)}与"
                 f"{r.choice(SYSTEMS)}，应用{'、'.join(kw)}等技术。",
                 f"通过{r.choice(kw)}实现{link}过程的实时监控与闭环优化，{r.choice(SYSTEMS)}与{r.choice(SYSTEMS)}数据贯通。"]
        if r.random() < 0.05:
            parts.append(f"项目采用{r.choice(RARE)}工艺，配套{r.choice(RARE)}技术。")
        parts.append("实施后" + "，".join(x.format(n=r.randint(5, 60)) for x in r.sample(RESULTS, 3)) + "。")
        r.shuffle(parts)
        return "".join(parts)

    def submission(self, i: int, n_instances: int) -> Submission:
        r = self.rng
        company = self.company(i)
        province = r.choice(PROVINCES)
        industry = r.choice(INDUSTRIES)
        instances = []
        for k in range(n_instances):
            scene = r.choice(self.scenes)
            predicted = r.choice(self.scenes) if r.random() < 0.2 else scene
            instances.append(Instance(index=k + 1, declared_link=scene[0], declared_scene=scene[1],
                                      name=f"{scene[1]}{r.choice(['示范应用', '建设项目', '改造'])}{k + 1}",
                                      description=self.instance_text(scene),
                                      predicted=Prediction(link=predicted[0], scene=predicted[1], score=0.8)))
        intro = (f"{company}成立于{r.randint(1985, 2018)}年，位于{province}{r.choice(CITIES)}市，主要从事"
                 f"{r.choice(TRADES)}产品的研发与制造，现有员工{r.randint(200, 9000)}人。")
        return Submission(
            submission_id=f"s{i:06d}", year=r.choice([2019, 2020, 2021, 2022, 2023, 2024]),
            declaration_type=r.choice(["优秀场景", "优秀场景", "示范工厂"]),
            source=Source(path=f"/in/s{i:06d}.pdf", sha256=f"{i:064d}", pages=40),
            fields=Fields(company_name=company, credit_code=f"91{i:016d}", factory_address=f"{province}{r.choice(CITIES)}市",
                          industry=Industry(category=industry[0], major=industry[1]), sector=r.choice(SECTORS),
                          company_intro=intro),
            instances=instances, status=r.choice(["pass", "needs_review", "needs_review", "fail"]),
            findings=[Finding(rule="SEAL_MISSING", severity="error", message="缺少公章。", page=3)] if r.random() < .3 else [],
        )

    def submissions(self, n_instances: int) -> list[Submission]:
        out, total, i = [], 0, 0
        while total < n_instances:
            k = min(self.rng.randint(3, 10), n_instances - total)
            out.append(self.submission(i, k))
            total, i = total + k, i + 1
        return out


QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("视觉", {"year": 2023}), ("排产", {"region": "广东"}), ("质检", {"type": "示范工厂"}), ("能耗", {"sector": "原材料"}),
    ("仓储", {"status": "pass"}), ("孪生", {"year": 2022}), ("机器人 焊接", {"region": "江苏"}),
    ("数字孪生 仿真", {"type": "优秀场景"}), ("AGV 仓储", {"year": 2021}), ("MES 排产", {"region": "浙江"}),
    ("设备 预测", {"status": "needs_review"}), ("能源管理系统", {"year": 2024}), ("激光熔覆", {}),
    ("碳化硅晶圆", {"year": 2023}), ("联邦学习 质量", {}), ("知识图谱", {"type": "示范工厂"}), ("柔性", {"region": "山东"}),
    ("协同 设计", {"industry": "制造业"}), ("供应链", {"year": 2020}), ("安全", {"region": "四川"}),
    ("环保 排放", {"year": 2019}), ("质量 追溯", {"sector": "消费品"}), ("巡检", {"type": "优秀场景"}),
    ("堆垛机", {"region": "湖北"}), ("边缘计算网关 数据", {"year": 2022}), ("5G", {"status": "fail"}),
    ("PLC 控制", {"region": "河南"}), ("点云配准", {}), ("涡流检测 缺陷", {}), ("冷喷涂", {"year": 2024}),
    ("视觉 质检 缺陷", {"region": "广东"}), ("排产 调度 订单", {"year": 2023}), ("\"工业互联网平台\"", {"type": "示范工厂"}),
    ("能耗 -电", {"year": 2021}), ("仓储 OR 物流", {"region": "安徽"}), ("检", {"year": 2020}),
]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _truth(passages: list[tuple[int, str, dict[str, Any]]], query: str, filters: dict[str, Any]) -> set[int]:
    """Brute-force relevant passage ids: every positive group has a term occurring, no excluded term occurs."""
    parsed = parse_query(query)
    out = set()
    for pid, text, meta in passages:
        low = text.lower()
        if any(not _match_filter(meta, k, v) for k, v in filters.items()):
            continue
        if all(any(t.lower() in low for t in g) for g in parsed.groups) and not any(t.lower() in low for t in parsed.excluded):
            out.add(pid)
    return out


def _match_filter(meta: dict[str, Any], key: str, value: Any) -> bool:
    got = meta.get(key)
    if key in ("region", "industry", "sector"):
        return bool(got) and str(got).startswith(str(value))
    return got == value


def measure_search(lib: CaseLibrary, passages: list[tuple[int, str, dict[str, Any]]]) -> dict[str, Any]:
    times, cpu, recalls = [], [], []
    start = time.perf_counter()
    lib.find("预热")  # the reading connection's first search reads the facet codes of every passage
    first = (time.perf_counter() - start) * 1000
    for query, filters in QUERIES:
        for _ in range(2):  # first run warms the page cache; keep the second
            start, cpu0 = time.perf_counter(), time.process_time()
            found = lib.find(query, limit=10, **filters)
            elapsed, cpu_s = time.perf_counter() - start, time.process_time() - cpu0
        times.append(elapsed * 1000)
        cpu.append(cpu_s * 1000)
        truth = _truth(passages, query, filters)
        if truth:
            got = {r["passage_id"] for r in found["results"]}
            recalls.append(len(got & truth) / min(10, len(truth)))
    return {"p50": statistics.median(times), "p95": _pct(times, 0.95), "max": max(times),
            "cpu_p50": statistics.median(cpu), "cpu_p95": _pct(cpu, 0.95), "first": first,
            "recall": statistics.mean(recalls) if recalls else float("nan"), "queries": len(QUERIES),
            "with_truth": len(recalls)}


def measure_neardup(lib: CaseLibrary, subs: list[Submission], n: int = 50) -> dict[str, Any]:
    rng = random.Random(7)
    times, found = [], 0
    picks = rng.sample([s for s in subs if s.instances], n)
    for sub in picks:
        inst = sub.instances[0]
        copied = "我们的建设内容如下。" + (inst.description or "").replace("台", "套", 1) + "后续将向行业推广。"
        start = time.perf_counter()
        hits = lib.similar_passages(copied, exclude_credit_code="91none", min_chars=80)
        times.append((time.perf_counter() - start) * 1000)
        found += any(h["submission_id"] == sub.submission_id for h in hits)
    return {"p50": statistics.median(times), "p95": _pct(times, 0.95), "found": found, "n": n}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--instances", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None, help="library file (default: a temporary one)")
    ap.add_argument("--compare", type=int, default=0, help="also measure trigram+LIKE and jieba on N passages")
    args = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "bench-library.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    subs = Corpus().submissions(args.instances)
    gen_s = time.perf_counter() - t0
    lib = CaseLibrary(db)
    start, cpu = time.perf_counter(), time.process_time()
    for k in range(0, len(subs), 500):
        lib.index_many([Entry(s) for s in subs[k : k + 500]])
    ingest_s, ingest_cpu = time.perf_counter() - start, time.process_time() - cpu
    with lib.connect() as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = con.execute("SELECT p.id, p.title, p.text, x.year, x.province, x.industry, x.sector,"
                           " x.declaration_type, x.status FROM passages p JOIN passage_facets x ON x.id = p.id"
                           " WHERE x.is_current = 1").fetchall()
    passages = [(r[0], f"{r[1] or ''}\n{r[2]}", {"year": r[3], "region": r[4], "industry": r[5], "sector": r[6],
                                                 "type": r[7], "status": r[8]}) for r in rows]
    size_mb = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists()) / 1e6
    search = measure_search(lib, passages)
    near = measure_neardup(lib, subs)
    n = args.instances
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"## Case library benchmark ({datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {load}, {platform.python_implementation()} {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version})\n")
    print(f"- corpus: {n:,} instances in {len(subs):,} submissions, {len(passages):,} passages (generated in {gen_s:.0f} s)")
    print(f"- ingest: {n / ingest_s:,.0f} instances/s wall ({ingest_s:.1f} s, 500 submissions per transaction); "
          f"{n / ingest_cpu:,.0f} instances/s of CPU time ({ingest_cpu:.1f} s)")
    print(f"- search: p50 {search['p50']:.1f} ms, p95 {search['p95']:.1f} ms, max {search['max']:.1f} ms over "
          f"{search['queries']} queries (each with a facet filter, 8 facet counts, top 10); CPU time p50 "
          f"{search['cpu_p50']:.1f} ms, p95 {search['cpu_p95']:.1f} ms; the process's first search (facet codes"
          f" read) {search['first']:.0f} ms")
    print(f"- recall@10: {search['recall']:.3f} over {search['with_truth']} queries with known hits (substring truth)")
    print(f"- database: {size_mb:,.0f} MB, {size_mb / (n / 1000):.2f} MB per 1,000 instances")
    print(f"- near-duplicate lookup: p50 {near['p50']:.1f} ms, p95 {near['p95']:.1f} ms per instance; "
          f"copied source found {near['found']}/{near['n']}")
    if args.compare:
        from bench.library_compare import compare

        compare(passages[: args.compare], QUERIES, _truth, _pct)
    tmp.cleanup()


if __name__ == "__main__":
    main()
