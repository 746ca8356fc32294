"""Rule parameters come from the guide (issue 17.5): an award window is the one the guide
states, none stated means an award at any time, and a counting rule whose target the guide
does not name is left to a person, never completed with another guide's values."""
from __future__ import annotations

from extractors.guide import extract_guide
from extractors.guide.adjustments import window_years
from extractors.readers import read_text
from models.schema import Adjustment
from pipeline.screen.checks import adjust


def test_window_is_read_from_the_rule_sentence():
    assert window_years("近五年内获得省级以上专利奖的单位，申报数量要求可减半") == 5
    assert window_years("两年内获评省知识产权示范企业的，发明专利数量要求按60%执行") == 2
    assert window_years("获得中国专利奖的企业，发明专利数量要求减半") is None


def _halving(text: str) -> Adjustment:
    guide = ("某市知识产权资助项目申报指南\n一、申报条件\n"
             "（一）企业拥有有效发明专利不少于20件（" + text + "）。\n")
    schema = extract_guide(read_text(guide, "g.txt"))
    adjs = [a for p in schema.programs for c in p.conditions for a in getattr(c, "adjustments", []) if a.kind == "halve"]
    assert adjs, [c for p in schema.programs for c in p.conditions]
    return adjs[0]


def test_extracted_halving_keeps_the_guides_window_or_none():
    assert _halving("近四年内获得中国专利奖的企业，专利数量要求可减半").window_years == 4
    assert _halving("获得中国专利奖的企业，专利数量要求可减半").window_years is None


def test_untargeted_count_rule_is_not_applied_but_noted():
    rule = Adjustment(kind="count_as", text="PCT申请可按1:2折算", factor=2.0, from_metric="pct_national_phase")
    notes = adjust.Notes()
    assert adjust.count_as([rule], "valid_invention_patents", notes) == []
    assert notes.unresolved and "未写明计入哪项指标" in notes.lines[0]
    targeted = rule.model_copy(update={"metrics": ["valid_invention_patents"]})
    assert adjust.count_as([targeted], "valid_invention_patents", adjust.Notes()) == [targeted]
