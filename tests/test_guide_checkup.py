"""A guide that cannot serve (issue 12 cause 5, issue 13 point 3): an application passed
as the guide is refused naming what it looks like; a schema with nothing to check is
refused; a guide without conditions or deadlines says so. Documents written here."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.guide import extract_guide
from extractors.guide.checkup import NotAGuideError, check_guide, document_kind
from extractors.readers import read_text
from pipeline.cli import app

APPLICATION = """某某市知识产权优势企业申报书

申报单位（盖章）：某某精密机械有限公司
统一社会信用代码：91320400MA1XXXXX0K
法定代表人（签字）：王某
成立日期：2015年3月2日    注册资本：3000万元
项目负责人：李某    手机：13900000000
一、申报单位基本情况
本单位现有职工总数210人，其中研发人员45人。
上年度营业收入1.2亿元，研发费用680万元。
本单位承诺所填内容真实。
填报日期：2027年4月1日
"""

NO_DEADLINE = """关于开展2028年度某某区绿色工厂奖励的通知

各有关单位：
一、申报条件
（一）在本区注册满1年；
（二）上年度能耗下降3%以上。
二、联系人
张某，电话：0512-66660000
"""


def test_an_application_reads_as_an_application():
    kind, words = document_kind(read_text(APPLICATION, "<app>"))
    assert kind == "application" and "统一社会信用代码" in words


def test_an_application_passed_as_the_guide_is_refused():
    doc = read_text(APPLICATION, "<app>")
    with pytest.raises(NotAGuideError) as err:
        check_guide(doc, extract_guide(doc))
    assert err.value.code == "not_a_guide" and "申报书" in err.value.message


def test_a_guide_without_deadline_says_so_and_still_serves():
    doc = read_text(NO_DEADLINE, "<guide>")
    schema = extract_guide(doc)
    check_guide(doc, schema)  # conditions are there: usable
    assert any("截止时间" in w for w in schema.warnings)
    assert not any("申报条件" in w for w in schema.warnings)


def test_cli_refuses_an_application_as_guide(tmp_path: Path):
    g = tmp_path / "申报书.txt"
    g.write_text(APPLICATION, encoding="utf-8")
    res = CliRunner().invoke(app, ["guide", str(g)])
    assert res.exit_code == 1 and "申报书" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(app, ["screen", "--guide", str(g), "--out", str(tmp_path / "r"), str(g)])
    assert res.exit_code == 1 and "不能作为申报指南" in res.output
    assert not (tmp_path / "r" / "summary.csv").exists()
