"""Real Word features (issue 12): footnotes and endnotes are read (python-docx cannot
write them, so the parts are added as raw WordprocessingML), their marks never join a
number, and an unticked box before a title does not make the title held."""
import io
import zipfile
from pathlib import Path

import docx

from extractors.claims import extract_claims
from extractors.readers import read_document, read_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_notes(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("某某市知识产权示范企业申报书")
    d.add_paragraph("申报单位：某某新材料有限公司")
    d.add_paragraph("有效发明专利44件")  # the mark is added after the figure below
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "word/document.xml":
            data = data.replace(
                "有效发明专利44件</w:t></w:r>".encode(),
                "有效发明专利44件</w:t></w:r><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr>"
                "<w:footnoteReference w:id=\"1\"/></w:r>".encode())
        elif item.filename == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        elif item.filename == "word/_rels/document.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/'
                                b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
        out.writestr(item, data)
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>本单位2021年被认定为国家知识产权示范企业。</w:t></w:r></w:p></w:footnote>'
             '</w:footnotes>')
    out.writestr("word/footnotes.xml", notes.encode("utf-8"))
    out.close()


def test_a_title_stated_in_a_footnote_is_read_and_the_mark_joins_no_number(tmp_path: Path):
    path = tmp_path / "notes.docx"
    _with_notes(path)
    doc = read_document(path)
    note = [b for b in doc.blocks if b.style == "footnote"]
    assert note and "国家知识产权示范企业" in note[0].text and note[0].location.paragraph == 2
    claims = extract_claims(doc)
    assert any(s.id == "national_ip_demonstration" for s in claims.standings)
    figures = [f for f in claims.figures if f.metric == "valid_invention_patents"]
    assert figures and all(f.value == 44 for f in figures)


def test_an_unticked_box_does_not_make_a_title_held():
    text = ("某某市知识产权示范企业申报书\n申报单位：某某科技有限公司\n"
            "已获称号：☐国家知识产权示范企业 ☑省级知识产权优势企业 □国家级专精特新“小巨人”企业\n")
    ids = {s.id for s in extract_claims(read_text(text, "<app>")).standings}
    assert ids == {"provincial_ip_advantage"}
