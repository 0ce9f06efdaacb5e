"""Fonts of the sample PDFs: Noto Serif SC (宋体 look), Noto Sans SC (黑体 look), Droid Sans Fallback.

The full fonts are 3–12 MB. Once per process each is cut down with fontTools to the characters the
generator can print (GB 2312, ASCII, our pools and the catalog's labels), so that the per-document
subsetting PyMuPDF does at save time stays fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from functools import cache
from pathlib import Path

import pylopdf_fonts_zh_cn as zhfonts
import pymupdf
from fontTools import subset as ft_subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

_HERE = Path(__file__).parent
_CATALOG = _HERE.parent / "catalog" / "data"
FONT_FILES = {"song": zhfonts.serif_path, "hei": zhfonts.sans_path}
# Modules whose string literals are printed (names, pools, labels).
_TEXT_MODULES = ("wording", "regions", "industries", "enterprise", "content", "content_parts", "defects",
                 "render_form", "render_body", "styles", "online", "texts", "stamps")


@cache
def charset() -> str:
    """-> every character the generator may print (sorted, deterministic)."""
    chars: set[str] = set()
    for hi in [*range(0xB0, 0xF8), 0xA1, 0xA3, 0xA8]:  # hanzi rows, then punctuation and full-width rows
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    chars.update(chr(c) for c in range(0x20, 0x7F))
    sources = [_HERE / f"{m}.py" for m in _TEXT_MODULES]
    for path in [*sources, *sorted(_HERE.glob("assets/*.yaml")), *sorted(_CATALOG.rglob("*.yaml"))]:
        chars.update(path.read_text(encoding="utf-8"))
    chars.update("□■√✓±μ·—“”‘’…、。，；：？！（）《》【】％")
    return "".join(sorted(c for c in chars if c.isprintable()))


def _cache_dir() -> Path:
    """-> where cut-down fonts are kept between runs ($SHENBAO_CACHE or ~/.cache/shenbao)."""
    base = os.environ.get("SHENBAO_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "shenbao")
    return Path(base) / "fonts"


@cache
def font_buffer(key: str) -> bytes:
    """Font key ("song" | "hei" | "droid") -> font bytes cut down to charset() (cached on disk)."""
    digest = hashlib.sha256((key + "ttf1" + charset()).encode()).hexdigest()[:16]
    path = _cache_dir() / f"{key}-{digest}.ttf"
    if path.exists():
        return path.read_bytes()
    data = _cut(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs time
    return data


def _cut(key: str) -> bytes:
    """Font key -> the font subset to charset() with fontTools (slow: seconds)."""
    if key == "droid":
        font = TTFont(io.BytesIO(pymupdf.Font("china-s").buffer))
    else:
        font = TTFont(str(FONT_FILES[key]()))
    opts = ft_subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    sub = ft_subset.Subsetter(opts)
    sub.populate(text=charset())
    sub.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font: TTFont) -> None:
    """Convert CFF outlines to TrueType in place.

    Why: MuPDF draws embedded CID-keyed CFF (OpenType) fonts with wrong glyphs (CID != GID), while
    TrueType CJK fonts embed and render correctly; the text layer is right either way.
    """
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\0\1\0\0"


MARKS = "☐☑√"  # drawn by the "marks" font (the CJK fonts we ship have no ☐/☑)


@cache
def marks_buffer() -> bytes:
    """-> a small TrueType font "ShenbaoMarks" with ☐ ☑ √, built with fontTools (deterministic, no file).

    Why: Word/WPS exports draw checkbox glyphs in a symbol font (Wingdings, Segoe UI Symbol) other
    than the body font, which changes their place in the text layer.
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.misc.timeTools import timestampFromString

    def box(pen: TTGlyphPen, check: bool) -> None:
        for pts in (((80, -40), (80, 760), (880, 760), (880, -40)), ((150, 30), (810, 30), (810, 690), (150, 690))):
            pen.moveTo(pts[0])
            for p in pts[1:]:
                pen.lineTo(p)
            pen.closePath()
        if check:
            _tick(pen, 1.0, 0)

    def _tick(pen: TTGlyphPen, scale: float, dx: int) -> None:
        pts = ((230, 360), (300, 430), (430, 260), (720, 620), (790, 550), (430, 130))
        pen.moveTo((int(pts[0][0] * scale) + dx, int(pts[0][1] * scale)))
        for x, y in pts[1:]:
            pen.lineTo((int(x * scale) + dx, int(y * scale)))
        pen.closePath()

    order = [".notdef", "uni2610", "uni2611", "uni221A"]
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        if name == "uni2610":
            box(pen, False)
        elif name == "uni2611":
            box(pen, True)
        elif name == "uni221A":
            _tick(pen, 1.0, -80)
        else:
            pen.moveTo((0, 0))
            pen.lineTo((0, 1))
            pen.lineTo((1, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({0x2610: "uni2610", 0x2611: "uni2611", 0x221A: "uni221A"})
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (960 if n != "uni221A" else 760, 0) for n in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "ShenbaoMarks", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.font["head"].created = fb.font["head"].modified = timestampFromString("Tue Aug 15 09:00:00 2023")  # same bytes
    fb.font.recalcTimestamp = False
    out = io.BytesIO()
    fb.font.save(out)
    return out.getvalue()


@cache
def font(key: str) -> pymupdf.Font:
    """Font key ("song" | "hei" | "droid" | "marks") -> a PyMuPDF Font (measuring and drawing)."""
    if key == "marks":
        return pymupdf.Font(fontbuffer=marks_buffer())
    return pymupdf.Font(fontbuffer=font_buffer(key))
