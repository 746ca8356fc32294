"""The real-notice scorer's matching rules (evaluation/score_real.py), on hand-made gold
and predictions: quantities compared in base units, quotes must overlap, deadlines by
date against their role, a deadline on a date of another event is a false positive,
generic materials are guidance, and an item copied into two programs counts once."""
from datetime import date

from evaluation.score_real import norm_quantity, overlaps, score_real
from models.gold import RealDate, RealGuideGold, RealQuoted, RealThreshold
from models.schema import Deadline, Exclusion, GuideSchema, Material, Program, SourceRef, Threshold


def _src(q):
    return SourceRef(quote=q, start=0, end=len(q))


def test_quantities_fold_prefixes_and_aliases():
    assert norm_quantity(1.2, "亿元") == (1.2e8, "元") and norm_quantity(12000, "万元") == (1.2e8, "元")
    assert norm_quantity(1, "万平方米") == (1e4, "平方米") and norm_quantity(55, "周岁") == (55, "岁")
    assert overlaps("年节能量30吨标准煤以上", "项目年节能量30吨标准煤以上（含）的，给予奖励")
    assert not overlaps("年节能量30吨", "研发人员占比不低于10%")


def test_matching_rules():
    gold = RealGuideGold(
        file="x.txt",
        thresholds=[RealThreshold(quote="营业收入1.2亿元以上", subject="营业收入", comparator=">=", value=1.2, unit="亿元"),
                    RealThreshold(quote="年龄不超过55周岁", subject="年龄", comparator="<=", value=55, unit="周岁")],
        dates=[RealDate(quote="5月8日前报送", date="2031-05-08", role="submission"),
               RealDate(quote="2030年1月1日以后建成", date="2030-01-01", role="other")],
        exclusions=[RealQuoted(quote="已获市级资助的项目不得申报")],
        materials=[RealQuoted(quote="营业执照复印件", name="营业执照复印件")],
    )
    th = [Threshold(metric="revenue", operator=">=", value=12000, unit="万元", source=_src("上年度营业收入1.2亿元以上")),
          Threshold(metric="", subject="年龄", operator="<=", value=55, unit="周岁", source=_src("申报人年龄不超过55周岁")),
          Threshold(metric="", operator=">=", value=55, unit="周岁", source=_src("另一句话完全不同"))]
    dl = Deadline(date=date(2031, 5, 8), source=_src("请于5月8日前报送"))
    wrong = Deadline(date=date(2030, 1, 1), source=_src("2030年1月1日以后建成"))
    progs = [Program(id=f"p{i}", name="x", conditions=th if i == 0 else [], deadlines=[dl, wrong],
                     exclusions=[Exclusion(text="已获市级资助的项目不得申报", source=_src("已获市级资助的项目不得申报"))],
                     materials=[Material(name="营业执照", material="business_license"),
                                Material(name="附件材料", material="attachments", generic=True, required=False)])
             for i in range(2)]
    t = score_real(gold, GuideSchema(programs=progs)).fields
    assert (t["thresholds"].tp, t["thresholds"].fp, t["thresholds"].fn) == (2, 1, 0)  # the third quotes elsewhere
    assert (t["deadlines"].tp, t["deadlines"].fp, t["deadlines"].fn) == (1, 1, 0)  # copied twice, counted once
    # the same deadline restated in another sentence is one fact, as the gold annotates it
    again = Deadline(date=date(2031, 5, 8), source=_src("第九条 材料须于5月8日前报送"))
    progs[1] = progs[1].model_copy(update={"deadlines": [dl, wrong, again]})
    t = score_real(gold, GuideSchema(programs=progs)).fields
    assert (t["deadlines"].tp, t["deadlines"].fp, t["deadlines"].fn) == (1, 1, 0)
    assert (t["exclusions"].tp, t["exclusions"].fp) == (1, 0)
    assert (t["materials"].tp, t["materials"].fp) == (1, 0)  # 附件材料 is guidance, no prediction
    assert t["threshold_comparator"].tp == 2
