"""The one document model every reader produces.

Why one model: the guide extractor, the claims extractor and the matcher must
not care whether a sentence came from a Word paragraph, a PDF page or a plain
text export. Every block keeps where it came from so any value extracted from it
can be shown to a person next to its source.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Origin = Literal["text", "docx", "pdf", "ocr"]
BlockKind = Literal["paragraph", "heading", "list_item", "table_cell", "header", "footer"]


class Location(BaseModel):
    """Where a block sits in its source file (1-based page, 0-based indices)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    page: int | None = Field(None, description="PDF page, 1-based")
    line: int | None = Field(None, description="line in a text file, 1-based")
    paragraph: int | None = Field(None, description="DOCX body paragraph index, 0-based")
    table: int | None = Field(None, description="table index in the document, 0-based")
    row: int | None = None
    col: int | None = None
    bbox: tuple[float, float, float, float] | None = Field(
        None, description="x0, top, x1, bottom in PDF points (PDF and OCR only)"
    )
    part: Literal["header", "footer"] | None = Field(
        None, description="the page header or footer (running text printed on every page), not the body"
    )

    def label(self) -> str:
        """Short Chinese locator for staff, e.g. 第3页 or 第12段 or 表2第3行第1列."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            cell = f"表{self.table + 1}"
            if self.row is not None:
                cell += f"第{self.row + 1}行"
            if self.col is not None:
                cell += f"第{self.col + 1}列"
            parts.append(cell)
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph + 1}段")
        elif self.line is not None and self.page is None:
            parts.append(f"第{self.line}行")
        if self.part is not None:
            parts.append({"header": "页眉", "footer": "页脚"}[self.part])
        return "".join(parts) or self.file


class Block(BaseModel):
    """One paragraph, heading, list item or table cell of normalized text.

    `start`/`end` are offsets into `Document.text`; `orig_start`/`orig_end` are
    offsets into the raw text the reader saw (text files only), so a quote can be
    traced back to the unnormalized export.
    """

    model_config = ConfigDict(extra="forbid")

    id: int
    kind: BlockKind = "paragraph"
    text: str
    start: int
    end: int
    location: Location
    origin: Origin = "text"
    style: str | None = Field(None, description="DOCX style name or markdown heading marker")
    label: str | None = Field(None, description="visible numbering label resolved from Word auto-numbering")
    confidence: float | None = Field(None, description="OCR confidence 0-1; None for text layers")
    orig_start: int | None = None
    orig_end: int | None = None


class Table(BaseModel):
    """A table as a grid of normalized cell texts; merged cells repeat their text."""

    model_config = ConfigDict(extra="forbid")

    index: int
    rows: list[list[str]]
    block_ids: list[list[int | None]] = Field(default_factory=list, description="block id of each cell")
    page: int | None = None
    start: int = 0
    end: int = 0
    caption: str = Field("", description="for a table nested in a cell: the label beside that cell (联合体组成)")
    parent: tuple[int, int, int] | None = Field(
        None, description="for a table nested in a cell: (table, row, col) of that cell; the cell's flattened text repeats it")


class Document(BaseModel):
    """A read document: normalized text, its blocks in reading order, tables."""

    model_config = ConfigDict(extra="forbid")

    source: str
    format: Literal["text", "docx", "pdf"]
    text: str = Field(description="normalized text: blocks joined by newlines")
    blocks: list[Block] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    headers: list[str] = Field(default_factory=list, description="page headers kept apart from the body")
    footers: list[str] = Field(default_factory=list)
    pages: int | None = None
    ocr_pages: list[int] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    unread: list[str] = Field(default_factory=list, description=(
        "parts holding content the reader could not read (e.g. 第3、5页 without a text layer and no OCR, "
        "a scanned image in a Word file): a fact or material not found may be there, so screening "
        "draws no conclusion from its absence"))

    def block_at(self, offset: int) -> Block | None:
        """The block containing a character offset of `text` (binary search)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset >= b.end + 1:  # the joining newline belongs to the block before
                lo = mid + 1
            else:
                return b
        return None


class Section(BaseModel):
    """A node of the outline built from Chinese official numbering."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(description="numbering as written, e.g. 附件3, 三、, （一）, 1., （4）, ①")
    kind: str = Field(description="numbering family: attachment, cn, paren_cn, arabic, paren_arabic, circled, heading")
    title: str = Field("", description="heading text after the label (first sentence)")
    path: str = Field(description="labels joined with '/', e.g. 附件3/三、申报条件/（一）新建项目/1./（4）")
    level: int
    start: int
    end: int
    children: list["Section"] = Field(default_factory=list)
