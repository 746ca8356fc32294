"""Is a PDF page's text layer usable, or must the page be read by OCR?

Why its own module: the PDF reader (which pages to OCR) and the OCR time estimate
(how long a batch will take) must count the same pages the same way; kept here,
neither imports the other.
"""
from __future__ import annotations

import re

import pypdfium2.raw as pdfium_c

from extractors.readers.normalize import IDEOGRAPH_RE

MIN_PAGE_CHARS = 5          # below this a page counts as having no text layer
MAX_GARBAGE_SHARE = 0.10    # replacement / private-use / control characters
MIN_LETTERS = 200
MIN_PAGE_LETTERS = 40       # per page: enough letters to judge a mis-encoded (mojibake) text layer
SPARSE_CHARS = 40           # a page with less text than this whose images cover
MIN_IMAGE_SHARE = 0.5       # at least this share of it is a scan with a caption: OCR it
MAX_ODD_SHARE = 0.5         # letters neither ASCII nor CJK: accented-Latin mojibake
MIN_VOWEL_SHARE = 0.2       # English ~0.4, pinyin and other Latin-script languages more; glyph ids ~0.2
REGION_MIN_SHARE = 0.04     # an image on a text page this large (share of the page) can hold a table or a paragraph
REGION_MIN_SIDE = 50.0      # points, both sides (logos, stamps and signatures are smaller or thinner)
REGION_MAX_TEXT = 5         # text-layer characters inside it above this: the text layer already reads it
                            # (a searchable scan's invisible text, a picture behind printed text)
MAX_BARE_PATHS = 20         # a page with fewer drawn paths than this (rules, a border) and no image holds no unread text
_KANA_HANGUL = re.compile("[\u3040-\u30ff\uac00-\ud7af]")
GARBAGE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]|\\(cid:\\d+\\)")


def page_is_unusable(text: str, page=None) -> bool:
    """No usable text layer: (nearly) empty, garbled, or a scan with a short caption.
    Only such pages are ever OCRed; ocr.estimate_seconds counts them the same way."""
    ink = len(re.sub(r"\s", "", text))
    if ink < MIN_PAGE_CHARS:
        return True
    garbage = sum(len(m.group(0)) for m in GARBAGE.finditer(text))
    if garbage / len(text) > MAX_GARBAGE_SHARE:
        return True
    if len([c for c in text if c.isalpha()]) >= MIN_PAGE_LETTERS and is_mojibake(text, vowels=False):
        return True  # accented-Latin mojibake: OCR reads the page (glyph-id letters: the document test)
    return page is not None and ink < SPARSE_CHARS and _image_share(page) >= MIN_IMAGE_SHARE


def holds_unread(text: str, page) -> bool:
    """Does an unusable page hold content its text layer did not give? Garbled or
    mis-encoded text, images (a scan), many drawn paths (text converted to outlines) and
    text objects that yielded no letters (fonts without a Unicode map) do; a blank page (a separator, the back
    of a sheet) or a page whose text is only a page number does not: nothing on it was
    left unread, so it must not be named as unread content nor cost a verdict."""
    ink = len(re.sub(r"\s", "", text))
    if ink >= MIN_PAGE_CHARS:  # unusable for what its text is (garbled, mis-encoded) or a caption over a scan
        return True
    if ink and sum(len(m.group(0)) for m in GARBAGE.finditer(text)) / len(text) > MAX_GARBAGE_SHARE:
        return True
    kinds: dict[int, int] = {}
    for obj in page.get_objects(max_depth=3):
        kinds[obj.type] = kinds.get(obj.type, 0) + 1
    if kinds.get(pdfium_c.FPDF_PAGEOBJ_IMAGE) or kinds.get(pdfium_c.FPDF_PAGEOBJ_SHADING):
        return True
    if kinds.get(pdfium_c.FPDF_PAGEOBJ_PATH, 0) >= MAX_BARE_PATHS:
        return True
    if not kinds.get(pdfium_c.FPDF_PAGEOBJ_TEXT) or ink:
        return False
    return not _only_spaces(page)  # text objects that gave no letters: undecodable, unless they are spaces


def _only_spaces(page) -> bool:
    """Every text object on the page is spaces (an empty paragraph, a blank page exported
    from Word); an object whose own text is empty is a glyph pdfium could not decode."""
    import ctypes

    tp = page.get_textpage()
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=3):
            n = pdfium_c.FPDFTextObj_GetText(obj.raw, tp.raw, None, 0)
            buf = (ctypes.c_ushort * max(n // 2, 1))()
            pdfium_c.FPDFTextObj_GetText(obj.raw, tp.raw, buf, n)
            text = bytes(buf)[:n].decode("utf-16-le", "ignore").rstrip("\0")
            if not text or text.strip():
                return False
        return True
    finally:
        tp.close()


def is_mojibake(text: str, vowels: bool = True) -> bool:
    """Letters that are not a language: fonts without a Unicode map come out as accented
    Latin or symbols (most letters neither ASCII nor CJK), or as ASCII letters with next
    to no vowels (glyph ids). Plain English (or any ASCII-script) words are a real text
    layer: a PDF is judged on its encoding, never on its language, as a DOCX is."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    odd = sum(1 for c in letters if not c.isascii() and not IDEOGRAPH_RE.match(c) and not _KANA_HANGUL.match(c))
    if odd > MAX_ODD_SHARE * len(letters):
        return True
    ascii_letters = [c for c in letters if c.isascii()]
    if vowels and len(ascii_letters) >= MIN_PAGE_LETTERS and len(ascii_letters) > 0.5 * len(letters):
        vowels = sum(1 for c in ascii_letters if c in "aeiouyAEIOUY")
        return vowels < MIN_VOWEL_SHARE * len(ascii_letters)
    return False


def _image_share(page) -> float:
    w, h = page.get_size()
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 / 4
        left, bottom, right, top = bounds()
        area += max(0.0, min(right, w) - max(left, 0.0)) * max(0.0, min(top, h) - max(bottom, 0.0))
    return min(1.0, area / max(w * h, 1.0))


def image_regions(page, lines) -> list[tuple[float, float, float, float]]:
    """Images on a page WITH a text layer that may hold content the text layer lacks: a
    scanned table or a photographed certificate pasted between typed paragraphs. Boxes
    (x0, top, x1, bottom) in the displayed page's frame (as `lines`); only images large
    enough to hold text and not already covered by text-layer characters."""
    from extractors.readers.pdf_layout import upright_frame

    w, h = page.get_size()
    turn = upright_frame(page)
    out: list[tuple[float, float, float, float]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 / 4
        x0, x1, top, bottom = turn(*bounds())
        x0, x1, top, bottom = max(x0, 0.0), min(x1, w), max(top, 0.0), min(bottom, h)
        if x1 - x0 < REGION_MIN_SIDE or bottom - top < REGION_MIN_SIDE:
            continue
        if (x1 - x0) * (bottom - top) < REGION_MIN_SHARE * w * h:
            continue
        inside = sum(len(ln.text.replace(" ", "")) for ln in lines
                     if x0 <= (ln.x0 + ln.x1) / 2 <= x1 and top <= (ln.top + ln.bottom) / 2 <= bottom)
        if inside > REGION_MAX_TEXT:
            continue
        out.append((round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))
    return out
