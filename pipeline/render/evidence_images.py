"""The place in the original next to each quoted fact (issue 16.4): staff trust what they can see.

Why this shape:
- PDF (text layer or OCR): every quote already carries its page and bounding box, so the
  page region is rendered with pypdfium2 — the same engine that gives the readers the
  page images for OCR — cropped to the page width around the box, and the box is drawn
  over it as a translucent yellow mark with Pillow (installed with pdfplumber). Only the
  cropped band is rasterised (pdfium's `crop`), so a poster-sized page costs no more
  memory than an A4 one.
- DOCX has no rendering engine here: the paragraph (quote marked in it) or the table cell
  in its table context (the header row and the cell's row, the cell marked) is rebuilt
  as HTML from the `Document` the worker already read.
- The views are built in the worker, right after screening, where the document is open
  and the per-file limits (memory cap, alarm) still apply; the parent only writes the
  PNG bytes next to the report (`<name>.files/`) and links them relatively. Nothing of
  this enters the report JSON: images and context are presentation.
- Never fail the report: any error, a page that is rotated (the box would be drawn in
  the wrong place), a time budget spent, or more than `MAX_VIEWS` quotes means no view
  for that quote — the quote is still shown as text.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import quote as url_quote

from models.claims import Evidence
from models.document import Document
from models.report import Check, ScreeningReport

MAX_VIEWS = 20          # per report: the first quotes in reading order (failed items first)
MAX_WIDTH_PX = 900      # an A4 page width at SCALE fits
SCALE = 1.5             # pixels per PDF point
MARGIN_PT = 42.0        # context above and below the box
PAD_PT = 2.0            # the mark's border sits this far outside the box
MAX_BAND_PT = 420.0     # a taller box is shown from its top
BUDGET_S = 10.0         # rendering stops starting new images after this long
PARAGRAPH_CHARS = 160   # context kept on each side of a quote inside a long paragraph
PNG_LEVEL = 1           # zlib level: encoding is most of the cost; level 1 is twice as fast, files ~1/4 larger
FILL = (255, 214, 0, 80)       # translucent yellow over the quoted box
OUTLINE = (230, 81, 0, 255)    # its border, 2 px
OUTLINE_PX = 2
# the order staff read the checks in (pipeline.render.reports groups them the same way)
STATUS_ORDER = ("fail", "missing", "review", "pass", "not_applicable")


@dataclass
class EvidenceView:
    """What is shown next to one quote: a PNG of the PDF region, or an HTML context."""

    kind: str  # "image" | "table" | "paragraph"
    page: int | None = None
    png: bytes = b""
    width: int = 0
    height: int = 0
    highlight: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1 in pixels of the PNG
    table: int | None = None
    row: int | None = None
    col: int | None = None
    header: list[str] = field(default_factory=list)  # the table's first row, when the cell is below it
    cells: list[str] = field(default_factory=list)   # the cell's row
    before: str = ""
    mark: str = ""
    after: str = ""
    href: str = ""  # set when the PNG is written next to the report

    @property
    def caption(self) -> str:
        if self.kind == "image":
            return f"第{self.page}页"
        if self.kind == "table":
            return f"表{(self.table or 0) + 1}第{(self.row or 0) + 1}行第{(self.col or 0) + 1}列"
        return "原文段落"


def evidence_key(ev: Evidence) -> str:
    """Identity of a quote within one report, the same in the worker and in the parent.
    File names are left out: a cluster run rewrites the worker's paths into the client's
    after screening (pipeline.batch.cluster), and within one report place and words suffice."""
    loc = ev.location.model_dump(mode="json", exclude={"file"}) if ev.location is not None else None
    raw = json.dumps([loc, ev.quote], ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _walk(checks: Iterable[Check]) -> Iterable[Evidence]:
    for c in checks:
        yield from c.evidence
        yield from _walk(c.alternatives)


def ordered_evidence(report: ScreeningReport) -> list[Evidence]:
    """Every quote once, in the order the report shows them."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    checks = sorted(report.checks, key=lambda c: rank.get(c.status, len(rank)))
    seen: set[str] = set()
    out = []
    for ev in _walk(checks):
        k = evidence_key(ev)
        if k not in seen:
            seen.add(k)
            out.append(ev)
    return out


def build_views(report: ScreeningReport, doc: Document, source: str | Path | None = None,
                max_views: int = MAX_VIEWS, budget_s: float = BUDGET_S) -> dict[str, EvidenceView]:
    """Views for the report's quotes that come from `doc` (read from `source`, default
    `doc.source`), keyed by `evidence_key`. Never raises for a bad quote or file."""
    source = str(source if source is not None else doc.source)
    names = {str(doc.source), source}
    views: dict[str, EvidenceView] = {}
    deadline = time.monotonic() + budget_s
    pdf = None
    try:
        for ev in ordered_evidence(report):
            if len(views) >= max_views or time.monotonic() > deadline:
                break
            loc = ev.location
            if loc is None or (ev.file not in names and loc.file not in names):
                continue
            try:
                if doc.format == "pdf" and loc.page is not None and loc.bbox is not None:
                    if pdf is None:
                        import pypdfium2 as pdfium

                        pdf = pdfium.PdfDocument(source)
                    view = pdf_view(pdf, loc.page, loc.bbox)
                elif doc.format == "docx":
                    view = docx_view(doc, ev)
                else:
                    view = None
            except Exception:
                view = None  # this quote stays text only
            if view is not None:
                views[evidence_key(ev)] = view
    except Exception:
        pass  # e.g. the PDF cannot be opened again: the views found so far stand
    finally:
        if pdf is not None:
            try:
                pdf.close()
            except Exception:
                pass
    return views


def band(page_height: float, bbox: tuple[float, float, float, float], scale: float = 1.0) -> tuple[float, float]:
    """Top and bottom (PDF points from the page top) of the horizontal band shown around a
    box; the top falls on a whole pixel row of the page rendered at `scale`, so the crop
    is exactly that part of the page and the mark lands on the box to the pixel (pdfium
    rounds a crop's pixel offset up, hence a hair below the row)."""
    row = math.floor(max(0.0, bbox[1] - MARGIN_PT) * scale)
    top = max(0.0, (row - 1e-3) / scale)
    bottom = min(page_height, bbox[3] + MARGIN_PT, top + MAX_BAND_PT)
    return top, bottom


def pdf_view(pdf, page_no: int, bbox: tuple[float, float, float, float]) -> EvidenceView | None:
    """The page's full width in a band around `bbox` (x0, top, x1, bottom in points from the
    top-left, as pdfplumber and the OCR reader give it), the box marked."""
    from PIL import Image, ImageDraw

    if not 1 <= page_no <= len(pdf):
        return None
    page = pdf[page_no - 1]
    try:
        if page.get_rotation() % 360:
            return None  # the reader's coordinates are of the unrotated page: no wrong mark
        width, height = page.get_size()
        x0, y0, x1, y1 = bbox
        if not (0 <= x0 < x1 <= width + 1 and 0 <= y0 < y1 <= height + 1):
            return None
        scale = min(SCALE, (MAX_WIDTH_PX - 1) / width)  # pdfium rounds the bitmap size up
        top, bottom = band(height, bbox, scale)
        if bottom - top < 1:
            return None
        # crop: what to cut from each side (left, bottom, right, top) in points
        bitmap = page.render(scale=scale, crop=(0, height - bottom, 0, top))
        try:
            image = bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
    finally:
        page.close()
    pad = PAD_PT * scale  # the border clears the glyphs
    box = (max(0, round(x0 * scale - pad)), max(0, round((y0 - top) * scale - pad)),
           min(image.width - 1, round(x1 * scale + pad)), min(image.height - 1, round((min(y1, bottom) - top) * scale + pad)))
    # tint only the box (a whole-image overlay costs as much as the render), then its border
    region = image.crop(box)
    image.paste(Image.alpha_composite(region.convert("RGBA"), Image.new("RGBA", region.size, FILL)).convert("RGB"),
                box[:2])
    ImageDraw.Draw(image).rectangle(box, outline=OUTLINE[:3], width=OUTLINE_PX)
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=PNG_LEVEL)
    return EvidenceView("image", page=page_no, png=buf.getvalue(), width=image.width, height=image.height,
                        highlight=box)


def docx_view(doc: Document, ev: Evidence) -> EvidenceView | None:
    """A table cell with its table's header row and its own row; or the paragraph, quote marked."""
    loc = ev.location
    if loc.table is not None and loc.row is not None:
        table = next((t for t in doc.tables if t.index == loc.table), None)
        if table is None or not 0 <= loc.row < len(table.rows):
            return None
        cells = list(table.rows[loc.row])
        col = loc.col if loc.col is not None and 0 <= loc.col < len(cells) else None
        header = list(table.rows[0]) if loc.row > 0 else []
        return EvidenceView("table", table=loc.table, row=loc.row, col=col, header=header, cells=cells)
    if loc.paragraph is not None:
        block = next((b for b in doc.blocks if b.location.paragraph == loc.paragraph and b.location.table is None),
                     None)
        if block is None:
            return None
        text = block.text
        if text.strip() == ev.quote.strip():
            return None  # the quote is the whole paragraph: nothing to add to it
        at = text.find(ev.quote) if ev.quote else -1
        if at < 0:
            return EvidenceView("paragraph", before="", mark=text[: PARAGRAPH_CHARS * 2 + len(ev.quote)], after="")
        start, end = at, at + len(ev.quote)
        before = text[max(0, start - PARAGRAPH_CHARS):start]
        after = text[end:end + PARAGRAPH_CHARS]
        return EvidenceView("paragraph", before=("…" if start > PARAGRAPH_CHARS else "") + before,
                            mark=text[start:end], after=after + ("…" if end + PARAGRAPH_CHARS < len(text) else ""))
    return None


def write_images(views: Mapping[str, EvidenceView] | None, out_dir: Path, name: str) -> dict[str, EvidenceView]:
    """Write the PNGs of `views` into `<out_dir>/<name>.files/` (old ones removed) and return
    the views to show, each image with its relative link. A PNG that cannot be written
    is dropped, never an error. `None` (a report rewritten from the store, no views)
    leaves an existing folder alone; an empty mapping removes it."""
    if views is None:
        return {}
    folder = Path(out_dir) / f"{name}.files"
    try:
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
    except OSError:
        pass
    shown: dict[str, EvidenceView] = {}
    n = 0
    for key, view in views.items():
        if view.kind != "image":
            shown[key] = view
            continue
        n += 1
        fname = f"ev{n:02d}_p{view.page}.png"
        try:
            folder.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp_", suffix=".png", dir=folder)
            with os.fdopen(fd, "wb") as fh:
                fh.write(view.png)
            os.replace(tmp, folder / fname)
        except OSError:
            continue
        shown[key] = replace(view, href=f"{url_quote(name, safe='')}.files/{fname}")
    return shown
