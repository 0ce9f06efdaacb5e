"""The seeded mutation plan: which damaged PDFs the robustness suite makes from the generated sample PDFs.

`plan(seed)` lists every mutant (name, family, base, and a function making its bytes from the bases); the
bytes are made at test time, in the worker that reviews them, and never stored. Same seed -> same mutants.
Families and their counts are in FAMILIES; docs/robustness.md describes them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import pdf_surgery as ps

Bases = dict[str, bytes]


@dataclass(frozen=True)
class Mutant:
    """One damaged PDF: `make(bases)` returns its bytes."""

    index: int
    family: str
    base: str
    variant: str
    make: Callable[[Bases], bytes]

    @property
    def name(self) -> str:
        """File stem: index, family, base and variant (what is wrong, readable in a listing)."""
        return f"{self.index:03d}_{self.family}_{self.base}_{self.variant}"


def _on(base: str, fn: Callable[..., bytes], *args: object) -> Callable[[Bases], bytes]:
    """Edit function + its arguments -> a maker applying it to base `base`."""
    return lambda bases: fn(bases[base], *args)


MEDIA_BOXES = {"14400": "[0 0 14400 14400]", "1e5": "[0 0 100000 100000]", "zero": "[0 0 0 0]",
               "one": "[0 0 1 1]", "inverted": "[595 842 0 0]", "far": "[-1000000 -1000000 -999405 -999158]",
               "1e30": "[0 0 1e30 1e30]"}
LENGTHS = ("short", "long", "zero", "huge", "negative", "name", "ref")


def _truncations(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Cut files: mostly in the tail after the last object (a download cut short: xref and trailer lost),
    scans anywhere (whole page images lost), a few digital files before their fonts (every page garbled: OCR)
    and object-stream files anywhere (the page tree lives in the object stream at the end)."""
    out = []
    for base, n, where in (("digital", 8, "tail"), ("factory", 4, "tail"), ("short", 16, "tail"), ("scan", 4, "any"),
                           ("objstm", 12, "any"), ("short", 2, "any"), ("digital", 4, "head"), ("short", 4, "head")):
        for _ in range(n):
            share = rng.random()
            out.append((base, f"{where}{share:.4f}", _on(base, _cut, where, share)))
    return out


def _cut(data: bytes, where: str, share: float) -> bytes:
    """PDF bytes -> truncated at `share` of a region: tail (after the last object), head (the first 2 %:
    page objects) or any."""
    lo, hi = {"tail": (ps.tail_start(data), len(data) - 1), "head": (16, len(data) // 50),
              "any": (16, len(data) - 1)}[where]
    return data[: lo + int((hi - lo) * share)]


FLIPS = (("short", "contents", 24, (1, 2, 4, 8)), ("short", "page", 12, (1, 2, 4)), ("short", "image", 12, (1, 4, 16)),
         ("short", "other", 10, (1, 4)), ("short", "font", 2, (1,)), ("digital", "contents", 8, (1, 4)),
         ("digital", "image", 4, (4, 16)), ("factory", "contents", 6, (1, 4, 16)), ("objstm", "image", 3, (2, 8)),
         ("objstm", "contents", 3, (1, 4)), ("scan", "image", 2, (2, 8)), ("scan", "page", 1, (1, 3)))


def _flips(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Random bytes replaced inside objects of one kind: content streams, page dictionaries, images, other
    dictionaries, font programs (few: a lost font makes every page an OCR page)."""
    out = []
    for base, kind, n, counts in FLIPS:
        for _ in range(n):
            count, seed = rng.choice(counts), rng.randrange(1 << 30)
            out.append((base, f"{kind}{count}x{seed % 10000:04d}", _on(base, _flip, kind, count, seed)))
    return out


def _flip(data: bytes, kind: str, count: int, seed: int) -> bytes:
    return ps.flip_in(data, random.Random(seed), count, kind)


def _blank_runs(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """A run of zero or space bytes (a bad sector, a botched copy) in a content stream, page object or image."""
    out = []
    for base, n in (("short", 8), ("objstm", 4), ("factory", 2)):
        for _ in range(n):
            length, fill, seed = rng.choice((64, 512, 4096, 32768)), rng.choice((0, 32)), rng.randrange(1 << 30)
            kind = rng.choice(("contents", "page", "image"))
            out.append((base, f"{kind}{length}b{fill}", _on(base, _blank, length, fill, seed, kind)))
    return out


def _blank(data: bytes, length: int, fill: int, seed: int, kind: str) -> bytes:
    return ps.blank_run(data, random.Random(seed), length, fill, kind)


def _xrefs(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Cross-reference damage: startxref off, keywords misspelt, offsets scrambled, trailer without /Root."""
    out = []
    for base in ("digital", "factory", "short", "scan"):
        deltas = (0,) if base == "scan" else (0, rng.randint(1, 40), -rng.randint(1, 40), rng.randint(1000, 100000))
        for delta in deltas:
            out.append((base, f"startxref{delta:+d}", _on(base, ps.shift_startxref, delta)))
        out.append((base, "keyword", _on(base, ps.break_xref_keyword)))
        if base == "scan":
            continue
        seed = rng.randrange(1 << 30)
        out.append((base, "rows", _on(base, lambda d, s: ps.scramble_xref_rows(d, random.Random(s)), seed)))
        out.append((base, "noroot", _on(base, ps.drop_trailer_root)))
    return out


def _object_streams(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Damaged object streams (the objects of a file saved with compressed object streams)."""
    out = []
    for how, n in (("flip", 10), ("cut", 6), ("header", 3), ("inflate", 3)):
        for _ in range(n):
            seed = rng.randrange(1 << 30)
            out.append(("objstm", f"{how}{seed % 1000:03d}", _on(
                "objstm", lambda d, h, s: ps.damage_object_stream(d, random.Random(s), h), how, seed)))
    return out


def _lengths(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """One stream's /Length wrong: short, long, zero, huge, negative, a name, a reference to nothing."""
    out = []
    for base in ("digital", "objstm", "short", "short", "short"):
        for how in LENGTHS:
            seed = rng.randrange(1 << 30)
            out.append((base, f"{how}{seed % 1000:03d}", _on(
                base, lambda d, h, s: ps.wrong_length(d, random.Random(s), h), how, seed)))
    return out


def _page_trees(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Page-tree loops and lies: Kids naming the root, a page turned into a node, /Count huge, a kid that is
    no page, 2000 kids sharing one page object."""
    out = [(base, how, _on(base, ps.page_tree_loop, how))
           for base in ("short", "digital", "factory") for how in ("self", "parent", "count", "nonpage")]
    out += [("scan", how, _on("scan", ps.page_tree_loop, how)) for how in ("self", "parent")]
    out += [(base, "shared", _on(base, ps.page_tree_loop, "shared")) for base in ("short", "digital", "scan")]
    return out


def _media_boxes(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Huge, zero, inverted and far-off MediaBoxes on the first page or on all pages, digital and scanned."""
    out = []
    for key, box in MEDIA_BOXES.items():
        out.append(("short", f"p1_{key}", _on("short", ps.set_page_key, [0], "MediaBox", box)))
        out.append(("short", f"all_{key}", _on("short", ps.set_page_key, [0, 1, 2, 3], "MediaBox", box)))
    for pages, key in (([0, 1], "14400"), ([0], "1e5"), ([0, 1], "far"), ([0, 1], "one")):
        out.append(("scan", f"{'all' if len(pages) > 1 else 'p1'}_{key}",
                    _on("scan", ps.set_page_key, pages, "MediaBox", MEDIA_BOXES[key])))
    return out


def _images(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """30000 x 30000 images (1-bit, 8-bit with short data, a JPEG header claiming it) on digital and scanned pages."""
    out = [("short", f"{how}30000_p1", _on("short", ps.huge_image, 0, how)) for how in ("bits", "short", "jpeg")]
    out += [("short", "short65535_p2", _on("short", ps.huge_image, 1, "short", 65535))]
    out += [("scan", f"{how}30000_p2", _on("scan", ps.huge_image, 1, how)) for how in ("bits", "jpeg")]
    return out


def _content(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """50,000 spans on a page; deep nesting (graphics states, arrays, dictionaries, a form drawing itself);
    broken colour spaces of the images."""
    out = [(base, f"spans_p{page + 1}", _on(base, ps.many_spans, page)) for base, page in
           (("short", 1), ("digital", 1), ("scan", 0))]
    out += [("short", f"nest_{how}", _on("short", ps.deep_nesting, 0, how)) for how in ("gsave", "array", "dict", "form")]
    out += [("scan", f"nest_{how}", _on("scan", ps.deep_nesting, 0, how)) for how in ("gsave", "form")]
    out += [("short", f"colour_{how}", _on("short", ps.bad_colour_space, how)) for how in ("name", "indexed", "icc")]
    out += [("scan", "colour_name", _on("scan", ps.bad_colour_space, "name"))]
    return out


def _incremental(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Incremental updates blanking pages (one, several, all), some of them cut short."""
    out = []
    for base, count in (("digital", 12), ("factory", 29), ("short", 4)):
        for label, pages, cut in (("p1", [0], None), ("p2", [1], None), ("all", list(range(count)), None),
                                  ("p1cut", [0], 0.5), ("allcut", list(range(count)), 0.3)):
            if base != "factory" or label in ("p1", "all", "allcut"):
                out.append((base, label, _on(base, ps.incremental_blank, pages, cut)))
    return out


def _whole_files(rng: random.Random) -> list[tuple[str, str, Callable[[Bases], bytes]]]:
    """Files wrong as a whole: 2,000 real pages, junk before the header, a header only, random bytes."""
    junk = random.Random(rng.randrange(1 << 30)).randbytes(20000)
    return [("none", "2000pages", lambda _b: ps.many_pages(2000)),
            ("digital", "junkhead", lambda b: b"\x00JUNK" * 100 + b["digital"]),
            ("none", "headeronly", lambda _b: b"%PDF-1.7\n%%EOF\n"),
            ("none", "random", lambda _b: b"%PDF-1.4\n" + junk)]


FAMILIES: dict[str, Callable[[random.Random], list[tuple[str, str, Callable[[Bases], bytes]]]]] = {
    "truncate": _truncations, "flip": _flips, "blank": _blank_runs, "xref": _xrefs, "objstm": _object_streams,
    "length": _lengths, "pagetree": _page_trees, "mediabox": _media_boxes, "image": _images,
    "content": _content, "incremental": _incremental, "file": _whole_files,
}


def plan(seed: int) -> list[Mutant]:
    """Seed -> every mutant of the suite, numbered in a stable order."""
    out: list[Mutant] = []
    for family, make in FAMILIES.items():
        rng = random.Random(f"{seed}-{family}")
        for base, variant, maker in make(rng):
            out.append(Mutant(len(out), family, base, variant, maker))
    return out


def shard(mutants: list[Mutant], index: int, count: int) -> list[Mutant]:
    """Every `count`-th mutant starting at `index` (families spread evenly over the shards)."""
    return mutants[index::count]


__all__ = ["FAMILIES", "Mutant", "plan", "shard"]
