"""Visual styles of the same 2023 form: fonts, sizes, spacing, borders, glyphs, column widths.

"platform" imitates the platform's PDF export (宋体 body, 黑体 headings, ■ ticks); "office" a
Word-edited copy (one sans font, √ ticks, wider spacing, different column widths and breaks);
"compact" (holdout only) is denser with thin rules, ✓ ticks and thousands separators; "official" draws
every table exactly as seed 002 prints 附件3-1/3-2 (header rows over value rows, cells merged over rows,
footnote digits after labels, hints, footnotes; samples/render_official.py, docs/form-layouts.md).

On top of a style, a document may carry layout *variants* (VARIANTS) seen in real Word/WPS exports:
label and value in one cell, the form's own integrator rows, 附1 rows split across pages without a
repeated header, ☑/☐ in a symbol font, √ after the option, unnumbered instance headings, and
paragraphs told apart by their first-line indent only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

CN_NUM = "一二三四五六七八九十"

VARIANTS: dict[str, str] = {
    "inline_labels": "label and value in one cell (行业门类：制造业, 姓名：张三, 电话：…)",
    "form_integrators": "integrator rows as on the form (名称 | 联系人 | 姓名 | 联系电话 | 号码; a；b lists)",
    "annex1_split_rows": "附1 rows break across pages wherever two lines still fit",
    "annex1_no_repeat_header": "附1 header not repeated after a page break",
    "tick_font": "☑/☐ drawn in a symbol font, written after the page's text",
    "tick_after": "the ticked option marked by a √ after it (民营企业√)",
    "plain_headings": "instance headings without a number (name alone, or 场景实例名称：name)",
    "indent_only": "paragraphs separated by their first-line indent only (no space between)",
}
STORY_VARIANTS = ("inline_labels", "form_integrators", "tick_after", "plain_headings", "indent_only")
PLAIN_HEADINGS = ("{name}", "场景实例名称：{name}")


def cn_number(n: int) -> str:
    """1..99 -> Chinese numeral (十一, 二十三)."""
    if n <= 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return f"{CN_NUM[tens - 1] if tens > 1 else ''}十{CN_NUM[ones - 1] if ones else ''}"


@dataclass(frozen=True)
class Style:
    """Everything the renderer varies between visual styles."""

    id: str
    body_font: str
    head_font: str
    table_font: str
    body_size: float
    table_size: float
    annex_size: float
    head_size: float
    title_size: float
    margins: tuple[float, float, float, float]
    line_factor: float
    border: float
    checked: str
    unchecked: str
    label_widths: tuple[float, ...]           # basic table: label, value, label, value
    annex1_widths: tuple[float, ...]          # 12 columns of 附1
    headings: tuple[str, ...]                 # instance heading formats
    footer: str
    footer_skips_cover: bool
    date_format: str                          # cover / promise date
    thousands: bool = False
    first_indent: bool = True
    annex2_per_page: bool = False
    variants: frozenset[str] = frozenset()

    def has(self, variant: str) -> bool:
        """-> whether this document carries a layout variant of VARIANTS."""
        return variant in self.variants

    def tick(self, on: bool) -> str:
        """-> the checkbox glyph for a ticked or empty box."""
        return self.checked if on else self.unchecked

    def option(self, on: bool, label: str) -> str:
        """Ticked flag and option label -> "■民营企业", or "民营企业√" with the tick_after variant."""
        if on and self.has("tick_after"):
            return f"{label}{self.checked}"
        return f"{self.tick(on)}{label}"

    def number(self, value: float | None, decimals: int = 2) -> str:
        """A number -> as printed in this style ("" for None)."""
        if value is None:
            return ""
        if float(value).is_integer() and decimals == 0:
            return f"{int(value):,}" if self.thousands else str(int(value))
        text = f"{value:,.{decimals}f}" if self.thousands else f"{value:.{decimals}f}"
        return text

    def heading(self, fmt_index: int, i: int, name: str) -> str:
        """Instance index and name -> its sub-heading in section 二/三."""
        formats = PLAIN_HEADINGS if self.has("plain_headings") else self.headings
        fmt = formats[fmt_index % len(formats)]
        return fmt.format(i=i, cn=cn_number(i), name=name)

    def date(self, iso: str) -> str:
        """ISO date -> as printed ("2023年8月12日" or "2023年08月12日")."""
        y, m, d = iso.split("-")
        return self.date_format.format(y=y, m=int(m), d=int(d), mm=m, dd=d)


STYLES: dict[str, Style] = {
    "platform": Style(
        id="platform", body_font="song", head_font="hei", table_font="song", body_size=11.5, table_size=10,
        annex_size=8, head_size=13, title_size=22, margins=(72, 72, 68, 72), line_factor=1.75, border=0.7,
        checked="■", unchecked="□", label_widths=(1.25, 2.1, 0.95, 2.1),
        annex1_widths=(0.55, 0.8, 0.9, 1.1, 1.9, 1.7, 2.2, 1.5, 1.8, 1.4, 1.6, 0.55),
        headings=("（{cn}）场景实例{i}：{name}", "{i}. {name}", "场景实例{cn} {name}"),
        footer="- {n} -", footer_skips_cover=True, date_format="{y}年{m}月{d}日"),
    "office": Style(
        id="office", body_font="droid", head_font="droid", table_font="droid", body_size=12, table_size=10.5,
        annex_size=8.5, head_size=14, title_size=24, margins=(80, 78, 74, 80), line_factor=1.9, border=0.9,
        checked="√", unchecked="□", label_widths=(1.1, 2.4, 0.9, 1.8),
        annex1_widths=(0.45, 0.7, 0.9, 1.0, 1.8, 1.6, 2.6, 1.3, 1.7, 1.2, 1.9, 0.45),
        headings=("场景实例{i}：{name}", "（{cn}）{name}", "{i}、{name}"),
        footer="第 {n} 页", footer_skips_cover=False, date_format="{y}年{mm}月{dd}日", annex2_per_page=True),
    "compact": Style(
        id="compact", body_font="hei", head_font="hei", table_font="song", body_size=10.5, table_size=9,
        annex_size=7.5, head_size=12, title_size=20, margins=(60, 60, 60, 62), line_factor=1.55, border=0.4,
        checked="✓", unchecked="□", label_widths=(1.4, 2.0, 1.1, 2.0),
        annex1_widths=(0.5, 0.9, 1.0, 1.2, 1.8, 1.8, 2.0, 1.4, 1.7, 1.3, 1.5, 0.6),
        headings=("场景实例{cn}：{name}", "（{i}）{name}"),
        footer="{n}", footer_skips_cover=True, date_format="{y}年{m}月{d}日", thousands=True, first_indent=False),
    "story": Style(
        id="story", body_font="song", head_font="hei", table_font="song", body_size=11, table_size=9.5,
        annex_size=8, head_size=13.5, title_size=22, margins=(62, 66, 62, 70), line_factor=1.7, border=0.5,
        checked="■", unchecked="□", label_widths=(1.2, 2.2, 1.0, 2.0),
        annex1_widths=(0.5, 0.8, 0.9, 1.1, 1.8, 1.7, 2.2, 1.4, 1.8, 1.4, 1.6, 0.5),
        headings=("（{cn}）{name}", "场景实例{i}：{name}", "{i}. {name}"),
        footer="— {n} —", footer_skips_cover=True, date_format="{y}年{m}月{d}日"),
    "official": Style(
        id="official", body_font="song", head_font="hei", table_font="song", body_size=12, table_size=10,
        annex_size=8, head_size=14, title_size=22, margins=(76, 72, 72, 72), line_factor=1.75, border=0.6,
        checked="■", unchecked="□", label_widths=(1.3, 2.1, 1.0, 2.1),
        annex1_widths=(0.45, 0.45, 0.5, 0.75, 1.35, 1.3, 2.6, 1.45, 1.5, 1.45, 2.2, 0.4),
        headings=("（{cn}）场景实例{i}：{name}", "{i}. {name}", "场景实例{i}：{name}"),
        footer="- {n} -", footer_skips_cover=True, date_format="{y}年{m}月{d}日"),
}


def jitter(style: Style, rng: random.Random) -> Style:
    """A style -> a slightly different copy (sizes, margins, spacing, widths) so page breaks move per document."""
    def w(values: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(v * rng.uniform(0.9, 1.1), 3) for v in values)

    return replace(
        style,
        body_size=style.body_size + rng.choice([-0.5, 0, 0, 0.5]),
        table_size=style.table_size + rng.choice([-0.5, 0, 0.5]),
        margins=tuple(round(m + rng.uniform(-6, 6), 1) for m in style.margins),  # type: ignore[arg-type]
        line_factor=round(style.line_factor + rng.uniform(-0.1, 0.1), 2),
        label_widths=w(style.label_widths),
        annex1_widths=w(style.annex1_widths),
    )


def with_variants(style: Style, variants: tuple[str, ...] | frozenset[str]) -> Style:
    """A style and variant names -> the style carrying them (tick glyphs swapped where a variant says so)."""
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown layout variants: {sorted(unknown)}")
    out = replace(style, variants=frozenset(variants))
    if out.has("tick_font"):
        out = replace(out, checked="☑", unchecked="☐")
    elif out.has("tick_after"):
        out = replace(out, checked="√")
    return out
