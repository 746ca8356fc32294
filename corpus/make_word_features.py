"""Generate the Word-feature set: python corpus/make_word_features.py [--no-convert]

Writes corpus/word_features/<id>.<ext>, <id>.gold.yaml and index.yaml,
deterministically and without network. Each file is one small application to
the cz2023_hvp guide (program main) that states a known set of facts (name,
credit code, figures, IP department, staff, attachment list) with ONE Word
feature carrying some of them: content controls, legacy form fields, tracked
changes, text boxes, headers, merged cells, nested tables, tables split over
a page break, full-width digits, Chinese numerals, mixed units, 百分之…,
wording variants, .doc / .wps / PDF through LibreOffice, a PDF page stored
rotated (/Rotate 90 with rotated content), a value stated only as a range, the same
figure stated twice with different values, and a table pasted as a picture (OCR).

The documents are written as raw WordprocessingML (zip + XML strings): python-
docx cannot write content controls, form fields, tracked changes or text boxes.

Held-out rule, fixed before any scoring: sorted by id, every third file
(index 2, 5, 8, …) is held out. Do not tune readers on those.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "applications"))
from appgen.codes import make_code  # noqa: E402

OUT = HERE / "word_features"
W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"')

# ---------------------------------------------------------------- WordprocessingML pieces


def run(text: str, extra: str = "") -> str:
    return f'<w:r>{extra}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def piece(x) -> str:
    """A paragraph piece: str → run; ('sdt', t) inline content control; ('fld', t) legacy
    FORMTEXT field; ('ins', t) / ('del', t) tracked change; ('box', [para texts]) text box;
    ('raw', xml)."""
    if isinstance(x, str):
        return run(x)
    kind, v = x
    if kind == "sdt":
        return (f'<w:sdt><w:sdtPr><w:alias w:val="填写项"/><w:tag w:val="f"/></w:sdtPr>'
                f'<w:sdtContent>{run(v)}</w:sdtContent></w:sdt>')
    if kind == "fld":
        return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:enabled/>'
                '<w:textInput/></w:ffData></w:fldChar></w:r>'
                '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'{run(v)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    if kind == "ins":
        return f'<w:ins w:id="{zlib.crc32(v.encode()) % 9000 + 1}" w:author="审核人" w:date="2023-06-01T10:00:00Z">{run(v)}</w:ins>'
    if kind == "del":
        return (f'<w:del w:id="{zlib.crc32(v.encode()) % 9000 + 1}" w:author="审核人" w:date="2023-06-01T10:00:00Z">'
                f'<w:r><w:delText xml:space="preserve">{escape(v)}</w:delText></w:r></w:del>')
    if kind == "box":
        inner = "".join(f"<w:p>{run(t)}</w:p>" for t in v)
        return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
                '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
                'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
                '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
                '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
                '<wp:extent cx="5000000" cy="900000"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 1"/>'
                '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5000000" cy="900000"/></a:xfrm>'
                f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
                '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
                f'<mc:Fallback><w:pict><v:shape style="width:400pt;height:70pt"><v:textbox><w:txbxContent>{inner}'
                '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    if kind == "raw":
        return v
    raise ValueError(kind)


def para(*pieces, ppr: str = "") -> str:
    return f"<w:p>{('<w:pPr>' + ppr + '</w:pPr>') if ppr else ''}{''.join(piece(x) for x in pieces)}</w:p>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def cell(content, span: int = 1, vmerge: str | None = None, width: int = 1800) -> str:
    """content: str, list of str/para xml, or ('tbl', rows) for a nested table."""
    pr = f'<w:tcW w:w="{width * span}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge is not None:
        pr += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
    if isinstance(content, tuple) and content[0] == "tbl":
        body = table(content[1]) + "<w:p/>"
    elif isinstance(content, list):
        body = "".join(c if c.startswith("<w:") else para(c) for c in content)
    else:
        body = para(content) if content is not None else "<w:p/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def table(rows, header_rows: int = 0) -> str:
    """rows: list of lists of cell xml strings (from cell()) or plain strings."""
    rows = [[x if isinstance(x, str) and x.startswith("<w:tc>") else cell(x) for x in r] for r in rows]
    ncols = max(sum(int(m.group(1)) if (m := re.search(r'^<w:tc><w:tcPr>[^/]*?/><w:gridSpan w:val="(\d+)"', c)) else 1
                    for c in r) for r in rows)
    grid = "".join('<w:gridCol w:w="1800"/>' for _ in range(ncols))
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
           '<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>'
           f'</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for i, r in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if i < header_rows else ""
        out.append(f"<w:tr>{trpr}" + "".join(r) + "</w:tr>")
    return "".join(out) + "</w:tbl>"


def sect(landscape: bool = False, header: bool = False) -> str:
    size = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if landscape else '<w:pgSz w:w="11906" w:h="16838"/>'
    ref = '<w:headerReference w:type="default" r:id="rIdH1"/>' if header else ""
    return f'<w:sectPr>{ref}{size}<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>'


def write_docx(path: Path, body: str, header_text: str | None = None, landscape: bool = False,
               media: dict[str, bytes] | None = None) -> None:
    """media: word/media/<name> → bytes, referenced as r:id rIdImg<k> (k from 1, in order)."""
    media = media or {}
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          + ('<Default Extension="png" ContentType="image/png"/>' if media else "")
          + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          + ('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
             if header_text else "") + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>")
    drels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             + ('<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
                if header_text else "")
             + "".join(f'<Relationship Id="rIdImg{k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
                       f'Target="media/{name}"/>' for k, name in enumerate(media))
             + "</Relationships>")
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}'
           f'{sect(landscape, bool(header_text))}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/_rels/document.xml.rels", drels),
                           ("word/document.xml", doc)):
            zi = zipfile.ZipInfo(name, date_time=(2023, 6, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
        for name, data in media.items():
            zi = zipfile.ZipInfo(f"word/media/{name}", date_time=(2023, 6, 1, 0, 0, 0))
            z.writestr(zi, data)
        if header_text:
            zi = zipfile.ZipInfo("word/header1.xml", date_time=(2023, 6, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W_NS}>'
                           f'{para(header_text)}</w:hdr>')


# ---------------------------------------------------------------- facts

YEARS = (2020, 2021, 2022)
PROGRAM = "2023年度常州市高价值专利培育示范中心建设项目"
NAMES = ["常州启衡精密机械有限公司", "常州瑞科新材料股份有限公司", "常州澄远电子科技有限公司", "常州恒锐智能装备有限公司",
         "常州金坛华澜化工有限公司", "常州博越医疗器械有限公司", "常州武进天晟光电有限公司", "常州新北凯拓汽车部件有限公司",
         "常州溧阳宏泰电力设备有限公司", "常州钟楼安捷传感技术有限公司", "常州天宁润泽环保科技有限公司",
         "常州芯源微电子有限公司", "常州中科凌云机器人有限公司", "常州盛和纺织科技有限公司", "常州长荣生物医药有限公司",
         "常州东方锦程电缆有限公司", "常州华阳储能技术有限公司", "常州智远数控有限公司", "常州凌霄航空材料有限公司",
         "常州九洲轨道交通装备有限公司", "常州润禾农业科技有限公司", "常州科瑞特检测技术有限公司", "常州万成建材科技有限公司",
         "常州光启照明电器有限公司"]


def facts(i: int, fail: str | None = None) -> dict:
    """Figures in 万元; fail: which threshold this file fails (rd_expense_ratio, ip_staff, profit_tax)."""
    rng = random.Random(20240700 + i)
    rev = [round(rng.uniform(30000, 90000), 0) for _ in YEARS]
    rd = [round(r * rng.uniform(0.041, 0.06), 2) for r in rev]
    if fail == "rd_expense_ratio":
        rd = [round(r * rng.uniform(0.021, 0.03), 2) for r in rev]
    pt = [round(rng.uniform(2300, 6000), 2) for _ in YEARS]
    if fail == "profit_tax":
        pt[1] = round(rng.uniform(1200, 1800), 2)
    ipx = [round(x * rng.uniform(0.07, 0.1), 2) for x in rd]
    return {"name": NAMES[i % len(NAMES)], "code": make_code(rng, "320404"),
            "rev": rev, "rd": rd, "pt": pt, "ipx": ipx,
            "patents": rng.randint(120, 300), "inv": rng.randint(55, 110),
            "staff": 2 if fail == "ip_staff" else rng.randint(4, 9), "fail": fail}


def w(x: float) -> str:
    """万元 amount as written."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- the document, piece by piece

class App:
    """Default rendering of every part; a feature overrides the part it carries."""

    def __init__(self, f: dict):
        self.f = f
        self.header: str | None = None
        self.pdf = False         # also write a PDF through LibreOffice and score it
        self.landscape = False

    def title(self):
        return [para(PROGRAM + "申请书")]

    def identity(self):
        f = self.f
        return [para(f["name"]),
                para("一、单位概况"),
                para(f"{f['name']}是一家具有独立法人资格的企业，统一社会信用代码{f['code']}，"
                     "注册地址为江苏省常州市钟楼区西太湖大道227号。")]

    def finance(self):
        f = self.f
        return [para("二、经营及研发投入情况"),
                para("2020年至2022年，本单位分别实现营业收入" + "、".join(w(x) + "万元" for x in f["rev"][:2]) + "和"
                     + w(f["rev"][2]) + "万元，研究开发费用分别为" + "、".join(w(x) + "万元" for x in f["rd"][:2]) + "和"
                     + w(f["rd"][2]) + "万元，利税总额分别为" + "、".join(w(x) + "万元" for x in f["pt"][:2]) + "和"
                     + w(f["pt"][2]) + "万元。"),
                para("同期知识产权费用分别为" + "、".join(w(x) + "万元" for x in f["ipx"][:2]) + "和" + w(f["ipx"][2]) + "万元。")]

    def ip(self):
        f = self.f
        return [para("三、知识产权工作基础"),
                para(f"截至2022年底，本单位拥有有效专利{f['patents']}件，其中发明专利{f['inv']}件。"),
                para(f"本单位设有独立的知识产权管理办公室，配备知识产权专兼职管理人员{f['staff']}人，建立了较为健全的知识产权管理制度。")]

    def rest(self):
        return [para("四、项目基础与目标"),
                para("项目实施期内，拟围绕关键核心技术形成高质量专利组合，提升专利转化运用水平。"),
                para("本单位郑重承诺：无严重失信行为、无非正常专利申请行为，所填报内容真实、准确、完整。"),
                para("附件："), para("1.营业执照"), para("2.年度审计报告"), para("3.有效专利清单"), para("4.诚信承诺书")]

    def closing(self):
        f = self.f
        return [para(f["name"]), para("2023年6月3日"), page_break(), para("诚信承诺书"),
                para(f"本单位自愿申报{PROGRAM}，现郑重承诺：所提交的申报材料真实、准确、完整；本单位无严重失信行为，"
                     "无非正常专利申请行为。"),
                para(f"承诺单位（盖章）：{f['name']}"), para("2023年6月3日")]

    def body(self) -> str:
        return "".join(self.title() + self.identity() + self.finance() + self.ip() + self.rest() + self.closing())


def fin_rows(f, unit="万元"):
    return [["指标（" + unit + "）", "2020年", "2021年", "2022年"],
            ["营业收入"] + [w(x) for x in f["rev"]],
            ["研究开发费用"] + [w(x) for x in f["rd"]],
            ["利税总额"] + [w(x) for x in f["pt"]],
            ["知识产权费用"] + [w(x) for x in f["ipx"]]]


# ---- features

class ContentControls(App):
    def identity(self):
        f = self.f
        return [para(("sdt", f["name"])), para("一、单位概况"),
                para("申报单位名称：", ("sdt", f["name"])),
                para("统一社会信用代码：", ("sdt", f["code"])),
                para("单位性质：", ("sdt", "企业"), "，具有独立法人资格。注册地址：江苏省常州市钟楼区西太湖大道227号。")]

    def ip(self):
        f = self.f
        blk = (f'<w:sdt><w:sdtPr><w:tag w:val="ip"/></w:sdtPr><w:sdtContent>'
               f'{para("本单位设有独立的知识产权管理办公室，配备知识产权专兼职管理人员", ("sdt", str(f["staff"])), "人。")}'
               f'</w:sdtContent></w:sdt>')
        return [para("三、知识产权工作基础"),
                para("截至2022年底，本单位拥有有效专利", ("sdt", str(f["patents"])), "件，其中发明专利", ("sdt", str(f["inv"])), "件。"),
                blk]


class FormFields(App):
    def identity(self):
        f = self.f
        return [para(f["name"]), para("一、单位概况"),
                table([["申报单位名称", [para(("fld", f["name"]))]], ["统一社会信用代码", [para(("fld", f["code"]))]],
                       ["单位性质", [para(("fld", "企业"))]], ["注册地址", [para(("fld", "江苏省常州市钟楼区西太湖大道227号"))]]])]

    def finance(self):
        f = self.f
        rows = [[r[0]] + [[para(("fld", v))] for v in r[1:]] if i else r for i, r in enumerate(fin_rows(f))]
        return [para("二、经营及研发投入情况"), table(rows)]


class Tracked(App):
    """The accepted text (insertions kept, deletions dropped) holds the true figures; the
    deleted text holds other figures that would change the decision."""

    def finance(self):
        f = self.f
        wrong_rd = [round(x * 0.4, 2) for x in f["rd"]]
        if f["fail"] == "rd_expense_ratio":  # here the truth fails, the deleted text passes
            wrong_rd = [round(x * 2.0, 2) for x in f["rd"]]
        pieces = ["2020年至2022年，本单位分别实现营业收入" + "、".join(w(x) + "万元" for x in f["rev"]) + "，研究开发费用分别为"]
        for k, (a, b) in enumerate(zip(wrong_rd, f["rd"])):
            pieces += [("del", w(a)), ("ins", w(b)), "万元" + ("、" if k < 2 else "，")]
        pieces.append("利税总额分别为" + "、".join(w(x) + "万元" for x in f["pt"]) + "。")
        return [para("二、经营及研发投入情况"), para(*pieces),
                para("同期知识产权费用分别为" + "、".join(w(x) + "万元" for x in f["ipx"]) + "。"),
                para(("ins", "（本段由财务部门核对后修订）"))]

    def ip(self):
        f = self.f
        return [para("三、知识产权工作基础"),
                para(f"截至2022年底，本单位拥有有效专利{f['patents']}件，其中发明专利{f['inv']}件。"),
                para("本单位设有独立的知识产权管理办公室，配备知识产权专兼职管理人员", ("del", "1"), ("ins", str(f["staff"])), "人。")]


class TextBoxes(App):
    def identity(self):
        f = self.f
        return [para(("box", [f"申报单位：{f['name']}", f"统一社会信用代码：{f['code']}"])),
                para("一、单位概况"),
                para("本单位是一家具有独立法人资格的企业，注册地址为江苏省常州市钟楼区西太湖大道227号。")]

    def ip(self):
        f = self.f
        return [para("三、知识产权工作基础"),
                para(f"截至2022年底，本单位拥有有效专利{f['patents']}件，其中发明专利{f['inv']}件。"),
                para(("box", [f"本单位设有独立的知识产权管理办公室，配备知识产权专兼职管理人员{f['staff']}人。"]))]


class Header(App):
    def __init__(self, f):
        super().__init__(f)
        self.header = f"申报单位：{f['name']}    统一社会信用代码：{f['code']}"

    def identity(self):
        return [para("一、单位概况"), para("本单位是一家具有独立法人资格的企业，注册地址为江苏省常州市钟楼区西太湖大道227号。")]

    def closing(self):
        return [para("申报单位（盖章）"), para("2023年6月3日"), page_break(), para("诚信承诺书"),
                para(f"本单位自愿申报{PROGRAM}，现郑重承诺：本单位无严重失信行为，无非正常专利申请行为。"),
                para("2023年6月3日")]


class Merged(App):
    def finance(self):
        f = self.f
        rows = [[cell("近三年经营及研发投入情况（单位：万元）", span=4)],
                [cell("指标", vmerge="restart"), cell("年度", span=3)],
                [cell(None, vmerge="cont"), "2020年", "2021年", "2022年"]]
        rows += fin_rows(f)[1:]
        return [para("二、经营及研发投入情况"), table(rows)]

    def ip(self):
        f = self.f
        rows = [[cell("知识产权基础", vmerge="restart"), "有效专利（件）", str(f["patents"])],
                [cell(None, vmerge="cont"), "其中发明专利（件）", str(f["inv"])],
                [cell(None, vmerge="cont"), "知识产权专兼职管理人员（人）", str(f["staff"])]]
        return [para("三、知识产权工作基础"), table(rows),
                para("本单位设有独立的知识产权管理办公室，建立了较为健全的知识产权管理制度。")]


class Nested(App):
    def finance(self):
        f = self.f
        inner = fin_rows(f)
        return [para("二、经营及研发投入情况"),
                table([[cell("项目"), cell("内容", width=7200)],
                       [cell("近三年经营及研发投入"), cell(("tbl", inner), width=7200)]])]

    def rest(self):
        f = self.f
        members = [["序号", "联合体成员单位", "分工"], ["1", f["name"], "牵头"],
                   ["2", "常州大学", "技术攻关"], ["3", "江苏理工学院", "专利分析"]]
        self.partners = ["常州大学", "江苏理工学院"]
        return [para("四、项目基础与目标"),
                table([[cell("联合体组成"), cell(("tbl", members), width=7200)]])] + super().rest()[2:]


class PageBreakTable(App):
    def __init__(self, f):
        super().__init__(f)
        self.pdf = True

    def finance(self):
        f = self.f
        rows = fin_rows(f)
        filler = [[f"注{k}", "—", "—", "—"] for k in range(1, 34)]  # pushes the table across a page
        body = [rows[0], rows[1]] + filler + rows[2:]
        return [para("二、经营及研发投入情况"), table(body, header_rows=1)]


class FullWidth(App):
    def finance(self):
        return [fw(x) for x in super().finance()]

    def ip(self):
        return [fw(x) for x in super().ip()]


def fw(xml: str) -> str:
    """Full-width digits and 。inside w:t text only."""
    def sub(m):
        return m.group(1) + m.group(2).translate({ord(c): 0xFF10 + ord(c) - 48 for c in "0123456789"} | {ord("."): "．"}) + m.group(3)
    return re.sub(r"(<w:t[^>]*>)([^<]*)(</w:t>)", sub, xml)


CN = "零一二三四五六七八九"


def cn_int(n: int) -> str:
    if n == 0:
        return "零"
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十")]
    out, zero = "", False
    for u, name in units:
        d, n = divmod(n, u)
        if d:
            if zero:
                out += "零"
            out += (cn_int(d) if d >= 10 else CN[d]) + name
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + CN[n]
    return out[1:] if out.startswith("一十") else out


class ChineseNumerals(App):
    def ip(self):
        f = self.f
        return [para("三、知识产权工作基础"),
                para(f"截至二〇二二年底，本单位拥有有效专利{cn_int(f['patents'])}件，其中发明专利{cn_int(f['inv'])}件。"),
                para(f"本单位设有独立的知识产权管理办公室，配备知识产权专兼职管理人员{cn_int(f['staff'])}人。")]

    def finance(self):
        f = self.f
        f["pt"] = [float(round(x)) for x in f["pt"]]
        return [para("二、经营及研发投入情况"),
                para("2020年至2022年，本单位分别实现营业收入" + "、".join(w(x) + "万元" for x in f["rev"]) + "，研究开发费用分别为"
                     + "、".join(w(x) + "万元" for x in f["rd"]) + "。"),
                para("近三年利税总额分别为" + "、".join(cn_int(int(x)) + "万元" for x in f["pt"]) + "。"),
                para("同期知识产权费用分别为" + "、".join(w(x) + "万元" for x in f["ipx"]) + "。")]


class Units(App):
    """Revenue in 亿元, R&D in 千元, profit-tax in 元, IP expense in 万元."""

    def finance(self):
        f = self.f
        f["rev"] = [round(x / 10000, 2) * 10000 for x in f["rev"]]
        f["rd"] = [round(x, 1) for x in f["rd"]]
        f["pt"] = [round(x, 2) for x in f["pt"]]
        return [para("二、经营及研发投入情况"),
                para("2020年至2022年，本单位分别实现营业收入" + "、".join(f"{x / 10000:.2f}亿元" for x in f["rev"]) + "。"),
                para("研究开发费用分别为" + "、".join(f"{x * 10:,.0f}千元" for x in f["rd"]) + "。"),
                para("利税总额分别为" + "、".join(f"{x * 10000:,.0f}元" for x in f["pt"]) + "。"),
                para("知识产权费用分别为" + "、".join(w(x) + "万元" for x in f["ipx"]) + "。")]


class Percent(App):
    """Staff and counts as usual; the R&D share stated in 百分之… next to its parts."""

    def finance(self):
        f = self.f
        ratios = [round(100 * a / b, 1) for a, b in zip(f["rd"], f["rev"])]
        words = ["百分之" + cn_decimal(r) for r in ratios]
        return super().finance() + [para("近三年研究开发费用占营业收入的比例分别为" + "、".join(words) + "。")]


def cn_decimal(x: float) -> str:
    i, d = f"{x:.1f}".split(".")
    return cn_int(int(i)) + ("点" + CN[int(d)] if d != "0" else "")


class Doc(App):
    ext = "doc"


class Wps(App):
    ext = "wps"


class Landscape(App):
    """A landscape section holding the figures table; PDF stored rotated (portrait MediaBox,
    /Rotate 90, content turned)."""

    def __init__(self, f):
        super().__init__(f)
        self.landscape = True
        self.pdf = "rotated"

    def finance(self):
        return [para("二、经营及研发投入情况"), table(fin_rows(self.f))]


class IpDeptVariant(App):
    WORDING = {"office": "本单位设立知识产权管理办公室作为独立的知识产权管理机构",
               "keyan": "本单位设有科研与知识产权管理科，作为独立的知识产权管理机构",
               "fawu": "本单位设立法务与知识产权部，为独立设置的知识产权管理部门"}

    def __init__(self, f, variant):
        super().__init__(f)
        self.variant = variant

    def ip(self):
        f = self.f
        return [para("三、知识产权工作基础"),
                para(f"截至2022年底，本单位拥有有效专利{f['patents']}件，其中发明专利{f['inv']}件。"),
                para(self.WORDING[self.variant] + f"，现有专兼职人员{f['staff']}人，负责专利申请、维护和运营。")]


class Slashes(App):
    def finance(self):
        f = self.f
        sl = lambda xs: "/".join(w(x) for x in xs)  # noqa: E731
        return [para("二、经营及研发投入情况"),
                para(f"2020/2021/2022年营业收入分别为{sl(f['rev'])}万元，研究开发费用分别为{sl(f['rd'])}万元，"
                     f"利税总额分别为{sl(f['pt'])}万元，知识产权费用分别为{sl(f['ipx'])}万元。")]


class Ranges(App):
    """Profit-tax given as a range only (no per-year figures): 在…至…之间. A range decides
    the 2000万元 floor only when both ends do: the failing file's range lies wholly below
    it (every year's figure is under the floor), the `across` file's range spans it
    (true, but undecidable: a person judges it)."""

    across = False

    def finance(self):
        f = self.f
        if f["fail"] == "profit_tax":
            f["pt"] = [round(1200 + x % 600, 2) for x in f["pt"]]   # every year under 2000万元
        lo, hi = min(f["pt"]), max(f["pt"])
        if self.across:
            lo = 1500.0   # the stated range reaches below the floor the true figures clear
        self.range_only = True
        return [para("二、经营及研发投入情况"),
                para("2020年至2022年，本单位分别实现营业收入" + "、".join(w(x) + "万元" for x in f["rev"]) + "，研究开发费用分别为"
                     + "、".join(w(x) + "万元" for x in f["rd"]) + "。"),
                para(f"近三年利税总额均在{int(lo // 100 * 100)}万元至{int(hi // 100 * 100 + 100)}万元之间。"),
                para("同期知识产权费用分别为" + "、".join(w(x) + "万元" for x in f["ipx"]) + "。")]


class RangesAcross(Ranges):
    across = True


class Conflicting(App):
    """The same fact stated twice with different values: the overview states 2021's profit-
    tax as a figure under the 2000万元 floor, the financial table further on the true one
    (above it). Judged under each value the verdict differs, so the check goes to a person
    with both quotes (gold: that figure is not listed, the submission gives no single
    value). The first value alone would make the file ineligible."""

    conflict_year = 2021

    def identity(self):
        f = self.f
        self.conflict_value = round(1500 + f["pt"][1] % 400, 2)   # under the floor
        return super().identity() + [
            para(f"{self.conflict_year}年，本单位实现利税总额{w(self.conflict_value)}万元，经营状况良好。")]

    def finance(self):
        return [para("二、经营及研发投入情况"), table(fin_rows(self.f))]


def table_png(rows: list[list[str]], cell_w: int = 270, cell_h: int = 118) -> bytes:
    """A ruled table drawn as a greyscale picture (what a scanned, stamped financial table
    pasted into a Word file is): ≥ 500 px on both sides, so readers treat it as a scan."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 34, index=2)  # SC
    w, h = cell_w * len(rows[0]) + 2, cell_h * len(rows) + 2
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    for r in range(len(rows) + 1):
        d.line((0, r * cell_h, w, r * cell_h), fill=0, width=2)
    for c in range(len(rows[0]) + 1):
        d.line((c * cell_w, 0, c * cell_w, h), fill=0, width=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            d.text((c * cell_w + 14, r * cell_h + 34), text, fill=0, font=font)
    buf = io.BytesIO()
    im.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def inline_picture(rid: str, cx: int, cy: int) -> str:
    return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="2" name="图片 1"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


class ImageTable(App):
    """The financial table pasted as a picture (a scan of the stamped table) between typed
    paragraphs; the PDF keeps a text layer for the rest of the page. Its figures are read
    only by OCR of the image region; without an OCR engine the file must say that an
    image was not read (never a silent pass)."""

    def __init__(self, f):
        super().__init__(f)
        self.pdf = True
        self.media: dict[str, bytes] = {}

    def finance(self):
        png = table_png(fin_rows(self.f))
        self.media["image1.png"] = png
        cx = 5_400_000                                # 15 cm wide
        cy = cx * (118 * 5 + 2) // (270 * 4 + 2)
        return [para("二、经营及研发投入情况"), para("近三年主要经营及研发投入数据见下表（财务部门盖章确认的扫描件）："),
                para(("raw", inline_picture("rIdImg1", cx, cy))),
                para("上表数据与经审计的财务报表一致。")]


# id, feature, class, fail, extra

# id, feature, class, fail, extra
PLAN = [
    ("content_controls", ContentControls, None), ("content_controls", ContentControls, "ip_staff"),
    ("form_fields", FormFields, None), ("form_fields", FormFields, "rd_expense_ratio"),
    ("tracked_changes", Tracked, None), ("tracked_changes", Tracked, "rd_expense_ratio"), ("tracked_changes", Tracked, "ip_staff"),
    ("text_boxes", TextBoxes, None), ("text_boxes", TextBoxes, "ip_staff"),
    ("headers", Header, None), ("headers", Header, "profit_tax"),
    ("merged_cells", Merged, None), ("merged_cells", Merged, "profit_tax"),
    ("nested_table", Nested, None), ("nested_table", Nested, "rd_expense_ratio"),
    ("table_page_break", PageBreakTable, None), ("table_page_break", PageBreakTable, "profit_tax"),
    ("full_width_digits", FullWidth, None), ("full_width_digits", FullWidth, "ip_staff"),
    ("chinese_numerals", ChineseNumerals, None), ("chinese_numerals", ChineseNumerals, "profit_tax"),
    ("units", Units, None), ("units", Units, "rd_expense_ratio"),
    ("percent_words", Percent, None), ("percent_words", Percent, "rd_expense_ratio"),
    ("doc", Doc, None), ("doc", Doc, "profit_tax"),
    ("wps", Wps, None), ("wps", Wps, "ip_staff"),
    ("rotated_pdf", Landscape, None), ("rotated_pdf", Landscape, "rd_expense_ratio"),
    ("ip_dept_wording", lambda f: IpDeptVariant(f, "office"), None),
    ("ip_dept_wording", lambda f: IpDeptVariant(f, "keyan"), None),
    ("ip_dept_wording", lambda f: IpDeptVariant(f, "fawu"), "ip_staff"),
    ("series_slashes", Slashes, None), ("series_slashes", Slashes, "profit_tax"),
    ("ranges", Ranges, None), ("ranges", Ranges, "profit_tax"),
    # added later, appended so earlier ids and the held-out rule stay as they were
    ("ranges", RangesAcross, None),
    ("conflicting_figures", Conflicting, None), ("conflicting_figures", Conflicting, "rd_expense_ratio"),
    ("conflicting_figures", Conflicting, None),
    ("image_table", ImageTable, None), ("image_table", ImageTable, "profit_tax"), ("image_table", ImageTable, None),
]


def gold(id_: str, feature: str, app: App, file: str) -> dict:
    f = app.f
    figs = []
    if not getattr(app, "range_only", False):
        for metric, key in (("revenue", "rev"), ("rd_expense", "rd"), ("profit_tax", "pt"), ("ip_expense", "ipx")):
            figs += [{"metric": metric, "year": y, "value": float(round(v, 2)), "unit": "万元"} for y, v in zip(YEARS, f[key])]
    else:
        for metric, key in (("revenue", "rev"), ("rd_expense", "rd"), ("ip_expense", "ipx")):
            figs += [{"metric": metric, "year": y, "value": float(round(v, 2)), "unit": "万元"} for y, v in zip(YEARS, f[key])]
    if getattr(app, "conflict_year", None):   # stated twice, differently: no single value to expect
        figs = [x for x in figs if not (x["metric"] == "profit_tax" and x.get("year") == app.conflict_year)]
    figs += [{"metric": "valid_patents", "value": float(f["patents"]), "unit": "件"},
             {"metric": "valid_invention_patents", "value": float(f["inv"]), "unit": "件"},
             {"metric": "ip_staff", "value": float(f["staff"]), "unit": "人"}]
    claims = {"file": file, "applicant_name": {"value": f["name"]},
              "credit_code": {"value": {"code": f["code"], "valid": True}},
              "figures": figs, "ip_department": {"value": "independent"},
              "partners": [{"value": p} for p in getattr(app, "partners", [])],
              "attachments": [{"name": "申请书", "material": "application_form", "found": "page"},
                              {"name": "诚信承诺书", "material": "credit_commitment", "found": "page"}]}
    if feature == "headers":
        pass
    fail = f["fail"]
    if getattr(app, "across", False):
        note = f"word feature {feature}: the stated range spans the floor, a person judges it"
    elif getattr(app, "conflict_year", None):
        note = (f"word feature {feature}: {app.conflict_year} profit-tax stated as {w(app.conflict_value)}万元 and as "
                f"{w(f['pt'][1])}万元; the verdict differs, a person judges it")
    else:
        note = f"word feature {feature}"
    return {"id": id_, "layout": feature, "split": "dev", "claims": claims,
            "expected": {"guide": "cz2023_hvp", "program": "main",
                         "decision": "ineligible" if fail else "needs_review",
                         "failed_metrics": [fail] if fail else [], "missing_materials": [],
                         "failed_kinds": ["threshold"] if fail else [], "note": note},
            "scenario": f"{feature}_{'fail_' + fail if fail else 'across' if getattr(app, 'across', False) else 'clean'}"}


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", fmt,
                        "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=180)
    return outdir / (src.stem + "." + fmt.split(":")[0])


def rotate_pdf(path: Path) -> None:
    """Store every landscape page of a LibreOffice PDF rotated: portrait MediaBox, content
    turned by a cm operator, /Rotate 90 so a viewer shows it upright. Raw editing: the
    content streams are rewritten uncompressed and the xref table rebuilt."""
    data = path.read_bytes()
    objs = {}
    for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S):
        objs[int(m.group(1))] = m.group(2)
    turned = {}
    for n, body in list(objs.items()):
        if b"/Type/Page" not in body.replace(b" ", b"") or b"/Type/Pages" in body.replace(b" ", b""):
            continue
        mb = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", body)
        if not mb or float(mb.group(1)) <= float(mb.group(2)):
            continue
        wd, ht = mb.group(1), mb.group(2)
        body = body.replace(mb.group(0), b"/MediaBox[0 0 " + ht + b" " + wd + b"]/Rotate 90")
        cref = re.search(rb"/Contents\s+(\d+) 0 R", body)
        objs[n] = body
        turned[int(cref.group(1))] = ht
    for n, ht in turned.items():
        body = objs[n]
        sm = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S)
        raw = sm.group(1)
        if b"/FlateDecode" in body:
            raw = zlib.decompress(raw)
        # landscape (w×h) content → portrait (h×w) box: x' = h - y, y' = x, shown with /Rotate 90
        new = b"q 0 1 -1 0 " + ht + b" 0 cm\n" + raw + b"\nQ"
        objs[n] = b"\n<</Length " + str(len(new)).encode() + b">>\nstream\n" + new + b"\nendstream\n"
    trailer = re.search(rb"trailer\s*(<<.*?>>)", data, re.S).group(1)
    root = re.search(rb"/Root\s+(\d+ 0 R)", trailer).group(1)
    info = re.search(rb"/Info\s+(\d+ 0 R)", trailer)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    size = max(objs) + 1
    offs = {}
    for n in sorted(objs):
        offs[n] = len(out)
        out += str(n).encode() + b" 0 obj" + objs[n] + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(size).encode() + b"\n0000000000 65535 f \n"
    for n in range(1, size):
        out += (b"%010d 00000 n \n" % offs[n]) if n in offs else b"0000000000 65535 f \n"
    out += b"trailer\n<</Size " + str(size).encode() + b"/Root " + root + ((b"/Info " + info.group(1)) if info else b"") + b">>\n"
    out += b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"
    path.write_bytes(bytes(out))


def heldout(index: int) -> bool:
    """Fixed rule: sorted by id, every third file (index 2, 5, 8 …) is held out."""
    return index % 3 == 2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-convert", action="store_true", help="skip LibreOffice (.doc/.wps/PDF)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    index = []
    plan = sorted(((f"wf{k + 1:03d}", feat, cls, fail) for k, (feat, cls, fail) in enumerate(PLAN)), key=lambda x: x[0])
    for k, (id_, feat, cls, fail) in enumerate(plan):
        app = cls(facts(k, fail))
        body = app.body()
        files = {}
        docx = out / f"{id_}.docx"
        write_docx(docx, body, app.header, app.landscape, getattr(app, "media", None))
        ext = getattr(app, "ext", "docx")
        if ext in ("doc", "wps") and not args.no_convert:
            with tempfile.TemporaryDirectory() as td:
                d = soffice(docx, "doc:MS Word 97", Path(td))
                shutil.copy(d, out / f"{id_}.{ext}")
            docx.unlink()
            files[ext] = f"{id_}.{ext}"
        else:
            files["docx"] = docx.name
        if app.pdf and not args.no_convert:
            with tempfile.TemporaryDirectory() as td:
                p = soffice(docx, "pdf", Path(td))
                shutil.copy(p, out / f"{id_}.pdf")
            if app.pdf == "rotated":
                rotate_pdf(out / f"{id_}.pdf")
            files["pdf"] = f"{id_}.pdf"
        main_file = files.get("pdf") if app.pdf == "rotated" else next(iter(files.values()))
        g = gold(id_, feat, app, main_file)
        g["split"] = "heldout" if heldout(k) else "dev"
        (out / f"{id_}.gold.yaml").write_text(yaml.safe_dump(g, allow_unicode=True, sort_keys=False), encoding="utf-8")
        index.append({"id": id_, "feature": feat, "split": g["split"], "guide": "cz2023_hvp", "program": "main",
                      "decision": g["expected"]["decision"], "files": files, "gold": f"{id_}.gold.yaml"})
    (out / "index.yaml").write_text(yaml.safe_dump({"seed": 20240700, "applications": index}, allow_unicode=True,
                                                   sort_keys=False), encoding="utf-8")
    print(f"{len(index)} files → {out}")


if __name__ == "__main__":
    main()
