"""Search over the case library: parsed query -> FTS5 bigram MATCH ranked by bm25, filters, facet counts;
and the MinHash lookup of passages other enterprises nearly repeated.

One MATCH per query (filters included, as tokens of the FTS tags column) yields (passage id, bm25) for the
filtered hits; the total, every facet count and the page order come from those ids in numpy (facets.py),
and only the page's rows are read from the passage tables. No per-row correlated bm25 subquery, no
temporary table, no GROUP BY per facet. Any input is safe: a query the parser cannot turn into MATCH terms, or one SQLite rejects, becomes a
plain-text LIKE search.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from library.facets import FacetIndex
from library.neardup import buckets, query_chunks
from library.text import best_copied_run, like_pattern, snippet, snippet_parts
from library.tokens import STALE, parse_query, plain_terms, tag_expression
from model.text import normalize_text

FACET_ZH = {"year": "年度", "region": "地区", "industry": "行业门类", "sector": "行业", "type": "申报类型",
            "status": "审核结论", "link": "环节", "scene": "场景"}
KIND_ZH = {"instance": "场景实例", "intro": "企业简介", "summary": "项目简述", "section": "正文"}
BOILERPLATE = 200  # passages in one MinHash bucket beyond which the bucket is ignored
STATUS_ZH = {"pass": "通过", "needs_review": "待复核", "fail": "不通过", "error": "无法处理"}


def _filters(*, link: str | None = None, scene: str | None = None, year: int | None = None,
             region: str | None = None, industry: str | None = None, sector: str | None = None,
             type: str | None = None, status: str | None = None, all_versions: bool = False,
             ) -> tuple[list[str], list[Any]]:
    """Filters -> (SQL conditions on passage_facets x, their arguments)."""
    where: list[str] = [] if all_versions else ["x.is_current = 1"]
    args: list[Any] = []
    if link:
        where.append("(x.eff_link = ? OR x.link = ? OR x.predicted_link = ?)")
        args += [link] * 3
    if scene:
        where.append("(x.eff_scene = ? OR x.scene = ? OR x.predicted_scene = ?)")
        args += [scene] * 3
    if year is not None:
        where.append("x.year = ?")
        args.append(int(year))
    for column, value in (("x.province", region), ("x.industry", industry), ("x.sector", sector)):
        if value:
            where.append(f"{column} LIKE ? ESCAPE '\\'")  # a prefix: 广东 finds 广东省
            args.append(like_pattern(value, prefix_only=True))
    if type:
        where.append("x.declaration_type = ?")
        args.append(type)
    if status:
        status = next((k for k, v in STATUS_ZH.items() if v == status), status)
        where.append("x.status = ?")
        args.append(status)
    return where, args


_TEXT = "{title body meta} : "


def _tag_filters(*, link: str | None = None, scene: str | None = None, year: int | None = None,
                 region: str | None = None, industry: str | None = None, sector: str | None = None,
                 type: str | None = None, status: str | None = None, all_versions: bool = False,
                 ) -> tuple[list[str], list[str]] | None:
    """Filters -> (FTS5 expressions on the tags column that must match, that must not); None when a value
    has no letters or digits (the SQL filters handle it)."""
    status = next((k for k, v in STATUS_ZH.items() if v == status), status) if status else None
    must: list[str] = []
    for kind, value, prefix in (("link", link, False), ("scene", scene, False), ("year", year, False),
                                ("region", region, True), ("industry", industry, True),
                                ("sector", sector, True), ("type", type, False), ("status", status, False)):
        if value in (None, ""):
            continue
        expr = tag_expression(kind, value, prefix=prefix)
        if expr is None:
            return None
        must.append(expr)
    return must, ([] if all_versions else [f'tags : "{STALE}"'])


Hits = list[tuple[int, float]]  # (passage id, bm25: lower is better; 0 when unranked)


def _hits(con: sqlite3.Connection, query: str, filters: dict[str, Any]) -> tuple[Hits, list[str]]:
    """Query + filters -> the hits; the terms to highlight.

    The query and the filters are one FTS5 MATCH (filters as tokens of the tags column), so only the
    passages that pass every filter are looked up and scored, and nothing else is read per hit. A query
    without terms and filters, or a filter value without letters, uses SQL conditions on passage_facets.
    """
    parsed = parse_query(query)
    match, exclusion = parsed.match(), parsed.exclusion()
    if parsed.groups and not match and not exclusion:
        raise sqlite3.OperationalError("no searchable term")  # only punctuation: search it as plain text
    tags = _tag_filters(**filters)
    if tags is not None and (match or tags[0]):
        must, must_not = tags
        expr = " AND ".join(f"({e})" for e in ([_TEXT + f"({match})"] if match else []) + must)
        for e in must_not + ([_TEXT + f"({exclusion})"] if exclusion else []):
            expr = f"({expr}) NOT ({e})"
        return _rows(con, "SELECT rowid, rank FROM passages_fts WHERE passages_fts MATCH ?", [expr]), parsed.terms
    cond, args = _filters(**filters)
    if exclusion:
        cond.append("x.id NOT IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)")
        args.append(_TEXT + f"({exclusion})")
    tail = (" AND " + " AND ".join(cond)) if cond else ""
    if match:
        return _rows(con, "SELECT x.id, f.rank FROM passages_fts f CROSS JOIN passage_facets x ON x.id = f.rowid"
                          f" WHERE passages_fts MATCH ?{tail}", [_TEXT + f"({match})", *args]), parsed.terms
    return _rows(con, f"SELECT x.id, 0.0 FROM passage_facets x WHERE 1{tail}", args), parsed.terms


def _hits_plain(con: sqlite3.Connection, query: str, where: list[str], args: list[Any]) -> tuple[Hits, list[str]]:
    """Fallback: every word of the query as a literal substring (LIKE), unranked."""
    terms = plain_terms(query)
    cond = list(where)
    extra: list[Any] = []
    for t in terms:
        cond.append("(p.text LIKE ? ESCAPE '\\' OR p.title LIKE ? ESCAPE '\\')")
        extra += [like_pattern(t)] * 2
    tail = (" WHERE " + " AND ".join(cond)) if cond else ""
    return _rows(con, f"SELECT x.id, 0.0 FROM passage_facets x CROSS JOIN passages p ON p.id = x.id{tail}",
                 [*args, *extra]), terms


def _rows(con: sqlite3.Connection, sql: str, args: list[Any]) -> Hits:
    """A query of (id, score) -> its rows as plain tuples (no sqlite3.Row per hit)."""
    cur = con.cursor()
    cur.row_factory = None
    return cur.execute(sql, args).fetchall()


_PAGE_SQL = (
    "SELECT p.id AS passage_id, p.submission AS case_id, p.kind, p.instance_index, p.title, p.link, p.scene,"
    " p.predicted_link, p.predicted_scene, x.eff_link, x.eff_scene, p.text, s.submission_id, s.company,"
    " s.credit_code, s.year, s.declaration_type, s.province AS region, s.city, s.industry_category AS industry,"
    " s.sector, s.status, s.source_path, s.version"
    " FROM passages p JOIN passage_facets x ON x.id = p.id JOIN submissions s ON s.id = p.submission"
    " WHERE p.id IN ({marks})"
)


def search(con: sqlite3.Connection, query: str = "", *, limit: int = 20, offset: int = 0, facets: bool = True,
           index: FacetIndex | None = None, **filters: Any) -> dict[str, Any]:
    """Query + filters -> {"total", "results", "facets", "terms", "fallback"}.

    Query syntax: tokens.parse_query. Filters: link, scene (declared, predicted or confirmed), year,
    region / industry / sector (prefixes), type, status (code or Chinese), all_versions. Results: passage
    rows with their case's company, credit code, year, type, region, the effective scene and a snippet
    (【】 around hits; `snippet_parts` for HTML). Facets: {facet: [(value, count), …]} over the hits.
    `index`: the connection's FacetIndex, kept between searches (a new one is loaded when not given).
    Everything is read in one read transaction, so the facet codes and the MATCH see the same snapshot.
    """
    index = index if index is not None else FacetIndex()
    if not con.in_transaction:
        con.execute("BEGIN")
    index.refresh(con)
    fallback = False
    try:
        hits, terms = _hits(con, query, filters)
    except sqlite3.OperationalError:
        where, args = _filters(**filters)
        (hits, terms), fallback = _hits_plain(con, query, where, args), True
    table = np.array(hits, dtype=np.float64).reshape(-1, 2)  # one conversion; ids are far below 2^53
    ids, scores = table[:, 0].astype(np.int64), table[:, 1]
    page = index.page(ids, scores, int(limit), int(offset))
    score_of = dict(hits) if page else {}
    rows = {r["passage_id"]: r for r in con.execute(_PAGE_SQL.format(marks=",".join("?" * len(page))), page)}
    results = [_result(rows[pid], score_of[pid], terms) for pid in page if pid in rows]
    out: dict[str, Any] = {"total": len(hits), "results": results, "terms": terms, "fallback": fallback}
    if facets:
        out["facets"] = index.counts(ids)
    return out


def _result(row: sqlite3.Row, score: float, terms: list[str]) -> dict[str, Any]:
    """A joined hit row and its bm25 -> the result dict (the passage text replaced by its snippet)."""
    out = {k: row[k] for k in row.keys() if k != "text"}  # noqa: SIM118 - Row has no __iter__ of keys
    out["score"] = round(-float(score or 0), 3) + 0.0  # bm25 is lower-is-better: flip it
    out["name"] = row["title"] if row["kind"] == "instance" else None  # the instance name (场景实例名称)
    out["confirmed_scene"] = row["eff_scene"] if row["eff_scene"] not in (row["scene"], row["predicted_scene"]) else None
    out["snippet"] = snippet(row["text"], terms)
    out["snippet_parts"] = snippet_parts(row["text"], terms)
    return out


def similar(con: sqlite3.Connection, text: str, *, exclude_credit_code: str | None = None,
            exclude_company: str | None = None, min_chars: int = 80, min_similarity: float = 0.9,
            limit: int = 10, before_year: int | None = None) -> list[dict[str, Any]]:
    """Text -> passages of other enterprises (any year, or before `before_year`) that nearly repeat a stretch
    of at least min_chars characters of it, via the MinHash buckets then a sentence-by-sentence check.

    -> [{case_id, submission_id, company, credit_code, year, declaration_type, kind, instance_index, title,
    passage (the other text's copied sentences), text (ours), similarity, chars}], longest first.
    """
    text = normalize_text(text) or ""
    if len(text) < min_chars:
        return []
    keys = sorted({b for chunk in query_chunks(text) for b in buckets(chunk)})
    if not keys:
        return []
    candidates: dict[int, int] = {}
    for key in keys:
        members = [r[0] for r in con.execute("SELECT passage FROM minhash_buckets WHERE bucket = ? LIMIT ?",
                                             (key, BOILERPLATE + 1))]
        if len(members) > BOILERPLATE:
            continue  # a chunk hundreds of passages share is form wording or a phrase book, not copying
        for pid in members:
            candidates[pid] = candidates.get(pid, 0) + 1
    best = sorted(candidates, key=lambda p: -candidates[p])[:50]
    if not best:
        return []
    cond, args = ["1"], []
    if exclude_credit_code:
        cond.append("IFNULL(s.credit_code, '') <> ?")
        args.append(exclude_credit_code)
    if exclude_company:
        cond.append("IFNULL(s.company, '') <> ?")
        args.append(exclude_company)
    if before_year is not None:
        cond.append("s.year < ?")
        args.append(before_year)
    rows = con.execute(
        "SELECT p.id, p.submission AS case_id, p.kind, p.instance_index, p.title, p.text, s.submission_id,"
        " s.company, s.credit_code, s.year, s.declaration_type FROM passages p JOIN submissions s"
        f" ON s.id = p.submission WHERE p.id IN ({','.join('?' * len(best))}) AND {' AND '.join(cond)}",
        [*best, *args]).fetchall()
    found = []
    for r in rows:
        hit = best_copied_run(text, r["text"], min_chars, min_similarity)
        if hit is None:
            continue
        keep = ("case_id", "submission_id", "company", "credit_code", "year", "declaration_type", "kind",
                "instance_index", "title")
        found.append({k: r[k] for k in keep} | {"passage": hit["matched"], "text": hit["text"],
                                                "matched": hit["matched"], "similarity": hit["similarity"],
                                                "chars": hit["chars"]})
    return sorted(found, key=lambda d: (-int(d["chars"]), -float(d["similarity"])))[:limit]
