"""Property tests (hypothesis): output names, spreadsheet cells, number parsing.

Why properties: these three functions take applicant-controlled text, and the
failures that matter (a name escaping the output folder, a cell a spreadsheet
executes, a parser that raises on a stray character and loses a file) live in
inputs nobody writes by hand. Each property states what must hold for every
input; hypothesis searches for the counter-example.
"""
from __future__ import annotations

import csv
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extractors.numbers import find_quantities, parse_number
from models.report import Applicant, ScreeningReport
from pipeline.render.exports import neutralize, row_from_report, write_csv, write_xlsx
from pipeline.batch.safe_names import MAX_BYTES, NameAllocator, name_for, sanitize

ACTIVE = ("=", "+", "-", "@", "\t", "\r")
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
# Text an applicant can put in a file name or a form field: any code point but
# surrogates, weighted towards the characters that break paths and spreadsheets.
HOSTILE = st.lists(st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(list("/\\.:*?\"<>|~$ \t\r\n\x00\x1b\u202e\u200b\ufeff=+-@'") + ["..", "../", "CON", "nul"]),
    CJK,
), max_size=60).map("".join)
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)


def _windows_device(name: str) -> bool:
    """How Windows decides: the part before the first dot, trailing spaces ignored."""
    return bool(_WINDOWS_DEVICES.match(name.split(".")[0].rstrip(" ")))


# ------------------------------------------------------------------ file names
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE, min_size=1, max_size=4))
def test_output_name_is_one_component_inside_the_output_folder(parts):
    rel = "/".join(parts)
    name = name_for(rel)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for suffix in (".json", ".html"):
            target = out / f"{name}{suffix}"
            assert target.resolve().parent == out.resolve(), (rel, name)
            target.write_bytes(b"x")  # the file system accepts it (length, characters)
        assert sorted(p.name for p in out.iterdir()) == sorted([f"{name}.json", f"{name}.html"])
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert name not in (".", "..") and not name.startswith(".")
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert not _windows_device(name), name


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(CJK, st.sampled_from(list("abc123_-（）、 "))), min_size=1, max_size=200),
       st.sampled_from(["", ".docx", ".pdf"]))
def test_chinese_is_kept_and_only_cut_at_the_byte_limit(stem, ext):
    name = sanitize(stem + ext)
    cjk_in = [c for c in stem if "\u4e00" <= c <= "\u9fa5"]
    cjk_out = [c for c in name if "\u4e00" <= c <= "\u9fa5"]
    assert cjk_out == cjk_in[: len(cjk_out)]  # never dropped or replaced, only cut at the end
    if len((stem + ext).encode("utf-8")) <= MAX_BYTES - 2:
        assert cjk_out == cjk_in
    else:
        assert len(name.encode("utf-8")) > MAX_BYTES - 4  # cut at the limit, not far below it
    if ext and stem.strip(" ._"):
        assert name.endswith(ext)  # the extension survives truncation
    name.encode("utf-8")  # never a half character


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["甲公司", "a", "A", "CON", "index", "Summary", "公司" * 60, "x" * 200]),
                          st.sampled_from(["", ":", "|", "?", "*", " ", ".", "/", "\\"]),
                          st.sampled_from(["", ".docx", ".DOCX", ".pdf"])), min_size=1, max_size=40))
def test_names_never_collide_even_when_many_sanitize_alike(triples):
    bases = [a + b + c for a, b, c in triples]
    alloc = NameAllocator()
    names = [alloc.allocate(f"{i}/{b}", name_for(b)) for i, b in enumerate(bases)]
    folded = [n.casefold() for n in names]
    assert len(set(folded)) == len(names)  # distinct on case-insensitive file systems too
    assert not {"index", "summary", "results"} & set(folded)  # the batch's own files are never overwritten
    for n in names:
        assert len(n.encode("utf-8")) <= MAX_BYTES and not _windows_device(n)
    assert [alloc.allocate(f"{i}/{b}", "anything") for i, b in enumerate(bases)] == names  # stable per key
    later = NameAllocator(dict(zip((f"{i}/{b}" for i, b in enumerate(bases)), names)))
    fresh = [later.allocate(f"new{i}", name_for(b)) for i, b in enumerate(bases)]
    assert not {n.casefold() for n in fresh} & set(folded)  # a resumed run never reuses a stored name


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT¹", "CONIN$", "conout$"]),
       st.sampled_from(["", ".docx", ".tar.gz", ".", " ", " .pdf", "  .docx", "..docx"]),
       st.booleans())
def test_windows_device_names_are_never_produced(device, tail, lower):
    text = (device.lower() if lower else device) + tail
    for name in (sanitize(text), name_for(f"folder/{text}"), name_for(text)):
        assert not _windows_device(name), (text, name)


# ------------------------------------------------------------------ cells
def _rows(texts: list[str]):
    return [row_from_report(ScreeningReport(file=t + ".pdf", applicant=Applicant(name=t, credit_code=t),
                                            decision="eligible"), f"n{i}") for i, t in enumerate(texts)]


@settings(max_examples=150, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=6))
def test_no_csv_cell_read_back_starts_an_active_formula(texts):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.csv"
        write_csv(_rows(texts), path)
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    assert len(rows) == len(texts) + 1  # one row each: no quote or newline splits a row
    for cell in (c for row in rows for c in row):
        assert not cell.startswith(ACTIVE), repr(cell)
    for row, text in zip(rows[1:], texts):  # the applicant is kept: only prefixed, controls replaced 1:1
        active = text.startswith(ACTIVE)
        assert len(row[1]) == len(text) + active and (row[1].startswith("'") or not active)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE, min_size=1, max_size=25))
def test_no_xlsx_cell_read_back_is_or_starts_a_formula(texts):
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.xlsx"
        write_xlsx(_rows(texts), path)
        ws = load_workbook(path).active
        cells = [c for row in ws.iter_rows() for c in row]
    assert ws.max_row == len(texts) + 1
    for cell in cells:
        assert cell.data_type in ("s", "inlineStr", "n"), (cell.coordinate, cell.data_type)  # never "f"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(ACTIVE), repr(cell.value)


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_neutralize_is_minimal(text):
    out = neutralize(text)
    assert not out.startswith(ACTIVE)
    assert out == ("'" + text if text.startswith(ACTIVE) else text)


# ------------------------------------------------------------------ numbers
@settings(max_examples=400, deadline=None)
@given(st.text(st.one_of(st.characters(blacklist_categories=("Cs",)),
                         st.sampled_from(list("0123456789,.%万亿元千百十点两零〇一二三四五六七八九年月日第号件项个倍以上不低于"))),
               max_size=80))
def test_number_parsing_never_raises(text):
    value = parse_number(text)
    assert value is None or isinstance(value, float)
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text
        assert isinstance(q.value, float)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99), st.booleans())
def test_formatted_numbers_round_trip(whole, cents, fullwidth):
    for text, expected in ((f"{whole:,}", whole), (f"{whole:,}.{cents:02d}", whole + cents / 100),
                           (f"{whole}", whole)):
        if fullwidth:
            text = text.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))
        got = parse_number(text)
        assert got is not None and abs(got - expected) <= 1e-9 * max(1, expected), (text, got)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**10), st.integers(min_value=0, max_value=99),
       st.sampled_from(["万元", "元", "亿元"]), st.sampled_from(["营业收入为", "研发投入", "销售收入：", "合计 "]))
def test_amounts_with_thousands_separators_are_found_whole(whole, cents, unit, label):
    amount = f"{whole:,}.{cents:02d}"
    text = f"{label}{amount}{unit}。"
    found = [q for q in find_quantities(text) if q.unit == unit]
    assert len(found) == 1, (text, found)
    q = found[0]
    assert q.text == amount + unit and abs(q.value - (whole + cents / 100)) <= 1e-6 * whole
