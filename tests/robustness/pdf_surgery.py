"""Byte- and object-level edits of a PDF, the building blocks of the mutation generator (mutations.py).

Each function takes the bytes of a well-formed PDF (and a seeded random.Random where it draws) and returns the
bytes of a damaged one. Object-level edits go through PyMuPDF's low-level xref API and are saved without
garbage collection, so the damage is written as is (MuPDF does not repair what it does not read).
"""

from __future__ import annotations

import random
import re
import zlib

import pymupdf

_LENGTH = re.compile(rb"/Length (\d+)")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")


def open_bytes(data: bytes) -> pymupdf.Document:
    """PDF bytes -> an open document (for object-level edits)."""
    return pymupdf.open(stream=data, filetype="pdf")


def save(doc: pymupdf.Document) -> bytes:
    """Edited document -> its bytes, written as edited (no garbage collection, no repair of the page tree)."""
    return doc.tobytes(garbage=0, deflate=False, no_new_id=True)


def truncate(data: bytes, share: float) -> bytes:
    """PDF bytes -> the first `share` of them (a download or copy cut short)."""
    return data[: max(16, int(len(data) * share))]


def flip_bytes(data: bytes, rng: random.Random, count: int, start: float = 0.0) -> bytes:
    """PDF bytes -> the same with `count` random bytes replaced, in the part after `start` (share of the file)."""
    out = bytearray(data)
    lo = int(len(out) * start)
    for _ in range(count):
        out[rng.randrange(lo, len(out))] = rng.randrange(256)
    return bytes(out)


_OBJ = re.compile(rb"\n(\d+) 0 obj\b")


def object_spans(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """PDF bytes -> byte spans of its top-level objects by kind: page (page dictionaries), contents (their
    content streams), image (image XObjects), font (other streams: font programs, CMaps), other."""
    doc = open_bytes(data)
    pages = {pg.xref for pg in doc}
    contents = {x for pg in doc for x in pg.get_contents()}
    starts = [(m.start() + 1, int(m.group(1))) for m in _OBJ.finditer(data)]
    out: dict[str, list[tuple[int, int]]] = {"page": [], "contents": [], "image": [], "font": [], "other": []}
    for (start, xref), nxt in zip(starts, [*starts[1:], (len(data), 0)], strict=True):
        end = data.rfind(b"endobj", start, nxt[0])
        end = nxt[0] if end < 0 else end
        if xref in pages:
            kind = "page"
        elif xref in contents:
            kind = "contents"
        elif doc.xref_get_key(xref, "Subtype")[1] == "/Image":
            kind = "image"
        elif doc.xref_is_stream(xref):
            kind = "font"
        else:
            kind = "other"
        out[kind].append((start, end))
    return out


def flip_in(data: bytes, rng: random.Random, count: int, kind: str) -> bytes:
    """PDF bytes -> `count` random bytes replaced inside objects of one kind (object_spans), picked by size."""
    spans = object_spans(data)[kind] or [(0, len(data))]
    out = bytearray(data)
    sizes = [e - s for s, e in spans]
    for _ in range(count):
        s, e = rng.choices(spans, weights=sizes)[0]
        out[rng.randrange(s, max(s + 1, e))] = rng.randrange(256)
    return bytes(out)


def tail_start(data: bytes) -> int:
    """PDF bytes -> offset just after its last object (what follows is the xref table and the trailer)."""
    at = data.rfind(b"endobj")
    return at + len(b"endobj") if at >= 0 else 0


def blank_run(data: bytes, rng: random.Random, length: int, fill: int = 0, kind: str | None = None) -> bytes:
    """PDF bytes -> the same with a run of `length` bytes overwritten by `fill` (a bad disk sector), starting
    anywhere or inside an object of one kind (object_spans)."""
    spans = object_spans(data)[kind] if kind else []
    s, e = rng.choice(spans) if spans else (0, len(data))
    at = rng.randrange(s, max(s + 1, e))
    return data[:at] + bytes([fill]) * min(length, len(data) - at) + data[at + length:]


def shift_startxref(data: bytes, delta: int) -> bytes:
    """PDF bytes -> the last startxref pointing `delta` bytes off (or at 0 when delta is 0)."""
    found = list(_STARTXREF.finditer(data))
    if not found:
        return data
    m = found[-1]
    value = 0 if delta == 0 else max(0, int(m.group(1)) + delta)
    return data[: m.start(1)] + str(value).encode() + data[m.end(1):]


def break_xref_keyword(data: bytes) -> bytes:
    """PDF bytes -> the cross-reference table's keyword and trailer misspelt (MuPDF must rebuild it)."""
    return data.replace(b"\nxref", b"\nxrex").replace(b"trailer", b"trailor")


def scramble_xref_rows(data: bytes, rng: random.Random) -> bytes:
    """PDF bytes -> every offset of the xref table replaced by a random one."""
    at = data.rfind(b"\nxref")
    end = data.find(b"trailer", at)
    if at < 0 or end < 0:
        return data
    rows = re.sub(rb"\d{10} (\d{5}) n", lambda m: b"%010d %s n" % (rng.randrange(len(data)), m.group(1)),
                  data[at:end])
    return data[:at] + rows + data[end:]


def drop_trailer_root(data: bytes) -> bytes:
    """PDF bytes -> the trailer without /Root (the catalog must be found by scanning)."""
    at = data.rfind(b"trailer")
    return data[:at] + data[at:].replace(b"/Root", b"/Rxxt", 1) if at >= 0 else data


def wrong_length(data: bytes, rng: random.Random, how: str) -> bytes:
    """PDF bytes -> one stream's /Length made wrong: `how` is short, long, zero, huge, negative, name or ref."""
    found = list(_LENGTH.finditer(data))
    if not found:
        return data
    m = rng.choice(found)
    n = int(m.group(1))
    new = {"short": str(max(0, n // 2)), "long": str(n * 3 + 100), "zero": "0", "huge": "99999999999",
           "negative": "-12", "name": "/Foo", "ref": "99999 0 R"}[how]
    return data[: m.start(1)] + new.encode() + data[m.end(1):]


def resave_with_object_streams(data: bytes) -> bytes:
    """PDF bytes -> the same document with its objects packed into compressed object streams."""
    doc = open_bytes(data)
    return doc.tobytes(garbage=1, use_objstms=1, deflate=True, no_new_id=True)


def damage_object_stream(data: bytes, rng: random.Random, how: str) -> bytes:
    """PDF bytes (with object streams) -> one object stream damaged: `how` is flip (bytes of its compressed
    data), cut (data truncated), header (/N and /First wrong) or inflate (its data replaced by bad zlib)."""
    m = re.search(rb"/Type\s*/ObjStm", data)
    if not m:
        return data
    head = data.rfind(b"obj", 0, m.start())
    s = data.find(b"stream", m.end()) + len(b"stream")
    e = data.find(b"endstream", s)
    if how == "header":
        obj = re.sub(rb"/N (\d+)", b"/N 999999", data[head:s], count=1)
        obj = re.sub(rb"/First (\d+)", lambda g: b"/First %d" % (int(g.group(1)) * 7 + 3), obj, count=1)
        return data[:head] + obj + data[s:]
    body = bytearray(data[s:e])
    if how == "flip":
        for _ in range(rng.randint(1, 8)):
            body[rng.randrange(len(body))] = rng.randrange(256)
    elif how == "cut":
        body = body[: rng.randrange(2, max(3, len(body) // 2))]
    else:
        body = bytearray(zlib.compress(b"1 0 2 5 << /Broken [ [ [ ") + b"\x00" * 8)
    return data[:s] + bytes(body) + data[e:]


def set_page_key(data: bytes, pages: list[int], key: str, value: str) -> bytes:
    """PDF bytes + 0-based pages -> each page's dictionary with `key` set to the PDF source `value`."""
    doc = open_bytes(data)
    for n in pages:
        doc.xref_set_key(doc[n].xref, key, value)
    return save(doc)


def append_objects(data: bytes, objects: dict[int, str]) -> bytes:
    """PDF bytes + {xref: new object source} -> the file with an incremental update written by hand that
    replaces those objects (whatever MuPDF would refuse to write: page-tree lies, nesting past its limits)."""
    doc = open_bytes(data)
    size, root = doc.xref_length(), doc.pdf_catalog()
    prev = [int(m.group(1)) for m in _STARTXREF.finditer(data)][-1]
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for xref, source in sorted(objects.items()):
        offsets[xref] = len(out)
        out += f"{xref} 0 obj\n{source}\nendobj\n".encode("latin-1")
    at = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for xref, offset in sorted(offsets.items()):
        out += f"{xref} 1\n{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<</Size {size}/Root {root} 0 R/Prev {prev}>>\nstartxref\n{at}\n%%EOF\n".encode()
    return bytes(out)


def _pages_root(doc: pymupdf.Document) -> int:
    """Open document -> xref of its page-tree root."""
    return int(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1].split()[0])


def page_tree_loop(data: bytes, how: str) -> bytes:
    """PDF bytes -> a broken page tree: `how` is self (Kids names the root), parent (a page turned into a node
    pointing back at the root), count (a /Count far above the kids), shared (2000 kids, one page object) or
    nonpage (a kid that is not a page)."""
    doc = open_bytes(data)
    root = _pages_root(doc)
    kids = doc.xref_get_key(root, "Kids")[1]
    first = doc[0].xref
    count = doc.page_count
    if how == "self":
        return append_objects(data, {root: f"<</Type/Pages/Count {count}/Kids{kids.replace(']', f' {root} 0 R]')}>>"})
    if how == "parent":
        return append_objects(data, {first: f"<</Type/Pages/Count 1/Parent {root} 0 R/Kids[{root} 0 R]>>"})
    if how == "count":
        return append_objects(data, {root: f"<</Type/Pages/Count 2147483647/Kids{kids}>>"})
    if how == "shared":
        return append_objects(data, {root: "<</Type/Pages/Count 2000/Kids[" + f"{first} 0 R " * 2000 + "]>>"})
    other = next(x for x in range(1, doc.xref_length()) if doc.xref_is_stream(x) is False
                 and doc.xref_get_key(x, "Type")[1] not in ("/Page", "/Pages", "/Catalog")
                 and doc.xref_object(x, compressed=True).startswith("<<"))
    return append_objects(data, {root: f"<</Type/Pages/Count {count + 1}/Kids{kids.replace('[', f'[{other} 0 R ', 1)}>>"})


def add_stream_object(doc: pymupdf.Document, head: str, stream: bytes) -> int:
    """Open document + dictionary source + raw stream bytes -> xref of a new stream object."""
    xref = doc.get_new_xref()
    doc.update_object(xref, head)
    doc.update_stream(xref, stream, new=True, compress=False)
    match = re.search(r"/Filter\s*(/\w+)", head)  # update_stream drops it: the bytes are already encoded
    if match:
        doc.xref_set_key(xref, "Filter", match.group(1))
    return xref


def _deflated_zeros(n: int) -> bytes:
    """Byte count -> zlib stream of n zero bytes, compressed in chunks (never n bytes in memory)."""
    z = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [z.compress(chunk) for _ in range(n >> 20)]
    parts.append(z.compress(bytes(n & ((1 << 20) - 1))))
    parts.append(z.flush())
    return b"".join(parts)


def huge_image(data: bytes, page: int, how: str, size: int = 30000) -> bytes:
    """PDF bytes -> page `page` covered by a size x size image: `how` is bits (1-bit, all zeros, tiny when
    compressed), short (8-bit grey whose data stops after a few bytes) or jpeg (a JPEG header claiming it)."""
    doc = open_bytes(data)
    pg = doc[page]
    if how == "bits":
        head = (f"<</Type/XObject/Subtype/Image/Width {size}/Height {size}/BitsPerComponent 1"
                "/ColorSpace/DeviceGray/Filter/FlateDecode/Length 0>>")
        stream = _deflated_zeros((size + 7) // 8 * size)
    elif how == "short":
        head = (f"<</Type/XObject/Subtype/Image/Width {size}/Height {size}/BitsPerComponent 8"
                "/ColorSpace/DeviceGray/Filter/FlateDecode/Length 0>>")
        stream = zlib.compress(bytes(4096))
    else:
        sof = b"\xff\xc0\x00\x0b\x08" + size.to_bytes(2, "big") * 2 + b"\x01\x01\x11\x00"
        head = (f"<</Type/XObject/Subtype/Image/Width {size}/Height {size}/BitsPerComponent 8"
                "/ColorSpace/DeviceGray/Filter/DCTDecode/Length 0>>")
        stream = b"\xff\xd8" + sof + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + bytes(64) + b"\xff\xd9"
    img = add_stream_object(doc, head, stream)
    _draw_xobject(doc, pg, img, "BigImg")
    return save(doc)


def _draw_xobject(doc: pymupdf.Document, pg: pymupdf.Page, xref: int, name: str) -> None:
    """Page + XObject xref -> the page draws it over its whole box (a resource named `name`)."""
    res = doc.xref_get_key(pg.xref, "Resources")
    if res[0] == "xref":
        res_xref = int(res[1].split()[0])
    else:
        res_xref = doc.get_new_xref()
        doc.update_object(res_xref, res[1] if res[0] == "dict" else "<<>>")
        doc.xref_set_key(pg.xref, "Resources", f"{res_xref} 0 R")
    doc.xref_set_key(res_xref, f"XObject/{name}", f"{xref} 0 R")
    w, h = pg.mediabox.width, pg.mediabox.height
    content = add_stream_object(doc, "<<>>", f"q {w:g} 0 0 {h:g} 0 0 cm /{name} Do Q".encode())
    contents = doc.xref_get_key(pg.xref, "Contents")
    old = contents[1].strip("[]") if contents[0] in ("array", "xref") else ""
    doc.xref_set_key(pg.xref, "Contents", f"[{old} {content} 0 R]")


def many_spans(data: bytes, page: int, spans: int = 50_000) -> bytes:
    """PDF bytes -> page `page` with `spans` extra text spans (each its own colour, so none merge)."""
    doc = open_bytes(data)
    pg = doc[page]
    font = add_stream_object(doc, "<<>>", b"")
    doc.update_object(font, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")
    ops = ["BT /RobF 4 Tf"]
    for i in range(spans):
        ops.append(f"{(i % 7) / 7:.2f} g 1 0 0 1 {20 + (i % 40) * 13} {20 + (i // 40) % 200 * 4} Tm (x{i % 10}) Tj")
    ops.append("ET")
    content = add_stream_object(doc, "<<>>", "\n".join(ops).encode())
    res = doc.xref_get_key(pg.xref, "Resources")
    if res[0] == "xref":
        doc.xref_set_key(int(res[1].split()[0]), "Font/RobF", f"{font} 0 R")
    contents = doc.xref_get_key(pg.xref, "Contents")
    old = contents[1].strip("[]") if contents[0] in ("array", "xref") else ""
    doc.xref_set_key(pg.xref, "Contents", f"[{old} {content} 0 R]")
    return save(doc)


def deep_nesting(data: bytes, page: int, how: str, depth: int = 20_000) -> bytes:
    """PDF bytes -> page `page` with deep nesting: `how` is gsave (q ... Q `depth` deep), array (an array
    `depth` deep in the page dictionary), form (a form XObject that draws itself) or dict (nested dicts)."""
    doc = open_bytes(data)
    pg = doc[page]
    if how == "gsave":
        content = add_stream_object(doc, "<<>>", b"q " * depth + b"0 0 10 10 re f " + b"Q " * depth)
        contents = doc.xref_get_key(pg.xref, "Contents")
        old = contents[1].strip("[]") if contents[0] in ("array", "xref") else ""
        doc.xref_set_key(pg.xref, "Contents", f"[{old} {content} 0 R]")
    elif how in ("array", "dict"):
        deep = "[" * depth + "1" + "]" * depth if how == "array" else "<</A " * depth + "1" + ">>" * depth
        source = doc.xref_object(pg.xref, compressed=True)
        return append_objects(data, {pg.xref: source[:-2] + f"/Robust {deep}>>"})
    else:
        form = add_stream_object(doc, "<</Type/XObject/Subtype/Form/BBox[0 0 100 100]>>", b"/Self Do")
        doc.xref_set_key(form, "Resources", f"<</XObject<</Self {form} 0 R>>>>")
        _draw_xobject(doc, pg, form, "Self")
    return save(doc)


def bad_colour_space(data: bytes, how: str) -> bytes:
    """PDF bytes -> every image with a broken /ColorSpace: `how` is name (unknown name), indexed (an Indexed
    space whose table is too short) or icc (an ICCBased stream of junk)."""
    doc = open_bytes(data)
    images = [x for x in range(1, doc.xref_length()) if doc.xref_get_key(x, "Subtype")[1] == "/Image"]
    for x in images:
        if how == "name":
            doc.xref_set_key(x, "ColorSpace", "/NoSuchSpace")
        elif how == "indexed":
            doc.xref_set_key(x, "ColorSpace", "[/Indexed/DeviceRGB 255 <00ff00>]")
        else:
            icc = add_stream_object(doc, "<</N 3>>", b"not an ICC profile" * 4)
            doc.xref_set_key(x, "ColorSpace", f"[/ICCBased {icc} 0 R]")
    return save(doc)


def incremental_blank(data: bytes, pages: list[int], cut: float | None = None) -> bytes:
    """PDF bytes -> an incremental update appended that gives `pages` (0-based) empty contents; with `cut`,
    the appended update is truncated to that share of its length (an interrupted save)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "incremental.pdf"
        path.write_bytes(data)
        doc = pymupdf.open(path)
        for n in pages:
            content = add_stream_object(doc, "<<>>", b"")
            doc.xref_set_key(doc[n].xref, "Contents", f"{content} 0 R")
        doc.save(path, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
        doc.close()
        out = path.read_bytes()
    if cut is not None:
        out = out[: len(data) + int((len(out) - len(data)) * cut)]
    return out


def many_pages(count: int) -> bytes:
    """-> a PDF of `count` small real pages (each its own object, a line of text)."""
    doc = pymupdf.open()
    for n in range(count):
        doc.new_page(width=200, height=200).insert_text((20, 40), f"page {n + 1}")
    return doc.tobytes(garbage=1, deflate=True, no_new_id=True)
