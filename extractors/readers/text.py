"""Plain-text and markdown reader (.txt, .md, and strings).

Why line-level rules here: text exports of PDFs and Word files are how guides
often arrive. Their paragraphs are lines, but page breaks, hard wraps (lines
ending in two spaces) and tab-separated tables leak through; this reader
rebuilds paragraphs and tables and keeps, per block, the raw offsets
(`orig_start`/`orig_end`, into the decoded text) of what it was built from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from models.document import Document
from extractors.readers.builder import DocumentBuilder
from extractors.readers.errors import ReadError
from extractors.readers.normalize import (
    Mapped, clean_inline, continues_after_break, ends_sentence, iter_lines, join, markdown_line, starts_item,
)

_TRAILING_BACKSLASH = re.compile(r"\\\s*$")  # markdown hard line break
_NON_INITIAL = re.compile(r"^[，。、；：！？）」』”’》〕】,;:!?)\]]")


# Tried in order: Chinese submissions are UTF-8 or GB18030; what neither decodes is a
# single-byte legacy text (Windows-1252 and its Latin-1 base), never "not text".
_ENCODINGS = ("utf-8", "gb18030", "cp1252")
_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01  # binary junk is ~10 % control bytes; text has next to none


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, GB18030, or a
    single-byte legacy encoding (Windows-1252, else Latin-1)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ReadError("wrong_format", "文件含有二进制内容，不是文本文件，请确认文件类型。")
    for enc in _ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def looks_textual(data: bytes) -> bool:
    """Is this (the head of) a text file? No NUL bytes unless UTF-16, and decoded as the
    reader decodes it, next to no control characters. The one test for the batch's
    pre-read gate and the single-file reader."""
    head = bytes(data[:4096])
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    text = None
    for enc in ("utf-8", "gb18030"):
        try:
            text = head.decode(enc)
            break
        except UnicodeDecodeError as e:
            if e.start > len(head) - 4 and len(data) > len(head):  # cut in the middle of a character
                text = head[:e.start].decode(enc)
                break
    if text is None:
        text = head.decode("cp1252", errors="ignore")
    text = text.lstrip("\ufeff")
    return not text or len(_CONTROL.findall(text)) <= MAX_CONTROL_SHARE * len(text)


def read_text_bytes(data: bytes, source: str) -> Document:
    text, enc = decode(data)
    doc = read_text(text, source)
    if enc in ("cp1252", "latin-1"):
        doc.warnings.append("文本不是UTF-8或GB18030编码，已按西文单字节编码（Windows-1252）读取，如有乱码请索取UTF-8版本。")
    return doc


@dataclass
class _Line:
    no: int
    text: Mapped
    heading: int | None = None
    list_item: bool = False
    hard_break: bool = False
    blank_before: bool = False


@dataclass
class _TableRun:
    lines: list[tuple[int, int, int]]  # (line_no, start, end) incl. blanks as (no, -1, -1)


def read_text(text: str, source: str = "<text>") -> Document:
    """Normalize a text export into a Document (format "text")."""
    b = DocumentBuilder(source, "text")
    for item in _items(text):
        if isinstance(item, _TableRun):
            _add_table(b, text, item)
        else:
            kind = "heading" if item.heading else ("list_item" if item.list_item else "paragraph")
            b.add(
                item.text.text, b.loc(line=item.no), kind=kind,
                style=f"h{item.heading}" if item.heading else None,
                orig_start=item.text.pos[0], orig_end=item.text.end_pos(),
            )
    return b.build()


def _is_table_line(raw: str) -> bool:
    if "\t" not in raw:
        return False
    cells = [c for c in raw.split("\t") if c.strip()]
    return bool(cells) and (raw.startswith("\t") or len(cells) >= 2)


def _items(raw: str):
    """Yield paragraphs (_Line, already joined) and table runs in order."""
    cur: _Line | None = None
    blank = False
    run: list[tuple[int, int, int]] = []
    for no, s, e in iter_lines(raw):
        line = raw[s:e]
        if _is_table_line(line):
            if cur:
                yield cur
                cur = None
            run.append((no, s, e))
            continue
        if not line.strip():
            if run:
                run.append((no, -1, -1))
            blank = True
            continue
        if run:
            yield from _table_or_lines(raw, run)
            run = []
        md = markdown_line(Mapped.span(raw, s, e))
        if md.rule:
            blank = True
            continue
        m = clean_inline(md.text.sub(_TRAILING_BACKSLASH, ()))
        if not m.text:
            blank = True
            continue
        new = _Line(no, m, md.heading, md.list_item, line.endswith(("  ", "\\")), blank)
        blank = False
        if cur is not None and _continues(cur, new):
            cur.text = join(cur.text, new.text)
            cur.hard_break = new.hard_break
            continue
        if cur:
            yield cur
        cur = new
    if run:
        yield from _table_or_lines(raw, run)
    if cur:
        yield cur


def _continues(cur: _Line, new: _Line) -> bool:
    if cur.heading or new.heading or new.list_item or starts_item(new.text.text):
        return False
    if not new.blank_before and cur.hard_break:
        return True
    if not new.blank_before:
        return not ends_sentence(cur.text.text) and bool(_NON_INITIAL.match(new.text.text))
    return continues_after_break(cur.text.text, new.text.text)


def _table_or_lines(raw: str, run: list[tuple[int, int, int]]):
    """A run of tab lines with at least two cells is a table; else plain lines."""
    lines = [(no, s, e) for no, s, e in run if s >= 0]
    cells = sum(len([c for c in raw[s:e].split("\t") if c.strip()]) for _, s, e in lines)
    if cells >= 2:
        yield _TableRun(run)
        return
    for no, s, e in lines:
        m = clean_inline(Mapped.span(raw, s, e))
        if m.text:
            yield _Line(no, m)


def _cell_spans(raw: str, s: int, e: int, drop_lead: bool) -> list[tuple[int, int]]:
    spans, pos = [], s
    for part in raw[s:e].split("\t"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans[1:] if drop_lead and spans and not raw[spans[0][0]:spans[0][1]].strip() else spans


def _add_table(b: DocumentBuilder, raw: str, run: _TableRun) -> None:
    """Two shapes: one row per line (cells split by tabs), or one cell per line
    with blank lines between rows (Word tables exported as text)."""
    groups: list[list[tuple[int, int, int]]] = [[]]
    for no, s, e in run.lines:
        if s < 0:
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append((no, s, e))
    groups = [g for g in groups if g]
    lines = [ln for g in groups for ln in g]
    lead = all(raw[s:e].startswith("\t") for _, s, e in lines)
    one_cell = all(len([c for c in raw[s:e].split("\t") if c.strip()]) <= 1 for _, s, e in lines)
    index = len(b.tables)
    grid: list[list] = []
    if one_cell and len(groups) > 1:
        rows = [[(no, s, e) for no, s, e in g] for g in groups]
        for r, g in enumerate(rows):
            grid.append([_cell(b, raw, no, s + (1 if lead else 0), e, index, r, c) for c, (no, s, e) in enumerate(g)])
    else:
        for r, (no, s, e) in enumerate(lines):
            grid.append([_cell(b, raw, no, cs, ce, index, r, c)
                         for c, (cs, ce) in enumerate(_cell_spans(raw, s, e, lead))])
    b.add_table(grid)


def _cell(b: DocumentBuilder, raw: str, no: int, s: int, e: int, table: int, row: int, col: int):
    m = clean_inline(Mapped.span(raw, s, e))
    if not m.text:
        return None
    return m.text, b.loc(line=no, table=table, row=row, col=col), {"orig_start": m.pos[0], "orig_end": m.end_pos()}
