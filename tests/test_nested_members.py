"""Members of a joint application listed in a table nested in a form cell (issue 12,
nested tables): 合作单位情况 | [序号 | 单位名称 | 承担任务], or a cell that opens with
参与单位： above its own small table. The family: a member list whose rows are units,
its meaning given by the label beside (or just above) the nested table, or by a
column headed with a member role (联合体成员单位). The rows become partners (a row saying
牵头, or the applicant itself, is the lead, not a partner); a generic 单位名称 column must
not read every member as the applicant. The generated set has the role-headed column
beside 联合体组成; the files here use a generic 单位名称 column under other captions."""
import docx

from extractors.claims import extract_claims
from extractors.readers import read_document


def _nested(cell, rows):
    inner = cell.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            inner.cell(r, c).text = v
    return inner


MEMBERS = [["序号", "单位名称", "承担任务"], ["1", "常州示例精工有限公司", "总体设计"],
           ["2", "常州工学院", "专利挖掘"], ["3", "常州市知识产权服务中心", "专利导航"]]


def _form(tmp_path, same_cell: bool):
    d = docx.Document()
    d.add_paragraph("2023年度常州市高价值专利培育示范中心建设项目申请书")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "申报单位", "常州示例精工有限公司"
    if same_cell:
        t.cell(1, 0).text = "项目组织"
        t.cell(1, 1).text = "参与单位："
    else:
        t.cell(1, 0).text = "合作单位情况"
    _nested(t.cell(1, 1), MEMBERS)
    path = tmp_path / ("same.docx" if same_cell else "beside.docx")
    d.save(path)
    return path


def test_members_in_a_table_nested_beside_its_label_are_partners(tmp_path):
    c = extract_claims(read_document(_form(tmp_path, same_cell=False)))
    assert c.applicant_name.value == "常州示例精工有限公司"
    assert [p.value for p in c.partners] == ["常州工学院", "常州市知识产权服务中心"]
    assert not c.conflicts


def test_members_in_a_table_under_a_label_in_its_own_cell_are_partners(tmp_path):
    c = extract_claims(read_document(_form(tmp_path, same_cell=True)))
    assert c.applicant_name.value == "常州示例精工有限公司"
    assert [p.value for p in c.partners] == ["常州工学院", "常州市知识产权服务中心"]
    assert not c.conflicts


def test_a_cell_holding_a_nested_table_is_read_through_that_table(tmp_path):
    """The host cell's text is the nested table flattened (营业收入52000 56000: its columns
    lost): figures come from the nested table only, with no undated-figure warnings."""
    d = docx.Document()
    d.add_paragraph("2023年度常州市高价值专利培育示范中心建设项目申请书")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "近两年经营情况"
    _nested(t.cell(0, 1), [["指标（万元）", "2021年", "2022年"], ["营业收入", "52000", "56000"],
                           ["研究开发费用", "2700", "2900"]])
    path = tmp_path / "figures.docx"
    d.save(path)
    c = extract_claims(read_document(path))
    got = {(f.metric, f.year): f.value for f in c.figures}
    assert got == {("revenue", 2021): 52000, ("revenue", 2022): 56000, ("rd_expense", 2021): 2700,
                   ("rd_expense", 2022): 2900}
    assert not c.conflicts and not [w for w in c.warnings if "未能确定年份" in w]
