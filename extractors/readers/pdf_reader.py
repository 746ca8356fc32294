"""PDF reader: pypdfium2 for text, geometry and ruled-table grids.

Why: pypdfium2 extracts the same characters 20-50× faster than pdfplumber, and
speed decides batch throughput. Table cells come from pdf_grid (pdfplumber's
grid rules applied to pdfium's own paths and characters); pdfplumber itself is
opened only for a page whose ruling cannot be turned into a consistent grid
(see pdf_tables). The file is parsed once by pdfium.
"""
from __future__ import annotations


import pypdfium2 as pdfium

from models.document import Document
from extractors.readers import ocr
from extractors.readers.builder import DocumentBuilder
from extractors.readers.errors import ReadError
from extractors.readers.normalize import Mapped, cjk_ratio, ends_sentence, join, normalize_inline
from extractors.readers.pdf_pages import (
    GARBAGE, MAX_GARBAGE_SHARE, MIN_LETTERS, MIN_PAGE_CHARS, holds_unread, image_regions, is_mojibake,
    page_is_unusable,
)
from extractors.readers.pdf_layout import Line, measure, page_lines, starts_paragraph, strip_running
from extractors.readers.ocr_tables import OcrTable
from extractors.readers.pdf_tables import PdfTable, TableFinder, has_ruling

HEADING_SIZE = 1.15         # a short paragraph set this much larger than body text (or bold) is a heading
HEADING_MAX_CHARS = 60

_PASSWORD_ERRORS = {4, 6}  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in _PASSWORD_ERRORS or "password" in str(e).lower() or "security" in str(e).lower():
            raise ReadError("encrypted", "PDF设有打开密码（已加密），请索取未加密版本后重新提交。", detail=str(e))
        raise ReadError("malformed", "PDF文件已损坏或不完整，无法读取，请索取原始文件。", detail=str(e))


def read_pdf_bytes(data: bytes, source: str) -> Document:
    pdf = _open(data)
    pages, ruled, unusable, bare = [], [], [], []
    regions: dict[int, list] = {}   # image regions on pages with a text layer (a pasted scan of a table)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                pt = page_lines(page, i + 1)
                pages.append(pt)
                text = "\n".join(ln.text for ln in pt.lines)
                if page_is_unusable(text, page):  # OCR it, unless nothing on it was left unread
                    (unusable if holds_unread(text, page) else bare).append(i + 1)
                    continue
                if pt.chars and has_ruling(page):
                    ruled.append(i + 1)
                found = image_regions(page, pt.lines)
                if found:
                    regions[i + 1] = found
            finally:
                page.close()
    except pdfium.PdfiumError as e:
        raise ReadError("malformed", "PDF页面内容损坏，无法读取。", detail=str(e))
    finally:
        pdf.close()
    if not pages:
        raise ReadError("malformed", "PDF没有任何页面。")
    b = DocumentBuilder(source, "pdf")
    scanned_tables: dict = {}
    ocr_pages = _ocr(data, pages, unusable, b, scanned_tables)
    _check_text([p for p in pages if p.number not in ocr_pages], b, ocr_pages, set(unusable), set(bare))
    region_tables = _ocr_regions(data, pages, regions, b)
    headers, footers = strip_running(pages)
    b.headers.extend(headers)
    b.footers.extend(footers)
    finder = TableFinder(data)
    try:
        tables = {p: finder.find(p) for p in ruled}
    finally:
        finder.close()
    tables.update(scanned_tables)
    for n, ts in region_tables.items():
        tables[n] = tables.get(n, []) + ts
    stream = _merge_split_tables(_stream(pages, tables))
    _emit(b, stream)
    return b.build(pages=len(pages), ocr_pages=ocr_pages)


def _ocr(data: bytes, pages, unusable: list[int], b: DocumentBuilder, tables: dict) -> list[int]:
    """Replace the lines of unusable pages by OCR lines (their ruled tables go
    to `tables`); the pages read by OCR."""
    if not unusable:
        return []
    try:
        found = ocr.read_pages(data, unusable)
    except ocr.OcrUnavailable:
        return []  # empty pages are reported by _check_text; garbled ones by its document test
    except pdfium.PdfiumError as e:
        raise ReadError("malformed", "PDF页面内容损坏，无法渲染。", detail=str(e))
    done = [p.number for p in pages if p.number in found and (found[p.number].lines or found[p.number].tables)]
    for p in pages:
        if p.number in found:
            p.lines = found[p.number].lines
            p.chars = sum(len(ln.text.replace(" ", "")) for ln in p.lines)
            if found[p.number].tables:
                tables[p.number] = found[p.number].tables
    if done:
        b.warnings.append(f"第{'、'.join(map(str, done))}页为扫描页，已通过文字识别（OCR）读取，识别结果可能有误，请人工核对关键数据。")
    return done


def _ocr_regions(data: bytes, pages, regions: dict[int, list], b: DocumentBuilder) -> dict[int, list]:
    """Read the image regions of text pages by OCR (their lines join the page where the image
    stands, their ruled tables are returned by page). Without OCR, or where OCR finds no
    text, the document says which page holds an image that was not read: never a silent
    pass on a file whose table may be a picture."""
    if not regions:
        return {}
    try:
        found = ocr.read_regions(data, regions)
    except ocr.OcrUnavailable:
        hint = "已关闭文字识别" if not ocr.enabled() else f"本机未安装文字识别（OCR）组件（{ocr.INSTALL_HINT}）"
        b.warnings.append(f"第{'、'.join(map(str, regions))}页含有较大的图片区域（可能是扫描的表格或文字），"
                          f"{hint}，其内容未读取，请人工核对。")
        b.unread.append(f"第{'、'.join(map(str, regions))}页的图片区域")  # absence of a fact proves nothing there
        return {}
    except pdfium.PdfiumError as e:
        raise ReadError("malformed", "PDF页面内容损坏，无法渲染。", detail=str(e))
    tables: dict[int, list] = {}
    for p in pages:
        got = found.get(p.number)
        if got is None:
            continue
        for ln in got.lines:   # in reading order: before the first text line below it
            k = next((i for i, x in enumerate(p.lines) if x.top > ln.top), len(p.lines))
            p.lines.insert(k, ln)
        if got.tables:
            tables[p.number] = got.tables
    read = [n for n in regions if n in found]
    if read:
        b.warnings.append(f"第{'、'.join(map(str, read))}页的图片区域（如扫描的表格）已通过文字识别（OCR）读取，"
                          "识别结果可能有误，请人工核对关键数据。")
    empty = [n for n in regions if n not in found]
    if empty:
        b.warnings.append(f"第{'、'.join(map(str, empty))}页含有较大的图片区域，经文字识别（OCR）未识别出文字，请人工核对。")
        # OCR ran and found no text: a photo or a drawing, not content left unread
    return tables


def _check_text(pages, b: DocumentBuilder, ocr_pages: list[int], unusable: set[int] = frozenset(),
                bare: set[int] = frozenset()) -> None:
    """Text-layer pages only: OCR pages have been read, the others must be trustworthy.

    A page judged unusable (mostly image with a scanner app's caption, 扫描全能王 创建) that
    OCR did not read counts as empty: its few characters are no content, so a file of
    such pages is `needs_ocr`, never a verdict on the caption. Empty pages holding
    something unread (a scan, outlined or undecodable text) are named in `unread`, so
    screening draws no conclusion from what it did not find; a blank page (`bare`:
    nothing on it beyond its text layer) is neither warned about nor unread."""
    if not pages and ocr_pages:
        return
    empty = [p.number for p in pages if p.chars < MIN_PAGE_CHARS or p.number in unusable]
    if len(empty) == len(pages) and not ocr_pages:
        raise ReadError("needs_ocr", ocr.EMPTY_MESSAGE if ocr.available() else ocr.MISSING_MESSAGE)
    unread = [n for n in empty if n not in bare]
    if unread:
        hint = "识别后仍无文字" if ocr.available() else f"其内容未读取（安装OCR组件后可自动识别：{ocr.INSTALL_HINT}）"
        b.warnings.append(f"第{'、'.join(map(str, unread))}页没有文字层（可能为扫描页），{hint}，请人工核对。")
        b.unread.append(f"第{'、'.join(map(str, unread))}页")
    text = "".join(ln.text for p in pages for ln in p.lines)
    garbage = sum(len(m.group(0)) for m in GARBAGE.finditer(text))
    letters = sum(1 for c in text if c.isalpha())
    if text and garbage / len(text) > MAX_GARBAGE_SHARE:
        raise ReadError("text_unreliable", detail=f"garbage share {garbage / len(text):.2f}")
    if letters >= MIN_LETTERS and is_mojibake(text):  # the encoding is judged, not the language
        raise ReadError("text_unreliable", detail=f"mojibake, CJK ratio {cjk_ratio(text):.3f}")


def _stream(pages, tables: dict[int, list[PdfTable]]) -> list[Line | PdfTable]:
    """Lines in reading order with each table in place of the lines it covers."""
    out: list[Line | PdfTable] = []
    for p in pages:
        pts = tables.get(p.number, [])
        placed: set[int] = set()
        for ln in p.lines:
            cx, cy = (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2
            hit = next((k for k, t in enumerate(pts) if t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3]), None)
            for k, t in enumerate(pts):  # a table no line falls in (OCR: its boxes are its cells) goes where it stands
                if k not in placed and k != hit and t.bbox[3] <= ln.top and any(any(r) for r in t.cells):
                    placed.add(k)
                    out.append(t)
            if hit is None:
                out.append(ln)
            elif hit not in placed:
                placed.add(hit)
                out.append(pts[hit])
        out.extend(t for k, t in enumerate(pts) if k not in placed and any(any(r) for r in t.cells))
    return out


def _merge_split_tables(stream: list) -> list:
    """A table that ends one page and resumes at the top of the next with the same
    columns is one table (financial tables and patent lists run over pages)."""
    out: list = []
    for item in stream:
        prev = out[-1] if out else None
        if (isinstance(item, PdfTable) and isinstance(prev, PdfTable) and item.page == prev.pages[-1] + 1
                and len(item.cells[0]) == len(prev.cells[0]) and isinstance(item, OcrTable) == isinstance(prev, OcrTable)):
            base = len(prev.cells)
            prev.cells.extend(item.cells)
            prev.boxes.extend(item.boxes)
            prev.pages.extend(item.pages)
            if isinstance(prev, OcrTable) and isinstance(item, OcrTable):
                prev.scores.extend(item.scores)
            prev.merged.update({(r + base, c): (r0 + base, c0) for (r, c), (r0, c0) in item.merged.items()})
            continue
        out.append(item)
    return out


def _emit(b: DocumentBuilder, stream: list) -> None:
    # OCR lines have their own geometry (box padding, scan offset): measured apart,
    # and a paragraph never mixes OCR and text-layer lines
    lays = {k: measure([x for x in stream if isinstance(x, Line) and isinstance(x, ocr.OcrLine) == k])
            for k in (False, True)}
    para: list[Line] = []
    for item in stream:
        if isinstance(item, PdfTable):
            _flush(b, para, lays)
            para = []
            _add_table(b, item)
        elif para and (isinstance(item, ocr.OcrLine) != isinstance(para[-1], ocr.OcrLine)
                       or starts_paragraph(para[-1], item, lays[isinstance(item, ocr.OcrLine)])):
            _flush(b, para, lays)
            para = [item]
        else:
            para.append(item)
    _flush(b, para, lays)


def _flush(b: DocumentBuilder, lines: list[Line], lays: dict) -> None:
    if not lines:
        return
    scores = [ln.score for ln in lines if isinstance(ln, ocr.OcrLine)]
    lay = lays[bool(scores)]
    # the weakest line decides: low-confidence OCR evidence must send a check to review
    extra = {"origin": "ocr", "confidence": round(min(scores), 4)} if scores else {}
    m = Mapped()
    for ln in lines:
        t, _ = normalize_inline(ln.text)
        m = join(m, Mapped(t, [0] * len(t)))
    text, _ = normalize_inline(m.text)
    if scores:  # punctuation context runs over line ends
        text = ocr.fullwidth_punct(text)
    first = [ln for ln in lines if ln.page == lines[0].page]
    bbox = (min(ln.x0 for ln in first), min(ln.top for ln in first),
            max(ln.x1 for ln in first), max(ln.bottom for ln in first))
    emphasized = lines[0].size > lay.size * HEADING_SIZE or all(ln.bold for ln in lines)
    heading = emphasized and len(text) <= HEADING_MAX_CHARS and not ends_sentence(text)
    b.add(text, b.loc(page=lines[0].page, bbox=tuple(round(v, 1) for v in bbox)),
          kind="heading" if heading else "paragraph", **extra)


def _add_table(b: DocumentBuilder, t: PdfTable) -> None:
    index = len(b.tables)
    grid = []
    for r, row in enumerate(t.cells):
        grid.append([
            (text, b.loc(page=t.pages[r], table=index, row=r, col=c,
                         bbox=tuple(round(v, 1) for v in t.boxes[r][c]) if c < len(t.boxes[r]) and t.boxes[r][c] else None),
             _ocr_cell(t, r, c))
            if text else None
            for c, text in enumerate(row)
        ])
    b.add_table(grid, page=t.page, merged=t.merged)


def _ocr_cell(t: PdfTable, r: int, c: int) -> dict:
    if not isinstance(t, OcrTable):
        return {}
    score = t.scores[r][c] if r < len(t.scores) and c < len(t.scores[r]) else None
    return {"origin": "ocr", "confidence": round(score, 4) if score is not None else None}
