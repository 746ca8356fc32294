"""Word (.docx) reader.

Why walk the body XML: paragraphs and tables must come out in document order
(doc.paragraphs then doc.tables loses where a table sits), numbering labels must
be resolved as Word shows them, and merged cells must repeat their text so a
row read across still makes sense. Headers and footers go to Document.headers
/footers so running titles never look like body text.
"""
from __future__ import annotations

import io
import re
import zipfile

from docx.styles import BabelFish

from models.document import Document
from extractors.readers import ocr, ole
from extractors.readers.builder import DocumentBuilder
from extractors.readers.errors import ReadError
from extractors.readers.limits import DEFAULT as LIMITS
from extractors.readers.normalize import normalize_inline
from extractors.readers.numbering import W, Numbering

_SKIP = {"pPr", "rPr", "delText", "instrText", "Fallback", "txbxContent", "del", "moveFrom", "footnoteReference"}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_HEADING = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


def _tag(el) -> str:
    t = el.tag
    return t.rsplit("}", 1)[-1] if isinstance(t, str) else ""


def read_ole(data: bytes, source: str) -> Document:
    """OLE compound files: encrypted OOXML, or legacy .doc/.wps/.xls."""
    if ole.is_encrypted(data):
        raise ReadError("encrypted", "Word文件设有打开密码（已加密），请索取未加密版本后重新提交。")
    if ole.kind(data) == "word97":
        raise ReadError(
            "unsupported_format",
            "旧版Word（.doc）文件暂不能直接读取，请用 LibreOffice 转换为 .docx 后重新提交"
            "（soffice --headless --convert-to docx 文件名.doc）。",
        )
    raise ReadError("unsupported_format", "不支持该Office文件格式（如 .wps/.xls），请另存为 .docx 或 .pdf 后重新提交。")


def _open_zip(data: bytes, source: str = "") -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        total = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ReadError("malformed", "Word文件已损坏或不完整（压缩包无法打开），请索取原始文件。", detail=str(e))
    if total > LIMITS.max_total_bytes:
        raise ReadError("zip_bomb", detail=f"uncompressed {total} bytes")
    for info in zf.infolist():
        # a large part this much smaller packed than unpacked is a bomb
        if info.file_size > LIMITS.ratio_floor and info.file_size > LIMITS.max_ratio * max(info.compress_size, 1):
            raise ReadError("zip_bomb", detail=f"{info.filename}: {info.file_size} bytes from {info.compress_size}")
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
            code = "wrong_format" if source.lower().endswith((".docx", ".doc")) else "unsupported_format"
            raise ReadError(code, "该文件实为Excel或PowerPoint文件，请提交Word（.docx）或PDF格式的材料。")
        if "[Content_Types].xml" in names:
            raise ReadError("malformed", "Word文件缺少正文部分（word/document.xml），文件已损坏。")
        raise ReadError("wrong_format", "文件是压缩包而不是Word文档，请提交 .docx 或 .pdf 文件。")
    return zf


def read_docx_bytes(data: bytes, source: str) -> Document:
    _open_zip(data, source)
    import docx  # python-docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as e:  # lxml / KeyError / ValueError on broken packages
        raise ReadError("malformed", "Word文件内部结构损坏，无法读取，请索取原始文件。", detail=f"{type(e).__name__}: {e}")
    return _DocxWalker(doc, source).run()


class _DocxWalker:
    def __init__(self, doc, source: str):
        self.doc = doc
        self.b = DocumentBuilder(source, "docx")
        try:
            numbering_el = doc.part.numbering_part.element
        except Exception:
            numbering_el = None
        self.num = Numbering(numbering_el, doc.styles.element)
        self.para_index = 0
        self.unread_scans: list[int] = []

    def run(self) -> Document:
        self._nested: list = []  # tables met inside the cells of the table being read
        self.note_at: dict[tuple[str, str], int] = {}  # (footnote|endnote, id) → paragraph of its mark
        self._body(self.doc.element.body)
        self._notes()
        self._headers_footers()
        if self.unread_scans:
            where = "、".join(f"第{i + 1}段" for i in self.unread_scans)
            if not self.b.blocks:
                raise ReadError("needs_ocr", f"Word文件只含扫描图片（{where}），本机未安装文字识别（OCR）组件，无法读取。"
                                             f"请安装（{ocr.INSTALL_HINT}）后重新处理，或索取可复制文字的版本。")
            self.b.warnings.append(f"{where}含扫描图片，未安装文字识别（OCR）组件，其内容未读取，请人工核对。")
            self.b.unread.append(f"{where}的扫描图片")
        return self.b.build()

    def _body(self, parent) -> None:
        for child in parent.iterchildren():
            tag = _tag(child)
            if tag == "p":
                self._paragraph(child)
            elif tag == "tbl":
                self._table(child)
            elif tag in ("sdt", "sdtContent", "customXml"):
                self._body(child.find(f"{W}sdtContent") if tag == "sdt" else child)

    def _para_text(self, p) -> tuple[str, str | None]:
        """Visible text of a paragraph with its numbering label prefixed."""
        label = self.num.label(p)
        parts: list[str] = []
        _collect(p, parts)
        text, _ = normalize_inline(" ".join("".join(parts).split("\n")))
        if label:
            lab, _ = normalize_inline(label)
            text = lab + text
            return text, lab
        return text, None

    def _paragraph(self, p) -> None:
        index = self.para_index
        self.para_index += 1
        text, label = self._para_text(p)
        style_id = _pval(p, "pStyle")
        raw_name = self.num.style_name(style_id)
        style = BabelFish.internal2ui(raw_name) if raw_name else None
        kind = "paragraph"
        if raw_name and (_HEADING.match(raw_name) or raw_name.lower() in ("title", "标题")):
            kind = "heading"
        elif _pval(p, "outlineLvl") not in (None, "9"):
            kind = "heading"
        elif label:
            kind = "list_item"
        self.b.add(text, self.b.loc(paragraph=index), kind=kind, style=style, label=label)
        for ref in p.iter(f"{W}footnoteReference", f"{W}endnoteReference"):
            self.note_at.setdefault((_tag(ref)[:-9], ref.get(f"{W}id") or ""), index)
        for box in p.iter(f"{W}txbxContent"):  # text boxes: their paragraphs follow the anchor
            if not any(_tag(a) == "Fallback" for a in box.iterancestors()):
                for bp in box.iter(f"{W}p"):
                    t, lab = self._para_text(bp)
                    self.b.add(t, self.b.loc(paragraph=index), label=lab)
        self._scans(p, index)

    def _scans(self, p, index: int) -> None:
        """A pasted scan (licence, signed commitment) is read by OCR after its paragraph."""
        seen: set[str] = set()
        for el in p.iter(f"{_A}blip", f"{_V}imagedata"):
            rid = el.get(f"{_R}embed") or el.get(f"{_R}id")
            if not rid or rid in seen or any(_tag(a) == "Fallback" for a in el.iterancestors()):
                continue
            seen.add(rid)
            try:
                blob = self.doc.part.related_parts[rid].blob
            except (KeyError, AttributeError):
                continue
            if not ocr.is_scan_image(blob):
                continue
            try:
                paras = ocr.read_image(blob)
            except ocr.OcrUnavailable:
                self.unread_scans.append(index)
                continue
            except Exception as e:  # a corrupt image must not lose the rest of the document
                self.b.warnings.append(f"第{index + 1}段的图片无法识别（{type(e).__name__}），请人工核对。")
                self.b.unread.append(f"第{index + 1}段的图片")
                continue
            for lines in paras:
                self.b.add(ocr.paragraph_text(lines), self.b.loc(paragraph=index), origin="ocr",
                           confidence=round(min(ln.score for ln in lines), 4))
            if paras:
                self.b.warnings.append(f"第{index + 1}段的图片为扫描件，已通过文字识别（OCR）读取，识别结果可能有误，请人工核对。")

    def _cell_text(self, tc) -> str:
        parts = []
        for el in tc.iterchildren():
            if _tag(el) == "p":
                parts.append(self._para_text(el)[0])
            elif _tag(el) == "tbl":
                parts.extend(self._cell_text(c) for c in el.iter(f"{W}tc"))
                self._nested.append(el)  # read again as a table of its own once the outer one is added
            elif _tag(el) == "sdt":
                parts.append(self._cell_text(el.find(f"{W}sdtContent")))
        text, _ = normalize_inline(" ".join(p for p in parts if p))
        return text

    def _table(self, tbl, caption: str = "", parent: tuple[int, int, int] | None = None) -> None:
        """A table; a table nested in a cell (consortium members, a sub-table of figures) is
        kept flattened in its cell for context and also added, after its outer table, as a
        table of its own so its rows and columns stay readable, captioned with the label
        beside its cell (联合体组成 | [序号 | 单位名称 | 分工]): the label says what its rows are."""
        outer_nested = getattr(self, "_nested", None)
        self._nested = []
        try:
            hosts = self._one_table(tbl, caption, parent)
            nested, self._nested = self._nested, []
            for inner in nested:
                if next(inner.iterancestors(f"{W}tbl"), None) is tbl:  # deeper ones: by their own table
                    self._table(inner, _cell_label(inner), hosts.get(id(inner)))
        finally:
            self._nested = outer_nested if outer_nested is not None else []

    def _one_table(self, tbl, caption: str = "", parent: tuple[int, int, int] | None = None) -> dict[int, tuple[int, int, int]]:
        """Adds the table; returns, for each table nested in one of its cells, that cell."""
        index = len(self.b.tables)
        hosts: dict[int, tuple[int, int, int]] = {}
        grid: list[list] = []
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for r, tr in enumerate(tbl.iterchildren(f"{W}tr")):
            row: list = []
            col = int(_trval(tr, "gridBefore") or 0)
            row.extend([None] * col)
            for tc in _cells(tr):
                tcpr = tc.find(f"{W}tcPr")
                span = int(_val(tcpr, "gridSpan") or 1)
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                cont = vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue"
                if cont and r > 0:
                    above = merged.get((r - 1, col), (r - 1, col))
                    for k in range(span):
                        merged[(r, col + k)] = merged.get((r - 1, col + k), above)
                        row.append(None)
                else:
                    seen = len(self._nested)
                    text = self._cell_text(tc)
                    for el in self._nested[seen:]:
                        hosts.setdefault(id(el), (index, r, col))
                    row.append((text, self.b.loc(table=index, row=r, col=col)) if text else None)
                    for k in range(1, span):
                        merged[(r, col + k)] = (r, col)
                        row.append(None)
                col += span
            grid.append(row)
        self.b.add_table(grid, merged=merged, caption=caption, parent=parent)
        return hosts

    def _notes(self) -> None:
        """Footnotes and endnotes: a title or an exemption stated in a note is part of the
        submission. Each note becomes blocks after the body, located at the paragraph
        that carries its mark (the separator notes, ids -1 and 0, carry no text)."""
        for part in self.doc.part.package.iter_parts():
            name = str(part.partname)
            kind = "footnote" if name.endswith("/footnotes.xml") else "endnote" if name.endswith("/endnotes.xml") else None
            if kind is None:
                continue
            try:
                from lxml import etree

                root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            except Exception:
                self.b.warnings.append(f"Word文件的{'脚注' if kind == 'footnote' else '尾注'}无法读取，请人工核对。")
                self.b.unread.append(f"Word文件的{'脚注' if kind == 'footnote' else '尾注'}")
                continue
            for note in root.iter(f"{W}{kind}"):
                nid = note.get(f"{W}id") or ""
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                where = self.note_at.get((kind, nid))
                for p in note.iter(f"{W}p"):
                    text, label = self._para_text(p)
                    if text.strip():
                        self.b.add(text, self.b.loc(paragraph=where), style=kind, label=label)

    def _headers_footers(self) -> None:
        for section in self.doc.sections:
            for attr, sink in (("header", self.b.headers), ("first_page_header", self.b.headers),
                               ("even_page_header", self.b.headers), ("footer", self.b.footers),
                               ("first_page_footer", self.b.footers), ("even_page_footer", self.b.footers)):
                try:
                    hf = getattr(section, attr)
                    if hf.is_linked_to_previous:
                        continue
                    el = hf._element
                except Exception:
                    continue
                for p in el.iter(f"{W}p"):
                    parts: list[str] = []
                    _collect(p, parts)
                    text, _ = normalize_inline(" ".join("".join(parts).split("\n")))
                    if text:
                        sink.append(text)


def _collect(el, out: list[str]) -> None:
    """Run text in order: tabs and breaks as whitespace; deletions, field codes,
    fallback copies and text boxes skipped."""
    for ch in el.iterchildren():
        t = _tag(ch)
        if t == "t":
            out.append(ch.text or "")
        elif t == "tab":
            out.append("\t")
        elif t in ("br", "cr"):
            out.append("\n" if ch.get(f"{W}type") != "page" else "")
        elif t == "noBreakHyphen":
            out.append("-")
        elif t not in _SKIP:
            _collect(ch, out)


def _plain(el) -> str:
    """The text of a cell's own paragraphs (not of tables nested in it)."""
    parts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in el.iterchildren(f"{W}p")]
    text, _ = normalize_inline(" ".join(x for x in parts if x.strip()))
    return text.strip()


def _cell_label(inner) -> str:
    """The label of a nested table: the words just before it in its own cell (参与单位：),
    else the nearest non-empty cell to its left in the same row (联合体组成 | [table])."""
    tc = next(inner.iterancestors(f"{W}tc"), None)
    if tc is None:
        return ""
    before = []
    for el in tc.iterchildren():
        if el is inner:
            break
        if _tag(el) == "p":
            before.append("".join(t.text or "" for t in el.iter(f"{W}t")))
    own = "".join(before).strip()
    if own:
        return normalize_inline(own)[0].strip()
    tr = tc.getparent()
    while tr is not None and _tag(tr) != "tr":
        tr = tr.getparent()
    if tr is None:
        return ""
    left = ""
    for cell in _cells(tr):
        if cell is tc:
            break
        left = _plain(cell) or left
    return left


def _cells(tr):
    for el in tr.iterchildren():
        if _tag(el) == "tc":
            yield el
        elif _tag(el) in ("sdt", "customXml"):
            content = el.find(f"{W}sdtContent") if _tag(el) == "sdt" else el
            if content is not None:
                yield from (c for c in content.iterchildren() if _tag(c) == "tc")


def _val(el, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None


def _pval(p, tag: str) -> str | None:
    return _val(p.find(f"{W}pPr"), tag)


def _trval(tr, tag: str) -> str | None:
    return _val(tr.find(f"{W}trPr"), tag)
