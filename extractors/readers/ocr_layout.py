"""OCR boxes → lines → paragraphs: the geometry of a scanned page.

Why a module of its own: what the engine returns (text boxes with a score) is
not yet text a reader can use. Boxes on one baseline make a line; lines get a
font size from the pitch of their Chinese characters (box heights jitter with
padding and glyphs) and a bold flag from their stroke width (a scan has no
font names), so that pdf_layout's paragraph rules, written for text layers,
group OCR lines the same way. Punctuation the recognizer reads as half-width
next to Chinese is given back its full-width form.
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from extractors.readers.normalize import IDEOGRAPH_RE, Mapped, join, normalize_inline
from extractors.readers.pdf_layout import CLOSING, OPENING, TOKEN_CHARS, Line, measure, starts_paragraph

BOLD_STROKE = 1.5  # strokes this much thicker than usual are bold (measured: bold ≥1.8×, regular ≤1.15×)


@dataclass
class Box:
    """One detected text box, in pixels of the image it was found in, after
    straightening the page by `angle` (≤ 1-2° on real scans, so a box is off
    its printed place by a few pixels at most)."""

    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float
    flipped: bool = False  # the page was read turned by 180°; coordinates are the page's as given
    angle: float = 0.0     # radians the image was straightened by before these coordinates


@dataclass
class OcrLine(Line):
    score: float = 1.0
    em: float = 0.0  # measured font size in points, before size classes
    stroke: float = 0.0  # stroke width in ems (see _measure_strokes)


def assign_sizes(lines: list[OcrLine]) -> None:
    """Size classes over a whole document: per-page classes differ by a fraction
    of a point, and a size change would break a paragraph running over a page."""
    sizes = _size_classes([ln.em for ln in lines])
    for ln in lines:
        ln.size = sizes[ln.em]


def to_lines(boxes: list[Box], page: int | None, scale: float) -> list[OcrLine]:
    """Boxes on the same baseline become one line (a form row detected as label
    and value), in reading order; coordinates × `scale` (pixels → points)."""
    sign = -1.0 if sum(b.flipped for b in boxes) * 2 > len(boxes) else 1.0  # read upside-down pages upright
    boxes = [b if sign > 0 else Box(b.text, b.score, -b.x1, -b.bottom, -b.x0, -b.top)
             for b in boxes if b.text.strip()]
    rows: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        h = b.bottom - b.top
        for row in reversed(rows[-3:]):
            top, bottom = min(x.top for x in row), max(x.bottom for x in row)
            overlap = min(bottom, b.bottom) - max(top, b.top)
            clash = any(min(x.x1, b.x1) - max(x.x0, b.x0) > 0 for x in row)
            if overlap > 0.5 * min(h, bottom - top) and not clash:
                row.append(b)
                break
        else:
            rows.append([b])
    heights = [max(x.bottom - x.top for x in r) for r in rows]  # tallest box, not the union of a row
    ems = _ems(rows, heights)
    sizes = _size_classes(ems)
    lines = []
    for row, h, em in zip(rows, heights, ems):
        row.sort(key=lambda b: b.x0)
        text = row[0].text.strip()
        for a, b in zip(row, row[1:]):
            text += ("  " if b.x0 - a.x1 > 0.8 * h else "") + b.text.strip()
        text = fullwidth_punct(text)
        x0, x1 = row[0].x0, max(b.x1 for b in row)
        top, bottom = min(b.top for b in row), max(b.bottom for b in row)
        if sign < 0:
            x0, x1, top, bottom = -x1, -x0, -bottom, -top
        # full-width punctuation is inked in one half of its em: the box edge is not the line's edge
        x0 -= 0.5 * sizes[em] if text[:1] in _HALF_EM_OPENING else 0.0
        x1 += 0.5 * sizes[em] if text[-1:] in _HALF_EM_CLOSING else 0.0
        lines.append(OcrLine(
            page=page or 0, text=text, x0=x0 * scale, x1=x1 * scale, top=top * scale, bottom=bottom * scale,
            size=sizes[em] * scale, first_w=_first_token_width(text, sizes[em] * scale),
            score=min(b.score for b in row), em=em * scale,
        ))
    return lines  # rows are already in reading order (top to bottom as read)


def _ems(rows: list[list[Box]], heights: list[float]) -> list[float]:
    """Font size (em) of each row. A box's height varies with what it holds
    (Latin ascenders, a closing 。, detector padding), the pitch of a run of
    Chinese characters does not: em = width / characters on lines with enough
    ideographs; short lines use their height, calibrated on the long ones,
    unless they are close to the line above."""
    pitch: list[float | None] = []
    for row in rows:
        text = "".join(b.text for b in row)
        units = sum(_advance(c) for c in text if not c.isspace())
        long = len(IDEOGRAPH_RE.findall(text)) >= 8
        pitch.append(sum(b.x1 - b.x0 for b in row) / units if long and units else None)
    ratios = [h / p for h, p in zip(heights, pitch) if p]
    k = statistics.median(ratios) if ratios else 1.25
    out: list[float] = []
    for h, p in zip(heights, pitch):
        em = p or h / k
        if not p and out and 0.75 <= em / out[-1] <= 1.4:
            em = out[-1]  # a short line (a paragraph's last, a title's second) goes with the line above
        out.append(em)
    return out


def _first_token_width(text: str, em: float) -> float:
    """Width of what a line break may not split at the start of a line (the wrap
    test of pdf_layout)."""
    n = 1
    while n < len(text) and (text[n - 1] in OPENING or text[n] in CLOSING
                             or (TOKEN_CHARS.match(text[n - 1]) and TOKEN_CHARS.match(text[n]))):
        n += 1
    return sum(em * _advance(c) for c in text[:n])


def _advance(c: str) -> float:
    """Typical width of a character in ems (proportional Latin fonts)."""
    if not c.isascii():
        return 1.0
    return 0.68 if c.isupper() else 0.52 if c.isalnum() else 0.35


def _size_classes(heights: list[float]) -> dict[float, float]:
    """Measured sizes jitter, lines of one font size must compare equal: sizes
    near the usual one are the body size; the others (titles) form classes of
    sizes within 15 % of the class's smallest."""
    if not heights:
        return {}
    usual = statistics.median(heights)
    out = {h: usual for h in heights if 0.85 * usual <= h <= 1.2 * usual}
    cls: list[float] = []
    for h in sorted(h for h in heights if h not in out) + [float("inf")]:
        if cls and h > 1.15 * cls[0]:
            m = statistics.median(cls)
            out.update({x: m for x in cls})
            cls = []
        cls.append(h)
    return out


_CJK_PUNCT = "。，、；：！？）》」』”"
_BRACKETS = re.compile(r"\[(\d{4})〕|〔(\d{4})\]")
_HALF_EM_OPENING = "（《「『“‘〔【"
_HALF_EM_CLOSING = "。，、；：！？）》」』”’〕】"
_HALF = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}


def fullwidth_punct(text: str) -> str:
    """Half-width punctuation next to Chinese as the full-width form Chinese text uses:
    the recognizer picks either for the same glyph (1 % of characters on rendered pages)."""
    out = list(text)
    for i, c in enumerate(out):
        if c not in _HALF:
            continue
        before = "".join(out[:i]).rstrip()
        after = "".join(out[i + 1:]).lstrip()
        prev, nxt = before[-1:], after[:1]
        cjk_prev = bool(prev) and (IDEOGRAPH_RE.match(prev) is not None or prev in _CJK_PUNCT)
        cjk_next = bool(nxt) and IDEOGRAPH_RE.match(nxt) is not None
        if c == "(":
            hit = cjk_next or cjk_prev or ("）" in after[:30] and ")" not in after[:30])
        elif c == ")":
            hit = cjk_prev or ("（" in out[max(0, i - 30):i] and "(" not in out[max(0, i - 30):i])
        else:
            hit = cjk_prev or (cjk_next and not (prev.isascii() and prev.isalnum()))
        if hit:
            out[i] = _HALF[c]
    # a document number's 〔〕 read as one square bracket: the other half tells
    return _BRACKETS.sub(lambda m: f"〔{m.group(1) or m.group(2)}〕", "".join(out))


def paragraph_text(lines: list[Line]) -> str:
    """Lines joined as the PDF reader joins them (a space only between Latin words)."""
    m = Mapped()
    for ln in lines:
        t, _ = normalize_inline(ln.text)
        m = join(m, Mapped(t, [0] * len(t)))
    return fullwidth_punct(normalize_inline(m.text)[0])


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Group lines with the text-layer paragraph rules (pdf_layout)."""
    lay = measure(lines)
    out: list[list[Line]] = []
    for ln in lines:
        if out and not starts_paragraph(out[-1][-1], ln, lay):
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def measure_strokes(image, lines: list[OcrLine], angle: float, scale: float) -> None:
    """Stroke width of each line in ems: bold strokes are about twice as thick.
    The mean length of dark runs, across and down, is the stroke width (a run
    crosses one stroke); the smaller of the two ignores long horizontal bars."""
    import numpy as np

    img = image.convert("L")
    if angle:
        img = img.rotate(math.degrees(angle), fillcolor=255)
    dark = np.asarray(img) < 128
    for ln in lines:
        sub = dark[int(ln.top / scale):int(ln.bottom / scale) + 1, int(ln.x0 / scale):int(ln.x1 / scale) + 1]
        ink = int(sub.sum())
        if ink < 20 or ln.em <= 0:
            continue
        across = ink / max(int((sub[:, 1:] & ~sub[:, :-1]).sum() + sub[:, 0].sum()), 1)
        down = ink / max(int((sub[1:] & ~sub[:-1]).sum() + sub[0].sum()), 1)
        ln.stroke = min(across, down) * scale / ln.em


def mark_bold(lines: list[OcrLine]) -> None:
    """Bold: strokes much thicker than the document's usual ones (a scan has no
    font names; the text layer's bold test reads them)."""
    strokes = [ln.stroke for ln in lines if ln.stroke and len(ln.text) >= 4]
    if len(strokes) < 5:
        return
    usual = statistics.median(strokes)
    for ln in lines:
        ln.bold = ln.stroke > BOLD_STROKE * usual
