"""Is a PDF page's text layer usable, or must the page be read by OCR?

Why its own module: the PDF reader (which pages to OCR) and the OCR time estimate
(how long a batch will take) must count the same pages the same way; kept here,
neither imports the other.
"""
from __future__ import annotations

import re

import pypdfium2.raw as pdfium_c

from extractors.readers.normalize import IDEOGRAPH_RE, cjk_ratio

MIN_PAGE_CHARS = 5          # below this a page counts as having no text layer
MAX_GARBAGE_SHARE = 0.10    # replacement / private-use / control characters
MIN_CJK_RATIO = 0.02        # among letters, when there are at least MIN_LETTERS
MIN_LETTERS = 200
MIN_PAGE_LETTERS = 40       # per page: enough letters to judge a mis-encoded (mojibake) text layer
SPARSE_CHARS = 40           # a page with less text than this whose images cover
MIN_IMAGE_SHARE = 0.5       # at least this share of it is a scan with a caption: OCR it
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
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= MIN_PAGE_LETTERS and cjk_ratio(text) < MIN_CJK_RATIO:
        # fonts without a Unicode map come out as accented Latin (mojibake); plain
        # ASCII words are a real (foreign-language) text layer that OCR would not improve
        odd = sum(1 for c in letters if not c.isascii() and not IDEOGRAPH_RE.match(c))
        if odd > 0.5 * len(letters):
            return True
    return page is not None and ink < SPARSE_CHARS and _image_share(page) >= MIN_IMAGE_SHARE


def _image_share(page) -> float:
    w, h = page.get_size()
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 / 4
        left, bottom, right, top = bounds()
        area += max(0.0, min(right, w) - max(left, 0.0)) * max(0.0, min(top, h) - max(bottom, 0.0))
    return min(1.0, area / max(w * h, 1.0))
