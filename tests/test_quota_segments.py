"""Several caps in one clause are one quota each, each quoting its own words (issue 13).
Own wording."""
from extractors.guide import extract_guide
from extractors.readers.text import read_text


def test_two_caps_joined_by_a_pause_mark_are_two_quotas():
    text = ("关于开展2032年度某市智能工厂认定的通知\n一、申报条件\n（一）在本市注册的制造业企业。\n"
            "二、认定数量\n本批次认定的示范工厂总数不超过30家、培育工厂总数不超过50家。\n"
            "三、申报时间\n请于2032年6月1日前报送。\n")
    s = extract_guide(read_text(text, "g.txt"))
    got = {(q.max_count, q.text) for p in s.programs for q in p.quotas}
    assert (30, "本批次认定的示范工厂总数不超过30家") in got, got
    assert (50, "培育工厂总数不超过50家") in got, got
