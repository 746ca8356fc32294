"""jieba + spaCy layer: tokens keep offsets, metric precedence, cue spans, pattern validation."""
import json
import subprocess
import sys

import pytest

from extractors import nlp


def metrics(text):
    return [(text[a:b], m) for a, b, m in nlp.find_metrics(text)]


def test_tokenize_keeps_text_and_domain_words():
    text = "企业有效发明专利数量不少于50件，近三年利税总额均不低于 2000 万元"
    toks = nlp.tokenize(text)
    assert "".join(toks) == text.replace(" ", "")  # single spaces ride on the previous token
    assert "有效发明专利数量" in toks or "有效发明专利" in toks
    assert "利税总额" in toks


def test_get_nlp_cached():
    assert nlp.get_nlp() is nlp.get_nlp()


@pytest.mark.parametrize("text,expected", [
    ("企业有效专利数量不少于100件或有效发明专利数量不少于50件",
     [("有效专利数量", "valid_patents"), ("有效发明专利数量", "valid_invention_patents")]),
    ("上一年度知识产权费用占研发费用投入的比例达5%以上",
     [("知识产权费用占研发费用投入的比例", "ip_expense_ratio")]),
    ("近三年研发费用投入占销售收入的比例达3.5%以上",
     [("研发费用投入占销售收入的比例", "rd_expense_ratio")]),
    ("拥有有效发明专利10件及以上", [("有效发明专利", "valid_invention_patents")]),
    ("近三年利税总额均不低于2000万元", [("利税总额", "profit_tax")]),
    ("知识产权管理人员不少于二人", [("知识产权管理人员", "ip_staff")]),
    ("上年度主营业务收入5亿元以上", [("主营业务收入", "revenue")]),
    ("近两年专利产品销售收入占总收入比例40%以上",
     [("专利产品销售收入占总收入比例", "patent_product_revenue_ratio")]),
])
def test_metric_precedence(text, expected):
    assert metrics(text) == expected


@pytest.mark.parametrize("text,span", [
    # wordings not listed as aliases: found by the token patterns in patterns.jsonl
    ("研发经费支出占主营业务收入的比重不低于4%", "研发经费支出占主营业务收入的比重"),
    ("科研经费占营业收入比例不低于3%", "科研经费占营业收入比例"),
    ("研发费用投入占当年营业收入比例", "研发费用投入占当年营业收入比例"),
])
def test_flexible_rd_ratio(text, span):
    assert metrics(text)[0] == (span, "rd_expense_ratio")


def test_flexible_ip_ratio():
    text = "知识产权经费支出占研发经费的比重达到5%"
    assert metrics(text)[0] == ("知识产权经费支出占研发经费的比重", "ip_expense_ratio")


def test_line_break_before_zhan():
    text = "近两年专利产品销售收入\n占总收入比例40%以上"
    assert metrics(text) == [("专利产品销售收入\n占总收入比例", "patent_product_revenue_ratio")]


def spans(text, label):
    return [(text[a:b], i) for a, b, l, i in nlp.find_spans(text, {label})]


def test_exemption_cues():
    assert spans("专精特新“小巨人”企业可不受利税总额限制", "EXEMPTION_CUE") == [("可不受利税总额限制", "not_bound")]
    assert spans("国家、省实验室不受名额限制", "EXEMPTION_CUE") == [("不受名额限制", "not_bound")]
    assert spans("高校院所不受此限制。", "EXEMPTION_CUE") == [("不受此限制", "not_bound")]


def test_adjustment_cues():
    assert spans("PCT专利申请可按1:2抵算有效发明专利数", "ADJUSTMENT_CUE") == [("可按1:2抵算", "count_as")]
    assert spans("专利数量要求减半", "ADJUSTMENT_CUE") == [("减半", "halve")]
    assert spans("子公司专利不得计入集团母公司专利数量", "ADJUSTMENT_CUE") == [("不得计入", "exclude")]


@pytest.mark.parametrize("text,cue", [
    ("已作为牵头单位承担过省高价值专利培育计划项目的企业，不得申报", "不得申报"),
    ("同一集团内企业不能联合申报", "不能联合申报"),
    ("已承担项目的单位不再承担新项目", "不再承担"),
    ("不得以同一项目重复申报", "不得以同一项目重复申报"),
    ("企业不能参与申报", "不能参与申报"),
])
def test_exclusion_cues(text, cue):
    assert [s for s, _ in spans(text, "EXCLUSION_CUE")] == [cue]


def test_material_and_comparator_cues():
    assert [s for s, _ in spans("申报单位须提交申报书并加盖公章", "MATERIAL_CUE")] == ["须提交", "加盖公章"]
    assert spans("有效专利不少于30件", "COMPARATOR") == [("不少于", ">=")]


def test_spans_non_overlapping_longest_first():
    got = nlp.find_spans("专精特新“小巨人”企业可不受利税总额限制")
    assert [l for _, _, l, _ in got] == ["EXEMPTION_CUE"]  # the cue contains the metric
    for (a1, b1, *_), (a2, b2, *_) in zip(got, got[1:]):
        assert b1 <= a2


def test_pattern_validation_names_line(tmp_path):
    good = json.dumps({"label": "METRIC", "id": "profit_tax", "pattern": "利税"}, ensure_ascii=False)
    bad = json.dumps({"label": "METRIC", "id": "profit_tax", "patern": "利税"}, ensure_ascii=False)
    f = tmp_path / "p.jsonl"
    f.write_text(good + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(nlp.PatternError, match="第2行.*patern"):
        nlp.load_patterns(f)
    f.write_text(json.dumps({"label": "METRIC", "id": "no_such_metric", "pattern": "x"}) + "\n")
    with pytest.raises(nlp.PatternError, match="第1行"):
        nlp.load_patterns(f)
    f.write_text(json.dumps({"label": "CUE", "id": "x", "pattern": [{"TEXTT": "a"}]}) + "\n")
    with pytest.raises(nlp.PatternError, match="第1行"):
        nlp.load_patterns(f)
    f.write_text(json.dumps({"label": "MATERIAL_CUE", "id": "x", "pattern": [{"TEXTT": "a"}]}) + "\n")
    with pytest.raises(nlp.PatternError, match="第1行"):
        nlp.load_patterns(f)


def test_shipped_patterns_valid():
    pats = nlp.load_patterns()
    assert {p["label"] for p in pats} >= {"METRIC", "EXEMPTION_CUE", "ADJUSTMENT_CUE", "EXCLUSION_CUE", "MATERIAL_CUE"}


def test_import_does_not_pull_torch():
    code = "import sys, extractors.nlp as n; n.get_nlp(); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("text", [
    "近三年研究开发费用总额占同期销售收入总额的比例不低于3%",
    "研发投入强度达到5%以上，知识产权经费占研发经费的比例不低于2%",
    "专利密集型产品产值占总产值比重超过30%，拥有的授权发明专利数量10件",
    "企业有效专利总数不少于20件，有效的发明专利件数不少于5件",
    "科研经费支出占全年主营业务收入比率",
])
def test_compiled_metric_patterns_agree_with_the_spacy_matcher(text):
    """find_metrics runs the METRIC token patterns as character regexes (no spaCy on the hot
    path); whatever the spaCy matcher finds over the same data, they find too. They may find
    more where jieba splits a pattern's word (专利|密集型|产品, 授权|发明专利): the whole corpus
    and the real notices give identical schemas either way (benchmarks/output_snapshot.py)."""
    spacy_spans = {(a, b, i) for a, b, _, i in nlp.find_spans(text, {"METRIC"})}
    assert spacy_spans <= set(nlp.find_metrics(text))


def test_compiled_patterns_do_not_depend_on_jieba_splits():
    text = "专利密集型产品产值占总产值比重超过30%，拥有的授权发明专利数量10件"
    assert [(text[a:b], i) for a, b, i in nlp.find_metrics(text)] == [
        ("专利密集型产品产值占总产值比重", "patent_product_revenue_ratio"), ("拥有的授权发明专利数量", "valid_invention_patents")]


def test_token_pattern_compiles_operators():
    assert nlp.token_regex({"TEXT": {"IN": ["有效", "拥有"]}, "OP": "?"}) == "(?:有效|拥有)?"
    assert nlp.token_regex({"TEXT": {"REGEX": "^(费用|经费)+$"}, "OP": "{0,3}"}) == "(?:(费用|经费)+){0,3}"
    with pytest.raises(nlp.PatternError):
        nlp.token_regex({"LOWER": "x"})
