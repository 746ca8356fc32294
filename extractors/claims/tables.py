"""Financial and IP figures in form tables.

Why structure first, prose second: a table with a year header (years across,
one row per metric; or years down, one column per metric) is read cell by
cell, so a figure's year and unit come from its header, its label or the
caption (单位：万元). A table that starts without any header, right after one
that had it and with the same width, is the same table continued after a PDF
page break and inherits the header. Rows of other tables (key/value forms)
are turned into one "label：value" text and read by the prose rules, which
already handle 2021年营业收入（万元）：4500 and 有效专利（件）：126.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.document import Document, Table

from extractors.numbers import find_quantities, parse_number

from extractors.claims.prose import (
    RawFigure, cell_range, declared_unit, figures_in_text, find_mentions, kind_of, normalize_value, unit_of,
)
from extractors.claims.spans import Unit, cues, norm_label, row_unit, table_block_ids

_YEAR_CELL = re.compile(
    r"^\s*((?:19|20)\d{2})\s*(?:年度|年末|年底|年)?\s*(?:12月31日)?\s*(?:[（(][^）)]{0,10}[）)])?\s*(?:数据|数值)?\s*$")
_EMPTY = re.compile(r"^[\s\-—–/／\\、无—]*$")
_NUMERIC = re.compile(r"^[\d,，.\s]+$")


def year_of_cell(cell: str) -> int | None:
    m = _YEAR_CELL.match(cell or "")
    return int(m.group(1)) if m else None


@dataclass
class Header:
    orientation: str                       # across | down
    ncols: int
    years: dict[int, int] = field(default_factory=dict)     # across: col -> year
    metrics: dict[int, str] = field(default_factory=dict)   # down: col -> metric
    units: dict[int, str] = field(default_factory=dict)     # col -> unit declared in header cell
    year_col: int = 0
    table_unit: str | None = None          # 单位：万元 of the caption, carried into a continuation


def caption_of(doc: Document, table: Table) -> str:
    """Text of the one or two paragraphs right above the table (表2 主要经济指标（单位：万元）)."""
    in_table = table_block_ids(doc)
    # only text between the previous table and this one: a caption belongs to the table right below it
    floor = max((t.end for t in doc.tables if t.end <= table.start and t.index != table.index), default=-1)
    before = [b for b in doc.blocks if floor < b.start and b.end <= table.start and b.id not in in_table]
    return " ".join(b.text for b in before[-2:])[-120:] if before else ""


_QUALIFIED = re.compile(r"^\s*([^（()）]{1,20}?)\s*[（(]\s*([^（()）]{1,10})\s*[）)]\s*$")


def qualified_label(cell: str) -> str:
    """发明专利（有效） -> 有效发明专利, PCT（进入国家阶段） -> PCT进入国家阶段.

    A summary table puts the qualifier that makes a count a metric in parentheses
    after the noun; other parenthesized notes (units: 有效专利（件）) stay as written."""
    m = _QUALIFIED.match(cell or "")
    if not m:
        return cell
    noun, q = m.group(1).strip(), m.group(2).strip()
    qual = cues().get("label_qualifiers", {})
    if q in qual.get("prefix", []):
        return q + noun
    if q in qual.get("suffix", []):
        return noun + q
    return cell


def _metric_of(label: str, parent: str | None) -> str | None:
    ms = find_mentions(qualified_label(label), parent)
    return ms[0].metric if ms else None


def _late_header(rows: list[list[str]]) -> tuple[int, Header] | None:
    """A year header further down than the first rows, under rows that are no year table."""
    for r in range(4, len(rows)):
        found = _header_across(rows[r:], 1)
        if found:
            return r, found[1]
    return None


def _header_across(rows: list[list[str]], first: int = 4) -> tuple[int, Header] | None:
    for r, row in enumerate(rows[:first]):
        years = {c: y for c, cell in enumerate(row) if (y := year_of_cell(cell)) is not None}
        if len(set(years.values())) >= 1 and len(years) < len(row):
            labels_below = sum(1 for rr in rows[r + 1:] if rr and _metric_of(rr[0], None) or
                               any(_metric_of(x, None) for x in rr[:2]))
            if labels_below:
                units = {c: u for c, cell in enumerate(row) if (u := declared_unit(cell))}
                return r, Header("across", len(row), years=years, units=units)
    return None


def _header_down(rows: list[list[str]]) -> tuple[int, Header] | None:
    for r, row in enumerate(rows[:4]):
        metrics = {c: m for c, cell in enumerate(row) if (m := _metric_of(cell, None))}
        if not metrics:
            continue
        below = rows[r + 1:]
        for yc in range(min(2, len(row))):
            if yc in metrics:
                continue
            if sum(1 for rr in below if yc < len(rr) and year_of_cell(rr[yc])) >= 1:
                units = {c: u for c, cell in enumerate(row) if (u := declared_unit(cell))}
                return r, Header("down", len(row), metrics=metrics, units=units, year_col=yc)
    return None


def _continues(rows: list[list[str]], prev: Header | None) -> Header | None:
    """The previous table's header, when this table is its continuation."""
    if prev is None or not rows or len(rows[0]) != prev.ncols:
        return None
    if prev.orientation == "across":
        if any(_metric_of(cell, None) for r in rows for c, cell in enumerate(r) if c not in prev.years):
            return prev
    elif any(year_of_cell(r[prev.year_col]) for r in rows):
        return prev
    return None


def _cell_value(cell: str) -> tuple[float, str | None, str, float | None] | str | None:
    """(value, unit, as written, upper bound of a stated range or None), or None for an empty
    cell, or the raw text when unreadable."""
    cell = cell.strip()
    if _EMPTY.match(cell):
        return None
    span = cell_range(cell)
    if span is not None:
        return span[0], span[2], cell, span[1]
    val = _point_value(cell)
    return val + (None,) if isinstance(val, tuple) else val


def _point_value(cell: str) -> tuple[float, str | None, str] | str | None:
    if _NUMERIC.match(cell):  # a number a narrow cell wrapped: '3,200.5 0'
        compact = re.sub(r"\s+", "", cell).replace("，", ",")
        v = parse_number(compact)
        return (v, None, cell) if v is not None else cell
    qs = find_quantities(cell)
    if len(qs) == 1:
        q = qs[0]
        rest = re.sub(r"[（(][^）)]*[）)]|约|左右|\s", "", cell[:q.start] + cell[q.end:])
        if re.search(r"[0-9A-Za-z０-９]", rest):
            return cell  # 3,2OO: a letter inside a number
        return q.value, q.unit, q.text
    if not qs:
        v = parse_number(cell)
        return (v, None, cell) if v is not None else cell
    return cell


def _figure(metric: str, year: int | None, cell: str, units: list[str | None]) -> RawFigure | str | None:
    val = _cell_value(cell)
    if val is None:
        return None
    if isinstance(val, str):
        return val
    value, unit, written, high = val
    ctx = next((u for u in units if u), None)
    if unit is None and kind_of(metric) == "amount" and ctx is None:
        ctx = "万元"  # forms that give no unit at all use 万元 (the unit of every guide)
    norm = normalize_value(metric, value, unit, ctx)
    if norm is None:
        return None
    top = normalize_value(metric, high, unit, ctx) if high is not None else None
    if high is not None and (top is None or top[0] < norm[0]):
        return written
    original = written if unit else f"{written}{ctx or unit_of(metric)}"
    return RawFigure(metric, year, round(norm[0], 6), norm[1], original, 0, 0,
                     round(top[0], 6) if top is not None else None)


def table_figures(doc: Document) -> tuple[list[tuple[RawFigure, Unit]], list[str]]:
    """Figures of every table, each with its row as evidence; plus warnings."""
    out: list[tuple[RawFigure, Unit]] = []
    warns: list[str] = []
    prev: Header | None = None
    prev_end = 0
    in_table = table_block_ids(doc)
    hosts = {tuple(x.parent) for x in doc.tables if x.parent is not None}
    for t in doc.tables:
        if any(h[0] == t.index for h in hosts):
            # a cell holding a nested table is that table flattened (its columns lost): read the
            # nested table, never the flattened text
            t = t.model_copy(update={"rows": [["" if (t.index, r, c) in hosts else x for c, x in enumerate(row)]
                                              for r, row in enumerate(t.rows)]})
        # a continuation follows its table closely (a 续表 caption at most)
        between = sum(1 for b in doc.blocks if prev_end <= b.start < t.start and b.id not in in_table)
        if between > 2:
            prev = None
        prev_end = t.end
        rows = t.rows
        if not rows:
            continue
        caption = caption_of(doc, t)
        table_unit = declared_unit(caption) or next(
            (u for row in rows[:1] for cell in row if (u := declared_unit(cell)) and "单位" in cell), None)
        found = _header_across(rows) or _header_down(rows)
        late = None if found else _late_header(rows)
        if late:
            # a year table below key/value rows (PDF readers join adjacent tables into one grid)
            h_row, header = late
            header.table_unit = table_unit
            _rows_as_text(doc, t, table_unit, out, warns, stop=h_row)
            _read_across(doc, t, header, range(h_row + 1, len(rows)), table_unit, out, warns)
            prev = header
            continue
        if found:
            h_row, header = found
            header.table_unit = table_unit
            body = range(h_row + 1, len(rows))
            if h_row and header.orientation == "across":
                _rows_as_text(doc, t, table_unit, out, warns, stop=h_row)   # key/value rows above the year grid
        else:
            header = _continues(rows, prev)
            body = range(len(rows))
            if header is not None:
                table_unit = table_unit or header.table_unit
        if header is None:
            vc = _value_column(rows)
            if vc is not None:
                _read_value_column(doc, t, *vc, table_unit, out, warns)
            else:
                _rows_as_text(doc, t, table_unit, out, warns)
            prev = None
            continue
        prev = header
        if header.orientation == "across":
            _read_across(doc, t, header, body, table_unit, out, warns)
        else:
            _read_down(doc, t, header, body, table_unit, out, warns)
    return out, warns


def _unreadable(t: Table, r: int, c: int, cell: str) -> str:
    return f"表{t.index + 1}第{r + 1}行第{c + 1}列的数字无法识别：{cell}"


_UNIT_CELL = re.compile(r"^\s*[（(]?\s*(亿元|万元|千元|元|%|％|件|项|人|个|家)\s*[）)]?\s*$")


def _label_col(t: Table, header: Header, body) -> int:
    """The non-year column naming most metrics (a 序号 column may come first)."""
    cols = [c for c in range(header.ncols) if c not in header.years]
    if not cols:
        return 0
    return max(cols, key=lambda c: (sum(1 for r in body if c < len(t.rows[r]) and _metric_of(t.rows[r][c], None)), -c))


def _read_across(doc, t, header, body, table_unit, out, warns) -> None:
    label_col = _label_col(t, header, body)
    parent = None
    for r in body:
        row = t.rows[r]
        if len(row) != header.ncols:
            continue
        label = row[label_col]
        metric = _metric_of(label, parent)
        if metric is None:
            continue
        parent = metric if not label.strip().startswith("其中") else parent
        # a 单位 column: 指标 | 单位 | 2019 | 2020 | 2021
        unit_cell = next((m.group(1) for c, cell in enumerate(row)
                          if c not in header.years and c != label_col and (m := _UNIT_CELL.match(cell))), None)
        for c, year in header.years.items():
            fig = _figure(metric, year, row[c], [declared_unit(label), unit_cell, header.units.get(c), table_unit])
            if isinstance(fig, str):
                warns.append(_unreadable(t, r, c, fig))
            elif fig is not None:
                out.append((fig, row_unit(doc, t.index, r, c)))


def _read_down(doc, t, header, body, table_unit, out, warns) -> None:
    for r in body:
        row = t.rows[r]
        if len(row) != header.ncols:
            continue
        year = year_of_cell(row[header.year_col])
        if year is None:
            continue
        for c, metric in header.metrics.items():
            fig = _figure(metric, year, row[c], [header.units.get(c), table_unit])
            if isinstance(fig, str):
                warns.append(_unreadable(t, r, c, fig))
            elif fig is not None:
                out.append((fig, row_unit(doc, t.index, r, c)))


def row_text(row: list[str]) -> str:
    """A key/value row as one text: 有效专利（件）：126，其中发明专利：48."""
    parts: list[str] = []
    for cell in row:
        cell = qualified_label(cell.strip())
        if not cell or (parts and parts[-1] == cell):
            continue
        parts.append(cell)
    out = ""
    for i, p in enumerate(parts):
        if i:
            prev = parts[i - 1]
            is_label = bool(find_mentions(prev)) and not re.search(r"\d", prev.split("（")[0])
            # not a comma: numbers.py reads ',31' as the tail of a number
            out += "：" if is_label and not prev.endswith(("：", ":")) else "；"
        out += p
    return out


def _rows_as_text(doc, t, table_unit, out, warns, stop: int | None = None) -> None:
    parent = None
    for r, row in enumerate(t.rows[:stop]):
        text = row_text(row)
        if not text:
            continue
        figs, w = figures_in_text(text, ctx_unit=table_unit, parent=parent)
        ms = find_mentions(text, parent)
        if ms:
            parent = ms[-1].metric if not text.startswith("其中") else parent
        unit = row_unit(doc, t.index, r)
        for f in figs:
            out.append((f, unit))
        warns.extend(w)


def _value_column(rows: list[list[str]]) -> tuple[int, int] | None:
    """(label column, value column) of a 类别 | 数量（件） | 说明 summary table.

    Its first row heads the columns; only the column headed as a quantity holds
    figures, the others (说明, 备注) comment on them and are not read."""
    if len(rows) < 2:
        return None
    head = [norm_label(c) for c in rows[0]]
    value_words = set(cues().get("value_column_headings", []))
    vcols = [c for c, h in enumerate(head) if h in value_words]
    # a heading row names no metric and no year: those make it a year table or a data row
    if len(vcols) != 1 or any(_metric_of(c, None) or year_of_cell(c) for c in rows[0]):
        return None
    vc = vcols[0]
    body = rows[1:]
    lcol = max((c for c in range(len(head)) if c != vc),
               key=lambda c: sum(1 for r in body if c < len(r) and _metric_of(r[c], None)), default=None)
    if lcol is None or not any(lcol < len(r) and _metric_of(r[lcol], None) for r in body):
        return None
    return lcol, vc


def _read_value_column(doc, t, lcol, vc, table_unit, out, warns) -> None:
    unit = declared_unit(t.rows[0][vc]) or table_unit
    parent = None
    for r in range(1, len(t.rows)):
        row = t.rows[r]
        if max(lcol, vc) >= len(row) or not row[lcol].strip() or _EMPTY.match(row[vc]):
            continue
        label = qualified_label(row[lcol].strip())
        figs, w = figures_in_text(f"{label}：{row[vc].strip()}", ctx_unit=unit, parent=parent)
        ms = find_mentions(label, parent)
        if ms:
            parent = ms[-1].metric if not label.startswith("其中") else parent
        u = row_unit(doc, t.index, r, vc)
        out.extend((f, u) for f in figs)
        warns.extend(w)
