"""Contacts: 联系人/电话 lines, 咨询电话 sentences and contact tables.

Why tables first: a city guide may list one contact per district as a grid
(单位 | 联系人 | 联系电话); the reader hands it over as `Document.tables`. A plain
export that lost the grid (one cell per line) is rebuilt from the header cells.
"""
from __future__ import annotations

import re

from extractors.guide.ctx import Ctx
from extractors.guide.text import Span, compact, source
from models.document import Document, Table
from models.schema import Contact

PHONE = re.compile(r"(?<![\d-])(?:\(?0\d{2,3}\)?[-－\s]?)?\d{7,8}(?:[-－转]\d{1,5})?(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")
_PERSON = re.compile(r"联\s*系\s*人\s*[:：]\s*([^\n电]+?)\s*(?:[,，;；]?\s*(?:联系)?电\s*话\s*[:：]|$)")
_HEADERS = {"unit": ("单位", "部门", "单 位"), "person": ("联系人", "姓名"), "phone": ("电话", "联系电话", "手机")}


def _split_unit_person(text: str) -> tuple[str | None, str | None]:
    text = text.strip(" ，,。")
    parts = text.rsplit(None, 1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    m = re.match(r"(.+?(?:处|局|科|室|中心|部|所|办公室))([\u4e00-\u9fa5]{2,4})$", text)
    if m:
        return m.group(1), m.group(2)
    return None, text or None


_LABEL = re.compile(r"^[^：:，,；;]{1,12}[：:]")


def from_entries(ctx: Ctx, block: Span) -> list[Contact]:
    """Entries `[业务咨询：]单位，姓名，电话` separated by ；/。 — the layout of a 联系方式
    section or of a `联系人及电话：…；…` line, where no 联系人： label sits before each name."""
    out: list[Contact] = []
    text = block.text
    pos = 0
    for piece in re.split(r"(?<=[；;。])", text):
        a, pos = pos, pos + len(piece)
        phones = list(PHONE.finditer(piece))
        if not phones:
            continue
        head = _LABEL.sub("", piece[: phones[0].start()].strip()).strip(" ，,、：:")
        parts = [p for p in re.split(r"[，,、]", head) if p.strip()]
        if len(parts) >= 2:
            unit, person = "，".join(parts[:-1]).strip(), parts[-1].strip()
        else:
            unit, person = _split_unit_person(head) if head else (None, None)
        span = Span(block.start + a, block.start + pos, piece.rstrip("；;。"))
        for ph in phones:
            out.append(Contact(unit=unit or None, person=person or None, phone=ph.group(0).strip(),
                               source=source(ctx.doc, ctx.path, span)))
    return out


def from_text(ctx: Ctx, block: Span, next_text: str | None, in_contacts: bool = False) -> list[Contact]:
    """联系人：单位 姓名 / 电话：… (phone on the same or the next line) and 咨询电话：…;
    in a 联系方式 section (`in_contacts`) or after 联系人及电话：, entries without labels."""
    text = block.text
    out: list[Contact] = []
    if in_contacts or re.match(r"^\s*联\s*系\s*(人|方式)\s*(及|和|与)?\s*(联系)?(电\s*话)?\s*[:：]", text):
        if not _PERSON.search(text) and not re.match(r"^\s*电\s*话", text):
            return from_entries(ctx, block)
    m = _PERSON.search(text)
    if m and PHONE.search(m.group(1)):
        return _pairs(ctx, block, m.start(1), m.end(1))  # 联系人：王明 0571-…，李华 0571-… — several on one line
    if m:
        unit, person = _split_unit_person(m.group(1))
        phones = PHONE.findall(text[m.end(1):]) or (PHONE.findall(next_text) if next_text and "电" in next_text[:6] else [])
        for ph in phones or []:
            out.append(Contact(unit=unit, person=person, phone=ph.strip(), source=source(ctx.doc, ctx.path, block)))
        return out
    if re.search(r"(咨询|联系)电话|电\s*话\s*[:：]", text) and not re.match(r"^\s*电\s*话", text):
        for ph in PHONE.findall(text):
            out.append(Contact(phone=ph.strip(), source=source(ctx.doc, ctx.path, block)))
    return out


def _pairs(ctx: Ctx, block: Span, a: int, b: int) -> list[Contact]:
    """Each phone with the name written just before it (after the previous phone)."""
    text, out, prev = block.text, [], a
    for ph in PHONE.finditer(text, a, b):
        unit, person = _split_unit_person(text[prev: ph.start()].strip(" ，,、；;：:（("))
        out.append(Contact(unit=unit, person=person, phone=ph.group(0).strip(), source=source(ctx.doc, ctx.path, block)))
        prev = ph.end()
    return out


def _columns(header: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        c = compact(cell)
        for key, names in _HEADERS.items():
            if key not in cols and any(compact(n) == c or compact(n) in c for n in names):
                cols[key] = i
                break
    return cols if "phone" in cols and ("person" in cols or "unit" in cols) else None


def from_table(ctx: Ctx, doc: Document, table: Table) -> list[Contact]:
    if not table.rows:
        return []
    cols = _columns(table.rows[0])
    if cols is None:
        return []
    out = []
    for r, row in enumerate(table.rows[1:], 1):
        def cell(key):
            i = cols.get(key)
            return compact(row[i]) if i is not None and i < len(row) and row[i].strip() else None
        phone = cell("phone")
        if not phone:
            continue
        bid = table.block_ids[r][cols["phone"]] if table.block_ids and r < len(table.block_ids) else None
        block = next((b for b in doc.blocks if b.id == bid), None) if bid is not None else None
        quote = " ".join(compact(c) for c in row)
        span = Span(block.start, block.end, quote) if block else Span(table.start, table.end, quote)
        ref = source(doc, ctx.path, span)
        ref.quote = quote
        out.append(Contact(unit=cell("unit"), person=cell("person"), phone=phone, source=ref))
    return out


def from_cells(ctx: Ctx, doc: Document, blocks) -> list[Contact]:
    """A grid flattened to one cell per line: header cells give the column count."""
    texts = [compact(b.text) for b in blocks]
    width = 0
    for t in texts:
        if any(compact(n) == t for names in _HEADERS.values() for n in names):
            width += 1
        else:
            break
    if width < 2:
        return []
    table = Table(index=-1, rows=[texts[i: i + width] for i in range(0, len(texts) - len(texts) % width, width)],
                  block_ids=[[b.id for b in blocks[i: i + width]] for i in range(0, len(blocks) - len(blocks) % width, width)])
    return from_table(ctx, doc, table)
