"""Re-type each corpus guide's text as a Word document, then print it to PDF.

Why: real notices arrive as DOCX and PDF, not as clean text exports. The DOCX
is built the way a clerk re-typing the notice in Word would build it: real
heading styles, Word auto-numbering for list items (so the visible label lives
in numbering.xml, not in the text, and a reader has to resolve it), contact and
quota tables as Word tables, export artifacts (markdown marks, bookmarks, link
syntax, page-split lines) cleaned away. The PDF is printed from that DOCX by
LibreOffice, with running page numbers (— N —) in the footer, so the PDF reader
meets genuine PDF internals (CJK fonts, justification, page footers).

Run: python corpus/make_guide_renditions.py [--only ID]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

CORPUS = Path(__file__).resolve().parent
GUIDES = CORPUS / "guides"
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)

# Per-guide rendering choices. `numbered`: which label family becomes Word
# auto-numbering; `join_wrapped`: re-join lines a PDF export split mid-sentence;
# `h3`: what counts as a top-level section heading besides 一、 and 第X条;
# `bold`: lines typed as bold body paragraphs (sub-headings without a heading style).
CONFIG: dict[str, dict] = {
    "js2022_140": {"numbered": "paren_arabic", "join_wrapped": True},
    "js2026_hvp": {"numbered": "paren_arabic"},
    "gz_2025": {"numbered": "arabic"},
    "cz2023_hvp": {"numbered": "arabic"},
    "zj_hz2025_demo": {"numbered": "arabic"},
    "gd_sz2024_adv": {"numbered": "paren_arabic", "h3": r"^\d{1,2}\.\s*\S{2,12}$"},
    "sd2025_demo": {"numbered": "arabic_rparen"},
    "sc2024_transfer": {"numbered": "arabic"},
    # section titles 1. 支持方向 … share the label family of the 申报材料清单 items;
    # only a bare CJK title is a heading, an item ends in ；/。
    "sh2026_gaojiazhi": {"numbered": "arabic", "h3": r"^\d{1,2}\.\s*[\u4e00-\u9fff]{2,12}$"},
    "nb2023_advantage": {"numbered": "arabic_dun"},
    "hb2025_gaojiazhi": {"numbered": "paren_arabic"},
    "fj2024_transfer": {"numbered": "arabic"},
    # 【申报条件】-style sub-headings are typed as bold body text, not a heading style:
    # a reader has to take a bold bracketed line for a section title on its own.
    "tj2026_demo": {"numbered": "arabic", "bold": r"^【[^】]{2,12}】$"},
    "ha2025_qiangqi": {"numbered": "arabic"},
    "cq2024_zhuanhua": {"numbered": "arabic"},
}

CN_NUM = "一二三四五六七八九十"
RE_ATTACH = re.compile(r"^附件\s*\d+$")
RE_CN = re.compile(rf"^[{CN_NUM}]+、")
RE_ARTICLE = re.compile(rf"^第[{CN_NUM}]+条")
RE_CHAPTER = re.compile(rf"^第[{CN_NUM}]+章")
RE_PAREN_CN = re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[）)]")
RE_PAREN_AR = re.compile(r"^[（(]\s*(\d+)\s*[）)]\s*")
RE_ARABIC = re.compile(r"^(\d+)\s*[\.．](?!\d)\s*")
RE_ARABIC_RPAREN = re.compile(r"^(\d+)\s*[）)]\s*")  # 1）2）3）
RE_ARABIC_DUN = re.compile(r"^(\d+)\s*、\s*")  # 1、2、3、
RE_DOTTED = re.compile(r"^\d+\.\d+")
RE_CIRCLED = re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")
RE_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
ANY_LABEL = (RE_ATTACH, RE_CN, RE_ARTICLE, RE_PAREN_CN, RE_PAREN_AR, RE_ARABIC, RE_DOTTED, RE_CIRCLED)
TERMINAL = "。：:！？!?"  # a line ending in ； may still continue on the next page
LIST_FORMATS = {"paren_arabic": ("（%1）", RE_PAREN_AR), "arabic": ("%1.", RE_ARABIC),
                "arabic_rparen": ("%1）", RE_ARABIC_RPAREN), "arabic_dun": ("%1、", RE_ARABIC_DUN)}


@dataclass
class Node:
    kind: str  # title, h1, h2, h3, h4, para, item, table, center
    text: str = ""
    bold: bool = False
    number: int | None = None
    list_start: bool = False
    rows: list[list[str]] = field(default_factory=list)


def clean(line: str) -> tuple[str, bool]:
    """Remove export artifacts from one line; report whether it was a markdown heading."""
    s = re.sub(r"\[bookmark:[^\]]*\]", "", line)
    s = re.sub(r"\[([^\]]+)\]\((?:[^)]+)\)", r"\1", s)
    s = s.replace("\\\\_", "_").replace("\\_", "_")
    md_heading = bool(re.match(r"^\s*#+\s", s))
    s = re.sub(r"^\s*#+\s*", "", s)
    s = s.replace("**", "")
    s = re.sub(r"^\s*-\s+(?=附件)", "", s)
    if re.fullmatch(r"\s*-{3,}\s*", s):
        s = ""
    return s.strip(), md_heading


def _is_label(s: str) -> bool:
    return any(p.match(s) for p in ANY_LABEL)


def _short_heading(s: str, limit: int) -> bool:
    return len(s) <= limit and not any(c in s for c in "。；;，,：:")


def read_lines(text: str, cfg: dict) -> list[tuple[str, bool] | list[list[str]]]:
    """Clean lines, group tab tables, re-join page-split lines (when configured)."""
    raw = text.splitlines()
    out: list = []
    i = 0
    while i < len(raw):
        line = raw[i]
        if "\t" in line and line.strip():
            rows, i = _read_table(raw, i)
            out.append(rows)
            continue
        s, md = clean(line)
        if s:
            out.append((s, md))
        i += 1
    if cfg.get("join_wrapped"):
        out = _join_wrapped(out)
    return out


def _read_table(raw: list[str], i: int) -> tuple[list[list[str]], int]:
    """Two shapes: one cell per line starting with a tab, rows split by blank
    lines (the Changzhou export); or one row per line, cells split by tabs."""
    rows: list[list[str]] = []
    if raw[i].startswith("\t"):
        row: list[str] = []
        while i < len(raw) and (raw[i].startswith("\t") or not raw[i].strip()):
            if raw[i].strip():
                row.append(raw[i].strip())
            elif row:
                rows.append(row)
                row = []
            i += 1
        if row:
            rows.append(row)
    else:
        while i < len(raw) and "\t" in raw[i]:
            rows.append([c.strip() for c in raw[i].split("\t")])
            i += 1
    return rows, i


def _join_wrapped(items: list) -> list:
    """A line that stops mid-sentence (no closing punctuation, long enough to be a
    wrapped body line) continues on the next line unless that starts a new item."""
    out: list = []
    for it in items:
        if out and isinstance(it, tuple) and isinstance(out[-1], tuple):
            prev, prev_md = out[-1]
            s, md = it
            signature = len(s) <= 12 and not re.search(r"[^\w“”《》（）()]", s)
            if (not prev_md and not md and len(prev) >= 15 and prev[-1] not in TERMINAL
                    and not re.search(r"[：:]", re.sub(r"https?://\S+", "", prev))
                    and not _is_label(s) and not RE_DATE.match(s) and not signature):
                out[-1] = (prev + s, False)
                continue
        out.append(it)
    return out


def classify(items: list, cfg: dict) -> list[Node]:
    fmt = cfg.get("numbered")
    item_re = LIST_FORMATS[fmt][1] if fmt else None
    h3 = re.compile(cfg["h3"]) if cfg.get("h3") else None
    bold = re.compile(cfg["bold"]) if cfg.get("bold") else None
    nodes: list[Node] = []
    expected = None  # next number of the open auto-numbered list
    for it in items:
        if isinstance(it, list):
            nodes.append(Node("table", rows=it))
            expected = None
            continue
        s, md = it
        if s == "申报指南" and nodes and nodes[-1].kind in ("h2", "para"):
            nodes[-1].kind = "h2"  # title typed over two lines: one heading, soft break
            nodes[-1].text += "\n" + s
            continue
        node = _classify_line(s, md, h3)
        if bold and node.kind == "para" and bold.match(s):
            node.bold = True
        if node.kind in ("h1", "h2", "h3", "h4", "title") or _outranks(s, fmt):
            expected = None
        m = item_re.match(s) if item_re and node.kind == "para" and not RE_DOTTED.match(s) else None
        if m:
            n = int(m.group(1))
            if n == 1 or n == expected:
                node = Node("item", s[m.end():], number=n, list_start=(n == 1))
                expected = n + 1
        nodes.append(node)
    return nodes


def _outranks(s: str, fmt: str | None) -> bool:
    """A label of a higher numbering family closes the open list."""
    higher = [RE_CN, RE_ARTICLE, RE_PAREN_CN] + ([RE_ARABIC] if fmt == "paren_arabic" else [])
    return any(p.match(s) for p in higher)


def _classify_line(s: str, md: bool, h3: re.Pattern | None) -> Node:
    if RE_ATTACH.match(s):
        return Node("h1", s)
    if not _is_label(s) and "：" not in s and "。" not in s:
        if s.endswith("的通知"):
            return Node("title", s)
        if re.search(r"申报(指南|说明)$", s):
            return Node("h2", s)
        if s.endswith("文件") or RE_DATE.match(s):
            return Node("center", s, bold=s.endswith("文件"))
    if (RE_CN.match(s) or RE_ARTICLE.match(s) or RE_CHAPTER.match(s)) and _short_heading(s, 40):
        return Node("h3", s)
    if h3 and h3.match(s):
        return Node("h3", s)
    if (RE_PAREN_CN.match(s) or RE_ARABIC.match(s)) and _short_heading(s, 16):
        return Node("h4", s)
    return Node("para", s, bold=md)


# --------------------------------------------------------------------------- DOCX


def _set_fonts(document: docx.Document) -> None:
    for name, east, size in (("Normal", "Noto Serif CJK SC", 12), ("Title", "Noto Sans CJK SC", 18),
                             ("Heading 1", "Noto Sans CJK SC", 14), ("Heading 2", "Noto Sans CJK SC", 16),
                             ("Heading 3", "Noto Sans CJK SC", 13), ("Heading 4", "Noto Sans CJK SC", 12)):
        st = document.styles[name]
        st.font.size = Pt(size)
        st.font.name = "Noto Serif CJK SC" if name == "Normal" else "Noto Sans CJK SC"
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts.set(qn(attr), east)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


class Numbering:
    """Adds one abstract list definition per label format and one w:num per list
    (each restarting at 1), so Word shows （1）（2）… from numbering.xml."""

    def __init__(self, document: docx.Document):
        self.root = document.part.numbering_part.element
        self.abstract: dict[str, int] = {}
        ids = [int(e.get(qn("w:abstractNumId"))) for e in self.root.findall(qn("w:abstractNum"))]
        self.next_abstract = max(ids, default=-1) + 1
        nums = [int(e.get(qn("w:numId"))) for e in self.root.findall(qn("w:num"))]
        self.next_num = max(nums, default=0) + 1

    def _abstract_for(self, lvl_text: str) -> int:
        if lvl_text in self.abstract:
            return self.abstract[lvl_text]
        aid = self.next_abstract
        self.next_abstract += 1
        an = OxmlElement("w:abstractNum")
        an.set(qn("w:abstractNumId"), str(aid))
        mlt = OxmlElement("w:multiLevelType")
        mlt.set(qn("w:val"), "singleLevel")
        an.append(mlt)
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), "0")
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", lvl_text), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "0")
        ind.set(qn("w:firstLine"), "480")
        ppr.append(ind)
        lvl.append(ppr)
        an.append(lvl)
        existing = self.root.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(an)
        else:
            self.root.insert(0, an)
        self.abstract[lvl_text] = aid
        return aid

    def new_list(self, lvl_text: str) -> int:
        aid = self._abstract_for(lvl_text)
        nid = self.next_num
        self.next_num += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(nid))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(aid))
        num.append(ref)
        ov = OxmlElement("w:lvlOverride")
        ov.set(qn("w:ilvl"), "0")
        so = OxmlElement("w:startOverride")
        so.set(qn("w:val"), "1")
        ov.append(so)
        num.append(ov)
        self.root.append(num)
        return nid


def _apply_num(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(nid)
    ppr.insert(0, numpr) if ppr.pStyle is None else ppr.pStyle.addnext(numpr)


def _page_footer(document: docx.Document) -> None:
    """Footer — PAGE — as a real field, so LibreOffice prints running page numbers."""
    p = document.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run._r.append(fc)
        elif text == " PAGE ":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            run._r.append(it)
        else:
            run.text = text
    p.add_run(" —")


def build_docx(nodes: list[Node], out: Path, list_format: str | None) -> None:
    document = docx.Document()
    sec = document.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    _set_fonts(document)
    _page_footer(document)
    numbering = Numbering(document)
    lvl_text = LIST_FORMATS[list_format][0] if list_format else None
    num_id = None
    styles = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 4"}
    for node in nodes:
        if node.kind == "table":
            _add_table(document, node.rows)
            continue
        if node.kind in styles:
            p = document.add_paragraph(style=styles[node.kind])
            parts = node.text.split("\n")
            for k, part in enumerate(parts):
                run = p.add_run(part)
                if k < len(parts) - 1:
                    run.add_break()
            if node.kind in ("title", "h2"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        p = document.add_paragraph()
        p.add_run(node.text).bold = node.bold or None
        if node.kind == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if node.kind == "item":
            if node.list_start or num_id is None:
                num_id = numbering.new_list(lvl_text)
            _apply_num(p, num_id)
        else:
            p.paragraph_format.first_line_indent = Pt(24)
    cp = document.core_properties
    cp.author = cp.last_modified_by = "shenbao corpus"
    cp.created = cp.modified = FIXED_TIME
    cp.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    _write_deterministic_zip(buf.getvalue(), out)


def _add_table(document: docx.Document, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c in range(width):
            cell = table.cell(r, c)
            cell.text = row[c] if c < len(row) else ""
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _write_deterministic_zip(data: bytes, out: Path) -> None:
    """python-docx stamps zip entries with the current time; re-pack with a fixed one."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))


# --------------------------------------------------------------------------- PDF


def to_pdf(docx_path: Path, guide_id: str) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("需要 LibreOffice (soffice) 才能生成 PDF")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [soffice, "--headless", f"-env:UserInstallation=file:///tmp/lo_{guide_id}",
               "--convert-to", "pdf", "--outdir", tmp, str(docx_path)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
        produced = Path(tmp) / (docx_path.stem + ".pdf")
        target = docx_path.with_suffix(".pdf")
        shutil.move(str(produced), target)
    return target


def render(guide_id: str, pdf: bool = True) -> None:
    cfg = CONFIG[guide_id]
    folder = GUIDES / guide_id
    text = (folder / "source.txt").read_text(encoding="utf-8")
    nodes = classify(read_lines(text, cfg), cfg)
    out = folder / "guide.docx"
    build_docx(nodes, out, cfg.get("numbered"))
    if pdf:
        to_pdf(out, guide_id)
    items = sum(n.kind == "item" for n in nodes)
    tables = sum(n.kind == "table" for n in nodes)
    print(f"{guide_id}: {len(nodes)} 段落, {items} 个自动编号项, {tables} 个表格", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="guide id")
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args(argv)
    ids = [args.only] if args.only else list(CONFIG)
    for gid in ids:
        if gid not in CONFIG:
            raise SystemExit(f"未知的指南编号: {gid}")
        render(gid, pdf=not args.no_pdf)


if __name__ == "__main__":
    main()
