"""The index options the issue names, measured on the same passages and queries as bench/library.py.

- bigram: the library's own index (unicode61 over character bigrams + the run's last character).
- trigram+LIKE: FTS5 trigram for terms of 3+ characters, LIKE scans for shorter ones (the former library).
- jieba: FTS5 over jieba's search-mode tokens, the query segmented the same way.
Each is built in memory from the same (id, text) rows; figures are MATCH + ranking + top 10 without filters,
so they compare the indexes, not the facet work.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from typing import Any

from library.tokens import index_tokens, parse_query, term_expression


def _bigram(con: sqlite3.Connection, rows: list[tuple[int, str]]) -> Callable[[str], list[int]]:
    con.execute("CREATE VIRTUAL TABLE bi USING fts5(body, content='', tokenize='unicode61')")
    con.executemany("INSERT INTO bi(rowid, body) VALUES (?, ?)", [(i, index_tokens(t)) for i, t in rows])

    def run(query: str) -> list[int]:
        q = parse_query(query)
        match = q.match()
        if not match:
            return []
        sql = "SELECT rowid FROM bi WHERE bi MATCH ?"
        args = [match]
        if q.exclusion():
            sql += " AND rowid NOT IN (SELECT rowid FROM bi WHERE bi MATCH ?)"
            args.append(q.exclusion() or "")
        return [r[0] for r in con.execute(sql + " ORDER BY rank LIMIT 10", args)]

    return run


def _trigram(con: sqlite3.Connection, rows: list[tuple[int, str]]) -> Callable[[str], list[int]]:
    con.execute("CREATE TABLE tp (id INTEGER PRIMARY KEY, body TEXT)")
    con.executemany("INSERT INTO tp VALUES (?, ?)", rows)
    con.execute("CREATE VIRTUAL TABLE tri USING fts5(body, content='tp', content_rowid='id', tokenize='trigram')")
    con.execute("INSERT INTO tri(tri) VALUES ('rebuild')")

    def run(query: str) -> list[int]:
        q = parse_query(query)
        long_terms = [g[0] for g in q.groups if len(g[0]) >= 3]
        short = [g[0] for g in q.groups if len(g[0]) < 3]
        where, args = [], []
        if long_terms:
            where.append("id IN (SELECT rowid FROM tri WHERE tri MATCH ?)")
            args.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
        for t in short:
            where.append("body LIKE ?")
            args.append(f"%{t}%")
        for t in q.excluded:
            where.append("body NOT LIKE ?")
            args.append(f"%{t}%")
        if not where:
            return []
        return [r[0] for r in con.execute(f"SELECT id FROM tp WHERE {' AND '.join(where)} LIMIT 10", args)]

    return run


def _jieba(con: sqlite3.Connection, rows: list[tuple[int, str]]) -> Callable[[str], list[int]]:
    import jieba

    jieba.setLogLevel(60)

    def seg(text: str) -> str:
        return " ".join(w for w in jieba.cut_for_search(text.lower()) if w.strip())

    con.execute("CREATE VIRTUAL TABLE jb USING fts5(body, content='', tokenize='unicode61')")
    con.executemany("INSERT INTO jb(rowid, body) VALUES (?, ?)", [(i, seg(t)) for i, t in rows])

    def run(query: str) -> list[int]:
        q = parse_query(query)
        parts = []
        for g in q.groups:
            words = [w for w in jieba.cut(g[0].lower()) if w.strip() and term_expression(w)]
            if words:
                parts.append('"' + " ".join(words).replace('"', '""') + '"')
        if not parts:
            return []
        return [r[0] for r in con.execute("SELECT rowid FROM jb WHERE jb MATCH ? ORDER BY rank LIMIT 10",
                                          [" AND ".join(parts)])]

    return run


def compare(passages: list[tuple[int, str, dict[str, Any]]], queries: list[tuple[str, dict[str, Any]]],
            truth: Callable[..., set[int]], pct: Callable[[list[float], float], float]) -> None:
    """Build the three indexes over the passages and print build time, p50/p95 and recall@10 of each."""
    rows = [(pid, text) for pid, text, _ in passages]
    print(f"\n### Index options on {len(rows):,} passages (no filters, top 10)\n")
    print("| index | build s | p50 ms | p95 ms | recall@10 |")
    print("|---|---|---|---|---|")
    for name, build in (("bigram (kept)", _bigram), ("trigram + LIKE", _trigram), ("jieba", _jieba)):
        con = sqlite3.connect(":memory:")
        start = time.perf_counter()
        run = build(con, rows)
        built = time.perf_counter() - start
        times, recalls = [], []
        for query, _ in queries:
            run(query)
            t = time.perf_counter()
            got = set(run(query))
            times.append((time.perf_counter() - t) * 1000)
            relevant = truth(passages, query, {})
            if relevant:
                recalls.append(len(got & relevant) / min(10, len(relevant)))
        print(f"| {name} | {built:.1f} | {statistics.median(times):.1f} | {pct(times, 0.95):.1f} | "
              f"{statistics.mean(recalls):.3f} |")
        con.close()
