"""Generate the bad-input suite into a folder (nothing opaque is committed).

    python tests/badinputs.py OUTDIR [--heavy]

Each case is written by code below and listed with the error codes the batch
may report for it (None = must be screened normally, i.e. no error). The suite
also provides tiny stub pipeline stages (`stub_stages`) so batch tests do not
depend on extractor quality; they are importable by worker processes because
this folder is on sys.path under pytest.
"""
from __future__ import annotations

import hashlib
import io
import os
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

HOSTILE_APPLICANT = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{7*7}}有限公司'
FORMULA_APPLICANT = '=HYPERLINK("http://evil.example/x","点我")'


# Applicant-controlled strings a report, a file name or a spreadsheet cell must render inert.
TRAVERSAL = "../../etc/passwd"
IMG_APPLICANT = '"><img src=x onerror=alert(1)>有限公司'
TEMPLATE_APPLICANT = "{{7*7}}{% raw %}有限公司"
LONG_APPLICANT = "江苏省常州市武进区高新技术产业开发区" * 5 + "新材料科技有限公司"  # > 300 UTF-8 bytes
DDE_APPLICANT = "+cmd|' /C calc'!A0"
HOSTILE_TEXTS = (HOSTILE_APPLICANT, FORMULA_APPLICANT, TRAVERSAL, IMG_APPLICANT, TEMPLATE_APPLICANT, DDE_APPLICANT)
# Markers that must never appear in any output: proof an entity was expanded or a local file read.
LEAK_MARKERS = ("root:x:0:0", "lollollollollollollollollollollol")


@dataclass(frozen=True)
class Case:
    name: str  # relative path inside the suite folder
    expected: frozenset  # acceptable error codes; None means "screened, no error"
    note: str = ""
    expected_ocr: frozenset | None = None  # with the OCR extra importable, when that changes the outcome

    def codes(self, ocr: bool = False) -> frozenset:
        return self.expected_ocr if ocr and self.expected_ocr is not None else self.expected


def ocr_installed() -> bool:
    """The OCR extra (rapidocr) reads image-only pages; CI installs only `.[dev]`.
    SHENBAO_OCR=off (the readers' own switch) simulates CI on a machine that has it."""
    import importlib.util

    switched_off = os.environ.get("SHENBAO_OCR", "").strip().lower() in ("0", "off", "no", "false")
    return importlib.util.find_spec("rapidocr") is not None and not switched_off


def _codes(*codes) -> frozenset:
    return frozenset(codes)


# --------------------------------------------------------------------------- PDF
def build_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """Objects numbered from 1; object 1 is the catalog. Correct xref offsets."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d " % len(data) + extra + b">>\nstream\n" + data + b"\nendstream"


def _page_objects(content: bytes, content_extra: bytes = b"") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content, content_extra),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def text_pdf(lines: list[str]) -> bytes:
    ops = [b"BT /F1 12 Tf 72 770 Td 14 TL"]
    for line in lines:
        safe = line.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + safe + b") Tj T*")
    ops.append(b"ET")
    return build_pdf(_page_objects(b"\n".join(ops)))


def image_only_pdf() -> bytes:
    pixels = bytes([0, 255, 255, 0] * 4)
    content = b"q 200 0 0 200 100 500 cm BI /W 4 /H 4 /CS /G /BPC 8 ID " + pixels + b" EI Q"
    return build_pdf(_page_objects(content))


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bool, lines: list[str]) -> bytes:
    """RC4-40 standard security handler (R2). With `user_password` the U entry does
    not match the empty password, so the file cannot be opened without one; owner-only
    files open with the empty password and must be screened normally."""
    file_id = hashlib.md5(b"shenbao-bad-input").digest()
    p = -44
    owner_key = hashlib.md5(_PAD).digest()[:5]
    o_value = _rc4(owner_key, _PAD)
    key = hashlib.md5(_PAD + o_value + struct.pack("<i", p) + file_id).digest()[:5]
    u_value = _rc4(key, _PAD) if not user_password else hashlib.sha256(b"secret").digest()
    ops = [b"BT /F1 12 Tf 72 770 Td 14 TL"] + [b"(" + ln.encode("latin-1") + b") Tj T*" for ln in lines] + [b"ET"]
    content = b"\n".join(ops)
    obj_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\0\0").digest()[:10]
    objects = _page_objects(_rc4(obj_key, content))
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + o_value.hex().encode() + b"> /U <"
                   + u_value.hex().encode() + b"> /P %d >>" % p)
    enc_ref = len(objects)
    trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (enc_ref, file_id.hex().encode(), file_id.hex().encode())
    return build_pdf(objects, trailer)


def broken_xref_pdf(lines: list[str]) -> bytes:
    data = bytearray(text_pdf(lines))
    start = data.index(b"xref\n") + len(b"xref\n0 6\n")
    for i in range(start, data.index(b"trailer")):
        if data[i:i + 1].isdigit():
            data[i:i + 1] = b"9"
    return bytes(data)


def circular_xobject_pdf(lines: list[str]) -> bytes:
    """Two form XObjects that draw each other (X1 -> X2 -> X1) plus one that draws
    itself: a renderer or interpreter without a recursion guard never returns."""
    ops = [b"BT /F1 12 Tf 72 770 Td 14 TL"] + [b"(" + ln.encode("latin-1") + b") Tj T*" for ln in lines] + [b"ET"]
    content = b"\n".join(ops) + b"\n/X1 Do /X3 Do"
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R /X3 8 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(b"BT /F1 9 Tf 72 500 Td (loop one) Tj ET /X2 Do",
                form + b"/Resources << /Font << /F1 5 0 R >> /XObject << /X2 7 0 R >> >> "),
        _stream(b"BT /F1 9 Tf 72 480 Td (loop two) Tj ET /X1 Do",
                form + b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> "),
        _stream(b"/X3 Do", form + b"/Resources << /XObject << /X3 8 0 R >> >> "),
    ])


def many_text_objects_pdf(count: int = 30000) -> bytes:
    """One page with `count` separate text objects (one digit each) inside a ruled
    grid, so the table path (pdfplumber, one Python object per character) runs on it
    too. Digits are not letters, so the text-quality gate lets the page through."""
    ops = [b"0.5 w"]
    for x in range(40, 560, 104):  # a drawn 5x4 grid: pdfium sees ruling lines
        ops.append(b"%d 60 m %d 800 l S" % (x, x))
    for y in range(60, 801, 185):
        ops.append(b"40 %d m 560 %d l S" % (y, y))
    ops.append(b"BT /F1 12 Tf 60 815 Td (Applicant: Many Objects Co) Tj ET")
    cols, step_x, step_y = 150, 3.4, 4.2
    for i in range(count):
        x = 42 + (i % cols) * step_x
        y = 795 - (i // cols) * step_y % 730
        ops.append(b"BT /F1 3 Tf %.1f %.1f Td (%d) Tj ET" % (x, y, i % 10))
    return build_pdf(_page_objects(b"\n".join(ops)))


def odd_trailer_pdf(lines: list[str]) -> bytes:
    """A ruled page (so the table path opens it with pdfplumber) and a trailer
    dictionary with a dangling key: pdfium reads it, pdfminer refuses it.
    Found by fuzz/fuzz_readers.py (PdfminerException escaped the reader)."""
    ops = [b"0.5 w", b"40 60 m 40 800 l S", b"560 60 m 560 800 l S", b"40 60 m 560 60 l S", b"40 800 m 560 800 l S",
           b"300 60 m 300 800 l S", b"40 430 m 560 430 l S", b"BT /F1 12 Tf 60 815 Td 14 TL"]
    ops += [b"(" + ln.encode("latin-1") + b") Tj T*" for ln in lines] + [b"ET"]
    return build_pdf(_page_objects(b"\n".join(ops)), b"/Info ")


def cid_font_pdf(lines: int = 30) -> bytes:
    """A Type0/Identity-H font with no ToUnicode map and no embedded program: the
    glyph ids cannot be turned into characters (pdfminer prints `(cid:NNN)`)."""
    rows = [b"BT /F1 12 Tf 72 770 Td 16 TL"]
    for r in range(lines):
        cids = b"".join(b"%04X" % (3 + (r * 37 + k * 11) % 400) for k in range(24))  # subset glyph ids
        rows.append(b"<" + cids + b"> Tj T*")
    rows.append(b"ET")
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"\n".join(rows)),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ])


def flate_bomb_pdf(megabytes: int = 400) -> bytes:
    comp = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return build_pdf(_page_objects(body, b"/Filter /FlateDecode "))


# --------------------------------------------------------------------------- OLE
def build_ole(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file: 512-byte sectors, one FAT sector, one directory
    sector (≤ 3 streams), every stream padded to ≥ 4096 bytes (no mini stream)."""
    assert len(streams) <= 3
    free, end, fatsect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    fat = [fatsect, end]
    data_sectors = bytearray()
    entries = []
    next_sector = 2
    for name, body in streams.items():
        body = body.ljust(4096, b"\0")
        body += b"\0" * (-len(body) % 512)
        n = len(body) // 512
        fat.extend(list(range(next_sector + 1, next_sector + n)) + [end])
        entries.append((name, next_sector, len(body)))
        next_sector += n
        data_sectors += body
    assert len(fat) <= 128
    fat_sector = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))

    def dir_entry(name: str, kind: int, start: int, size: int, child: int = free, right: int = free) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
        e += struct.pack("<III", free, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        e += struct.pack("<IQ", start, size)
        return e

    dir_sector = dir_entry("Root Entry", 5, end, 0, child=1)
    for i, (name, start, size) in enumerate(entries, start=1):
        right = i + 1 if i < len(entries) else free
        dir_sector += dir_entry(name, 2, start, size, right=right)
    dir_sector = dir_sector.ljust(512, b"\0")
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 0x2C, 1, 1, 0, 4096)
    struct.pack_into("<IIII", header, 0x3C, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    return bytes(header) + fat_sector + dir_sector + bytes(data_sectors)


def word97(encrypted: bool = False) -> bytes:
    fib = bytearray(4096)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    if encrypted:
        fib[11] |= 0x01
    return build_ole({"WordDocument": bytes(fib), "1Table": b"\0" * 4096})


# --------------------------------------------------------------------------- DOCX
def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="xml" ContentType="application/xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx_declared_huge() -> bytes:
    """The central directory claims a ~3.7 GB word/document.xml (never inflated)."""
    data = bytearray(docx_bytes(["申报单位：声明巨大部件有限公司"]))
    name = b"word/document.xml"
    cd = data.index(b"PK\x01\x02")
    while True:
        fname_len = struct.unpack_from("<H", data, cd + 28)[0]
        if bytes(data[cd + 46: cd + 46 + fname_len]) == name:
            struct.pack_into("<I", data, cd + 24, 0xF0000000)
            break
        extra, comment = struct.unpack_from("<HH", data, cd + 30)
        cd = data.index(b"PK\x01\x02", cd + 46 + fname_len + extra + comment)
    return bytes(data)


def docx_ratio_bomb(megabytes: int = 40) -> bytes:
    body = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' \
           + b" " * (megabytes << 20) + b"</w:document>"
    return _zip({"[Content_Types].xml": _CT, "_rels/.rels": _RELS, "word/document.xml": body})


def docx_with_doctype(payload: str) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(["申报单位：实体测试有限公司", "&e;"])))
    parts = {i.filename: base.read(i.filename) for i in base.infolist()}
    doc = parts["word/document.xml"].decode("utf-8")
    doc = doc.replace("&amp;e;", "&e;", 1)
    head, _, rest = doc.partition("?>")
    parts["word/document.xml"] = (head + "?>" + payload + rest).encode("utf-8")
    return _zip(parts)


_TO_STRICT = [
    (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
]


def docx_strict(paragraphs: list[str]) -> bytes:
    """OOXML Strict (ISO 29500): the same parts under purl.oclc.org namespaces."""
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(paragraphs)))
    parts = {}
    for info in base.infolist():
        body = base.read(info.filename)
        for a, b in _TO_STRICT:
            body = body.replace(a, b)
        parts[info.filename] = body
    return _zip(parts)


def docx_as(paragraphs: list[str], content_type: bytes, macro: bool = False) -> bytes:
    """A .docm (macro-enabled, with a vbaProject.bin that must never run) or a .dotx template."""
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(paragraphs)))
    parts = {i.filename: base.read(i.filename) for i in base.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", content_type)
    if macro:
        parts["word/vbaProject.bin"] = build_ole({"VBA": b"Sub AutoOpen()\r\n Shell \"calc\"\r\nEnd Sub"})
    return _zip(parts)


DOCM_TYPE = b"application/vnd.ms-word.document.macroEnabled.main+xml"
DOTX_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def word97_irm() -> bytes:
    """An IRM-protected .doc: the real text is encrypted in the DataSpaces/DRMContent
    storage; WordDocument holds only a "permission restricted" placeholder."""
    fib = bytearray(4096)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    fib[1024:1024 + 80] = "This document has restricted permission. 申报单位：占位文字有限公司".encode("utf-16-le")[:80]
    return build_ole({"WordDocument": bytes(fib), "\x06DataSpaces": b"\1" * 4096, "\tDRMContent": b"\2" * 4096})


def irm_wrapper_pdf() -> bytes:
    """A rights-managed PDF (PDF 2.0 unencrypted wrapper, as Microsoft IRM writes it): the
    visible page only says the file is protected; the document is an encrypted payload
    attached with /AFRelationship /EncryptedPayload."""
    objs = _page_objects(b"BT /F1 12 Tf 72 770 Td 14 TL (This PDF file is protected) Tj T* "
                         b"(You'll need a different reader in order to view this content.) Tj ET")
    objs[0] = (b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(protected.pdf) 6 0 R] >> >> "
               b"/Collection << /D (protected.pdf) /View /H >> /AF [6 0 R] >>")
    objs.append(b"<< /Type /Filespec /F (protected.pdf) /UF (protected.pdf) /AFRelationship /EncryptedPayload "
                b"/EP << /Type /EncryptedPayload /Subtype /MicrosoftIRMServices /Version 2 >> /EF << /F 7 0 R >> >>")
    objs.append(_stream(bytes(range(256)) * 16, b"/Type /EmbeddedFile /Subtype /application#2Fpdf "))
    return build_pdf(objs)


ENGLISH_LINES = ["Applicant: Riverside Materials Co", "This application describes a research and development project "
                 "on recycled polymers.", "The company spent five percent of its sales revenue on research last year,",
                 "employs forty engineers and holds twelve invention patents granted in China and abroad."]


BILLION_LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">'
                  + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(3))
                  + '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>')
XXE = '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def rtf(text: str) -> bytes:
    """An RTF document (what many systems save as .doc) with Chinese as \\uN escapes."""
    body = "".join(f"\\u{(ord(c) - 65536) if ord(c) > 32767 else ord(c)}?" if ord(c) > 127 else c for c in text)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 " + body + "\\par}").encode("ascii")


# --------------------------------------------------------------------------- suite
# With the OCR extra the image-only page is rendered and read: it is blank-ish, so
# any verdict is acceptable, or the gate's codes if OCR finds nothing usable.
# The CID-font page, rendered with a substitute font, OCRs to noise: the gate's codes,
# or a verdict that is never `ineligible` (NO_FALSE_VERDICT).
_OCR_CHANGES = {"image_only.pdf": frozenset({None, "needs_ocr", "text_unreliable"}),
                "cid_no_tounicode.pdf": frozenset({None, "needs_ocr", "text_unreliable"})}
NO_FALSE_VERDICT = frozenset({"image_only.pdf", "cid_no_tounicode.pdf"})


def generate(root: Path, heavy: bool = False) -> list[Case]:
    """Write every case under `root` and return the manifest."""
    root.mkdir(parents=True, exist_ok=True)
    ok = _codes(None)
    good_lines = ["Applicant: Good PDF Co", "R&D ratio 5%"]
    files: list[tuple[str, bytes, frozenset, str]] = [
        ("zero.pdf", b"", _codes("empty_file"), "zero bytes"),
        ("blank.txt", b" \n\t\r\n  \n", _codes("empty_file"), "whitespace only"),
        ("blank.docx", b"   \n", _codes("empty_file"), "whitespace only, .docx"),
        ("png_named.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, _codes("wrong_format"), "PNG named .pdf"),
        ("html_named.pdf", b"<!DOCTYPE html><html><body>hi</body></html>", _codes("wrong_format"), "HTML named .pdf"),
        ("ole_named.docx", word97(), _codes("wrong_format"), ".doc (OLE) named .docx"),
        ("encrypted_ole.docx", build_ole({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\1" * 4096}),
         _codes("encrypted"), "password-protected .docx (OLE container)"),
        ("truncated.pdf", text_pdf(good_lines)[:300], _codes("malformed"), "cut mid-file"),
        ("encrypted_user.pdf", encrypted_pdf(True, good_lines), _codes("encrypted"), "user password"),
        ("encrypted_owner.pdf", encrypted_pdf(False, ["Applicant: Owner Only Co"]), ok, "owner-only: readable"),
        ("broken_xref.pdf", broken_xref_pdf(good_lines), _codes(None, "malformed"), "xref offsets wrong"),
        ("image_only.pdf", image_only_pdf(), _codes("needs_ocr"), "no text layer"),  # OCR: see _OCR_CHANGES
        ("good.pdf", text_pdf(good_lines), ok, "control: valid PDF"),
        ("not_a_zip.docx", "这不是一个压缩包，只是文本。".encode("utf-8"), _codes("wrong_format"), "text named .docx"),
        ("broken_zip.docx", b"PK\x03\x04" + b"\0" * 200, _codes("malformed"), "zip magic, no central directory"),
        ("no_document.docx", _zip({"[Content_Types].xml": _CT, "_rels/.rels": _RELS}), _codes("malformed"),
         "no word/document.xml"),
        ("xlsx_named.docx", _zip({"[Content_Types].xml": _CT, "xl/workbook.xml": b"<workbook/>"}),
         _codes("wrong_format"), "Excel named .docx"),
        ("huge_part.docx", docx_declared_huge(), _codes("zip_bomb"), "central directory declares 3.7 GB"),
        ("ratio_bomb.docx", docx_ratio_bomb(), _codes("zip_bomb"), "40 MB of spaces deflated ~1000:1"),
        ("billion_laughs.docx", docx_with_doctype(BILLION_LAUGHS), _codes(None, "malformed"), "entity expansion"),
        ("xxe.docx", docx_with_doctype(XXE), _codes(None, "malformed"), "external entity"),
        ("~$lock.docx", b"\x0bWPS lock file" + b"\0" * 150, _codes("skipped"), "Office lock file"),
        ("works.wps", build_ole({"CONTENTS": b"\0" * 4096, "MatOST": b"\0" * 4096}), _codes("unsupported_format"),
         "Microsoft Works, same extension as WPS"),
        ("encrypted_word97.doc", word97(encrypted=True), _codes("encrypted"), "FIB fEncrypted"),
        ("zip_named.doc", docx_bytes(["申报单位：扩展名错误有限公司"]), _codes("wrong_format"), ".docx named .doc"),
        ("unknown.xyz", b"hello", _codes("unsupported_format"), "explicit input of an unknown type"),
        ("<script>alert(1)<script>.docx", docx_bytes([f"申报单位：{HOSTILE_APPLICANT}"]), ok, "hostile file name"),
        ('"><img src=x onerror=alert(1)>.docx', docx_bytes(["申报单位：图片有限公司"]), ok, "hostile file name"),
        ("{{7*7}}.docx", docx_bytes(["申报单位：模板有限公司"]), ok, "template syntax in name"),
        ("CON.docx", docx_bytes(["申报单位：设备名有限公司"]), ok, "Windows device name"),
        ("a:b.docx", docx_bytes(["申报单位：甲有限公司"]), ok, "sanitizes like a|b.docx"),
        ("a|b.docx", docx_bytes(["申报单位：乙有限公司"]), ok, "sanitizes like a:b.docx"),
        ("公司" * 40 + ".docx", docx_bytes(["申报单位：" + "很长的名字" * 20 + "有限公司"]), ok, "240-byte name"),
        ("formula.docx", docx_bytes([f"申报单位：{FORMULA_APPLICANT}"]), ok, "formula in applicant name"),
        ("\x1b[31mred.txt", "申报单位：终端转义有限公司\n".encode("utf-8"), ok, "terminal escape in name"),
        ("circular_xobject.pdf", circular_xobject_pdf(good_lines), _codes(None, "malformed", "text_unreliable"),
         "form XObjects that draw each other"),
        ("many_text_objects.pdf", many_text_objects_pdf(), ok, "30 000 text objects on one ruled page"),
        ("odd_trailer.pdf", odd_trailer_pdf(good_lines), _codes(None, "malformed"),
         "trailer with a dangling key; pdfminer refuses what pdfium reads"),
        ("cid_no_tounicode.pdf", cid_font_pdf(), _codes("text_unreliable", "needs_ocr"),
         "Identity-H CID font, no ToUnicode, not embedded"),
        ("applicant_traversal.docx", docx_bytes([f"申报单位：{TRAVERSAL}"]), ok, "path traversal as applicant"),
        ("applicant_img.docx", docx_bytes([f"申报单位：{IMG_APPLICANT}"]), ok, "HTML attribute break-out"),
        ("applicant_template.docx", docx_bytes([f"申报单位：{TEMPLATE_APPLICANT}"]), ok, "template syntax"),
        ("applicant_long.docx", docx_bytes([f"申报单位：{LONG_APPLICANT}"]), ok, "300-byte Chinese applicant name"),
        ("applicant_dde.docx", docx_bytes([f"申报单位：{DDE_APPLICANT}"]), ok, "DDE payload as applicant"),
        ("..\\..\\etc\\passwd.docx", docx_bytes(["申报单位：反斜杠路径有限公司"]), ok,
         "backslash traversal: one legal file name on Linux"),
        ("申报材料汇编" * 6 + "/" + "高价值专利培育示范中心" * 7 + ".docx", docx_bytes(["申报单位：长路径有限公司"]), ok,
         "relative path over 300 UTF-8 bytes"),
        ("甲公司?.docx", docx_bytes(["申报单位：问号有限公司"]), ok, "sanitizes like 甲公司*.docx"),
        ("甲公司*.docx", docx_bytes(["申报单位：星号有限公司"]), ok, "sanitizes like 甲公司?.docx"),
        ("Report.docx", docx_bytes(["申报单位：大写有限公司"]), ok, "differs from report.docx by case only"),
        # issue 14.5: single-file commands and the batch classify these alike
        ("encrypted_ole_lowercase.docx", build_ole({"encryptioninfo": b"\x04\x00\x04\x00",
                                                    "encryptedpackage": b"\1" * 4096}),
         _codes("encrypted"), "password-protected .docx whose stream names are lower case"),
        ("encrypted_ole_lowercase.doc", build_ole({"ENCRYPTIONINFO": b"\x04\x00\x04\x00",
                                                   "EncryptedPACKAGE": b"\1" * 4096}),
         _codes("encrypted"), "encrypted OOXML named .doc, names in odd case"),
        ("irm_protected.doc", word97_irm(), _codes("encrypted"), "IRM: only a permission-restricted placeholder"),
        ("irm_wrapper.pdf", irm_wrapper_pdf(), _codes("encrypted"),
         "rights-managed PDF: the pages are a 'protected' notice, the document an encrypted payload"),
        ("strict.docx", docx_strict(["申报单位：严格格式有限公司"]), ok, "OOXML Strict namespaces"),
        ("macro.docm", docx_as(["申报单位：宏文档有限公司"], DOCM_TYPE, macro=True), ok, "macro-enabled: read, never run"),
        ("template.dotx", docx_as(["申报单位：模板文档有限公司"], DOTX_TYPE), ok, "Word template"),
        ("english.pdf", text_pdf(ENGLISH_LINES), ok, "English text layer: not garbled"),
        ("cp1252.txt", "Applicant: Café Résumé Ltd – “naïve” façade\n".encode("cp1252"), ok, "Windows-1252 text"),
        ("bom_only.txt", b"\xef\xbb\xbf\r\n", _codes("empty_file"), "a byte-order mark and a line break"),
        ("nul_only.txt", b"\x00\x00\x00\n", _codes("empty_file"), "NUL bytes only"),
        ("ideographic_space.txt", "\u3000\u3000\n".encode("utf-8"), _codes("empty_file"), "full-width spaces only"),
        ("empty_paragraphs.docx", docx_bytes(["", "  "]), _codes("empty_file"), "a .docx without any text"),
        ("tiny.txt", "申报单位：甲".encode("utf-8"), ok, "a short but real text"),
        ("notes.markdown", "申报单位：标记有限公司\n".encode("utf-8"), ok, "a .markdown text file"),
        ("report.docx", docx_bytes(["申报单位：小写有限公司"]), ok, "differs from Report.docx by case only"),
    ]
    if heavy:
        files.append(("flate_bomb.pdf", flate_bomb_pdf(), _codes("zip_bomb"),
                      "400 MB of zeros in one content stream"))
    cases = []
    for name, data, expected, note in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
        cases.append(Case(name, expected, note, _OCR_CHANGES.get(name)))
    target = root / "good.pdf"
    link = root / "link.pdf"
    if not link.exists():
        os.symlink(target.name, link)
    cases.append(Case("link.pdf", _codes("skipped"), "symbolic link"))
    return cases


# --------------------------------------------------------------------------- stubs
def stub_stages():
    """Minimal read/extract/screen with the real signatures, for fast batch tests.

    Markers in a file's text drive behaviour: NAP sleeps 0.3 s, SLOW sleeps,
    HANG sleeps with the alarm blocked, CRASH kills the
    process, HOG allocates without bound, BOOM raises, 不达标 fails a metric,
    缺材料 reports a missing material."""
    from types import SimpleNamespace

    return SimpleNamespace(read_document=stub_read_document, extract_claims=stub_extract_claims,
                           screen=stub_screen, warm=lambda: None)


def stub_read_document(path):
    from extractors.readers.errors import ReadError
    from models.document import Block, Document, Location

    path = Path(path)
    ext = path.suffix.lower()
    if ext == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pages, fmt = len(pdf), "pdf"
        if not text.strip():
            raise ReadError("needs_ocr")
        letters = [c for c in text if c.isalpha()]
        if letters and sum(1 for c in letters if not c.isascii() and not "\u4e00" <= c <= "\u9fff") > len(letters) / 2:
            raise ReadError("text_unreliable")  # glyph ids read as code points (no ToUnicode)
    elif ext in (".docx", ".docm", ".dotx", ".dotm"):
        import docx

        from extractors.readers.formats.docx import as_transitional

        data = as_transitional(path.read_bytes())  # Strict, .docm and .dotx as the real reader takes them
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        pages, fmt = None, "docx"
    else:
        from extractors.readers.text import decode

        text = decode(path.read_bytes())[0]
        pages, fmt = None, "text"
    import time

    if "NAP" in text:
        time.sleep(0.3)
    if "SLOW" in text:
        time.sleep(600)
    if "HANG" in text:  # deaf to the worker's own alarm: only the parent's kill stops it
        import signal

        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    if "CRASH" in text:
        os._exit(3)
    if "HOG" in text:
        hog = []
        while True:
            hog.append(bytearray(512 << 20))
    if "BOOM" in text:
        raise ValueError("stub failure")
    blocks, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        blocks.append(Block(id=i, text=line, start=pos, end=pos + len(line),
                            location=Location(file=path.name, line=i + 1), origin=fmt))
        pos += len(line) + 1
    return Document(source=path.name, format=fmt, text=text, blocks=blocks, pages=pages)


def stub_extract_claims(doc):
    from models.claims import ApplicationClaims, Claim, Evidence

    claims = ApplicationClaims(file=doc.source)
    for b in doc.blocks:
        for prefix in ("申报单位：", "Applicant: "):
            if b.text.startswith(prefix):
                claims.applicant_name = Claim[str](value=b.text[len(prefix):], evidence=[
                    Evidence(file=doc.source, location=b.location, quote=b.text)])
    claims.warnings = [doc.text[:2000]]
    return claims


def stub_screen(schema, claims, program=None, track=None, received_on=None, ocr_pages=None, unread=None):
    from models.report import Applicant, Check, GuideSource, ProgramRef, ScreeningReport, decide

    if program == "no-such-program":
        class ProgramSelectionError(Exception):
            code, message = "program_not_found", "指南中没有该项目：no-such-program"
        raise ProgramSelectionError("program_not_found")
    text = claims.warnings[0] if claims.warnings else ""
    name = claims.applicant_name.value if claims.applicant_name else None
    prog = schema.programs[0] if schema.programs else None
    evidence = claims.applicant_name.evidence if claims.applicant_name else []
    source = GuideSource(quote="研发费用占销售收入比例达3.5%以上", section="三、（一）")
    checks = [Check(condition_id="c1", kind="threshold", metric="rd_expense_ratio",
                    status="fail" if "不达标" in text else "pass",
                    explanation=f"申报单位：{name}", evidence=evidence, guide_source=source)]
    missing = []
    if "缺材料" in text:
        checks.append(Check(condition_id="m1", kind="material", status="missing", explanation="未提供信用承诺书"))
        missing.append("credit_commitment")
    decision = decide(checks)
    return ScreeningReport(
        file=claims.file, applicant=Applicant(name=name), decision=decision, checks=checks,
        program=ProgramRef(id=prog.id if prog else None, name=prog.name if prog else None, track=track),
        missing_materials=missing, failed_metrics=[c.metric for c in checks if c.status == "fail" and c.metric])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python tests/badinputs.py OUTDIR [--heavy]")
    for case in generate(Path(sys.argv[1]), heavy="--heavy" in sys.argv):
        print(f"{case.name!r}\t{sorted(map(str, case.expected))}\t{case.note}")
