"""Program and track selection on a multi-program guide (shaped like 苏知发〔2021〕140号)."""
from __future__ import annotations

import pytest

from models.claims import ApplicationClaims, Claim
from models.schema import GuideSchema, Program, Threshold, Track
from pipeline.screen.matcher import screen
from pipeline.screen.select import ProgramSelectionError, select_program


def _schema() -> GuideSchema:
    return GuideSchema(
        year=2022,
        programs=[
            Program(id="js2022_ipzone", name="知识产权保护示范区创建", applicant_types=["government", "park_committee"]),
            Program(id="js2022_gi", name="地理标志商标品牌培育", applicant_types=["gi_holder", "authority"]),
            Program(id="js2022_brand", name="工业品牌培育", applicant_types=["enterprise"]),
            Program(
                id="js2022_hvp",
                name="高价值专利培育计划",
                applicant_types=["enterprise", "高校院所"],
                tracks=[
                    Track(id="new_enterprise", name="新建项目（企业）", applicant_types=["enterprise"]),
                    Track(id="new_academia", name="新建项目（高校院所）", applicant_types=["高校院所"]),
                    Track(id="upgrade", name="升级项目"),
                ],
            ),
            Program(
                id="js2022_transfer",
                name="专利转化专项计划",
                tracks=[Track(id="academia", name="高校院所"), Track(id="park", name="园区")],
                conditions=[
                    Threshold(metric="commercialization_staff", operator=">=", value=2, unit="人", tracks=["academia"],
                              applies_to=["高校院所"]),
                    Threshold(metric="patents_commercialized", operator=">=", value=10, unit="件", tracks=["park"],
                              applies_to=["park_committee"]),
                ],
            ),
        ],
    )


def _claims(title: str | None = None, track: str | None = None, kind: str | None = None) -> ApplicationClaims:
    return ApplicationClaims(
        file="x.docx",
        program_name=Claim(value=title) if title else None,
        track=Claim(value=track) if track else None,
        applicant_type=Claim(value=kind) if kind else None,
    )


def test_detects_program_from_title_with_boilerplate():
    p, track = select_program(_schema(), _claims("2022年度江苏省高价值专利培育计划项目申报书", kind="enterprise"))
    assert p.id == "js2022_hvp"
    # No 申报类别: the only track written for enterprises.
    assert track == "new_enterprise"


def test_track_from_applicant_type_for_university():
    p, track = select_program(_schema(), _claims("高价值专利培育计划申报书", kind="university"))
    assert (p.id, track) == ("js2022_hvp", "new_academia")


def test_track_from_conditions_when_tracks_list_no_types():
    p, track = select_program(_schema(), _claims("2022年度专利转化专项计划申报书", kind="park_committee"))
    assert (p.id, track) == ("js2022_transfer", "park")


def test_track_from_claimed_category():
    p, track = select_program(_schema(), _claims("专利转化专项计划", track="高校院所方向", kind="university"))
    assert (p.id, track) == ("js2022_transfer", "academia")
    p, track = select_program(_schema(), _claims("高价值专利培育计划", track="升级项目", kind="enterprise"))
    assert (p.id, track) == ("js2022_hvp", "upgrade")


def test_track_override():
    _, track = select_program(_schema(), _claims("高价值专利培育计划", kind="enterprise"), track="升级项目")
    assert track == "upgrade"


def test_program_override_by_id_and_by_name():
    c = _claims("高价值专利培育计划申报书")
    assert select_program(_schema(), c, program="js2022_brand")[0].id == "js2022_brand"
    assert select_program(_schema(), c, program="专利转化专项计划")[0].id == "js2022_transfer"


def test_program_override_unknown_lists_programs():
    with pytest.raises(ProgramSelectionError) as err:
        select_program(_schema(), _claims(), program="知识产权质押融资")
    assert err.value.code == "program_not_found"
    for pid, name in [("js2022_hvp", "高价值专利培育计划"), ("js2022_transfer", "专利转化专项计划"),
                      ("js2022_gi", "地理标志商标品牌培育")]:
        assert pid in err.value.message and name in err.value.message
    assert "升级项目" in err.value.message  # tracks are listed too


def test_no_title_on_multi_program_guide_is_ambiguous():
    with pytest.raises(ProgramSelectionError) as err:
        select_program(_schema(), _claims(kind="enterprise"))
    assert err.value.code == "program_ambiguous"
    assert "js2022_ipzone" in err.value.message and "知识产权保护示范区创建" in err.value.message


def test_unrelated_title_is_not_found():
    with pytest.raises(ProgramSelectionError) as err:
        select_program(_schema(), _claims("知识产权保险保费补贴申请表"))
    assert err.value.code == "program_not_found"


def test_ties_broken_by_applicant_type_else_ambiguous():
    schema = GuideSchema(programs=[
        Program(id="hvp_ent", name="高价值专利培育示范中心（企业类）", applicant_types=["enterprise"]),
        Program(id="hvp_uni", name="高价值专利培育示范中心（高校院所类）", applicant_types=["高校院所"]),
    ])
    title = "高价值专利培育示范中心申报书"
    assert select_program(schema, _claims(title, kind="research_institute"))[0].id == "hvp_uni"
    assert select_program(schema, _claims(title, kind="enterprise"))[0].id == "hvp_ent"
    with pytest.raises(ProgramSelectionError) as err:
        select_program(schema, _claims(title))
    assert err.value.code == "program_ambiguous"


def test_single_program_guide_selected_directly():
    schema = GuideSchema(programs=[Program(id="only", name="市高价值专利培育示范中心")])
    p, track = select_program(schema, _claims())
    assert (p.id, track) == ("only", None)


def test_screen_raises_selection_error():
    with pytest.raises(ProgramSelectionError):
        screen(_schema(), _claims())


def test_short_category_label_selects_program_and_track():
    # Only 申报类别 is stated ("高校院所"), a short label inside the track name 高校院所知识产权运营能力提升.
    schema = GuideSchema(programs=[
        Program(id="附件3", name="2022年度省高价值专利培育计划项目", tracks=[Track(name="新建项目"), Track(name="升级项目")]),
        Program(id="附件4", name="2022年度省专利转化专项计划项目",
                tracks=[Track(name="高校院所知识产权运营能力提升"), Track(name="产业知识产权运营中心发展")]),
    ])
    p, track = select_program(schema, _claims(track="高校院所", kind="university"))
    assert (p.id, track) == ("附件4", "高校院所知识产权运营能力提升")


def test_attachment_title_names_the_program_when_the_cover_does_not():
    from models.claims import Attachment

    c = _claims(kind="university")
    c.attachments = [Attachment(name="2022年度省专利转化专项计划项目申报表", material="application_form"),
                     Attachment(name="其他相关证明材料", material="attachments")]
    assert select_program(_schema(), c)[0].id == "js2022_transfer"
    c.attachments = [Attachment(name="其他相关证明材料", material="attachments")]
    with pytest.raises(ProgramSelectionError) as err:
        select_program(_schema(), c)
    assert err.value.code == "program_ambiguous"
