"""Diff on small hand-made pairs: one changed value, one moved clause, one renamed track."""
from __future__ import annotations

from datetime import date

from models import (Attestation, Deadline, GuideSchema, Material, Program, Qualitative, SourceRef, Threshold, Track)
from pipeline.schema.diff import diff_schemas
from pipeline.render.diff_page import render_diff_html


def _prog(**kw) -> Program:
    base = dict(
        id="main", name="2023年度市高价值专利培育示范中心",
        tracks=[Track(name="新建项目")],
        conditions=[
            Qualitative(text="在相关技术领域研发水平处于行业领先地位"),
            Threshold(metric="rd_expense_ratio", operator=">=", value=3.5, unit="%", period="last_3_years",
                      source=SourceRef(quote="近三年研发费用投入占销售收入的比例达3.5%以上")),
            Threshold(metric="ip_staff", operator=">=", value=3, unit="人"),
            Attestation(text="无严重失信行为", attestation="no_serious_dishonesty"),
        ],
        materials=[Material(name="信用承诺书", material="credit_commitment")],
        deadlines=[Deadline(kind="online", date=date(2023, 6, 21), time="17:00")],
    )
    base.update(kw)
    return Program(**base)


def _diff(old: Program, new: Program):
    return diff_schemas(GuideSchema(programs=[old]), GuideSchema(programs=[new]))


def test_identical_programs_have_no_changes():
    assert _diff(_prog(), _prog()).items == []


def test_one_changed_value_is_one_change():
    new = _prog()
    new.conditions[1] = Threshold(metric="rd_expense_ratio", operator=">=", value=3.0, unit="%", period="last_3_years")
    d = _diff(_prog(), new)
    assert len(d.items) == 1
    it = d.items[0]
    assert it.change == "changed" and it.field == "threshold" and it.key == "rd_expense_ratio"
    assert "3.5" in it.old and "3" in it.new and "→" in it.summary


def test_moved_clause_is_not_a_change():
    new = _prog()
    new.conditions = list(reversed(new.conditions))
    assert _diff(_prog(), new).items == []


def test_renamed_track_is_reported_as_changed_not_added_and_removed():
    new = _prog(tracks=[Track(name="新建项目类")])
    d = _diff(_prog(), new)
    assert [(i.change, i.field) for i in d.items] == [("changed", "track")]


def test_added_exclusion_material_and_moved_deadline():
    from models import Exclusion
    new = _prog(exclusions=[Exclusion(text="同一集团下的企业，不能联合申报", kind="same_group_joint")],
                materials=[Material(name="信用承诺书", material="credit_commitment"),
                           Material(name="合作协议", material="cooperation_agreement")],
                deadlines=[Deadline(kind="online", date=date(2024, 5, 31))])
    d = _diff(_prog(), new)
    got = {(i.change, i.field) for i in d.items}
    assert got == {("added", "exclusion"), ("added", "material"), ("changed", "deadline")}


def test_removed_threshold():
    new = _prog()
    del new.conditions[2]
    d = _diff(_prog(), new)
    assert [(i.change, i.key) for i in d.items] == [("removed", "ip_staff")]


def test_multi_program_notice_compares_only_the_matching_program():
    other = _prog(id="x", name="2023年度省专利转化专项计划项目", deadlines=[])
    d = diff_schemas(GuideSchema(programs=[other, _prog()]), GuideSchema(programs=[_prog()]))
    assert d.items == [] and d.not_compared == ["2023年度省专利转化专项计划项目"]


def test_html_escapes_quotes():
    new = _prog()
    new.conditions[1] = Threshold(metric="rd_expense_ratio", operator=">=", value=3.0, unit="%",
                                  source=SourceRef(quote="<script>alert(1)</script>"))
    html = render_diff_html(_diff(_prog(), new))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
