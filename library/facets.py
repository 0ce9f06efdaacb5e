"""Facet counts and result order of a search from the passages' facet values held as integer codes in memory.

A search's MATCH yields (passage id, bm25) for every hit (10,000 of them for a common term under a filter).
Joining each hit to its `passage_facets` row and grouping eight times in SQL cost more than the MATCH
itself; here every facet column of `passage_facets` is held as a numpy array of codes indexed by passage
id (-1 for none), so the total, the eight facet counts and the page order come from one pass over the hit
ids in numpy. The arrays belong to one reading connection. After another connection committed (`PRAGMA
data_version`), only the new passage ids and the passages the log `facet_changes` names (updated or
deleted facet rows, indexing.log_changes) are read again; the first search of a library reads them all, a
new connection (another web server thread) starts from a copy of the freshest index (store.CaseLibrary.find).
This relies on passage ids never being used twice (store.index_many starts above every id in the log).
Everything is read inside the search's read transaction, so the codes describe the snapshot the MATCH reads.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# facet -> its column of passage_facets (the effective link and scene: confirmed, else declared, else predicted)
FACETS = {"year": "year", "region": "province", "industry": "industry", "sector": "sector",
          "type": "declaration_type", "status": "status", "link": "eff_link", "scene": "eff_scene"}
FACET_LIMIT = 30  # values listed per facet, most frequent first


@dataclass
class FacetIndex:
    """The facet codes of every passage of one library snapshot (see the module docstring)."""

    version: int | None = None    # PRAGMA data_version when last refreshed
    seq: int = 0                  # the last facet_changes row applied
    top: int = 0                  # the highest passage id read
    codes: dict[str, np.ndarray] = field(default_factory=dict)    # facet -> code per passage id
    values: dict[str, list[Any]] = field(default_factory=dict)    # facet -> its values (code = position)
    lookup: dict[str, dict[Any, int]] = field(default_factory=dict)
    years: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # year per id (-1 none)

    def refresh(self, con: sqlite3.Connection) -> None:
        """Bring the codes up to date with the library (a no-op when nobody wrote since the last call)."""
        version = con.execute("PRAGMA data_version").fetchone()[0]
        if version == self.version:
            return
        seq = con.execute("SELECT IFNULL(max(seq), 0) FROM facet_changes").fetchone()[0]
        columns = ", ".join(FACETS.values())
        cur = con.cursor()
        cur.row_factory = None
        if not self.codes:  # a new index: read every passage (a copy of another one reads what changed since)
            rows = cur.execute(f"SELECT id, {columns} FROM passage_facets").fetchall()
        else:
            changed = [r[0] for r in cur.execute("SELECT DISTINCT passage FROM facet_changes WHERE seq > ?",
                                                 (self.seq,))]
            changed = [i for i in changed if i < len(self.years)]
            for codes in (*self.codes.values(), self.years):
                codes[changed] = -1  # deleted ones stay so; updated ones are read again below
            rows = cur.execute(f"SELECT id, {columns} FROM passage_facets WHERE id > ? OR id IN"
                               " (SELECT passage FROM facet_changes WHERE seq > ?)", (self.top, self.seq)).fetchall()
        self._apply(rows)
        self.version, self.seq = version, seq

    def copy(self) -> FacetIndex:
        """-> an independent copy that a new connection refreshes with what changed since (not every passage):
        the codes describe a snapshot no newer than any read transaction that starts after the copy."""
        return FacetIndex(version=None, seq=self.seq, top=self.top,
                          codes={k: v.copy() for k, v in self.codes.items()},
                          values={k: list(v) for k, v in self.values.items()},
                          lookup={k: dict(v) for k, v in self.lookup.items()}, years=self.years.copy())

    def _apply(self, rows: list[tuple[Any, ...]]) -> None:
        """(id, facet values…) rows -> written into the arrays (grown as needed, new values given codes)."""
        if not rows:
            return
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        self.top = max(self.top, int(ids.max()))
        size = self.top + 1
        for k, name in enumerate(FACETS, start=1):
            values, lookup = self.values.setdefault(name, []), self.lookup.setdefault(name, {None: -1})
            column = [r[k] for r in rows]
            for v in dict.fromkeys(column):
                if v not in lookup:
                    lookup[v] = len(values)
                    values.append(v)
            codes = self._grown(self.codes.get(name), size)
            codes[ids] = np.fromiter(map(lookup.__getitem__, column), dtype=np.int32, count=len(rows))
            self.codes[name] = codes
        self.years = self._grown(self.years, size)
        self.years[ids] = np.fromiter((-1 if r[1] is None else r[1] for r in rows), dtype=np.int32, count=len(rows))

    @staticmethod
    def _grown(codes: np.ndarray | None, size: int) -> np.ndarray:
        """An array of codes -> one of at least `size` entries, the new ones -1."""
        if codes is not None and len(codes) >= size:
            return codes
        out = np.full(max(size, 2 * len(codes) if codes is not None else 0), -1, dtype=np.int32)
        if codes is not None:
            out[: len(codes)] = codes
        return out

    def _codes(self, codes: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Codes per passage + hit ids -> their codes (-1 for an id this snapshot does not know)."""
        out = np.full(len(ids), -1, dtype=np.int32)
        known = ids < len(codes)
        out[known] = codes[ids[known]]
        return out

    def counts(self, ids: np.ndarray) -> dict[str, list[tuple[Any, int]]]:
        """Hit ids -> {facet: [(value, hits), …]}, most hits first, then by value, at most FACET_LIMIT."""
        out: dict[str, list[tuple[Any, int]]] = {}
        for name in FACETS:
            values = self.values.get(name, [])
            codes = self._codes(self.codes[name], ids) if name in self.codes else np.zeros(0, dtype=np.int32)
            counts = np.bincount(codes[codes >= 0], minlength=len(values)).tolist()
            found = sorted((i for i, c in enumerate(counts) if c), key=lambda i: (-counts[i], values[i]))
            out[name] = [(values[i], counts[i]) for i in found[:FACET_LIMIT]]
        return out

    def page(self, ids: np.ndarray, scores: np.ndarray, limit: int, offset: int) -> list[int]:
        """Hits -> the ids of one page, best bm25 first, then the newest year, then the passage id."""
        order = np.lexsort((ids, -self._codes(self.years, ids), scores))
        return ids[order[offset : offset + limit]].tolist()
