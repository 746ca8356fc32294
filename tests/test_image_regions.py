"""An image of a table (or of any text) inside a PDF page that otherwise has a text layer
(issue 12): a scanned financial table pasted between typed paragraphs, a photographed
certificate on a typed page. The family: image regions on text pages large enough to hold
content and not already covered by the text layer. OCR reads such regions (cached by their
pixels, evidence marked as OCR with its confidence); without an OCR engine the document says
which page holds an image that was not read — never a silent pass. Logos, stamps and a
picture under real text (a searchable scan) are left alone. The generated set has a
LibreOffice PDF of a Word file with a pasted picture; the page here is hand-written with a
raw image XObject drawn between Helvetica lines."""
import sys

import pytest
from ocr_isolation import isolated_ocr  # noqa: F401  (autouse: OCR cache and engine per test)
from pdfbytes import pdf_from_objects

from extractors.readers import ocr, read_document
from extractors.readers.ocr_layout import Box


def _pdf(image_w_pt: int = 300, image_h_pt: int = 150, text_over_image: bool = False) -> bytes:
    px_w, px_h = 60, 30
    pixels = bytes(255 if (x + y) % 7 else 0 for y in range(px_h) for x in range(px_w))
    content = [b"BT /F1 11 Tf 72 760 Td (Application of ACME Precision Ltd, section two: figures) Tj ET",
               b"q %d 0 0 %d 72 560 cm /Im1 Do Q" % (image_w_pt, image_h_pt),
               b"BT /F1 11 Tf 72 520 Td (The table above gives revenue per year.) Tj ET"]
    if text_over_image:
        content.append(b"BT 3 Tr /F1 11 Tf 80 600 Td (Revenue 2022 52000 and more invisible scan text here) Tj ET")
    stream = b"\n".join(content)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length %d >>\nstream\n" % (px_w, px_h, len(pixels)) + pixels + b"\nendstream",
    ]
    return pdf_from_objects(objs)


class FakeEngine:
    name = "fake-region-1"

    def __init__(self):
        self.calls = 0
        self.sizes = []

    def __call__(self, image):
        self.calls += 1
        self.sizes.append(image.size)
        return [Box("Revenue 2022: 52000", 0.93, 20, 20, 300, 50)]




def test_without_ocr_an_image_region_on_a_text_page_is_named_not_read(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr", None)   # the extra is not installed
    path = tmp_path / "pasted.pdf"
    path.write_bytes(_pdf())
    doc = read_document(path)
    assert "section two" in doc.text                      # the text layer is read as before
    warned = [w for w in doc.warnings if "图片区域" in w and "未读取" in w]
    assert warned and warned[0].startswith("第1页")


def test_with_ocr_the_region_is_read_in_place_cached_and_marked(tmp_path):
    engine = FakeEngine()
    ocr.set_engine(engine)
    path = tmp_path / "pasted.pdf"
    path.write_bytes(_pdf())
    doc = read_document(path)
    assert engine.calls == 1
    w, h = engine.sizes[0]
    assert 500 <= w <= 700 and 250 <= h <= 350            # the region, not the page (300 x 150 pt at 144 dpi)
    text = doc.text
    assert "Revenue 2022: 52000" in text
    assert text.index("section two") < text.index("Revenue 2022") < text.index("The table above")
    block = next(b for b in doc.blocks if "Revenue 2022" in b.text)
    assert block.origin == "ocr" and block.confidence == pytest.approx(0.93)
    assert any("图片区域" in w and "文字识别" in w for w in doc.warnings)
    read_document(path)
    assert engine.calls == 1                               # the second read comes from the cache


def test_small_images_and_images_under_text_are_left_alone(tmp_path):
    engine = FakeEngine()
    ocr.set_engine(engine)
    for name, data in (("logo.pdf", _pdf(60, 40)), ("searchable.pdf", _pdf(text_over_image=True))):
        path = tmp_path / name
        path.write_bytes(data)
        doc = read_document(path)
        assert not [w for w in doc.warnings if "图片区域" in w], name
    assert engine.calls == 0
