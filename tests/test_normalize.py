"""Normalization of text exports: artifacts removed, offsets traceable, nothing semantic changed.

Inputs are lines copied from the seed notices (../shared/seeds); expected values
are what a reader of those lines sees.
"""
from hypothesis import given, settings, strategies as st

from extractors.readers import read_text
from extractors.readers.normalize import continues_after_break, normalize_inline, starts_item


def test_bookmark_markers_removed_and_offsets_point_into_raw():
    raw = "[bookmark: OLE_LINK3][bookmark: OLE_LINK4]（2）具有良好的知识产权工作基础。"
    text, pos = normalize_inline(raw)
    assert text == "（2）具有良好的知识产权工作基础。"
    assert raw[pos[0]] == "（" and pos[0] == raw.index("（2）")
    assert all(raw[p] == c for c, p in zip(text, pos))


def test_spaces_between_cjk_and_digits_removed_latin_spaces_kept():
    text, _ = normalize_inline("关于组织申报 2022 年度省知识产权 战略推进计划项目的通知")
    assert text == "关于组织申报2022年度省知识产权战略推进计划项目的通知"
    text, _ = normalize_inline("按 ISO 56005 standard 执行")
    assert text == "按ISO 56005 standard执行"
    text, _ = normalize_inline("附件：1. 2022 年度省知识产权保护示范区创建项目申报指南")
    assert text == "附件：1. 2022年度省知识产权保护示范区创建项目申报指南"


def test_full_width_punctuation_kept_and_invisible_spaces_removed():
    raw = "（一）\u3000申报\u200b主体\u00a0：企业"
    text, pos = normalize_inline(raw)
    assert text == "（一）申报主体：企业"
    assert raw[pos[-1]] == "业"


def test_markdown_link_keeps_url_once_and_unescapes():
    raw = "系统” ([https://pm.jsipp.cn/nbsgd/jsip\\\\_pms/main/login.html](https://pm.jsipp.cn/nbsgd/jsip_pms/main/login.html)) 报送"
    text, _ = normalize_inline(raw)
    assert text == "系统”(https://pm.jsipp.cn/nbsgd/jsip_pms/main/login.html)报送"
    assert text.count("login.html") == 1


def test_markdown_emphasis_and_heading_markers():
    doc = read_text("#### **四、项目任务和绩效目标**\n\n正文。\n")
    assert doc.blocks[0].text == "四、项目任务和绩效目标"
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].style == "h4"
    assert doc.blocks[1].kind == "paragraph"


def test_page_break_split_sentence_rejoined_seed_001():
    raw = (
        "1. 被评为 2020 年度省知识产权工作真抓实干成效明显地\n\n区；\n\n"
        "2. 2020年万人发明专利拥有量位居全省县（市、区）前10位；\n"
    )
    doc = read_text(raw)
    assert [b.text for b in doc.blocks] == [
        "1.被评为2020年度省知识产权工作真抓实干成效明显地区；",
        "2. 2020年万人发明专利拥有量位居全省县（市、区）前10位；",
    ]
    first = doc.blocks[0]
    assert raw[first.orig_start:first.orig_end].endswith("区；")
    assert first.location.line == 1


def test_signature_and_date_not_joined():
    doc = read_text("4. 2022 年度省专利转化专项计划项目申报指南\n\n江苏省知识产权局\n\n2021 年 12 月 24 日\n")
    assert [b.text for b in doc.blocks] == [
        "4. 2022年度省专利转化专项计划项目申报指南", "江苏省知识产权局", "2021年12月24日",
    ]


def test_hard_wrapped_lines_rejoined_seed_001():
    raw = (
        "(一)本项目需指定区域内一项地理标志作为重点培育和  \n"
        "保护对象,该地理标志经批准获得地理标志产品保护或者作为集体  \n"
        "商标、证明商标注册时间超过 3 年以上。\n\n"
        "(二)当地人民政府高度重视地理标志工作。\n"
    )
    doc = read_text(raw)
    assert doc.blocks[0].text == (
        "(一)本项目需指定区域内一项地理标志作为重点培育和保护对象,该地理标志经批准获得地理标志产品保护"
        "或者作为集体商标、证明商标注册时间超过3年以上。"
    )
    assert doc.blocks[1].text.startswith("(二)")


def test_hard_wrap_stops_at_numbered_line_and_list_marker_removed():
    raw = "- 附件：1. 甲指南  \n2. 乙指南  \n3. 丙指南\n\n---\n\n正文。\n"
    doc = read_text(raw)
    assert [b.text for b in doc.blocks] == ["附件：1.甲指南", "2.乙指南", "3.丙指南", "正文。"]
    assert doc.blocks[0].kind == "list_item"
    assert "---" not in doc.text


def test_continuation_rule_units():
    assert continues_after_break("1. 被评为2020年度省知识产权工作真抓实干成效明显地", "区；")
    assert not continues_after_break("申报条件如下。", "区；")
    assert not continues_after_break("企业应当具备以下条件，并且满足其中的任意两项要求", "（一）有效专利")
    assert starts_item("（一）") and starts_item("附件3") and starts_item("① 其他") and starts_item("1．申报")
    assert not starts_item("2020年万人发明专利") and not starts_item("1.5倍")


_ARTIFACTS = st.sampled_from([
    " ", "\u3000", "\u00a0", "\u200b", "[bookmark: OLE_LINK1]", "**", "年度", "2022", "（一）", "abc", "。", "\\_",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ARTIFACTS, max_size=12))
def test_offset_map_points_at_the_same_character(parts):
    raw = "".join(parts)
    text, pos = normalize_inline(raw)
    assert len(text) == len(pos)
    assert pos == sorted(pos)
    for c, p in zip(text, pos):
        if c != " ":
            assert raw[p] == c
