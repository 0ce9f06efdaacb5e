"""Writing one submission into the library: its row (new, refreshed or a new version), passages with their
FTS tokens and MinHash buckets, findings and contacts. Used by store.CaseLibrary inside one transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain

import numpy as np

from library.neardup import passage_buckets_many
from library.text import city_of, passage_rows, region_of
from library.tokens import index_tokens, tags_text
from model.submission import Submission


@dataclass
class Entry:
    """One submission to index, with where its report and annotated PDF were written (when known)."""

    sub: Submission
    report_path: str | None = None
    annotated_path: str | None = None
    region: str | None = None


def now() -> str:
    """-> the current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def finding_key(rule: str, field: str | None, page: int | None) -> str:
    """A finding -> the key its officer decision is stored under (stable across re-reviews)."""
    return f"{rule}|{field or ''}|{page or ''}"



def _meta(company: str | None, project: str | None) -> str:
    return index_tokens(" ".join(x for x in (company, project) if x))


_FTS_SQL = ("SELECT p.id, p.title, p.text, s.company, s.project_name, x.year, x.province, x.industry, x.sector,"
            " x.declaration_type, x.status, x.link, x.scene, x.predicted_link, x.predicted_scene, x.eff_link,"
            " x.eff_scene, x.is_current FROM passages p JOIN submissions s ON s.id = p.submission"
            " JOIN passage_facets x ON x.id = p.id")


def _tags(r: sqlite3.Row | tuple) -> str:
    """A _FTS_SQL row -> its tags text."""
    facets = dict(zip(("year", "region", "industry", "sector", "type", "status"), r[5:11], strict=True))
    return tags_text(facets, {r[11], r[13], r[15]}, {r[12], r[14], r[16]}, bool(r[17]))


def fts_rows(con: sqlite3.Connection, where: str, args: tuple | list) -> list[tuple[int, str, str, str, str]]:
    """Passages selected by a condition -> their FTS rows (rowid, title, body, meta, tags) as stored now."""
    return [(r[0], index_tokens(r[1]), index_tokens(r[2]), _meta(r[3], r[4]), _tags(r))
            for r in con.execute(f"{_FTS_SQL} WHERE {where}", args)]


def _fts_delete(con: sqlite3.Connection, rows: list[tuple[int, str, str, str, str]]) -> None:
    con.executemany("INSERT INTO passages_fts (passages_fts, rowid, title, body, meta, tags)"
                    " VALUES ('delete', ?, ?, ?, ?, ?)", rows)


def _fts_insert(con: sqlite3.Connection, rows: list[tuple[int, str, str, str, str]]) -> None:
    con.executemany("INSERT INTO passages_fts (rowid, title, body, meta, tags) VALUES (?,?,?,?,?)", rows)


def log_changes(con: sqlite3.Connection, ids: list[int]) -> None:
    """Passages whose facet row is about to change or go -> the facet change log (readers reload them)."""
    con.executemany("INSERT INTO facet_changes (passage) VALUES (?)", [(i,) for i in ids])


def update_facets(con: sqlite3.Connection, where: str, args: tuple | list, sql: str, sql_args: tuple | list) -> None:
    """Run an UPDATE on passage_facets and rewrite the FTS rows of the passages `where` selects (their tags
    change; a contentless FTS row is deleted with its old values and inserted with the new)."""
    ids = [r[0] for r in con.execute(f"SELECT p.id FROM passages p JOIN submissions s ON s.id = p.submission"
                                     f" JOIN passage_facets x ON x.id = p.id WHERE {where}", args)]
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    _fts_delete(con, fts_rows(con, f"p.id IN ({marks})", ids))
    con.execute(f"{sql} WHERE id IN ({marks})", [*sql_args, *ids])
    log_changes(con, ids)
    _fts_insert(con, fts_rows(con, f"p.id IN ({marks})", ids))


def _bucket_rows(texts: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """(passage id, text) pairs -> their (bucket, passage) rows, sorted by bucket: inserted in key order they
    fill the minhash_buckets B-tree page by page instead of touching a random page per row."""
    found = passage_buckets_many([t for _, t in texts])
    keys = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=sum(map(len, found)))
    pids = np.repeat(np.asarray([pid for pid, _ in texts], dtype=np.int64), [len(k) for k in found])
    order = np.lexsort((pids, keys))
    return list(zip(keys[order].tolist(), pids[order].tolist(), strict=True))


@dataclass
class Pending:
    """The FTS rows and MinHash texts of a batch, written together (flush) at the end of index_many: one
    executemany each, the bucket rows in key order and their signatures computed for the whole batch."""

    fts: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    texts: list[tuple[int, str]] = field(default_factory=list)

    def flush(self, con: sqlite3.Connection) -> None:
        """Write what is pending (before anything reads or deletes those rows, and at the end)."""
        if self.fts:
            _fts_insert(con, self.fts)
        if self.texts:
            con.executemany("INSERT OR IGNORE INTO minhash_buckets VALUES (?,?)", _bucket_rows(self.texts))
        self.fts, self.texts = [], []


def reindex_passages(con: sqlite3.Connection, ids: list[int]) -> None:
    """Passage ids -> their FTS rows and MinHash buckets (used by the migration)."""
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    _fts_insert(con, fts_rows(con, f"p.id IN ({marks})", ids))
    texts = con.execute(f"SELECT id, text FROM passages WHERE id IN ({marks})", ids).fetchall()
    con.executemany("INSERT OR IGNORE INTO minhash_buckets VALUES (?,?)", _bucket_rows([(r[0], r[1]) for r in texts]))


def clear_case(con: sqlite3.Connection, case_id: int) -> None:
    """Remove a case's passages (FTS rows and buckets too), findings and contacts; the case row stays."""
    rows = fts_rows(con, "p.submission = ?", (case_id,))
    _fts_delete(con, rows)
    texts = con.execute("SELECT id, text FROM passages WHERE submission = ?", (case_id,)).fetchall()
    con.executemany("DELETE FROM minhash_buckets WHERE bucket = ? AND passage = ?",
                    _bucket_rows([(r[0], r[1]) for r in texts]))
    log_changes(con, [r[0] for r in texts])
    con.execute("DELETE FROM passage_facets WHERE id IN (SELECT id FROM passages WHERE submission = ?)", (case_id,))
    for table in ("passages", "findings", "contacts"):
        con.execute(f"DELETE FROM {table} WHERE submission = ?", (case_id,))


def set_current(con: sqlite3.Connection, case_id: int, current: bool) -> None:
    """Mark a case (and its passages, tags included) as the current version or a superseded one."""
    con.execute("UPDATE submissions SET is_current = ? WHERE id = ?", (int(current), case_id))
    update_facets(con, "p.submission = ?", (case_id,), "UPDATE passage_facets SET is_current = ?", (int(current),))


def index_one(con: sqlite3.Connection, entry: Entry, next_id: int, pending: Pending | None = None) -> tuple[int, int]:
    """One entry -> its case id (inserted, refreshed, or a new version); and the next free passage id.

    Its FTS rows and MinHash texts go to `pending` (written by its flush; without one, at once). What is
    pending is flushed first when this entry refreshes or supersedes a case, whose rows may be among it.
    """
    own = pending is None
    if pending is None:
        pending = Pending()
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
        "review_json": sub.model_dump_json(), "indexed_at": now(),
    }
    if row is not None:
        case_id, current = int(row["id"]), bool(row["is_current"])
        pending.flush(con)
        clear_case(con, case_id)
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
            pending.flush(con)
            set_current(con, int(older["id"]), False)
    confirmed = {r[0]: (r[1], r[2]) for r in con.execute(
        "SELECT instance_index, link, scene FROM confirmations WHERE sha256 = ?", (sub.source.sha256,))}
    passages, facets = [], []
    meta = _meta(company, values["project_name"])
    for p in passage_rows(sub):
        pid, next_id = next_id, next_id + 1
        c_link, c_scene = confirmed.get(p["instance_index"], (None, None)) if p["kind"] == "instance" else (None, None)
        passages.append((pid, case_id, p["kind"], p["instance_index"], p["title"], p["link"], p["scene"],
                         p["predicted_link"], p["predicted_scene"], p.get("predicted_score"), p["text"]))
        facets.append((pid, sub.year, province, f.industry.category, f.sector, sub.declaration_type, sub.status,
                       p["link"], p["scene"], p["predicted_link"], p["predicted_scene"],
                       c_link or p["link"] or p["predicted_link"], c_scene or p["scene"] or p["predicted_scene"],
                       int(current)))
        pending.fts.append((pid, index_tokens(p["title"]), index_tokens(p["text"]), meta,
                            _tags((pid, None, None, None, None, *facets[-1][1:]))))  # laid out as a _FTS_SQL row
        pending.texts.append((pid, p["text"]))
    con.executemany(f"INSERT INTO passages VALUES ({','.join('?' * 11)})", passages)
    con.executemany(f"INSERT INTO passage_facets VALUES ({','.join('?' * 14)})", facets)
    if own:
        pending.flush(con)
    con.executemany("INSERT INTO findings (submission, key, rule, severity, field, page, message) VALUES (?,?,?,?,?,?,?)",
                    [(case_id, finding_key(x.rule, x.field, x.page), x.rule, x.severity, x.field, x.page, x.message)
                     for x in sub.findings])
    people = [("contact", f.contact.name, f.contact.title, f.contact.phone, f.contact.mobile, f.contact.email),
              ("legal_rep", f.legal_rep.name, None, f.legal_rep.phone, None, None),
              *[("integrator", i.contact, i.name, i.phone, None, None) for i in f.integrators]]
    con.executemany("INSERT INTO contacts VALUES (?,?,?,?,?,?,?)",
                    [(case_id, *p) for p in people if any(p[1:])])
    return case_id, next_id
