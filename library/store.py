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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from library import schema
from library.indexing import (
    Entry,
    Pending,
    clear_case,
    finding_key,
    index_one,
    now,
    reindex_passages,
    set_current,
    update_facets,
)
from model.submission import Submission

if TYPE_CHECKING:
    from library.facets import FacetIndex

SCHEMA_VERSION = schema.SCHEMA_VERSION
__all__ = ["SCHEMA_VERSION", "CaseLibrary", "Entry", "LibraryError", "finding_key"]


CACHE_KB = 65536  # page cache per connection: the MinHash and FTS B-trees a batch writes into stay in memory
MMAP_BYTES = 1 << 30  # pages read through the OS cache without a copy (only address space, not memory)


def _tune(con: sqlite3.Connection) -> None:
    """Settings of every connection: a 64 MB page cache, memory-mapped reads, temporary tables in memory."""
    con.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    con.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    con.execute("PRAGMA temp_store = MEMORY")


class LibraryError(ValueError):
    """The case library cannot be opened or used (message in Chinese)."""


class CaseLibrary:
    """The SQLite case library at `db_path` (created, with its schema, on first use)."""

    def __init__(self, db_path: Path) -> None:
        """Remember the path; nothing is opened until the first call."""
        self.db_path = Path(db_path)
        self._ready = False
        self._local = threading.local()  # one reading connection per thread: its page cache stays warm
        self._facets: FacetIndex | None = None  # the last refreshed facet index (a new thread's starting point)
        self._facets_lock = threading.Lock()

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
            with self._committed(con, "读写"):
                con.execute("PRAGMA foreign_keys = ON")
                con.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash loses at most the last commit
                _tune(con)
                if not self._ready:
                    self._migrate(con)
                    self._ready = True
                yield con
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
            _tune(con)
            self._local.con = con
        with self._committed(con, "读取"):
            yield con

    @contextlib.contextmanager
    def _committed(self, con: sqlite3.Connection, what: str) -> Iterator[None]:
        """Work on `con` -> committed, or rolled back and raised as a LibraryError in Chinese."""
        try:
            yield
            con.commit()
        except sqlite3.DatabaseError as exc:
            con.rollback()
            raise LibraryError(
                f"案例库 {self.db_path} {what}失败（{type(exc).__name__}）。文件可能已损坏，请从备份恢复。"
            ) from exc

    def close(self) -> None:
        """Close this thread's reading connection (others close when their thread ends)."""
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = self._local.facets = None

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
        if version == 1:
            schema.migrate_1_to_2(con, reindex_passages)
            version = 2
        if version == 2:
            schema.migrate_2_to_3(con)
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
            con.execute("BEGIN IMMEDIATE")  # the write lock before reading max(id): parallel indexers queue
            # never an id used before: a deleted passage is in the facet change log, and a reader that saw
            # the deletion must not take a new passage under that id for the old one (facets.py)
            next_id = int(con.execute("SELECT max((SELECT IFNULL(max(id), 0) FROM passages),"
                                      " (SELECT IFNULL(max(passage), 0) FROM facet_changes)) + 1").fetchone()[0])
            pending = Pending()
            for entry in entries:
                case, next_id = index_one(con, entry, next_id, pending)
                ids.append(case)
            pending.flush(con)
        return ids

    def remove(self, case: int | str) -> None:
        """Drop one submission (case id or pipeline submission id) and everything indexed for it."""
        with self.connect() as con:
            case_id = self._case_id(con, case)
            clear_case(con, case_id)
            old = con.execute("SELECT supersedes FROM submissions WHERE id = ?", (case_id,)).fetchone()
            con.execute("DELETE FROM submissions WHERE id = ?", (case_id,))
            if old and old[0]:
                set_current(con, old[0], True)

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
                        (row[0], index, link, scene, now()))
            update_facets(con, "s.sha256 = ? AND p.instance_index = ? AND p.kind = 'instance'", (row[0], index),
                          "UPDATE passage_facets SET eff_scene = ?, eff_link = COALESCE(?, eff_link)", (scene, link))

    def decide_finding(self, case: int | str, finding: int | str, decision: str, reason: str = "") -> None:
        """Record an officer's decision on a finding (its id in the case, or its key): accepted or dismissed."""
        if decision not in ("accepted", "dismissed"):
            raise LibraryError("处理结果只能是“确认属实”或“驳回”，请在审核意见下选择其一后保存。")
        if decision == "dismissed" and not reason.strip():
            raise LibraryError("驳回一条审核意见时请填写理由。")
        with self.connect() as con:
            case_id = self._case_id(con, case)
            row = con.execute(
                "SELECT s.sha256, f.key FROM findings f JOIN submissions s ON s.id = f.submission"
                " WHERE f.submission = ? AND (f.id = ? OR f.key = ?)", (case_id, finding, str(finding)),
            ).fetchone()
            if row is None:
                raise LibraryError(f"案例 {case} 中没有这条审核意见（{finding}）。")
            con.execute("INSERT OR REPLACE INTO finding_decisions VALUES (?,?,?,?,?)",
                        (row[0], row[1], decision, reason.strip(), now()))

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

    def decisions_for(self, sub: Submission) -> dict[str, dict[str, Any]]:
        """A submission under review -> the officer's decisions that apply to its findings, by finding key.

        Its own record (same sha256 and year): the decisions made on it. Then, for keys not decided there,
        those made on the versions it supersedes, newest first (`earlier_version`: True); a file not yet in
        the library is the next version of the current record of the same enterprise, type and year.
        -> {key: {decision, reason, decided_at, earlier_version, rule, field}}.
        """
        f = sub.fields
        who = f.credit_code or f.company_name or f.applicant
        with self.connect() as con:
            row = con.execute("SELECT id, supersedes FROM submissions WHERE sha256 = ? AND IFNULL(year, 0) ="
                              " IFNULL(?, 0)", (sub.source.sha256, sub.year)).fetchone()
            chain: list[tuple[str, bool]] = [(sub.source.sha256, False)]
            older = row["supersedes"] if row is not None else None
            if row is None and who:
                hit = con.execute(
                    "SELECT id FROM submissions WHERE is_current = 1 AND declaration_type IS ? AND year IS ?"
                    " AND (credit_code = ? OR (credit_code IS NULL AND company = ?)) ORDER BY version DESC LIMIT 1",
                    (sub.declaration_type, sub.year, who, who)).fetchone()
                older = hit["id"] if hit is not None else None
            seen: set[int] = set()
            while older is not None and older not in seen:  # the supersedes chain, newest first
                seen.add(older)
                r = con.execute("SELECT sha256, supersedes FROM submissions WHERE id = ?", (older,)).fetchone()
                if r is None:
                    break
                if r["sha256"] != sub.source.sha256:
                    chain.append((r["sha256"], True))
                older = r["supersedes"]
            out: dict[str, dict[str, Any]] = {}
            for sha, earlier in chain:
                for d in con.execute("SELECT key, decision, reason, decided_at FROM finding_decisions"
                                     " WHERE sha256 = ? ORDER BY key", (sha,)):
                    rule, field = [*d["key"].split("|"), ""][:2]
                    out.setdefault(d["key"], {"decision": d["decision"], "reason": d["reason"] or None,
                                              "decided_at": d["decided_at"], "earlier_version": earlier,
                                              "rule": rule, "field": field or None})
        return out

    def search(self, query: str = "", **filters: Any) -> list[dict[str, Any]]:
        """Query + filters -> the matching passages, best first (see search.search for the details)."""
        return self.find(query, facets=False, **filters)["results"]

    def find(self, query: str = "", **options: Any) -> dict[str, Any]:
        """Query + filters -> {total, results, facets, query} (search.search)."""
        from library.facets import FacetIndex
        from library.search import search

        with self.reader() as con:
            index = getattr(self._local, "facets", None)
            if not con.in_transaction:
                con.execute("BEGIN")  # the refresh below and the search read one snapshot
            with self._facets_lock:  # copied and refreshed one at a time; searches only read them
                if index is None:  # this thread's connection's facet codes, from the freshest index there is
                    index = self._local.facets = self._facets.copy() if self._facets else FacetIndex()
                index.refresh(con)
                self._facets = index
            return search(con, query, index=index, **options)

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
