"""HTML reports escape applicant text; CSV/XLSX cells cannot carry formulas."""
from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import badinputs
from models.claims import Evidence
from models.document import Location
from models.report import Applicant, Check, ErrorInfo, GuideSource, ProgramRef, ScreeningReport
from pipeline.render.exports import COLUMNS, neutralize, row_from_report, write_csv, write_xlsx
from pipeline.render.reports import render_index, render_report

PAYLOADS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}", "{% raw %}x", "' onmouseover='x",
    "<svg/onload=alert(1)>", "javascript:alert(1)",
]
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text, self.imgs = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "img":
            self.imgs.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def _assert_inert(html: str) -> _Collector:
    # the overview's chart is our own inline SVG: only decision labels and counts, never
    # applicant text; it is checked as such and set aside before the general check
    import re

    from pipeline import labels

    chart = re.search(r'<svg id="chart".*?</svg>', html, re.S)
    if chart:
        texts = {t.strip() for t in re.findall(r">([^<]*)<", chart.group(0)) if t.strip()}
        assert all(t in labels.decisions().values() or t.isdigit() for t in texts), texts
        assert not re.search(r"\b(?:on\w+|href|xlink)\s*=", chart.group(0))
        html = html.replace(chart.group(0), "")
    c = _parse(html)
    assert "script" not in c.tags and "svg" not in c.tags
    for img in c.imgs:  # only our own crops of the original (issue 16.4): a relative link into <name>.files/
        assert re.fullmatch(r"[^/:?#]+\.files/ev\d{2}_p\d+\.png", img.get("src") or ""), img
    assert not [a for a, _ in c.attrs if a.startswith("on")]
    for name, value in c.attrs:
        if name == "href":
            assert not value.lower().startswith("javascript:") and "/" not in value and ".." not in value
    return c


def _hostile_report() -> ScreeningReport:
    bad = "".join(PAYLOADS)
    ev = Evidence(file=bad, location=Location(file=bad, page=2), quote=f"申报单位：{bad}")
    checks = [
        Check(condition_id="ok1", kind="threshold", metric="rd_expense_ratio", status="pass", explanation="已满足：" + bad,
              evidence=[ev], guide_source=GuideSource(quote="研发费用占比达3.5%以上" + bad, section=bad)),
        Check(condition_id="f1", kind="threshold", metric="rd_expense_ratio", status="fail",
              explanation="研发费用占销售收入比例2.6%，低于3.5%" + bad, evidence=[ev], computation=bad,
              guide_source=GuideSource(quote="近三年研发费用投入占销售收入的比例达3.5%以上", section="附件3/三、")),
        Check(condition_id="m1", kind="material", status="missing", explanation="未提供信用承诺书"),
        Check(condition_id="any", kind="threshold", status="review", explanation="满足其一" + bad,
              alternatives=[Check(condition_id="a1", kind="threshold", status="review", explanation="成员" + bad)]),
    ]
    return ScreeningReport(file=f"{bad}.docx", applicant=Applicant(name=bad, credit_code=bad),
                           program=ProgramRef(id="p", name=bad, track=bad), decision="ineligible", checks=checks,
                           missing_materials=["credit_commitment", bad], failed_metrics=["rd_expense_ratio"],
                           warnings=[bad])


def test_report_html_escapes_every_applicant_field():
    report = _hostile_report()
    html = render_report(report, "safe_name")
    c = _assert_inert(html)
    text = "".join(c.text)
    for payload in PAYLOADS:
        assert payload in text  # shown to staff as text, not dropped
    assert "{{7*7}}" in text and "49" not in text


def test_failed_and_missing_items_come_first():
    text = "".join(_parse(render_report(_hostile_report(), "n")).text)
    order = [text.index(h) for h in ("不符合条件", "缺少材料", "未达标项", "缺失项", "需人工核查项", "已满足项")]
    assert order == sorted(order)
    assert "信用承诺书" in text  # material id shown by its name
    assert "近三年研发费用投入占销售收入的比例达3.5%以上" in text and "申报单位：" in text  # both quotes


def test_error_report_shows_reason_and_exception_class():
    report = ScreeningReport(file="x.pdf", decision="error", error=ErrorInfo(
        code="encrypted", message="文件已加密<b>", exception="pdfminer.PDFPasswordIncorrect", detail="<script>"))
    html = render_report(report, "x.pdf")
    c = _assert_inert(html)
    text = "".join(c.text)
    assert "无法处理" in text and "文件已加密<b>" in text and "PDFPasswordIncorrect" in text


def test_index_links_stay_inside_the_folder():
    rows = [row_from_report(_hostile_report(), "bad_name"),
            row_from_report(ScreeningReport(file="../../etc/passwd", decision="eligible"), "etc_passwd")]
    c = _assert_inert(render_index(rows, "指南<script>"))
    hrefs = [v for a, v in c.attrs if a == "href"]
    assert "bad_name.html" in hrefs and "etc_passwd.html" in hrefs


def test_batch_outputs_carry_no_active_payload(tmp_path):
    from pipeline.batch.run import BatchOptions, run_batch
    from models.schema import GuideSchema, Program

    root = tmp_path / "bad"
    badinputs.generate(root)
    guide = GuideSchema(programs=[Program(id="p", name="项目<script>alert(1)</script>")])
    out = tmp_path / "out"
    run_batch([root], BatchOptions(guide=guide, out_dir=out, workers=0, progress=False,
                                   stages="badinputs:stub_stages"))
    pages = list(out.glob("*.html"))
    assert len(pages) > 30
    for page in pages:
        assert page.resolve().parent == out.resolve()
        _assert_inert(page.read_text(encoding="utf-8"))
    cells = _read_csv(out / "summary.csv") + _read_xlsx(out / "summary.xlsx")
    assert any(badinputs.FORMULA_APPLICANT in c for c in cells)
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def _read_csv(path: Path) -> list[str]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel/WPS need the BOM to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _read_xlsx(path: Path) -> list[str]:
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    out = []
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                # text cells are strings, counts are numbers; nothing is ever a formula ("f")
                assert cell.data_type == "s" or (cell.data_type == "n" and isinstance(cell.value, int)), (
                    cell.coordinate, cell.value)
                out.append(cell.value if cell.data_type == "s" else str(cell.value))
    return out


def test_summary_cells_are_neutralized_and_labelled_in_chinese(tmp_path):
    rows = []
    for i, f in enumerate(FORMULAS):
        r = ScreeningReport(file=f"{f}.pdf", applicant=Applicant(name=f, credit_code=f), decision="ineligible",
                            failed_metrics=["rd_expense_ratio"])
        rows.append(row_from_report(r, f"n{i}"))
    write_csv(rows, tmp_path / "s.csv")
    write_xlsx(rows, tmp_path / "s.xlsx")
    for cells in (_read_csv(tmp_path / "s.csv"), _read_xlsx(tmp_path / "s.xlsx")):
        assert cells[: len(COLUMNS)] == [label for _, label in COLUMNS]
        for f in FORMULAS:
            assert "'" + f in cells and f not in cells
        assert "不符合条件" in cells and "研发费用占销售收入比例" in cells


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=50))
def test_neutralize_property(text):
    out = neutralize(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out == text or out == "'" + text


def test_xlsx_as_staff_would_build_it_and_notes_survive_a_rerun(tmp_path):
    """Issue 16.5: bold frozen header with a filter, numbers as numbers, coloured decision,
    a link to each report, and 复核意见 merged back from the previous file."""
    from openpyxl import load_workbook

    from models.report import ScreeningReport

    def row(name, decision):
        return row_from_report(ScreeningReport(file=f"{name}.docx", decision=decision), name)

    path = tmp_path / "summary.xlsx"
    write_xlsx([row("甲公司申报书", "eligible"), row("乙公司申报书", "ineligible")], path)
    wb = load_workbook(path)
    ws = wb.active
    head = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:") and ws["A1"].font.bold
    assert head[-2:] == ["报告", "复核意见"] and head[:2] == ["文件", "申报单位"]
    review = head.index("需人工核查项数") + 1
    assert isinstance(ws.cell(row=2, column=review).value, int)
    decision = head.index("结论") + 1
    assert ws.cell(row=2, column=decision).fill.fgColor.rgb != ws.cell(row=3, column=decision).fill.fgColor.rgb
    assert ws.cell(row=2, column=len(head) - 1).hyperlink.target == "甲公司申报书.html"
    assert ws.column_dimensions["A"].width >= 20  # wide enough for the Chinese file name
    ws.cell(row=3, column=len(head)).value = "已电话核实，材料后补"
    wb.save(path)
    write_xlsx([row("乙公司申报书", "incomplete"), row("甲公司申报书", "eligible")], path)
    ws = load_workbook(path).active
    notes = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=len(head)).value for r in (2, 3)}
    assert notes["乙公司申报书.docx"] == "已电话核实，材料后补" and not notes["甲公司申报书.docx"]
