"""Name and credit code printed only in the page header or footer (issue 12, headers):
templates print 申报单位：X  统一社会信用代码：Y on every page, offices put 单位名称（盖章）
in the footer, a PDF repeats it as a running line. The family: identity stated in running
text and nowhere in the body. Used only when the body states neither value (the body
wins, with no conflict), quoted from the header/footer and located there (页眉/页脚).
The generated set has both in one default header; the file here has the name in a
first-page header and a bare credit code (no label) in the footer."""
import docx

from extractors.claims import extract_claims
from extractors.claims.creditcode import validate_credit_code
from extractors.readers import read_document

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _code() -> str:
    base = "91320404MA1WQ8T4"
    for a in ALPHABET[:10]:
        for b in ALPHABET:
            if validate_credit_code(base + a + b).valid:
                return base + a + b
    raise AssertionError("no valid code")


def _doc(tmp_path, body_name: str | None = None):
    code = _code()
    d = docx.Document()
    sec = d.sections[0]
    sec.different_first_page_header_footer = True
    sec.first_page_header.paragraphs[0].text = "单位名称（盖章）：常州示例精工有限公司"
    sec.footer.paragraphs[0].text = f"常州示例精工有限公司    {code}"
    sec.first_page_footer.paragraphs[0].text = f"常州示例精工有限公司    {code}"
    d.add_paragraph("2023年度常州市高价值专利培育示范中心建设项目申请书")
    if body_name:
        d.add_paragraph(f"申报单位：{body_name}")
    d.add_paragraph("一、单位概况")
    d.add_paragraph("本单位是一家具有独立法人资格的企业，注册地址为江苏省常州市钟楼区西太湖大道227号。")
    path = tmp_path / "running.docx"
    d.save(path)
    return path, code


def test_identity_from_header_and_footer_when_the_body_has_none(tmp_path):
    path, code = _doc(tmp_path)
    c = extract_claims(read_document(path))
    assert c.applicant_name is not None and c.applicant_name.value == "常州示例精工有限公司"
    assert c.applicant_name.evidence[0].location.part == "header"
    assert c.credit_code is not None and c.credit_code.value.code == code and c.credit_code.value.valid
    assert c.credit_code.evidence[0].location.part == "footer"
    assert c.credit_code.evidence[0].location.label().endswith("页脚")


def test_the_body_wins_over_running_text(tmp_path):
    path, code = _doc(tmp_path, body_name="常州示例精工股份有限公司")
    c = extract_claims(read_document(path))
    assert c.applicant_name.value == "常州示例精工股份有限公司"
    assert not c.conflicts
    assert c.credit_code.value.code == code    # the body states none: the footer's
