"""The case library: every reviewed submission in one SQLite file, searchable across years.

Tables: `submissions` (one row per reviewed file), `passages` (instance texts, 企业简介, 项目简述
and the narrative sections), `passages_fts` (FTS5, trigram tokenizer), `confirmations`
(reviewer-confirmed scenes) and `demo_factory_holders` (official lists of 示范工厂揭榜单位).
The schema version is PRAGMA user_version.

Search: FTS5 trigram for terms of 3+ characters; trigram cannot match shorter ones (MEASURED.md),
so 2-character words such as 焊接 or 质检 use LIKE over `passages` (a scan; fast at office scale).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from catalog.library_text import (
    best_copied_run,
    chunks,
    fts_phrase,
    like_pattern,
    passage_rows,
    probe_trigrams,
    region_of,
    snippet,
    split_terms,
)
from model.submission import Submission
from model.text import normalize_text

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    submission_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    year INTEGER,
    declaration_type TEXT,
    company TEXT,
    credit_code TEXT,
    region TEXT,
    project_name TEXT,
    source_path TEXT,
    status TEXT,
    indexed_at TEXT
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions(submission_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,            -- instance | intro | summary | section
    instance_index INTEGER,        -- Instance.index (序号) for kind = instance
    title TEXT,
    link TEXT, scene TEXT,         -- declared
    predicted_link TEXT, predicted_scene TEXT,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_submission ON passages(submission_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    title, text, content='passages', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TABLE IF NOT EXISTS confirmations (
    submission_id TEXT NOT NULL,
    instance_index INTEGER NOT NULL,
    scene TEXT NOT NULL,
    sha256 TEXT NOT NULL,          -- the file the reviewer looked at; a changed file drops the confirmation
    confirmed_at TEXT,
    PRIMARY KEY (submission_id, instance_index)
);
CREATE TABLE IF NOT EXISTS demo_factory_holders (
    credit_code TEXT NOT NULL,
    company TEXT NOT NULL,
    year INTEGER,
    source TEXT,
    PRIMARY KEY (credit_code, company, year)
);
"""


class LibraryError(ValueError):
    """The case library cannot be opened or used (message in Chinese)."""


class CaseLibrary:
    """The SQLite case library at `db_path` (created, with its schema, on first use)."""

    def __init__(self, db_path: Path) -> None:
        """Remember the path; nothing is opened until the first call."""
        self.db_path = Path(db_path)
        self._ready = False

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

    def _migrate(self, con: sqlite3.Connection) -> None:
        """Create the schema, or refuse a library written by a newer version."""
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"案例库 {self.db_path} 由更新版本的 shenbao 创建（格式 {version}，本程序支持 {SCHEMA_VERSION}）。请升级 shenbao。"
            )
        con.execute("PRAGMA journal_mode = WAL")  # readers (catalog serve) do not block the indexer
        con.executescript(_SCHEMA)
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def index(self, sub: Submission, *, region: str | None = None) -> None:
        """Store or replace one submission (keyed by submission_id); reviewer confirmations survive
        re-indexing the same file (same sha256) and are dropped when the file changed."""
        f = sub.fields
        region = region or region_of(f.factory_address, f.task_address, f.recommender, f.applicant)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.connect() as con:
            con.execute("DELETE FROM passages WHERE submission_id = ?", (sub.submission_id,))
            con.execute(
                "DELETE FROM confirmations WHERE submission_id = ? AND sha256 <> ?",
                (sub.submission_id, sub.source.sha256),
            )
            con.execute(
                "INSERT OR REPLACE INTO submissions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sub.submission_id,
                    sub.source.sha256,
                    sub.year,
                    sub.declaration_type,
                    f.company_name or f.applicant,
                    f.credit_code,
                    region,
                    f.project_name or f.task_name,
                    sub.source.path,
                    sub.status,
                    now,
                ),
            )
            con.executemany(
                "INSERT INTO passages (submission_id, kind, instance_index, title, link, scene, predicted_link,"
                " predicted_scene, text) VALUES (:sid, :kind, :instance_index, :title, :link, :scene,"
                " :predicted_link, :predicted_scene, :text)",
                [{"sid": sub.submission_id, **p} for p in passage_rows(sub)],
            )

    def remove(self, submission_id: str) -> None:
        """Drop one submission and everything indexed for it."""
        with self.connect() as con:
            con.execute("DELETE FROM passages WHERE submission_id = ?", (submission_id,))
            con.execute("DELETE FROM confirmations WHERE submission_id = ?", (submission_id,))
            con.execute("DELETE FROM submissions WHERE submission_id = ?", (submission_id,))

    def search(
        self,
        query: str,
        *,
        link: str | None = None,
        scene: str | None = None,
        year: int | None = None,
        region: str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Query (+ filters) -> matching passages, best first, each with its submission and a snippet.

        Terms are separated by spaces and must all occur. An empty query lists passages by the
        filters alone. `region` matches a prefix ("广东" finds "广东省").
        """
        long_terms, short_terms = split_terms(query)
        where, args = [], []
        if long_terms:
            where.append("p.id IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)")
            args.append(" AND ".join(fts_phrase(t) for t in long_terms))
        for t in short_terms:
            where.append("(p.text LIKE ? ESCAPE '\\' OR p.title LIKE ? ESCAPE '\\')")
            args += [like_pattern(t), like_pattern(t)]
        if link:
            where.append("(p.link = ? OR p.predicted_link = ?)")
            args += [link, link]
        if scene:
            where.append("(p.scene = ? OR p.predicted_scene = ? OR c.scene = ?)")
            args += [scene, scene, scene]
        if year is not None:
            where.append("s.year = ?")
            args.append(year)
        if region:
            where.append("s.region LIKE ? ESCAPE '\\'")
            args.append(like_pattern(region, prefix_only=True))
        rank = (
            "(SELECT bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? AND rowid = p.id)"
            if long_terms
            else "0"
        )
        rank_args = [" AND ".join(fts_phrase(t) for t in long_terms)] if long_terms else []
        sql = (
            f"SELECT p.*, s.company, s.credit_code, s.year, s.declaration_type, s.region, s.source_path,"
            f" c.scene AS confirmed_scene, {rank} AS score"
            " FROM passages p JOIN submissions s USING (submission_id)"
            " LEFT JOIN confirmations c ON c.submission_id = p.submission_id AND c.instance_index = p.instance_index"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY score, s.year DESC, s.company, p.id LIMIT ?"
        )
        with self.connect() as con:
            rows = con.execute(sql, [*rank_args, *args, limit]).fetchall()
        terms = long_terms + short_terms
        return [self._result(r, terms) for r in rows]

    @staticmethod
    def _result(row: sqlite3.Row, terms: list[str]) -> dict[str, Any]:
        """A joined passage row -> the search result dict."""
        out = {k: row[k] for k in row.keys() if k not in ("text", "id")}  # noqa: SIM118 - Row has no __iter__ of keys
        # bm25 is lower-is-better: flip it (+ 0.0 turns -0.0 into 0.0)
        out["score"] = round(-float(row["score"] or 0), 3) + 0.0
        out["name"] = row["title"] if row["kind"] == "instance" else None  # the instance name (场景实例名称)
        out["snippet"] = snippet(row["text"], terms)
        return out

    def add_demo_factory_holder(
        self, credit_code: str, company: str, year: int | None = None, source: str = ""
    ) -> None:
        """Record an enterprise from an official list of 示范工厂揭榜单位 (e.g. the yearly 公示名单)."""
        with self.connect() as con:
            con.execute(
                "INSERT OR REPLACE INTO demo_factory_holders VALUES (?,?,?,?)",
                (credit_code, company, year, source),
            )

    def demo_factory_holders(
        self, before_year: int | None = None, *, declared: bool = True
    ) -> list[tuple[str, str]]:
        """-> (credit_code, company) of 示范工厂揭榜单位 known to the library, for ALREADY_DEMO_FACTORY.

        Always: the official lists (add_demo_factory_holder), of years before `before_year` when given.
        With `before_year` and declared=True, also every enterprise with an indexed 示范工厂
        declaration of an earlier year. Declarations are never counted without `before_year`:
        the library also holds the batch under review (after a first run), and a declaration must
        not make its own enterprise a "holder".
        """
        cond, args = ("year < ?", [before_year]) if before_year is not None else ("1", [])
        sql = f"SELECT credit_code, company FROM demo_factory_holders WHERE {cond}"
        if declared and before_year is not None:
            sql += (
                " UNION SELECT COALESCE(credit_code, ''), COALESCE(company, '') FROM submissions"
                " WHERE declaration_type = '示范工厂' AND status <> 'error' AND year < ?"
            )
            args = [*args, before_year]
        with self.connect() as con:
            return sorted({(r[0], r[1]) for r in con.execute(sql, args)})

    def confirm(self, submission_id: str, index: int, scene: str) -> None:
        """Record that a reviewer confirmed instance `index` (its 序号) of a submission as `scene`."""
        with self.connect() as con:
            row = con.execute(
                "SELECT s.sha256 FROM passages p JOIN submissions s USING (submission_id)"
                " WHERE p.submission_id = ? AND p.kind = 'instance' AND p.instance_index = ?",
                (submission_id, index),
            ).fetchone()
            if row is None:
                raise LibraryError(
                    f"案例库中没有提交 {submission_id} 的场景实例 {index}。请先审核并入库该申报书。"
                )
            now = datetime.now(UTC).isoformat(timespec="seconds")
            con.execute(
                "INSERT OR REPLACE INTO confirmations VALUES (?,?,?,?,?)",
                (submission_id, index, scene, row[0], now),
            )

    def confirmed_examples(self) -> list[tuple[str, str]]:
        """-> (instance text, confirmed scene) for every reviewer-confirmed instance (classifier examples)."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT p.text, c.scene FROM confirmations c JOIN passages p"
                " ON p.submission_id = c.submission_id AND p.kind = 'instance' AND p.instance_index = c.instance_index"
                " ORDER BY c.submission_id, c.instance_index"
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def similar_passages(
        self,
        text: str,
        exclude_company: str,
        min_chars: int = 80,
        *,
        min_similarity: float = 0.9,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        """Text + the enterprise it belongs to -> passages of other enterprises that nearly repeat a
        stretch of at least `min_chars` characters of it (for NEAR_DUPLICATE_TEXT), most similar first."""
        text = normalize_text(text) or ""
        if len(text) < min_chars:
            return []
        candidates: dict[int, sqlite3.Row] = {}
        with self.connect() as con:
            for chunk in chunks(text, min_chars):
                probe = " OR ".join(fts_phrase(t) for t in probe_trigrams(chunk))
                for r in con.execute(
                    "SELECT p.id, p.submission_id, p.kind, p.instance_index, p.title, p.text, s.company, s.year,"
                    " s.declaration_type FROM passages p JOIN submissions s USING (submission_id)"
                    " WHERE p.id IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank"
                    " LIMIT 20) AND COALESCE(s.company, '') <> ?",
                    (probe, exclude_company or ""),
                ):
                    candidates[r["id"]] = r
        found = []
        for r in candidates.values():
            hit = best_copied_run(text, r["text"], min_chars, min_similarity)
            if hit is not None:
                keys = (
                    "submission_id",
                    "kind",
                    "instance_index",
                    "title",
                    "company",
                    "year",
                    "declaration_type",
                )
                found.append({k: r[k] for k in keys} | hit)
        return sorted(found, key=lambda d: (-int(d["chars"]), -float(d["similarity"])))[:limit]

    def stats(self) -> dict[str, int]:
        """-> counts of submissions, passages and confirmations (for the CLI and tests)."""
        with self.connect() as con:
            return {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("submissions", "passages", "confirmations", "demo_factory_holders")
            }
