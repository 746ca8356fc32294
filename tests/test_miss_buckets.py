"""Where missed gold items went (evaluation/miss_buckets.py): counts built from a schema
written here, so each bucket is reached on purpose."""
from evaluation.miss_buckets import buckets
from models.schema import Exclusion, GuideSchema, Program, Qualitative, SourceRef, UnparsedSection


def _src(q: str) -> SourceRef:
    return SourceRef(quote=q, section="s")


def test_each_missed_item_lands_in_the_first_bucket_that_holds_it():
    schema = GuideSchema(programs=[Program(
        name="p",
        exclusions=[Exclusion(text="甲单位乙单位均不得申报本项目", source=_src("甲单位乙单位均不得申报本项目"))],
        conditions=[Qualitative(text="申报单位近三年无重大安全事故", source=_src("申报单位近三年无重大安全事故"))],
    )], unparsed=[UnparsedSection(section="s", text="逾期报送的材料一律退回处理")])
    gold = ["甲单位乙单位均不得申报",          # read as an exclusion, cut otherwise
            "近三年无重大安全事故",            # held by a condition
            "逾期报送的材料一律退回",          # listed as unparsed
            "从未出现在任何地方的一句话"]      # nothing touches it
    assert buckets("exclusions", gold, schema) == {
        "split_differently": 1, "as_conditions": 1, "unparsed": 1, "not_read": 1}
