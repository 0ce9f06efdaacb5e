"""The case library: every reviewed submission of every year in one SQLite file (WAL), searchable in Chinese.

Identity: one record per (source sha256, year). The same content under another file name is the same
record; a corrected re-submission (same enterprise, declaration type and year, other content) is a new
version that supersedes the old one (`is_current`), and searches show the newest by default. Reviewer
confirmations and finding decisions are keyed by content (sha256), so they survive re-indexing the same
file and do not carry over to a changed one. Schema and migrations: schema.py; search: search.py.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from library import schema
from library.neardup import passage_buckets
from library.text import city_of, passage_rows, region_of
from library.tokens import index_tokens
from model.submission import Submission

SCHEMA_VERSION = schema.SCHEMA_VERSION


class LibraryError(ValueError):
    """The case library cannot be opened or used (message in Chinese)."""


@dataclass
class Entry:
    """One submission to index, with where its report and annotated PDF were written (when known)."""

    sub: Submission
    report_path: str | None = None
    annotated_path: str | None = None
    region: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def finding_key(rule: str, field: str | None, page: int | None) -> str:
    """A finding -> the key its officer decision is stored under (stable across re-reviews)."""
    return f"{rule}|{field or ''}|{page or ''}"


class CaseLibrary:
    """The SQLite case library at `db_path` (created, with its schema, on first use)."""

    def __init__(self, db_path: Path) -> None:
        """Remember the path; nothing is opened until the first call."""
        self.db_path = Path(db_path)
        self._ready = False
        self._local = threading.local()  # one reading connection per thread: its page cache stays warm

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection with the schema in place; commits on success, rolls back on error, always closes."""
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = sqlite3.connect(self.db_path, timeout=30)  # parallel review tasks may index at once
        except sqlite3.Error as exc:
            raise LibraryError(f"无法打开案例库 {self.db_path}。请检查路径和写入权限。") from exc
        con.row_factory = sqlite3.Row
        try:
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash loses at most the last commit, never corrupts
            if not self._ready:
                self._migrate(con)
                self._ready = True
            yield con
            con.commit()
        except sqlite3.DatabaseError as exc:
            con.rollback()
            raise LibraryError(
                f"案例库 {self.db_path} 读写失败（{type(exc).__name__}）。文件可能已损坏，请从备份恢复。"
            ) from exc
        finally:
            con.close()

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """This thread's long-lived connection for searches (WAL: it sees every commit made before each query)."""
        con = getattr(self._local, "con", None)
        if con is None:
            with self.connect():
                pass  # schema in place (created or migrated) before the first read
            try:
                con = sqlite3.connect(self.db_path, timeout=30, check_same_thread=False)
            except sqlite3.Error as exc:
                raise LibraryError(f"无法打开案例库 {self.db_path}。请检查路径和读取权限。") from exc
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA temp_store = MEMORY")
            con.execute("PRAGMA cache_size = -65536")  # 64 MB
            self._local.con = con
        try:
            yield con
            con.commit()
        except sqlite3.DatabaseError as exc:
            con.rollback()
            raise LibraryError(
                f"案例库 {self.db_path} 读取失败（{type(exc).__name__}）。文件可能已损坏，请从备份恢复。"
            ) from exc

    def close(self) -> None:
        """Close this thread's reading connection (others close when their thread ends)."""
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    def _migrate(self, con: sqlite3.Connection) -> None:
        """Create the schema, migrate an older library, or refuse one written by a newer version."""
        version = schema.current_version(con)
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"案例库 {self.db_path} 由更新版本的 shenbao 创建（格式 {version}，本程序支持 {SCHEMA_VERSION}）。"
                "请升级 shenbao。"
            )
        con.execute("PRAGMA journal_mode = WAL")  # readers (catalog serve) do not block the indexer
        if version == 0:
            schema.create(con)
        elif version == 1:
            schema.migrate_1_to_2(con, _reindex_passages)
        con.commit()

    # ---- writing -------------------------------------------------------------------------------

    def index(self, sub: Submission, *, region: str | None = None, report_path: str | None = None,
              annotated_path: str | None = None) -> int:
        """Store or refresh one submission; -> its case id."""
        return self.index_many([Entry(sub, report_path, annotated_path, region)])[0]

    def index_many(self, entries: Iterable[Entry]) -> list[int]:
        """Store or refresh many submissions in one transaction; -> their case ids, in order."""
        ids = []
        with self.connect() as con:
            next_id = int(con.execute("SELECT IFNULL(max(id), 0) + 1 FROM passages").fetchone()[0])
            for entry in entries:
                case, next_id = _index_one(con, entry, next_id)
                ids.append(case)
        return ids

    def remove(self, case: int | str) -> None:
        """Drop one submission (case id or pipeline submission id) and everything indexed for it."""
        with self.connect() as con:
            case_id = self._case_id(con, case)
            _clear_case(con, case_id)
            old = con.execute("SELECT supersedes FROM submissions WHERE id = ?", (case_id,)).fetchone()
            con.execute("DELETE FROM submissions WHERE id = ?", (case_id,))
            if old and old[0]:
                _set_current(con, old[0], True)

    def add_demo_factory_holder(self, credit_code: str, company: str, year: int | None = None,
                                source: str = "") -> None:
        """Record an enterprise from an official list of 示范工厂揭榜单位 (e.g. the yearly 公示名单)."""
        with self.connect() as con:
            con.execute("INSERT OR REPLACE INTO demo_factory_holders VALUES (?,?,?,?)",
                        (credit_code, company, year, source))

    def mark_demo_factory(self, case: int | str, holder: bool = True) -> None:
        """Mark a 示范工厂 record as 揭榜 (selected), or unmark it."""
        with self.connect() as con:
            con.execute("UPDATE submissions SET demo_factory = ? WHERE id = ?",
                        (int(holder), self._case_id(con, case)))

    def confirm(self, case: int | str, index: int, scene: str, link: str | None = None) -> None:
        """Record that a reviewer confirmed instance `index` (its 序号) of a case as `scene` (feeds the classifier)."""
        with self.connect() as con:
            case_id = self._case_id(con, case)
            row = con.execute(
                "SELECT s.sha256 FROM passages p JOIN submissions s ON s.id = p.submission"
                " WHERE p.submission = ? AND p.kind = 'instance' AND p.instance_index = ?", (case_id, index),
            ).fetchone()
            if row is None:
                raise LibraryError(f"案例库中没有提交 {case} 的场景实例 {index}。请先审核并入库该申报书。")
            con.execute("INSERT OR REPLACE INTO confirmations VALUES (?,?,?,?,?)",
                        (row[0], index, link, scene, _now()))
            con.execute(
                "UPDATE passages SET eff_scene = ?, eff_link = COALESCE(?, eff_link)"
                " WHERE submission IN (SELECT id FROM submissions WHERE sha256 = ?) AND instance_index = ?"
                " AND kind = 'instance'", (scene, link, row[0], index),
            )

    def decide_finding(self, case: int | str, finding: int | str, decision: str, reason: str = "") -> None:
        """Record an officer's decision on a finding (its id in the case, or its key): accepted or dismissed."""
        if decision not in ("accepted", "dismissed"):
            raise LibraryError("处理结果只能是“采纳”（accepted）或“不采纳”（dismissed）。")
        if decision == "dismissed" and not reason.strip():
            raise LibraryError("不采纳一条审核意见时请填写理由。")
        with self.connect() as con:
            case_id = self._case_id(con, case)
            row = con.execute(
                "SELECT s.sha256, f.key FROM findings f JOIN submissions s ON s.id = f.submission"
                " WHERE f.submission = ? AND (f.id = ? OR f.key = ?)", (case_id, finding, str(finding)),
            ).fetchone()
            if row is None:
                raise LibraryError(f"案例 {case} 中没有这条审核意见（{finding}）。")
            con.execute("INSERT OR REPLACE INTO finding_decisions VALUES (?,?,?,?,?)",
                        (row[0], row[1], decision, reason.strip(), _now()))

    # ---- reading -------------------------------------------------------------------------------

    def _case_id(self, con: sqlite3.Connection, case: int | str) -> int:
        """Case id, or a pipeline submission id (its newest record) -> the case id; LibraryError when unknown."""
        if isinstance(case, int) or (isinstance(case, str) and case.isdigit()):
            row = con.execute("SELECT id FROM submissions WHERE id = ?", (int(case),)).fetchone()
        else:
            row = con.execute("SELECT id FROM submissions WHERE submission_id = ? ORDER BY is_current DESC,"
                              " id DESC LIMIT 1", (case,)).fetchone()
        if row is None:
            raise LibraryError(f"案例库中没有提交 {case}。请先审核并入库该申报书。")
        return int(row[0])

    def case(self, case: int | str) -> dict[str, Any]:
        """-> one case: its fields, instances (declared/predicted/confirmed), findings with decisions,
        contacts and the other versions of the same declaration."""
        with self.connect() as con:
            case_id = self._case_id(con, case)
            sub = dict(con.execute("SELECT * FROM submissions WHERE id = ?", (case_id,)).fetchone())
            sub.pop("review_json", None)
            sub["passages"] = [dict(r) for r in con.execute(
                "SELECT p.id, p.kind, p.instance_index, p.title, p.link, p.scene, p.predicted_link,"
                " p.predicted_scene, p.predicted_score, p.text, c.scene AS confirmed_scene, c.link AS confirmed_link,"
                " c.confirmed_at FROM passages p LEFT JOIN confirmations c ON c.sha256 = ?"
                " AND c.instance_index = p.instance_index AND p.kind = 'instance'"
                " WHERE p.submission = ? ORDER BY p.id", (sub["sha256"], case_id))]
            sub["findings"] = [dict(r) for r in con.execute(
                "SELECT f.id, f.key, f.rule, f.severity, f.field, f.page, f.message, d.decision, d.reason,"
                " d.decided_at FROM findings f LEFT JOIN finding_decisions d ON d.sha256 = ? AND d.key = f.key"
                " WHERE f.submission = ? ORDER BY f.id", (sub["sha256"], case_id))]
            sub["contacts"] = [dict(r) for r in con.execute(
                "SELECT role, name, title, phone, mobile, email FROM contacts WHERE submission = ?", (case_id,))]
            sub["versions"] = [dict(r) for r in con.execute(
                "WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT s.supersedes FROM submissions s"
                " JOIN chain ON s.id = chain.id WHERE s.supersedes IS NOT NULL"
                " UNION SELECT s.id FROM submissions s JOIN chain ON s.supersedes = chain.id)"
                " SELECT id, version, sha256, source_path, is_current, indexed_at FROM submissions"
                " WHERE id IN (SELECT id FROM chain) ORDER BY version", (case_id,))]
        return sub

    def review_json(self, case: int | str) -> dict[str, Any] | None:
        """-> the whole review.json stored for a case."""
        with self.connect() as con:
            row = con.execute("SELECT review_json FROM submissions WHERE id = ?",
                              (self._case_id(con, case),)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def demo_factory_holders(self, before_year: int | None = None, *, declared: bool = True
                             ) -> list[tuple[str, str]]:
        """-> (credit_code, company) of 示范工厂揭榜单位 known to the library, for ALREADY_DEMO_FACTORY.

        Always: the official lists (add_demo_factory_holder) and records marked 揭榜 (mark_demo_factory),
        of years before `before_year` when given. With `before_year` and declared=True, also every
        enterprise with an indexed 示范工厂 declaration of an earlier year. Declarations are never counted
        without `before_year`: the library also holds the batch under review, and a declaration must not
        make its own enterprise a "holder".
        """
        cond, args = ("year < ?", [before_year]) if before_year is not None else ("1", [])
        sql = (f"SELECT credit_code, company FROM demo_factory_holders WHERE {cond}"
               " UNION SELECT COALESCE(credit_code, ''), COALESCE(company, '') FROM submissions"
               f" WHERE demo_factory = 1 AND {cond}")
        args = [*args, *args]
        if declared and before_year is not None:
            sql += (" UNION SELECT COALESCE(credit_code, ''), COALESCE(company, '') FROM submissions"
                    " WHERE declaration_type = '示范工厂' AND status <> 'error' AND year < ?")
            args.append(before_year)
        with self.connect() as con:
            return sorted({(r[0], r[1]) for r in con.execute(sql, args)})

    def confirmed_examples(self) -> list[tuple[str, str]]:
        """-> (instance text, confirmed scene) for every reviewer-confirmed instance (classifier examples)."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT p.text, c.scene FROM confirmations c JOIN submissions s ON s.sha256 = c.sha256"
                " AND s.is_current = 1 JOIN passages p ON p.submission = s.id AND p.kind = 'instance'"
                " AND p.instance_index = c.instance_index GROUP BY c.sha256, c.instance_index"
                " ORDER BY c.sha256, c.instance_index").fetchall()
        return [(r[0], r[1]) for r in rows]

    def finding_decisions(self, sha256: str) -> list[dict[str, Any]]:
        """Source sha256 -> the officer's decisions on its findings ({rule, field, page, key, decision, reason})."""
        with self.connect() as con:
            rows = con.execute("SELECT key, decision, reason, decided_at FROM finding_decisions WHERE sha256 = ?"
                               " ORDER BY key", (sha256,)).fetchall()
        out = []
        for r in rows:
            rule, field, page = [*r["key"].split("|"), "", ""][:3]
            out.append({"key": r["key"], "rule": rule, "field": field or None,
                        "page": int(page) if page.isdigit() else None, "decision": r["decision"],
                        "reason": r["reason"], "decided_at": r["decided_at"]})
        return out

    def search(self, query: str = "", **filters: Any) -> list[dict[str, Any]]:
        """Query + filters -> the matching passages, best first (see search.search for the details)."""
        return self.find(query, facets=False, **filters)["results"]

    def find(self, query: str = "", **options: Any) -> dict[str, Any]:
        """Query + filters -> {total, results, facets, query} (search.search)."""
        from library.search import search

        with self.reader() as con:
            return search(con, query, **options)

    def similar_passages(self, text: str, *, exclude_credit_code: str | None = None,
                         exclude_company: str | None = None, min_chars: int = 80, **options: Any
                         ) -> list[dict[str, Any]]:
        """Text -> passages of other enterprises, any year, that nearly repeat a stretch of at least min_chars
        characters of it (cross-year NEAR_DUPLICATE_TEXT), most similar first (search.similar)."""
        from library.search import similar

        with self.reader() as con:
            return similar(con, text, exclude_credit_code=exclude_credit_code, exclude_company=exclude_company,
                           min_chars=min_chars, **options)

    def stats(self) -> dict[str, int]:
        """-> counts of submissions, passages, confirmations and holders (for the CLI and tests)."""
        with self.connect() as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("submissions", "passages", "confirmations", "demo_factory_holders")}


# ---- indexing internals ------------------------------------------------------------------------

def _meta(company: str | None, project: str | None) -> str:
    return index_tokens(" ".join(x for x in (company, project) if x))


def _reindex_passages(con: sqlite3.Connection, ids: list[int]) -> None:
    """Passage ids -> their FTS rows and MinHash buckets (used by the migration)."""
    rows = con.execute(
        f"SELECT p.id, p.title, p.text, s.company, s.project_name FROM passages p JOIN submissions s"
        f" ON s.id = p.submission WHERE p.id IN ({','.join('?' * len(ids))})", ids).fetchall() if ids else []
    con.executemany("INSERT INTO passages_fts (rowid, title, body, meta) VALUES (?,?,?,?)",
                    [(r[0], index_tokens(r[1]), index_tokens(r[2]), _meta(r[3], r[4])) for r in rows])
    con.executemany("INSERT OR IGNORE INTO minhash_buckets VALUES (?,?)",
                    [(b, r[0]) for r in rows for b in passage_buckets(r[2])])


def _clear_case(con: sqlite3.Connection, case_id: int) -> None:
    """Remove a case's passages (FTS rows and buckets too), findings and contacts; the case row stays."""
    rows = con.execute("SELECT p.id, p.title, p.text, s.company, s.project_name FROM passages p JOIN submissions s"
                       " ON s.id = p.submission WHERE p.submission = ?", (case_id,)).fetchall()
    con.executemany(
        "INSERT INTO passages_fts (passages_fts, rowid, title, body, meta) VALUES ('delete', ?, ?, ?, ?)",
        [(r[0], index_tokens(r[1]), index_tokens(r[2]), _meta(r[3], r[4])) for r in rows])
    con.executemany("DELETE FROM minhash_buckets WHERE bucket = ? AND passage = ?",
                    [(b, r[0]) for r in rows for b in passage_buckets(r[2])])
    for table in ("passages", "findings", "contacts"):
        con.execute(f"DELETE FROM {table} WHERE submission = ?", (case_id,))


def _set_current(con: sqlite3.Connection, case_id: int, current: bool) -> None:
    con.execute("UPDATE submissions SET is_current = ? WHERE id = ?", (int(current), case_id))
    con.execute("UPDATE passages SET is_current = ? WHERE submission = ?", (int(current), case_id))


def _index_one(con: sqlite3.Connection, entry: Entry, next_id: int) -> tuple[int, int]:
    """One entry -> its case id (inserted, refreshed, or a new version); and the next free passage id."""
    sub, f = entry.sub, entry.sub.fields
    province = entry.region or region_of(f.factory_address, f.task_address, f.recommender, f.applicant)
    city = city_of(f.factory_address or f.task_address, province)
    company = f.company_name or f.applicant
    row = con.execute("SELECT id, version, supersedes, is_current, report_path, annotated_path FROM submissions"
                      " WHERE sha256 = ? AND IFNULL(year, 0) = IFNULL(?, 0)", (sub.source.sha256, sub.year)).fetchone()
    values = {
        "sha256": sub.source.sha256, "year": sub.year, "submission_id": sub.submission_id,
        "declaration_type": sub.declaration_type, "company": company, "credit_code": f.credit_code,
        "province": province, "city": city, "industry_category": f.industry.category,
        "industry_major": f.industry.major, "industry_middle": f.industry.middle, "sector": f.sector,
        "project_name": f.project_name or f.task_name, "status": sub.status, "source_path": sub.source.path,
        "report_path": entry.report_path or (row["report_path"] if row else None),
        "annotated_path": entry.annotated_path or (row["annotated_path"] if row else None),
        "review_json": sub.model_dump_json(), "indexed_at": _now(),
    }
    if row is not None:
        case_id, current = int(row["id"]), bool(row["is_current"])
        _clear_case(con, case_id)
        con.execute(f"UPDATE submissions SET {', '.join(k + ' = :' + k for k in values)} WHERE id = :id",
                    {**values, "id": case_id})
    else:
        who = f.credit_code or company
        older = con.execute(
            "SELECT id, version FROM submissions WHERE is_current = 1 AND declaration_type IS ? AND year IS ?"
            " AND (credit_code = ? OR (credit_code IS NULL AND company = ?)) ORDER BY version DESC LIMIT 1",
            (sub.declaration_type, sub.year, who, who)).fetchone() if who else None
        values["version"] = int(older["version"]) + 1 if older else 1
        values["supersedes"] = int(older["id"]) if older else None
        cur = con.execute(f"INSERT INTO submissions ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})",
                          values)
        case_id, current = int(cur.lastrowid or 0), True
        if older:
            _set_current(con, int(older["id"]), False)
    confirmed = {r[0]: (r[1], r[2]) for r in con.execute(
        "SELECT instance_index, link, scene FROM confirmations WHERE sha256 = ?", (sub.source.sha256,))}
    passages, fts, minhash = [], [], []
    meta = _meta(company, values["project_name"])
    for p in passage_rows(sub):
        pid, next_id = next_id, next_id + 1
        c_link, c_scene = confirmed.get(p["instance_index"], (None, None)) if p["kind"] == "instance" else (None, None)
        passages.append((pid, case_id, p["kind"], p["instance_index"], p["title"], p["link"], p["scene"],
                         p["predicted_link"], p["predicted_scene"], p.get("predicted_score"), p["text"], sub.year,
                         province, f.industry.category, f.sector, sub.declaration_type, sub.status,
                         c_link or p["link"] or p["predicted_link"], c_scene or p["scene"] or p["predicted_scene"],
                         int(current)))
        fts.append((pid, index_tokens(p["title"]), index_tokens(p["text"]), meta))
        minhash.extend((b, pid) for b in passage_buckets(p["text"]))
    con.executemany(f"INSERT INTO passages VALUES ({','.join('?' * 20)})", passages)
    con.executemany("INSERT INTO passages_fts (rowid, title, body, meta) VALUES (?,?,?,?)", fts)
    con.executemany("INSERT OR IGNORE INTO minhash_buckets VALUES (?,?)", minhash)
    con.executemany("INSERT INTO findings (submission, key, rule, severity, field, page, message) VALUES (?,?,?,?,?,?,?)",
                    [(case_id, finding_key(x.rule, x.field, x.page), x.rule, x.severity, x.field, x.page, x.message)
                     for x in sub.findings])
    people = [("contact", f.contact.name, f.contact.title, f.contact.phone, f.contact.mobile, f.contact.email),
              ("legal_rep", f.legal_rep.name, None, f.legal_rep.phone, None, None),
              *[("integrator", i.contact, i.name, i.phone, None, None) for i in f.integrators]]
    con.executemany("INSERT INTO contacts VALUES (?,?,?,?,?,?,?)",
                    [(case_id, *p) for p in people if any(p[1:])])
    return case_id, next_id
