"""Documents named in prose (extractors/guide/mentions.py): titles side by side and
certificates ending in 证. Own wording."""
from extractors.guide.mentions import documents_in


def names(text: str) -> list[str]:
    return [m.name for m in documents_in(text)]


def test_titles_written_side_by_side_are_one_document_each():
    assert names("转入船舶须提交《船舶国籍证书》《最低安全配员证书》《船舶检验证书》。") == [
        "船舶国籍证书", "最低安全配员证书", "船舶检验证书"]


def test_a_certificate_ending_in_zheng_is_a_document():
    assert names("个体户应提供《食品经营许可证》和户主身份证复印件。") == ["食品经营许可证", "户主身份证复印件"]
    assert names("药店还须提交药品经营许可证") == ["药品经营许可证"]


def test_acts_ending_in_zheng_are_no_documents():
    assert names("申报单位应提供售后服务保证") == []
    assert names("须提交项目可行性论证") == []
    assert names("由第三方提供数据验证") == []


def test_an_item_naming_a_known_material_keeps_the_others_beside_it():
    from extractors.guide import extract_guide
    from extractors.readers.text import read_text

    text = ("关于组织2032年度某市物流标准化试点申报的通知\n一、申报条件\n（一）在本市注册的物流企业。\n"
            "二、申请材料\n（一）营业执照复印件（分公司另附总公司授权书）、公司章程、股东名册。\n"
            "（二）物流标准化实施方案。\n三、申报时间\n请于2032年5月1日前报送。\n")
    s = extract_guide(read_text(text, "g.txt"))
    got = {m.name for p in s.programs for m in p.materials if not m.generic}
    assert {"公司章程", "股东名册"} <= got and any("实施方案" in n for n in got), got
    assert any(m.material == "business_license" for p in s.programs for m in p.materials), got
