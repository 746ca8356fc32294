"""Offline OCR for scanned pages and pasted scans (optional `ocr` extra).

Why optional and lazy: rapidocr + onnxruntime are a few hundred MB and most
submissions have a text layer. The readers call this module only for pages
whose text layer is unusable (pdf_reader decides which) and for large images
pasted into Word files; without the extra such pages keep raising the clear
`needs_ocr` error. Why a cache keyed by the page image's SHA-256: a batch is
re-run after every guide or rule change, and OCR is by far the slowest step
(seconds per page), so a page already recognized must cost nothing.

Results become `OcrLine`s (a pdf_layout.Line with the engine's score; see
ocr_layout) so the paragraph rules that read text-layer PDFs group OCR lines
too, and ruled tables on the page image become tables (ocr_tables).
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from extractors.readers.ocr_layout import (  # noqa: F401  (re-exported: the readers' OCR API)
    Box, OcrLine, assign_sizes, fullwidth_punct, mark_bold, measure_strokes, paragraph_text, paragraphs, to_lines,
)

DPI = 144                 # rendered at 144 dpi rapidocr reads corpus scans with CER < 0.5 %
SECONDS_PER_PAGE = 4.0    # at DPI: 1-4 s measured on 2 shared cores, dense pages and 1 thread up to 6 s;
                          # the batch runner widens its per-file limit by estimate_seconds()
MAX_SIDE = 2400           # pixels; larger renders (A3, posters) are scaled down, time grows with area
SCAN_MIN_SIDE = 500       # a pasted image this large on both sides is a scan, smaller ones are logos/stamps
SCAN_MIN_PIXELS = 600_000
UPSIDE_DOWN_SCORE = 0.8   # median line score below this: try the page turned by 180°
CACHE_ENV = "SHENBAO_OCR_CACHE"
THREADS_ENV = "SHENBAO_OCR_THREADS"  # onnxruntime threads per process (default: all cores)
SWITCH_ENV = "SHENBAO_OCR"  # "off" disables OCR even when installed (text-path evaluation, tests)
INSTALL_HINT = "pip install -e '.[ocr]'"
MISSING_MESSAGE = (
    "PDF没有文字层（可能为扫描件），本机未安装文字识别（OCR）组件，无法读取其内容。"
    f"请安装OCR组件（{INSTALL_HINT}）后重新处理，或向申报单位索取可复制文字的版本。"
)
_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
EMPTY_MESSAGE = "PDF没有文字层（可能为扫描件），经文字识别（OCR）仍未识别出任何文字，请人工核对或索取清晰的版本。"


class OcrUnavailable(Exception):
    """OCR is not installed, switched off, or the engine failed to start."""


class Engine(Protocol):
    name: str  # part of the cache key: another engine or version must not reuse results

    def __call__(self, image) -> list[Box]: ...


class _Rapid:
    """rapidocr 3.x: detection, angle and recognition models ship in the wheel (no download)."""

    def __init__(self) -> None:
        from importlib.metadata import version

        from rapidocr import RapidOCR

        self.name = f"rapidocr-{version('rapidocr')}-nocls-deskew1"  # bump when __call__'s output changes
        # the per-line 0/180° classifier flips sound lines of noisy scans and then
        # misreads them (measured: a whole line lost on a page); a page scanned
        # upside down is handled once per page instead (see __call__)
        params = {"Global.log_level": "error", "Global.use_cls": False}
        threads = os.environ.get(THREADS_ENV, "").strip()
        if threads.isdigit():  # parallel batch workers: 1 each, or they fight over the cores
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = int(threads)
        self._ocr = RapidOCR(params=params)

    def __call__(self, image) -> list[Box]:
        boxes = self._run(image)
        if len(boxes) >= 3 and statistics.median(b.score for b in boxes) < UPSIDE_DOWN_SCORE:
            flipped = self._run(image.rotate(180))
            if flipped and statistics.median(b.score for b in flipped) > statistics.median(b.score for b in boxes):
                w, h = image.size  # back into the coordinates of the page as given
                boxes = [Box(b.text, b.score, w - b.x1, h - b.bottom, w - b.x0, h - b.top, True, b.angle) for b in flipped]
        return boxes

    def _run(self, image) -> list[Box]:
        import numpy as np

        res = self._ocr(np.asarray(image.convert("RGB")))
        if res.boxes is None or res.txts is None:
            return []
        angle = skew(res.boxes)
        cx, cy = image.width / 2, image.height / 2
        out = []
        for quad, text, score in zip(res.boxes, res.txts, res.scores):
            pts = [_rotate(float(x), float(y), cx, cy, -angle) for x, y in quad]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append(Box(str(text), float(score), min(xs), min(ys), max(xs), max(ys), angle=angle))
        return out


def skew(quads) -> float:
    """Median text-line angle (radians): a scanner's tilt would otherwise shift
    left margins by several points down the page and break indent tests."""
    angles = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]
        if x1 - x0 > 3 * abs(float(q[3][1]) - float(q[0][1])):
            angles.append(math.atan2(float(y1) - float(y0), float(x1) - float(x0)))
    return statistics.median(angles) if angles else 0.0


def _rotate(x: float, y: float, cx: float, cy: float, a: float) -> tuple[float, float]:
    c, s = math.cos(a), math.sin(a)
    return cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c


_engine: Engine | None = None
_loader: Callable[[], Engine] = _Rapid


def enabled() -> bool:
    return os.environ.get(SWITCH_ENV, "").strip().lower() not in ("0", "off", "no", "false")


def available() -> bool:
    """Whether OCR can run here (extra installed and not switched off)."""
    try:
        get_engine()
        return True
    except OcrUnavailable:
        return False


def get_engine() -> Engine:
    global _engine
    if not enabled():
        raise OcrUnavailable(f"{SWITCH_ENV}=off")
    if _engine is None:
        try:
            _engine = _loader()
        except ImportError as e:
            raise OcrUnavailable(f"rapidocr not installed: {e}") from e
        except Exception as e:  # onnxruntime missing or a broken model file
            raise OcrUnavailable(f"OCR engine failed to start: {type(e).__name__}: {e}") from e
    return _engine


def set_engine(engine: Engine | None) -> None:
    """Use another engine (tests: a counting fake); None goes back to rapidocr on next use."""
    global _engine
    _engine = engine


# ---------------------------------------------------------------- cache

def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "shenbao" / "ocr")


def image_key(image, engine_name: str) -> str:
    h = hashlib.sha256()
    h.update(f"{engine_name}|{image.mode}|{image.width}x{image.height}|".encode())
    h.update(image.tobytes())
    return h.hexdigest()


def recognize(image) -> list[Box]:
    """Boxes of one image, from the cache when this exact image was seen before."""
    engine = get_engine()
    key = image_key(image, engine.name)
    path = cache_dir() / key[:2] / f"{key}.json"
    try:
        return [Box(**b) for b in json.loads(path.read_text("utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    boxes = engine(image)
    try:  # atomic: parallel workers may OCR the same page; a half-written entry must never be read
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([b.__dict__ for b in boxes], ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache costs time, never correctness
    return boxes


# ---------------------------------------------------------------- PDF pages and images

def render(page, dpi: int = DPI):
    w, h = page.get_size()
    scale = min(dpi / 72, MAX_SIDE / max(w, h, 1))
    return page.render(scale=scale, grayscale=True).to_pil(), 1 / scale


@dataclass
class PageOcr:
    lines: list[OcrLine]
    tables: list  # ocr_tables.OcrTable


def read_pages(data: bytes, numbers: list[int]) -> dict[int, PageOcr]:
    """OCR lines and ruled tables (PDF points, top-left origin) of the given 1-based pages."""
    import pypdfium2 as pdfium

    from extractors.readers.ocr_tables import find_tables

    get_engine()  # fail before rendering anything
    pdf = pdfium.PdfDocument(data)
    out: dict[int, PageOcr] = {}
    try:
        for n in numbers:
            page = pdf[n - 1]
            try:
                image, scale = render(page)
            finally:
                page.close()
            boxes = recognize(image)
            if not any(_CONTENT.search(b.text) for b in boxes):
                boxes = []  # "_" or "—" read off a pattern or a rule: nothing was written here
            tables, used = [], set()
            if boxes and not any(b.flipped for b in boxes):
                tables, used = find_tables(image, boxes, boxes[0].angle, n, scale)
            rest = [b for i, b in enumerate(boxes) if i not in used]
            out[n] = PageOcr(to_lines(rest, n, scale), tables)
            measure_strokes(image, out[n].lines, boxes[0].angle if boxes else 0.0, scale)
    finally:
        pdf.close()
    lines = [ln for p in out.values() for ln in p.lines]
    assign_sizes(lines)
    mark_bold(lines)
    return out


def read_regions(data: bytes, regions: dict[int, list[tuple[float, float, float, float]]]) -> dict[int, PageOcr]:
    """OCR of image regions (x0, top, x1, bottom in points, displayed frame) of pages that
    have a text layer: each region is cut out of the page rendering and recognized on its
    own (cached by its pixels like a page), its lines and ruled tables moved to where the
    region stands on the page."""
    import pypdfium2 as pdfium

    from extractors.readers.ocr_tables import find_tables

    get_engine()  # fail before rendering anything
    pdf = pdfium.PdfDocument(data)
    out: dict[int, PageOcr] = {}
    try:
        for n, boxes_pt in regions.items():
            page = pdf[n - 1]
            try:
                image, scale = render(page)
            finally:
                page.close()
            lines, tables = [], []
            for x0, top, x1, bottom in boxes_pt:
                crop = image.crop((round(x0 / scale), round(top / scale), round(x1 / scale), round(bottom / scale)))
                boxes = recognize(crop)
                if not any(_CONTENT.search(b.text) for b in boxes):
                    continue
                found, used = [], set()
                if not any(b.flipped for b in boxes):
                    found, used = find_tables(crop, boxes, boxes[0].angle, n, scale)
                rest = to_lines([b for i, b in enumerate(boxes) if i not in used], n, scale)
                measure_strokes(crop, rest, boxes[0].angle, scale)
                lines += [_moved(ln, x0, top) for ln in rest]
                tables += [_moved_table(t, x0, top) for t in found]
            if lines or tables:
                out[n] = PageOcr(sorted(lines, key=lambda ln: (ln.top, ln.x0)), tables)
    finally:
        pdf.close()
    assign_sizes([ln for p in out.values() for ln in p.lines])
    return out


def _moved(ln: OcrLine, dx: float, dy: float) -> OcrLine:
    from dataclasses import replace

    return replace(ln, x0=ln.x0 + dx, x1=ln.x1 + dx, top=ln.top + dy, bottom=ln.bottom + dy)


def _moved_table(t, dx: float, dy: float):
    def box(b):
        return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy) if b else b
    t.bbox = box(t.bbox)
    t.boxes = [[box(b) for b in row] for row in t.boxes]
    return t


def is_scan_image(blob: bytes) -> bool:
    """A pasted picture big enough to be a scanned page (not a logo, stamp or signature)."""
    size = _image_size(blob)
    return bool(size) and min(size) >= SCAN_MIN_SIDE and size[0] * size[1] >= SCAN_MIN_PIXELS


def _image_size(blob: bytes) -> tuple[int, int] | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(blob)) as im:
            return im.size
    except Exception:  # EMF/WMF, truncated or unknown formats
        return None


def read_image(blob: bytes) -> list[list[OcrLine]]:
    """Paragraphs of a scanned image (coordinates in points at the OCR resolution)."""
    from PIL import Image, ImageOps

    get_engine()
    with Image.open(io.BytesIO(blob)) as im:
        im = ImageOps.exif_transpose(im).convert("L")
        shrink = min(1.0, MAX_SIDE / max(im.size))
        if shrink < 1:
            im = im.resize((round(im.width * shrink), round(im.height * shrink)))
    boxes = recognize(im)
    if not any(_CONTENT.search(b.text) for b in boxes):
        return []
    return paragraphs(to_lines(boxes, None, 72 / DPI))


# ---------------------------------------------------------------- time budget

def estimate_seconds(path: Path | str) -> float:
    """Expected OCR time of a file (0 when OCR will not run): pages without a
    usable text layer × SECONDS_PER_PAGE, counted without extracting layout."""
    if not enabled():
        return 0.0
    try:
        import rapidocr  # noqa: F401  (cheap presence test; the engine is not started)
    except ImportError:
        return 0.0
    p = Path(path)
    try:
        head = p.open("rb").read(1024)
    except OSError:
        return 0.0
    from extractors.readers.signatures import identify

    sig = identify(head)
    if sig is not None and sig.family == "pdf":
        return SECONDS_PER_PAGE * len(_pdf_scan_pages(p))
    if sig is not None and sig.family == "zip":
        return SECONDS_PER_PAGE * _docx_scan_images(p)
    return 0.0


def _pdf_scan_pages(p: Path) -> list[int]:
    import pypdfium2 as pdfium

    from extractors.readers.pdf_pages import holds_unread, page_is_unusable

    try:
        pdf = pdfium.PdfDocument(str(p))
    except Exception:
        return []
    out = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            try:
                n = tp.count_chars()
                text = tp.get_text_range() if n else ""
                if page_is_unusable(text, page) and holds_unread(text, page):
                    out.append(i + 1)
            finally:
                tp.close()
                page.close()
    except Exception:
        pass
    finally:
        pdf.close()
    return out


def _docx_scan_images(p: Path) -> int:
    import zipfile

    try:
        with zipfile.ZipFile(p) as zf:
            return sum(1 for i in zf.infolist() if i.filename.startswith("word/media/")
                       and i.file_size < 50 * 1024 * 1024 and is_scan_image(zf.read(i)))
    except Exception:
        return 0
