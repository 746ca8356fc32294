"""A tiny document builder that writes DOCX and resolves gold evidence.

Why record evidence while writing: every gold quote must be an exact substring
of the paragraph or table cell it points at, with the DOCX location a reader
would report (body paragraph index, table/row/col). Quotes are checked here,
so a template typo fails generation instead of producing a wrong label.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from models.claims import Evidence
from models.document import Location


@dataclass
class Para:
    text: str
    style: str | None = None  # title, h1, h2, center, right
    page_break_before: bool = False


@dataclass
class Table:
    rows: list[list[str]]
    widths: list[float] | None = None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (same text repeated)
    font_pt: float | None = None


class Builder:
    def __init__(self, file: str, header: str | None = None):
        self.file = file
        self.header = header
        self.elements: list[Para | Table] = []
        self.features: set[str] = set()  # index flags a layout states about itself (e.g. month_only_date)
        self._pending: list[tuple[Evidence, int, int | None, int | None]] = []

    # -- writing ---------------------------------------------------------
    def para(self, text: str, style: str | None = None, page_break_before: bool = False) -> int:
        self.elements.append(Para(text, style, page_break_before))
        return len(self.elements) - 1

    def table(self, rows: list[list[str]], **kw) -> int:
        self.elements.append(Table(rows, **kw))
        return len(self.elements) - 1

    # -- evidence --------------------------------------------------------
    def ev(self, el: int, quote: str, row: int | None = None, col: int | None = None) -> Evidence:
        e = self.elements[el]
        text = e.text if isinstance(e, Para) else e.rows[row][col]
        if quote not in text:
            raise ValueError(f"quote {quote!r} not in {text!r}")
        ev = Evidence(file=self.file, quote=quote, origin="docx")
        self._pending.append((ev, el, row, col))
        return ev

    def cell(self, el: int, row: int, col: int) -> Evidence:
        return self.ev(el, self.elements[el].rows[row][col], row, col)

    def find(self, quote: str) -> Evidence:
        """Evidence for the first paragraph containing `quote`."""
        for i, e in enumerate(self.elements):
            if isinstance(e, Para) and quote in e.text:
                return self.ev(i, quote)
        raise ValueError(f"quote {quote!r} not found")

    # -- output ----------------------------------------------------------
    def save(self, path: str) -> None:
        doc = Docx()
        st = doc.styles["Normal"]
        st.font.name = "Noto Serif CJK SC"
        st.font.size = Pt(11)
        st.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
        if self.header:
            doc.sections[0].header.paragraphs[0].text = self.header
        where: dict[int, tuple[str, int]] = {}
        n_par = n_tab = 0
        for i, e in enumerate(self.elements):
            if isinstance(e, Para):
                p = doc.add_paragraph()
                run = p.add_run(e.text)
                if e.page_break_before:
                    p.paragraph_format.page_break_before = True
                if e.style in ("title", "h1", "h2"):
                    run.bold = True
                    run.font.size = Pt({"title": 20, "h1": 14, "h2": 12}[e.style])
                if e.style in ("title", "center"):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if e.style == "right":
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                where[i] = ("p", n_par)
                n_par += 1
            else:
                ncol = max(len(r) for r in e.rows)
                t = doc.add_table(rows=len(e.rows), cols=ncol)
                t.style = "Table Grid"
                for row, trow in zip(e.rows, t.rows):
                    for txt, cell in zip(row, trow.cells):
                        cell.text = txt
                        if e.font_pt:
                            for run in cell.paragraphs[0].runs:
                                run.font.size = Pt(e.font_pt)
                for r0, c0, r1, c1 in e.merges:
                    a = t.cell(r0, c0)
                    a.merge(t.cell(r1, c1))
                    a.text = e.rows[r0][c0]
                where[i] = ("t", n_tab)
                n_tab += 1
        doc.save(path)
        _freeze_zip(path)
        for ev, el, row, col in self._pending:
            kind, idx = where[el]
            ev.location = (Location(file=self.file, paragraph=idx) if kind == "p"
                           else Location(file=self.file, table=idx, row=row, col=col))



def _freeze_zip(path: str) -> None:
    """Rewrite the DOCX zip with a fixed timestamp per member.

    Why: python-docx stamps each zip member with the current time, so an
    unchanged document re-rendered later differs byte for byte; with frozen
    timestamps a regenerated corpus shows in `git status` only what really
    changed.
    """
    import zipfile

    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 6, 11, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, data)
