"""Review items staff can trust (issue 12 cause 7), on a submission written here: a
passage that restates the condition is shown as a related statement (never next to
"未找到相应表述"), signature and stamp blocks are never passages, and the report says
whether only judgement is left or a fact was not found."""
import csv
from pathlib import Path

from extractors.claims import extract_claims
from extractors.readers import read_text
from models.schema import GuideSchema, Program, Qualitative, SourceRef, Threshold
from pipeline.screen.evidence import add_passages
from pipeline.render.exports import row_from_report, write_csv
from pipeline.screen.matcher import screen

APP = """某某市知识产权示范企业申报书

申报单位：某某光电科技有限公司
一、知识产权管理
公司建立了完善的知识产权管理制度，设有专职知识产权管理人员3名，每年开展专利挖掘与布局。
二、经营情况
公司主要从事激光器件研发生产，产品出口欧美。
法定代表人（签字）：赵某    单位（盖章）    日期：2027年3月1日
"""

QUAL = Qualitative(text="知识产权管理制度健全", source=SourceRef(quote="企业知识产权管理制度健全，管理规范"))
OPEN = Threshold(metric="", subject="年出口额", operator=">=", value=500, unit="万元", value_text="500万元",
                 source=SourceRef(quote="年出口额500万元以上"))


def _report(*conds):
    doc = read_text(APP, "<app>")
    schema = GuideSchema(programs=[Program(id="main", name="示范企业", conditions=list(conds))])
    return add_passages(screen(schema, extract_claims(doc)), doc)


def test_a_passage_restating_the_condition_is_a_related_statement():
    check = next(c for c in _report(QUAL).checks if c.kind == "qualitative")
    assert check.status == "review" and not check.evidence
    assert check.passage_support == "related"
    assert "知识产权管理制度" in check.passages[0].text
    assert not any("签字" in p.text or "盖章" in p.text for p in check.passages)


def test_review_split_tells_judgement_from_facts_not_found(tmp_path: Path):
    report = _report(QUAL, OPEN)
    split = report.review_split
    assert split is not None and split.to_judge == 2 and split.facts_not_found == 0 and split.checkable_met
    write_csv([row_from_report(report, "a")], tmp_path / "s.csv")
    with open(tmp_path / "s.csv", encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert row["可核查条件均满足"] == "是" and row["需人工判断项数"] == "2"
    assert list(row)[:3] == ["文件", "申报单位", "统一社会信用代码"]  # the old columns keep their places
