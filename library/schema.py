"""The case library's SQLite schema, its version table and the migrations from older libraries.

Version 1 (the former catalog/library.py): one row per file name, PRAGMA user_version = 1, a trigram
FTS table. Version 2: identity (sha256, year), versions of corrected re-submissions, industry, findings with
officer decisions, contacts apart, a bigram FTS index and banded MinHash buckets for near duplicates.
Version 3: the log `facet_changes` of passages whose facet row was updated or deleted (facets.py).
The table `schema_version` lists every version applied, with its date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

SCHEMA_VERSION = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    note TEXT
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    year INTEGER,
    submission_id TEXT,                 -- the pipeline's id of the file (informational)
    declaration_type TEXT,
    company TEXT,
    credit_code TEXT,
    province TEXT,
    city TEXT,
    industry_category TEXT,             -- 门类
    industry_major TEXT,                -- 大类
    industry_middle TEXT,               -- 中类
    sector TEXT,
    project_name TEXT,
    status TEXT,
    demo_factory INTEGER NOT NULL DEFAULT 0,   -- 1 = marked 揭榜 (示范工厂 selected)
    source_path TEXT,
    report_path TEXT,
    annotated_path TEXT,
    review_json TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    supersedes INTEGER REFERENCES submissions(id),
    is_current INTEGER NOT NULL DEFAULT 1,
    indexed_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS submissions_identity ON submissions(sha256, IFNULL(year, 0));
CREATE INDEX IF NOT EXISTS submissions_enterprise ON submissions(credit_code, declaration_type, year);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    submission INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- instance | intro | summary | section
    instance_index INTEGER,             -- Instance.index (序号) for kind = instance
    title TEXT,
    link TEXT, scene TEXT,              -- declared
    predicted_link TEXT, predicted_scene TEXT, predicted_score REAL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_submission ON passages(submission);
-- a narrow copy of what searches filter and count on, one row per passage (same id): a search reads these
-- small rows, never the long passage rows, except for the page of results it shows
CREATE TABLE IF NOT EXISTS passage_facets (
    id INTEGER PRIMARY KEY,
    year INTEGER, province TEXT, industry TEXT, sector TEXT, declaration_type TEXT, status TEXT,
    link TEXT, scene TEXT, predicted_link TEXT, predicted_scene TEXT,
    eff_link TEXT, eff_scene TEXT,      -- confirmed, else declared, else predicted
    is_current INTEGER NOT NULL DEFAULT 1
);
-- passages whose passage_facets row was updated or deleted, in order: a reader's in-memory facet codes
-- (facets.py) reload these rows and the new ids, not the whole table, after another connection wrote
CREATE TABLE IF NOT EXISTS facet_changes (
    seq INTEGER PRIMARY KEY,
    passage INTEGER NOT NULL
);
-- title, body: the passage's bigram tokens; meta: company and project name; tags: filter values (tokens.py)
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    title, body, meta, tags, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS minhash_buckets (
    bucket INTEGER NOT NULL,            -- band number and band hash, folded to 63 bits (neardup.py)
    passage INTEGER NOT NULL,           -- deleted by recomputing the passage's buckets: no second index
    PRIMARY KEY (bucket, passage)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS confirmations (
    sha256 TEXT NOT NULL,               -- the content the reviewer looked at
    instance_index INTEGER NOT NULL,
    link TEXT,
    scene TEXT NOT NULL,
    confirmed_at TEXT,
    PRIMARY KEY (sha256, instance_index)
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    submission INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    key TEXT NOT NULL,                  -- rule|field|page: stable across re-reviews of the same file
    rule TEXT NOT NULL, severity TEXT, field TEXT, page INTEGER, message TEXT
);
CREATE INDEX IF NOT EXISTS findings_submission ON findings(submission);
CREATE TABLE IF NOT EXISTS finding_decisions (
    sha256 TEXT NOT NULL,
    key TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'dismissed')),
    reason TEXT,
    decided_at TEXT,
    PRIMARY KEY (sha256, key)
);
CREATE TABLE IF NOT EXISTS contacts (
    submission INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    role TEXT NOT NULL,                 -- contact | legal_rep | integrator
    name TEXT, title TEXT, phone TEXT, mobile TEXT, email TEXT
);
CREATE INDEX IF NOT EXISTS contacts_submission ON contacts(submission);
CREATE TABLE IF NOT EXISTS demo_factory_holders (
    credit_code TEXT NOT NULL,
    company TEXT NOT NULL,
    year INTEGER,
    source TEXT,
    PRIMARY KEY (credit_code, company, year)
);
CREATE VIEW IF NOT EXISTS instances AS
    SELECT p.id, p.submission, p.instance_index, p.title AS name, p.link AS declared_link,
           p.scene AS declared_scene, p.predicted_link, p.predicted_scene, c.scene AS confirmed_scene, p.text
    FROM passages p JOIN submissions s ON s.id = p.submission
    LEFT JOIN confirmations c ON c.sha256 = s.sha256 AND c.instance_index = p.instance_index
    WHERE p.kind = 'instance';
"""


def current_version(con: sqlite3.Connection) -> int:
    """-> the schema version of an open library (0 = empty file)."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" in tables:
        return int(con.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)
    if "submissions" in tables:
        return int(con.execute("PRAGMA user_version").fetchone()[0] or 1)
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def _stamp(con: sqlite3.Connection, version: int, note: str) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    con.execute("INSERT OR REPLACE INTO schema_version VALUES (?, ?, ?)", (version, now, note))
    con.execute(f"PRAGMA user_version = {version}")


def _configure(con: sqlite3.Connection) -> None:
    """bm25 weights of the FTS columns: a title hit counts double, the filter tags not at all."""
    con.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0, 1.0, 0.0)')")


def create(con: sqlite3.Connection) -> None:
    """Empty file -> the current schema."""
    con.executescript(SCHEMA)
    _configure(con)
    _stamp(con, SCHEMA_VERSION, "created")


def migrate_1_to_2(con: sqlite3.Connection, reindex: Callable[[sqlite3.Connection, list[int]], None]) -> None:
    """Version 1 -> 2: keep every submission, passage, confirmation and holder; rebuild the indexes.

    `reindex(con, passage_ids)` fills the FTS and MinHash tables for the copied passages (store.py).
    """
    for old in ("submissions", "passages", "confirmations", "demo_factory_holders"):
        con.execute(f"ALTER TABLE {old} RENAME TO v1_{old}")
    for trigger in ("passages_ai", "passages_ad"):
        con.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    con.execute("DROP TABLE IF EXISTS passages_fts")
    con.executescript(SCHEMA)
    _configure(con)
    con.execute(
        "INSERT INTO submissions (sha256, year, submission_id, declaration_type, company, credit_code, province,"
        " project_name, status, source_path, indexed_at)"
        " SELECT sha256, year, submission_id, declaration_type, company, credit_code, region, project_name, status,"
        " source_path, indexed_at FROM v1_submissions WHERE 1"
        " ON CONFLICT DO NOTHING"
    )
    con.execute(
        "INSERT INTO passages (id, submission, kind, instance_index, title, link, scene, predicted_link,"
        " predicted_scene, text)"
        " SELECT p.id, s.id, p.kind, p.instance_index, p.title, p.link, p.scene, p.predicted_link, p.predicted_scene,"
        " p.text FROM v1_passages p JOIN v1_submissions o ON o.submission_id = p.submission_id"
        " JOIN submissions s ON s.sha256 = o.sha256 AND IFNULL(s.year, 0) = IFNULL(o.year, 0)"
        " ORDER BY p.id"
    )
    con.execute(
        "INSERT INTO passage_facets (id, year, province, declaration_type, status, link, scene, predicted_link,"
        " predicted_scene, eff_link, eff_scene)"
        " SELECT p.id, s.year, s.province, s.declaration_type, s.status, p.link, p.scene, p.predicted_link,"
        " p.predicted_scene, COALESCE(p.link, p.predicted_link), COALESCE(c.scene, p.scene, p.predicted_scene)"
        " FROM passages p JOIN submissions s ON s.id = p.submission"
        " LEFT JOIN v1_confirmations c ON c.submission_id = s.submission_id AND c.instance_index = p.instance_index"
        "  AND c.sha256 = s.sha256"
    )
    con.execute(
        "INSERT OR REPLACE INTO confirmations (sha256, instance_index, scene, confirmed_at)"
        " SELECT sha256, instance_index, scene, confirmed_at FROM v1_confirmations"
    )
    con.execute("INSERT OR IGNORE INTO demo_factory_holders SELECT * FROM v1_demo_factory_holders")
    reindex(con, [r[0] for r in con.execute("SELECT id FROM passages ORDER BY id")])
    for old in ("passages", "confirmations", "demo_factory_holders", "submissions"):
        con.execute(f"DROP TABLE v1_{old}")
    _stamp(con, 2, "migrated from version 1")


def migrate_2_to_3(con: sqlite3.Connection) -> None:
    """Version 2 -> 3: add the facet change log (nothing else changes)."""
    con.execute("CREATE TABLE IF NOT EXISTS facet_changes (seq INTEGER PRIMARY KEY, passage INTEGER NOT NULL)")
    _stamp(con, 3, "facet change log for in-memory facet counts")
