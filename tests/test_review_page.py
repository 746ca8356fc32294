"""The static review page: source spans found (offsets or quote), everything
escaped, nothing fetched from the network, and — in headless Chromium — clicking
an item highlights exactly its source sentence.

The browser test drives the page's own deep-link hook (`?click=ID` clicks the
item with a real DOM click event on load) and reads the DOM Chromium dumps, so
it needs no Python browser driver. CI installs chromium from the system packages.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from models.document import Block, Document, Location
from models.schema import GuideSchema, Program, Qualitative, SourceRef, Threshold, UnparsedSection
from pipeline.render.review_page import render_review_page

ROOT = Path(__file__).resolve().parents[1]
CZ = ROOT / "corpus" / "guides" / "cz2023_hvp"


class _Dom(HTMLParser):
    """Text segments of the guide panel (with their classes) and items of the schema panel."""

    def __init__(self):
        super().__init__()
        self.segs: list[dict] = []
        self.items: dict[str, dict] = {}
        self._seg: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = set((a.get("class") or "").split())
        if tag == "span" and "seg" in cls:
            self._seg = {"cls": cls, "s": int(a["data-s"]), "e": int(a["data-e"]), "text": ""}
            self.segs.append(self._seg)
        elif tag == "li" and "item" in cls:
            self.items[a["id"]] = {"cls": cls, "s": a.get("data-s"), "e": a.get("data-e")}

    def handle_endtag(self, tag):
        if tag == "span":
            self._seg = None

    def handle_data(self, data):
        if self._seg is not None:
            self._seg["text"] += data


def parse(html: str) -> _Dom:
    dom = _Dom()
    dom.feed(html)
    return dom


@pytest.fixture(scope="module")
def cz_doc() -> Document:
    from extractors.readers import read_document

    return read_document(CZ / "source.txt")


@pytest.fixture(scope="module")
def cz_gold() -> GuideSchema:
    return GuideSchema.model_validate(yaml.safe_load((CZ / "gold.yaml").read_text(encoding="utf-8")))


def _cond_index(schema: GuideSchema, metric: str) -> int:
    return next(i for i, c in enumerate(schema.programs[0].conditions) if getattr(c, "metric", None) == metric)


# --- page content, no browser ----------------------------------------------------------

def test_quotes_without_offsets_are_located_in_the_text(cz_doc, cz_gold):
    dom = parse(render_review_page(cz_doc, cz_gold))
    for i, cond in enumerate(cz_gold.programs[0].conditions):
        assert cond.source.start is None  # gold sources carry quotes only
        item = dom.items[f"item-p0-cond-{i}"]
        assert item["s"] is not None, cond.source.quote
        assert cz_doc.text[int(item["s"]):int(item["e"])] == cond.source.quote
    # segments tile the text: joined in order they give the guide back
    assert "".join(s["text"] for s in dom.segs) == "".join(b.text for b in cz_doc.blocks)


def test_threshold_is_shown_in_words(cz_doc, cz_gold):
    html = render_review_page(cz_doc, cz_gold)
    # （二）近三年研发费用投入占销售收入的比例达3.5%以上
    assert "近三年 研发费用占销售收入比例 ≥ 3.5%" in html
    assert "近三年 利税总额（每年） ≥ 2000万元" in html
    for heading in ("申报条件", "不得申报情形", "申报材料", "截止时间", "推荐名额", "资助", "联系人"):
        assert f'<span class="title">{heading}</span>' in html


def _tiny_doc(text: str) -> Document:
    blocks, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        blocks.append(Block(id=i, text=line, start=pos, end=pos + len(line), location=Location(file="t.txt", line=i + 1)))
        pos += len(line) + 1
    return Document(source="t.txt", format="text", text=text, blocks=blocks)


def test_everything_is_escaped_and_nothing_is_fetched():
    evil = '<script>alert(1)</script><img src="http://x/y.png" onerror="alert(2)">'
    doc = _tiny_doc(f"一、条件\n利税不低于2000万元{evil}\n附：{evil}")
    schema = GuideSchema(title=evil, programs=[Program(name=evil, conditions=[
        Threshold(metric="profit_tax", operator=">=", value=2000, unit="万元", text=evil,
                  source=SourceRef(quote="利税不低于2000万元" + evil, section=evil)),
        Qualitative(text=evil, source=SourceRef(quote="不在原文中的句子")),
    ])], unparsed=[UnparsedSection(section="附", text=f"附：{evil}")])
    html = render_review_page(doc, schema)
    assert html.count("<script") == 1  # only the page's own script
    assert "<img" not in html and "onerror=\"alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html
    dom = parse(html)
    assert dom.items["item-p0-cond-0"]["s"] == str(doc.text.index("利税"))
    assert "nosrc" in dom.items["item-p0-cond-1"]["cls"]  # a quote not in the text is flagged, not guessed
    assert "未找到原文" in html


def test_unparsed_sections_are_marked_on_both_sides():
    doc = _tiny_doc("一、条件\n利税不低于2000万元。\n三、其他事项\n另行通知。")
    start = doc.text.index("另行通知")
    schema = GuideSchema(programs=[Program(name="示例")], unparsed=[
        UnparsedSection(section="三、其他事项", text="另行通知。", start=start, end=start + 5, reason="no rule")])
    html = render_review_page(doc, schema)
    assert re.search(r'<p id="b-3" class="paragraph unparsed"><span class="badge unparsed">未解析</span>', html)
    assert not re.search(r'<p id="b-1" class="[^"]*unparsed', html)
    assert re.search(r'<li class="item unparsed" id="item-u0"', html)


# --- headless Chromium ----------------------------------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


def dump_dom(page: Path, query: str, tmp_path: Path) -> str:
    exe = _chromium()
    if exe is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium chromium-driver)")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.resolve().as_uri() + query]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert run.returncode == 0 and "<html" in run.stdout, run.stderr[-2000:]
    return run.stdout


def _highlighted(dom: _Dom) -> list[dict]:
    return [s for s in dom.segs if "hl" in s["cls"]]


def test_clicking_an_item_highlights_its_source_in_chromium(cz_doc, tmp_path):
    from extractors.guide import extract_guide

    schema = extract_guide(cz_doc)
    i = _cond_index(schema, "profit_tax")
    page = tmp_path / "review.html"
    page.write_text(render_review_page(cz_doc, schema), encoding="utf-8")

    before = parse(dump_dom(page, "", tmp_path))
    assert not _highlighted(before)

    dom = parse(dump_dom(page, f"?click=item-p0-cond-{i}", tmp_path))
    hl = _highlighted(dom)
    assert hl, "nothing highlighted"
    text = "".join(s["text"] for s in hl)
    # 三、申报条件（三）: 经营状况良好，近三年利税总额均不低于2000万元
    assert "近三年利税总额均不低于2000万元" in text
    assert "研发费用" not in text and "知识产权专兼职" not in text
    item = dom.items[f"item-p0-cond-{i}"]
    s, e = int(item["s"]), int(item["e"])
    inside = [g for g in dom.segs if g["s"] >= s and g["e"] <= e]
    assert hl == inside  # exactly the item's span, nothing else
    assert text == cz_doc.text[s:e]
    assert "active" in item["cls"]
    assert [k for k, v in dom.items.items() if "active" in v["cls"]] == [f"item-p0-cond-{i}"]


def test_deep_link_highlights_a_quote_only_item_in_chromium(cz_doc, cz_gold, tmp_path):
    page = tmp_path / "gold.html"
    page.write_text(render_review_page(cz_doc, cz_gold), encoding="utf-8")
    anyof = next(i for i, c in enumerate(cz_gold.programs[0].conditions) if c.kind == "any_of")
    # a member of 任一满足 carries no source of its own: it shows its parent's sentence
    dom = parse(dump_dom(page, f"#item-p0-cond-{anyof}-m1", tmp_path))
    text = "".join(s["text"] for s in _highlighted(dom))
    assert text == cz_gold.programs[0].conditions[anyof].source.quote
    assert text.startswith("企业有效专利数量不少于100件或有效发明专利数量不少于50件")


def test_legend_and_search_filter_items_in_chromium(cz_doc, cz_gold, tmp_path):
    """Issue 16.9: a legend switch per kind of item with counts, and a search box; the DOM after
    ?q=… keeps only matching items (and their groups), ?hide=… hides a whole kind."""
    import re

    page = tmp_path / "review.html"
    page.write_text(render_review_page(cz_doc, cz_gold), encoding="utf-8")
    dom = dump_dom(page, "", tmp_path)
    labels = re.findall(r'<input type="checkbox" data-kind="([\w-]+)">', dom)
    assert {"conditions", "materials", "deadlines"} <= set(labels)
    assert "申报条件（" in dom
    searched = dump_dom(page, "?q=利税", tmp_path)
    rows = re.findall(r'<li class="item ([^"]*)"[^>]*>\s*<div class="row"[^>]*>(.*?)</div>', searched, re.S)
    items = [(cls, re.sub(r"<[^>]+>", "", body)) for cls, body in rows if "group" not in cls and "program" not in cls]
    visible = [text for cls, text in items if "hidden" not in cls]
    assert visible and len(visible) < len(items)  # the search kept some items and hid others
    assert all("利税" in text for text in visible if "c-any_of" not in text)
    hidden = dump_dom(page, "?hide=materials", tmp_path)
    assert re.search(r'<li class="item group g-materials hidden"', hidden)
    assert not re.search(r'<li class="item group g-conditions hidden"', hidden)


def test_each_item_names_its_line_in_the_yaml(cz_doc, cz_gold):
    """Issue 16.9: from an item of the page to the line to edit in the exported YAML."""
    import re

    from pipeline.render.review_page import yaml_lines
    from pipeline.schema.yaml_io import dump_yaml

    lines = dump_yaml(cz_gold).splitlines()
    at = yaml_lines(cz_gold)
    conds = [k for k in at if re.fullmatch(r"item-p0-cond-\d+", k)]
    assert len(conds) == len(cz_gold.programs[0].conditions)
    for k in conds:
        i = int(k.rsplit("-", 1)[1])
        assert lines[at[k] - 1].strip().startswith(f"- kind: {cz_gold.programs[0].conditions[i].kind}")
    html = render_review_page(cz_doc, cz_gold)
    assert f"YAML 第{at['item-p0-cond-1']}行" in html
