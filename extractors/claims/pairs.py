"""Form fields: "label | value" table rows and "label：value" lines.

Why one pass for both: a cover page writes 申报单位（盖章）：XX有限公司 as a line,
the basic-information table writes it as two cells; the identity extractor
should not care. Label synonyms live in data/claims_fields.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from models.document import Document

from extractors.claims.spans import Unit, fields_cfg, norm_label, row_unit, sentence_units


@dataclass
class Pair:
    field: str
    label: str
    value: str
    unit: Unit
    role: str | None = None    # lead | partner when the row names a member's role


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def _aliases() -> tuple[tuple[str, str], ...]:
    pairs = [(a, f) for f, al in fields_cfg()["fields"].items() for a in al]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def field_of(label: str) -> str | None:
    """Field id for a label cell; exact match first, then the longest contained alias."""
    n = norm_label(label)
    if not n or len(n) > 24:
        return None
    for alias, f in _aliases():
        if n == alias:
            return f
    for alias, f in _aliases():
        if alias in n and len(alias) >= 2:
            # 参与单位统一社会信用代码 describes a partner, not the applicant
            if f != "partners" and any(p in n for p in fields_cfg()["fields"]["partners"]):
                return None
            if n.startswith(alias) or (n.endswith(alias) and len(alias) >= 3):
                return f
    return None


def _column_heading(cell: str) -> bool:
    """数量（件） / 说明 beside 类别: the row heads columns, it pairs no label with a value."""
    return norm_label(cell) in fields_cfg().get("column_headings", [])


def _is_list_header(row: list[str]) -> bool:
    """A column-header row of a list table: its first cell is 序号 (or 编号 …)."""
    first = next((norm_label(c) for c in row if c.strip()), "")
    return first in fields_cfg()["list_header_first"]


def _role_of(cells: list[str]) -> str | None:
    """The member's role a cell states (牵头单位, 参与单位, 联合体成员单位 …)."""
    roles = fields_cfg()["member_roles"]
    for c in cells:
        c = norm_label(c)
        if len(c) <= 8:
            for role in ("lead", "partner"):
                if any(c.startswith(w) or c == w for w in roles[role] + roles.get(f"{role}_prefixes", [])):
                    return role
    return None


def _own_text(doc: Document, t, r: int, c: int) -> str:
    """A host cell's words before the nested table's flattened text (参与单位：)."""
    inner = next((x for x in doc.tables if getattr(x, "parent", None) and tuple(x.parent) == (t.index, r, c)), None)
    return inner.caption if inner is not None and inner.caption and _starts_with(t.rows[r][c], inner.caption) else ""


def _starts_with(text: str, head: str) -> bool:
    return text.replace(" ", "").startswith(head.replace(" ", ""))


def _member_columns(t, row: list[str], header: dict[int, str] | None) -> tuple[dict[int, str] | None, str | None]:
    """A list of the members of a joint application: its name column is headed by a member
    role (联合体成员单位, 参与单位 …) or, under a caption naming the members (a table nested in
    the cell beside 联合体组成 / 合作单位情况), by the name field (单位名称). Returns the
    columns to read and the role of a row that states none (牵头 in a row still makes
    that row the lead)."""
    for c, cell in enumerate(row):
        role = _role_of([cell]) if cell.strip() else None
        if role and (header is None or c not in header):
            return {**(header or {}), c: "applicant_name"}, role
    caption = _role_of([t.caption]) if getattr(t, "caption", "") else None
    if caption and header and "applicant_name" in header.values():
        return header, caption
    return header, None


def table_pairs(doc: Document) -> list[Pair]:
    out: list[Pair] = []
    # a cell holding a nested table is read through that table: its flattened text is no value
    hosts = {tuple(t.parent) for t in doc.tables if getattr(t, "parent", None)}
    for t in doc.tables:
        header: dict[int, str] | None = None
        listing = False     # rows under a 序号 header are data rows, whatever words their cells hold
        members: str | None = None   # the role a member list's rows have unless a row says otherwise
        for r, row in enumerate(t.rows):
            labels = {c: f for c, cell in enumerate(row) if (f := field_of(cell))}
            if len(labels) >= 2 and len(labels) * 2 > len([x for x in row if x.strip()]):
                header = labels  # a header row: values come in the rows below
                continue
            if _is_list_header(row):
                # 序号 | 单位名称 | 角色: a list of members; 序号 | 名称 | 类别 | 级别 (honours) names no field
                member = set(fields_cfg()["list_fields"])
                header = {c: f for c, f in labels.items() if f in member} or None
                listing = True
                header, members = _member_columns(t, row, header)
                continue
            if listing and header is None:
                continue        # a list of honours or projects states no form field
            if header and (listing or not labels):
                role = _role_of(row) or (members if listing else None)
                for c, f in header.items():
                    if c < len(row) and row[c].strip():
                        out.append(Pair(f, t.rows[r - 1][c] if r else "", row[c].strip(), row_unit(doc, t.index, r, c), role))
                continue
            header, listing, members = None, False, None
            c = 0
            while c < len(row):
                f = labels.get(c)
                if f is None:
                    inline = _inline(_own_text(doc, t, r, c) if (t.index, r, c) in hosts else row[c])
                    for ff, lab, val in inline:
                        out.append(Pair(ff, lab, val, row_unit(doc, t.index, r, c)))
                    c += 1
                    continue
                v = c + 1
                while v < len(row) and row[v].strip() == row[c].strip():
                    v += 1  # merged label cells repeat their text
                if (v < len(row) and row[v].strip() and v not in labels and not _column_heading(row[v])
                        and (t.index, r, v) not in hosts):
                    out.append(Pair(f, row[c], row[v].strip(), row_unit(doc, t.index, r, v)))
                c = v + 1 if v not in labels else v
    return out


_COLON = re.compile(r"[：:]")


def _inline(text: str) -> list[tuple[str, str, str]]:
    """label：value pairs inside one line (several per line allowed).

    A label normally follows a separator; a long one (法人资格) may follow the
    previous value directly, as readers drop the tabs between form fields.
    Other known labels (法定代表人：) end the value before them.
    """
    hits = []
    stops = []
    labels, loose, others = _label_patterns()
    for m in _COLON.finditer(text):
        # a label and its note end at the colon and are short: only a bounded window before
        # it is searched (the whole line before every colon was quadratic on long lines)
        lo = max(0, m.start() - _LABEL_WINDOW)
        head = text[lo:m.start()]
        before = text[lo - 1] if lo else ""
        found = False
        for (alias, f), rx, rx_loose in zip(_aliases(), labels, loose):
            m2 = rx.search(head)
            if m2 is not None and m2.start() == 0 and before and not re.match(r"[\s，,；;。|）)\d、.]", before):
                m2 = None  # the window cut the line: at its start the label must follow a separator too
            if m2 is None and rx_loose is not None:
                m2 = rx_loose.search(head)
            if m2:
                hits.append((lo + m2.start(), m.end(), f, alias))
                found = True
                break
        if not found:
            for rx in others:
                m2 = rx.search(head)
                if m2:
                    stops.append(lo + m2.start())
                    break
    out = []
    for i, (a, b, f, alias) in enumerate(hits):
        end = min([h[0] for h in hits[i + 1:]] + [s for s in stops if s >= b] + [len(text)])
        val = text[b:end].strip(" \t\u3000，,；;。")
        if val:
            out.append((f, text[a:b], val))
    return out


_NOTE = r"\s*(?:[（(][^）)]{0,12}[）)])?\s*$"
_LABEL_WINDOW = 64


@lru_cache(maxsize=None)
def _label_patterns():
    """Compiled once: each alias after a separator, each long alias anywhere, other labels."""
    labels = [re.compile(r"(?:^|(?<=[\s，,；;。|）)\d、.]))" + re.escape(a) + _NOTE) for a, _ in _aliases()]
    loose = [re.compile(re.escape(a) + _NOTE) if len(a) >= 4 else None for a, _ in _aliases()]
    others = [re.compile(re.escape(o) + _NOTE)
              for o in sorted(fields_cfg().get("other_labels", []), key=len, reverse=True)]
    return labels, loose, others


def inline_pairs(text: str) -> list[tuple[str, str, str]]:
    """(field, label, value) of the label：value pairs in one line of running text."""
    return _inline(text)


def line_pairs(doc: Document) -> list[Pair]:
    out: list[Pair] = []
    for u in sentence_units(doc, include_cells=False):
        for f, lab, val in _inline(u.text):
            out.append(Pair(f, lab, val, u))
    return out


def all_pairs(doc: Document) -> list[Pair]:
    """Every form field in document order."""
    pairs = table_pairs(doc) + line_pairs(doc)

    def pos(p: Pair) -> int:
        if p.unit.start >= 0:
            return p.unit.start
        return p.unit.extra.get("span", (10**9,))[0]
    return sorted(pairs, key=pos)
