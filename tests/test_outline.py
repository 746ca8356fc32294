"""Outline: Chinese official numbering → section tree with paths and offsets.

Expected paths were written from reading the texts, not from the code's output.
"""
from pathlib import Path

import pytest

from extractors.outline import build_outline, iter_sections, parse_label, section_at
from extractors.readers import read_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "guides"


def _doc(name: str):
    path = CORPUS / name / "source.txt"
    return read_text(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def js2022():
    doc = _doc("js2022_140")
    return doc, build_outline(doc)


def paths(roots):
    return [s.path for s in iter_sections(roots)]


@pytest.mark.parametrize("line, kind, canon", [
    ("附件3", "attachment", "附件3"),
    ("附件 2", "attachment", "附件2"),
    ("一、支持重点", "cn", "一、"),
    ("（一）新建项目", "paren_cn", "（一）"),
    ("(二) 升级项目", "paren_cn", "（二）"),
    ("1. 申报主体是企业的", "arabic", "1."),
    ("1．专利管理能力强", "arabic", "1."),
    ("2、营业执照复印件", "arabic", "2."),
    ("（4）知识产权管理制度", "paren_arabic", "（4）"),
    ("(4) 知识产权管理制度", "paren_arabic", "（4）"),
    ("①企业建立专利分级分类管理制度", "circled", "①"),
    ("第三条 申报条件", "article", "第三条"),
])
def test_label_families_and_width_variants(line, kind, canon):
    parsed = parse_label(line)
    assert parsed is not None
    assert parsed[0] == kind and parsed[2] == canon


@pytest.mark.parametrize("line", ["附件：1. 2022年度省…申报指南", "3.5%以上的企业", "2022年度省高价值专利", "一是具备健全的管理体系"])
def test_not_labels(line):
    assert parse_label(line) is None


def test_example_path_from_issue(js2022):
    doc, roots = js2022
    ps = paths(roots)
    assert "附件3/三、申报条件/（一）新建项目/1./（4）" in ps
    # the half-width "(4)" of the export is the same section, addressed canonically
    sec = next(s for s in iter_sections(roots) if s.path == "附件3/三、申报条件/（一）新建项目/1./（4）")
    assert "知识产权管理制度比较健全" in doc.text[sec.start: sec.end]
    assert "专利数量要求可减半" in doc.text[sec.start: sec.end]


def test_attachments_are_roots_and_two_guides_in_one_attachment(js2022):
    _, roots = js2022
    atts = [r for r in roots if r.kind == "attachment"]
    assert [a.path for a in atts] == ["附件1", "附件2", "附件3", "附件4"]
    heads = [c for c in atts[1].children if c.kind == "heading"]
    assert len(heads) == 2
    assert "地理标志" in heads[0].title and "工业品牌" in heads[1].title
    # a lone guide title is folded into its attachment
    assert "高价值专利培育计划项目" in atts[2].title
    assert atts[2].children[0].path == "附件3/一、支持重点"


def test_section_at_is_deepest(js2022):
    doc, roots = js2022
    pos = doc.text.index("近三年利税总额均不低于2000万元")
    assert section_at(roots, pos).path == "附件3/三、申报条件/（一）新建项目/1./（3）"
    pos = doc.text.index("升级项目推荐不受数量限制")
    assert section_at(roots, pos).path == "附件3/六、申报要求/（四）"


def test_headingless_city_guide_and_contact_table_extent():
    doc = _doc("cz2023_hvp")
    roots = build_outline(doc)
    assert [r.path for r in roots] == ["一、支持重点", "二、申报主体", "三、申报条件", "四、项目任务", "五、组织方式", "六、联系方式"]
    last = roots[-1]
    assert "88588192" in doc.text[last.start: last.end]  # the contact table belongs to 六、联系方式
    cond = roots[2]
    assert [c.label for c in cond.children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]


def test_sibling_reopens_and_nesting_is_by_first_appearance():
    text = "\n".join([
        "二、申报条件",
        "（一）企业",
        "1. 研发投入占营业收入的比例不低于3%。",
        "(1) 子项甲。",
        "①细项。",
        "2. 有效专利不少于10件。",
        "(二) 高校",
        "1．有效发明专利不少于5件。",
        "三、申报要求",
        "本通知自发布之日起施行。",
    ])
    doc = read_text(text, "t.txt")
    roots = build_outline(doc)
    ps = paths(roots)
    assert ps == [
        "二、申报条件", "二、申报条件/（一）企业", "二、申报条件/（一）企业/1.", "二、申报条件/（一）企业/1./（1）子项甲",
        "二、申报条件/（一）企业/1./（1）子项甲/①", "二、申报条件/（一）企业/2.", "二、申报条件/（二）高校",
        "二、申报条件/（二）高校/1.", "三、申报要求",
    ]
    assert [s.level for s in iter_sections(roots)][:5] == [1, 2, 3, 4, 5]
    assert section_at(roots, doc.text.index("本通知")).path == "三、申报要求"
    assert section_at(roots, 10_000) is None
