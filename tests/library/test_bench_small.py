"""The library benchmark's corpus and measures at 1,000 instances: recall against substring truth (no timing)."""

from __future__ import annotations

import pytest

from bench.library import QUERIES, Corpus, _truth, measure_neardup, measure_search
from library.store import CaseLibrary, Entry


@pytest.mark.slow
def test_small_bench_finds_every_known_hit_and_the_copied_sources(tmp_path):
    subs = Corpus(seed=11).submissions(1000)
    lib = CaseLibrary(tmp_path / "bench.db")
    lib.index_many([Entry(s) for s in subs])
    with lib.connect() as con:
        rows = con.execute("SELECT p.id, p.title, p.text, x.year, x.province, x.industry, x.sector,"
                           " x.declaration_type, x.status FROM passages p JOIN passage_facets x ON x.id = p.id"
                           " WHERE x.is_current = 1").fetchall()
    passages = [(r[0], f"{r[1] or ''}\n{r[2]}", {"year": r[3], "region": r[4], "industry": r[5], "sector": r[6],
                                                 "type": r[7], "status": r[8]}) for r in rows]
    assert sum(1 for q, f in QUERIES if _truth(passages, q, f)) >= 25
    search = measure_search(lib, passages)
    assert search["recall"] >= 0.99
    near = measure_neardup(lib, subs, n=20)
    assert near["found"] >= 19
