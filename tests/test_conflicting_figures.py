"""Conflicting figures for the same fact in one submission (issue 12): a form table says
one thing and the narrative another (or a summary and a detail table, a cover form and the
body). The family: one (metric, year) stated with different values. The condition is
judged under every stated value; when they agree the verdict stands (and says so), when
they disagree the check goes to a person with both quotes — never the first value alone.
The generated set has profit-tax in a table and again in prose; the file here states staff
in a form table and in prose, and one year's R&D expense twice, which moves a computed ratio."""
from pathlib import Path

import docx
import yaml

from extractors.claims import extract_claims
from extractors.readers import read_document
from models.schema import GuideSchema
from pipeline.screen.matcher import screen

GOLD = Path(__file__).resolve().parents[1] / "corpus" / "guides" / "cz2023_hvp" / "gold.yaml"


def _schema() -> GuideSchema:
    return GuideSchema.model_validate(yaml.safe_load(GOLD.read_text(encoding="utf-8")))


def _docx(tmp_path: Path, staff_prose: int, rd_2021_prose: str) -> Path:
    d = docx.Document()
    d.add_paragraph("2023年度常州市高价值专利培育示范中心建设项目申请书")
    d.add_paragraph("申报单位：常州示例精工有限公司")
    t = d.add_table(rows=4, cols=4)
    for r, row in enumerate([["指标（万元）", "2020年", "2021年", "2022年"],
                             ["营业收入", "50000", "52000", "56000"],
                             ["研究开发费用", "2500", "2700", "2900"],
                             ["利税总额", "3000", "3200", "3500"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    f = d.add_table(rows=1, cols=2)
    f.cell(0, 0).text, f.cell(0, 1).text = "知识产权专兼职管理人员（人）", "5"
    d.add_paragraph("三、知识产权工作基础")
    d.add_paragraph(f"本单位设有独立的知识产权管理部，配备知识产权专兼职管理人员{staff_prose}人。")
    d.add_paragraph(f"2021年，本单位研究开发费用{rd_2021_prose}。")
    path = tmp_path / f"conflict_{staff_prose}.docx"
    d.save(path)
    return path


def _check(report, metric):
    return next(c for c in report.checks if c.metric == metric)


def test_a_conflict_that_changes_the_verdict_goes_to_a_person_with_both_quotes(tmp_path):
    claims = extract_claims(read_document(_docx(tmp_path, 2, "1200万元")))
    report = screen(_schema(), claims, program="main")
    staff = _check(report, "ip_staff")
    assert staff.status == "review"                      # 5 in the table passes, 2 in the prose fails
    quotes = " ".join(e.quote for e in staff.evidence)
    assert "5" in quotes and "专兼职管理人员2人" in quotes
    assert "前后不一致" in staff.explanation
    rd = _check(report, "rd_expense_ratio")              # 2021: 2700 → 5.19 %, 1200 → 2.31 %
    assert rd.status == "review"
    assert any("1200万元" in e.quote for e in rd.evidence) and any("2700" in e.quote for e in rd.evidence)
    assert report.decision != "ineligible"


def test_a_conflict_that_changes_nothing_keeps_the_verdict(tmp_path):
    claims = extract_claims(read_document(_docx(tmp_path, 4, "2750万元")))
    assert {c.field for c in claims.conflicts} >= {"figures.ip_staff", "figures.rd_expense.2021"}
    report = screen(_schema(), claims, program="main")
    assert _check(report, "ip_staff").status == "pass"
    assert "前后不一致" in _check(report, "ip_staff").explanation
    assert _check(report, "rd_expense_ratio").status == "pass"
