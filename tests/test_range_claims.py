"""A value stated only as a range (issue 12, wording variants: 在…至…之间).

The family: two quantities joined by a range connector — 在X至Y之间, 介于X～Y名,
处于X到Y区间, X-Y人 — are ONE stated value with a lower and an upper bound, never the
lower bound alone; "each of the last N years" (近三年…均, 最近三年每年) dates it with the N
latest years of the section's year list. A range decides a condition only when both
of its ends give the same verdict; a range across the requirement goes to a person,
with the quote. The documents here are Word files written in other members of the
family than the generated set's 近三年利税总额均在X万元至Y万元之间."""
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


def _docx(tmp_path: Path, name: str, paras: list[str]) -> Path:
    d = docx.Document()
    d.add_paragraph("2023年度常州市高价值专利培育示范中心建设项目申请书")
    d.add_paragraph("申报单位：常州示例精工有限公司")
    for p in paras:
        d.add_paragraph(p)
    path = tmp_path / name
    d.save(path)
    return path


FINANCE = ("二、经营情况",
           "2020年、2021年、2022年，本单位营业收入分别为50000万元、52000万元和56000万元，"
           "研究开发费用分别为2500万元、2700万元和2900万元。")


def _check(report, metric):
    return next(c for c in report.checks if c.metric == metric)


def test_a_range_wholly_below_the_floor_fails_each_year(tmp_path):
    path = _docx(tmp_path, "below.docx", [*FINANCE, "最近三年每年利税总额处于1500万元到1900万元区间。",
                                          "知识产权专兼职管理人员5人。"])
    claims = extract_claims(read_document(path))
    pt = [f for f in claims.figures if f.metric == "profit_tax"]
    assert [(f.year, f.value, f.value_max) for f in pt] == [(2020, 1500, 1900), (2021, 1500, 1900), (2022, 1500, 1900)]
    c = _check(screen(_schema(), claims, program="main"), "profit_tax")
    assert c.status == "fail"
    assert "1,900万元" in c.explanation or "1900万元" in c.explanation


def test_a_range_across_the_floor_goes_to_a_person_and_one_above_passes(tmp_path):
    path = _docx(tmp_path, "across.docx", [*FINANCE, "知识产权专兼职管理人员介于2～5名，负责专利管理。"])
    claims = extract_claims(read_document(path))
    staff = claims.figure("ip_staff")
    assert (staff.value, staff.value_max) == (2, 5)      # not "2 staff": the lower bound alone would fail it
    c = _check(screen(_schema(), claims, program="main"), "ip_staff")
    assert c.status == "review"
    assert "2人至5人" in c.explanation and c.evidence and "介于2～5名" in c.evidence[0].quote

    path = _docx(tmp_path, "above.docx", [*FINANCE, "本单位知识产权专兼职管理人员在4-6人之间。"])
    c = _check(screen(_schema(), extract_claims(read_document(path)), program="main"), "ip_staff")
    assert c.status == "pass"


def test_a_change_over_time_is_no_range(tmp_path):
    """从…至… with a verb between is a change, 至 without 在/之间 joins no range."""
    path = _docx(tmp_path, "change.docx", [*FINANCE, "知识产权专兼职管理人员由2人增加至6人。"])
    staff = extract_claims(read_document(path)).figure("ip_staff")
    assert staff is None or staff.value_max is None


def test_ranges_in_the_cells_of_a_year_table(tmp_path):
    """A financial table whose cells hold ranges (1800～2400, 2300至2700): each cell is one
    figure with bounds, not an unreadable number; a year whose range spans the floor sends
    the condition to a person."""
    d = docx.Document()
    d.add_paragraph("2023年度常州市高价值专利培育示范中心建设项目申请书")
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate([["指标（万元）", "2020年", "2021年", "2022年"],
                             ["营业收入", "50000", "52000", "56000"],
                             ["利税总额", "2100～2500", "1800-2400", "2300至2700"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    path = tmp_path / "cells.docx"
    d.save(path)
    claims = extract_claims(read_document(path))
    pt = {f.year: (f.value, f.value_max) for f in claims.figures if f.metric == "profit_tax"}
    assert pt == {2020: (2100, 2500), 2021: (1800, 2400), 2022: (2300, 2700)}
    assert not [w for w in claims.warnings if "无法识别" in w]
    c = _check(screen(_schema(), claims, program="main"), "profit_tax")
    assert c.status == "review" and "2021年1,800万元至2,400万元" in c.explanation
