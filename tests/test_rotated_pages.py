"""Pages stored rotated (issue 12, "landscape pages saved rotated"): the family is a page
whose /Rotate (90, 180 or 270) turns it upright for display while its content is drawn
turned in the stored MediaBox — how Word/WPS save a landscape section and how scanners and
"rotate page" tools leave pages. The text layer must read as displayed: lines left to
right in reading order, every line whole, and a ruled table in its place without
swallowing the text around it. The generated set has /Rotate 90 from LibreOffice; the
page here is hand-written with /Rotate 270 and a ruled table."""
from extractors.readers import read_document
from extractors.readers.pdf_layout import page_lines

from tests.pdfbytes import one_page_pdf

LINES = [b"Application form of ACME Precision Ltd", b"Section one: the applicant",
         # one paragraph wrapped by the layout engine over two lines
         b"ACME Precision Ltd is an independent legal person registered in Changzhou since 2009 and it holds the",
         b"unified credit code 91320404MA1XYZ1234.",
         b"Section two: figures"]


def _rotated_270() -> bytes:
    # landscape content (842 x 595, y up) drawn into a portrait MediaBox (595 x 842):
    # user (x, y) = (Y, 842 - X); /Rotate 270 shows it upright again
    body = [b"q 0 -1 1 0 0 842 cm", b"BT /F1 11 Tf 60 540 Td 16 TL"]
    body += [b"(" + t + b") Tj T*" for t in LINES]
    body += [b"ET"]
    # a ruled 2 x 3 table below the text: revenue per year
    body += [b"0.5 w 60 380 600 60 re S 60 410 m 660 410 l S 260 380 m 260 440 l S 460 380 m 460 440 l S"]
    cells = [(b"Year", 66, 422), (b"2021", 266, 422), (b"2022", 466, 422),
             (b"Revenue", 66, 392), (b"5200", 266, 392), (b"6100", 466, 392)]
    body += [b"BT /F1 11 Tf %d %d Td (%s) Tj ET" % (x, y, t) for t, x, y in cells]
    body += [b"Q"]
    pdf = one_page_pdf(b"\n".join(body))
    return pdf.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 595 842] /Rotate 270")


def test_rotated_page_lines_run_as_displayed(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(_rotated_270())
    try:
        lines = page_lines(pdf[0], 1).lines
    finally:
        pdf.close()
    text = [ln.text for ln in lines]
    assert text[0].startswith("Application form")
    first = lines[0]
    assert first.x1 - first.x0 > 5 * (first.bottom - first.top)   # horizontal, as read
    assert [ln.top for ln in lines[:4]] == sorted(ln.top for ln in lines[:4])


def test_rotated_page_keeps_its_text_and_its_table(tmp_path):
    path = tmp_path / "rotated.pdf"
    path.write_bytes(_rotated_270())
    doc = read_document(path)
    assert "unified credit code 91320404MA1XYZ1234" in doc.text
    # the wrapped line joins its paragraph: the page is measured as displayed
    assert any("independent legal person" in b.text and "91320404MA1XYZ1234" in b.text for b in doc.blocks)
    assert "Section one: the applicant" in doc.text and "Section two: figures" in doc.text
    assert doc.text.index("Section one") < doc.text.index("Section two")
    rows = [r for t in doc.tables for r in t.rows]
    assert ["Year", "2021", "2022"] in rows and ["Revenue", "5200", "6100"] in rows
