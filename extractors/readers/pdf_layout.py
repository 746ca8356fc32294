"""Lines out of a PDF text layer, and paragraphs out of lines.

Why geometry: a PDF has no paragraphs, only positioned glyphs. A line ends a
paragraph when the next line's first word would have fitted after it (the
writer pressed Enter, the layout engine did not wrap), when the next line is
indented or opens a numbered item, when the gap or the font size changes. The
same test works across a page break, which is how a sentence split by a page
break comes back together.
"""
from __future__ import annotations

import ctypes
import re
import statistics

import pypdfium2.raw as pdfium_c
from pypdfium2 import PdfiumError
from dataclasses import dataclass, field

from extractors.readers.normalize import ends_sentence, starts_item

TOKEN_CHARS = re.compile(r"[A-Za-z0-9.,%:/\-_@#&+=?]")
CLOSING = set("，。、；：！？）」』”’》〕】,.;:!?)]%“‘\"'")
_BOLD_FONT = re.compile(r"Bold|Heavy|Black|Semibold|Demi|Hei|黑", re.I)
OPENING = set("（「『“‘《〔【([”’")  # no line break after these (quotes bind both ways)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－~]*\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[-—–－~]*"
    r"|第\s*\d{1,4}\s*页\s*[/，,]?\s*(?:共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)\s*$"
)


@dataclass
class Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_w: float = 0.0  # width of the first unbreakable token (wrap test)
    bold: bool = False

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class PageText:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    chars: int = 0


def page_lines(page, number: int) -> PageText:
    """Group the page's characters into lines (pdfium's own line breaks), top-left coordinates
    of the page as displayed: a page stored rotated (/Rotate 90, landscape saved turned) has its
    character boxes turned into the upright frame, so its lines run left to right as read."""
    width, height = page.get_size()   # as displayed (pdfium swaps them for /Rotate 90 and 270)
    upright = upright_frame(page)
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        text = tp.get_text_range() if n else ""
        out = PageText(number, width, height)
        if len(text) != n:  # rare: excluded/inserted chars; fall back to per-char text
            text = "".join(tp.get_text_range(i, 1)[:1] or " " for i in range(n))
        cur: list[tuple] = []  # char, left, right, top, bottom, font size, font weight
        first_ink = -1
        # pdfium's calls made directly, into one reused box: what tp.get_charbox(i, loose=True)
        # does, without a new FS_RECTF and a wrapper call for each of a page's ~3,000 characters
        raw, rect = tp.raw, pdfium_c.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        loose_box, font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
        for i, ch in enumerate(text):
            if ch in "\r\n":
                if cur:
                    out.lines.append(_make_line(cur, number, height, _bold_font(tp, first_ink)))
                    cur, first_ink = [], -1
                continue
            if not loose_box(raw, i, rect_ref):
                raise PdfiumError("Failed to get charbox.")
            x0, x1, y0, y1 = upright(rect.left, rect.bottom, rect.right, rect.top)
            ink = not ch.isspace()
            if ink and first_ink < 0:
                first_ink = i
            size = font_size(raw, i) if ink else 0.0
            cur.append((ch, x0, x1, y0, y1, size))
        if cur:
            out.lines.append(_make_line(cur, number, height, _bold_font(tp, first_ink)))
        out.lines = [ln for ln in out.lines if ln.text.strip()]
        out.chars = sum(len(ln.text.replace(" ", "")) for ln in out.lines)
        return out
    finally:
        tp.close()


def upright_frame(page):
    """The page's transform from PDF user space to its displayed top-left frame."""
    width, height = page.get_size()
    return _upright(page.get_rotation() % 360, width, height)


def _upright(rotation: int, width: float, height: float):
    """(left, bottom, right, top) in PDF user space → (x0, x1, top, bottom) in the displayed
    page's top-left frame. `width`/`height` are the displayed size; /Rotate turns the page
    clockwise for display."""
    uw, uh = (height, width) if rotation in (90, 270) else (width, height)   # the stored MediaBox
    if rotation == 90:
        return lambda l, b, r, t: (b, t, l, r)
    if rotation == 180:
        return lambda l, b, r, t: (uw - r, uw - l, b, t)
    if rotation == 270:
        return lambda l, b, r, t: (uh - t, uh - b, uw - r, uw - l)
    return lambda l, b, r, t: (l, r, uh - t, uh - b)


def _bold_font(tp, index: int) -> bool:
    """Bold or 黑体 (the usual heading face) at the line's first character."""
    if index < 0:
        return False
    if pdfium_c.FPDFText_GetFontWeight(tp.raw, index) >= 600:
        return True
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(tp.raw, index, buf, 128, ctypes.byref(flags))
    return bool(_BOLD_FONT.search(buf.value.decode("latin-1")))


def _make_line(chars: list, page: int, height: float, bold: bool = False) -> Line:
    ink = [c for c in chars if not c[0].isspace() and c[2] > c[1]]
    ink = ink or chars
    sizes = [c[5] for c in ink if c[5] > 1.5] or [c[4] - c[3] for c in ink]
    text = "".join(c[0] for c in chars).replace("\ufffe", "").replace("\x02", "-")
    first = ink[0]
    j = 0
    while j + 1 < len(ink):  # extend over what a line break may not separate
        a, b = ink[j][0], ink[j + 1][0]
        if a in OPENING or b in CLOSING or (TOKEN_CHARS.match(a) and TOKEN_CHARS.match(b)):
            j += 1
        else:
            break
    return Line(
        page=page, text=text, x0=min(c[1] for c in ink), x1=max(c[2] for c in ink),
        top=min(c[3] for c in ink), bottom=max(c[4] for c in ink),
        size=statistics.median(sizes) if sizes else 10.0, first_w=ink[j][2] - first[1],
        bold=bold,
    )


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def strip_running(pages: list[PageText], zone: float = 0.12, min_share: float = 0.5) -> tuple[list[str], list[str]]:
    """Drop page numbers and lines repeated in the top/bottom margin of most
    pages; return (headers, footers) texts."""
    def key(t: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", t))

    def candidates(p: PageText):
        top = [ln for ln in p.lines[:2] if ln.bottom < p.height * zone]
        bottom = [ln for ln in p.lines[-2:] if ln.top > p.height * (1 - zone)]
        return top, bottom

    counts: dict[str, int] = {}
    for p in pages:
        top, bottom = candidates(p)
        for k in {key(ln.text) for ln in top + bottom}:
            counts[k] = counts.get(k, 0) + 1
    need = max(2, int(len(pages) * min_share + 0.999))
    headers, footers = [], []
    for p in pages:
        top, bottom = candidates(p)
        drop = set()
        for ln in top + bottom:
            if is_page_number(ln.text) or counts.get(key(ln.text), 0) >= need:
                drop.add(id(ln))
                if not is_page_number(ln.text):
                    (headers if ln in top else footers).append(ln.text.strip())
        p.lines = [ln for ln in p.lines if id(ln) not in drop]
    return headers, footers


@dataclass
class Layout:
    """Document-wide measures the paragraph tests compare against."""

    left: float
    right: float
    size: float
    gap: float
    indents: bool = False  # paragraphs here start with a first-line indent


def measure(lines: list[Line]) -> Layout:
    if not lines:
        return Layout(0, 0, 10, 3)
    size = statistics.median(ln.size for ln in lines)
    counts: dict[int, int] = {}
    for ln in lines:
        counts[round(ln.x0)] = counts.get(round(ln.x0), 0) + 1
    common = [x for x, n in counts.items() if n >= max(3, len(lines) * 0.05)]
    left = min(common) if common else statistics.mode(round(ln.x0) for ln in lines)  # leftmost common edge
    rights = sorted(ln.x1 for ln in lines)
    right = rights[int(len(rights) * 0.9)]
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and 0 <= b.top - a.bottom < 3 * size]
    gap = statistics.median(gaps) if gaps else size * 0.5
    after_end = [b.x0 > left + 0.8 * size for a, b in zip(lines, lines[1:])
                 if right - a.x1 > 4 * size and not starts_item(b.text)]
    indents = len(after_end) >= 3 and sum(after_end) / len(after_end) >= 0.5
    return Layout(left, right, size, gap, indents)


def starts_paragraph(prev: Line, cur: Line, lay: Layout) -> bool:
    """Whether `cur` opens a new paragraph after `prev` (see module docstring)."""
    unit = max(lay.size, 1.0)
    if starts_item(cur.text):
        return True
    if abs(cur.size - prev.size) > 0.1 * unit or cur.bold != prev.bold:
        return True
    if cur.page == prev.page and cur.top - prev.bottom > lay.gap + 0.6 * unit:
        return True
    room = lay.right - prev.x1
    if _centered(cur, lay) and (_centered(prev, lay) or (prev.x0 - lay.left) + room < cur.first_w + 2 * unit):
        return False  # next line of a centered title (wrapped, or broken by hand)
    if cur.x0 > lay.left + 0.8 * unit:  # first-line indent or centered
        return True
    if room > cur.first_w + 0.6 * unit:  # the next word would have fitted: the writer ended the paragraph here
        # where paragraphs open with an indent, an unindented line after a line that
        # stops mid-sentence is a wrap the layout engine chose (kinsoku, unbreakable runs)
        return not lay.indents or ends_sentence(prev.text) or room > 4 * unit
    return False


def _centered(ln: Line, lay: Layout) -> bool:
    margins = (ln.x0 - lay.left, lay.right - ln.x1)
    return min(margins) > lay.size and abs(margins[0] - margins[1]) / 2 < lay.size
