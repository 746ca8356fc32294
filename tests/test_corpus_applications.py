"""The labeled application corpus: gold files are valid, every gold quote is
in the document where the gold says it is, credit-code flags are right,
normalized values agree with the written originals, and expected decisions
agree with the scenario tags.

Checks here are independent of the generator's own helpers: check characters,
Chinese numerals and unit conversion are recomputed in this file.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from docx import Document as Docx
from pydantic import BaseModel

from models.claims import Evidence
from models.gold import ApplicationGold

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "corpus" / "applications"
INDEX = yaml.safe_load((APPS / "index.yaml").read_text(encoding="utf-8"))["applications"]
TARGETS = {("cz2023_hvp", "main", None), ("js2022_140", "附件3", "新建项目"), ("js2022_140", "附件2-2", None),
           ("js2022_140", "附件4", "高校院所知识产权运营能力提升"), ("js2026_hvp", "附件1", "技术创新类"),
           ("js2026_hvp", "附件1", "产业链协同攻关类"), ("gz_2025", "二", None), ("gz_2025", "一", None)}


@lru_cache(maxsize=None)
def gold(app_id: str) -> ApplicationGold:
    data = yaml.safe_load((APPS / f"{app_id}.gold.yaml").read_text(encoding="utf-8"))
    return ApplicationGold.model_validate(data)


@lru_cache(maxsize=None)
def docx_parts(app_id: str) -> tuple[list[str], list[list[list[str]]]]:
    d = Docx(str(APPS / f"{app_id}.docx"))
    paras = [p.text for p in d.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    return paras, tables


def evidences(obj):
    """Every Evidence inside a pydantic model tree."""
    if isinstance(obj, Evidence):
        yield obj
    elif isinstance(obj, list):
        for x in obj:
            yield from evidences(x)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from evidences(getattr(obj, name))


IDS = [e["id"] for e in INDEX]


# -- corpus shape ---------------------------------------------------------------

def test_counts_per_layout_and_split():
    assert len(INDEX) >= 60
    dev = Counter(e["layout"] for e in INDEX if e["split"] == "dev")
    held = Counter(e["layout"] for e in INDEX if e["split"] == "heldout")
    assert len(dev) >= 3 and all(n >= 15 for n in dev.values()), dev
    assert len(held) == 1 and sum(held.values()) >= 10, held
    assert not set(held) & set(dev), "the held-out layout must not appear in the dev split"


def test_files_exist_and_every_target_program_is_covered():
    for e in INDEX:
        assert (APPS / e["docx"]).stat().st_size > 0
        assert (APPS / e["gold"]).exists()
        if e.get("pdf"):
            assert (APPS / e["pdf"]).read_bytes()[:5] == b"%PDF-"
    seen = {}
    for e in INDEX:
        seen.setdefault((e["guide"], e["program"], e["track"]), set()).add(e["decision"])
    assert set(seen) == TARGETS
    for key, decisions in seen.items():
        assert {"needs_review", "ineligible"} <= decisions, key


def test_every_applicant_type_has_a_clean_application():
    clean = {(gold(e["id"]).claims.applicant_type.value) for e in INDEX if e["scenario"].startswith("clean_")}
    assert {"enterprise", "university", "research_institute", "new_rd_institution"} <= clean


# -- gold against the documents --------------------------------------------------

@pytest.mark.parametrize("app_id", IDS)
def test_gold_validates_and_quotes_are_where_the_gold_says(app_id):
    g = gold(app_id)
    assert g.id == app_id and g.claims.file == f"{app_id}.docx"
    paras, tables = docx_parts(app_id)
    evs = list(evidences(g.claims))
    assert len(evs) >= 10
    for ev in evs:
        assert ev.quote.strip(), ev
        loc = ev.location
        assert loc is not None, ev
        if loc.table is not None:
            text = tables[loc.table][loc.row][loc.col]
        else:
            text = paras[loc.paragraph]
        assert ev.quote in text, (ev.quote, text)


def _check_char(code: str) -> bool:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if len(code) != 18 or any(c not in chars for c in code):
        return False
    w = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, ... (3^i mod 31)
    c18 = chars[(31 - sum(chars.index(c) * wi for c, wi in zip(code, w)) % 31) % 31]
    org = code[8:17]
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in org[:8]]
    c9 = 11 - sum(v * wi for v, wi in zip(vals, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
    c9s = {10: "X", 11: "0"}.get(c9, str(c9))
    return code[17] == c18 and org[8] == c9s


def test_credit_code_flags_match_an_independent_check():
    seen = Counter()
    for app_id in IDS:
        cc = gold(app_id).claims.credit_code.value
        assert cc.valid == _check_char(cc.code), cc.code
        seen[cc.valid] += 1
        if cc.valid:
            assert not cc.problems
            assert cc.code[2:8] == cc.division_code
        else:
            assert cc.problems and gold(app_id).claims.warnings
    assert seen[False] >= 2 and seen[True] >= 60


def test_known_code_examples():
    # A published valid code (GB 32100 example pattern) and its broken variant.
    assert _check_char("91350100M000100Y43")
    assert not _check_char("91350100M000100Y44")


def test_region_of_valid_codes_agrees_with_address():
    prov = {"32": "江苏省", "52": "贵州省", "33": "浙江省", "34": "安徽省", "51": "四川省"}
    for app_id in IDS:
        c = gold(app_id).claims
        cc = c.credit_code.value
        assert prov[cc.division_code[:2]] == c.address.value.province
        assert c.address.value.text.startswith(c.address.value.province)
        assert c.address.value.city in c.address.value.text


# -- normalized values against the written originals ----------------------------

CN = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(s: str) -> int:
    total, cur = 0, 0
    for ch in s:
        if ch in CN:
            cur = CN[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (cur or 1) * unit
            cur = 0
    return total + cur


def read_original(orig: str, unit: str) -> float:
    staff = re.fullmatch(r"专职(\d+)人、兼职(\d+)人", orig)
    if staff:  # both count: the guides ask for 专兼职管理人员
        return float(int(staff[1]) + int(staff[2]))
    s = orig.replace(",", "")
    for suffix, factor in (("亿元", 10000), ("万元", 1), ("千元", 0.1), ("元", 1e-4), ("件", 1), ("项", 1), ("人", 1),
                           ("名", 1), ("%", 1)):
        if s.endswith(suffix):
            s, f = s[: -len(suffix)], factor
            break
    else:
        f = None
    num = float(s) if s[:1].isdigit() else cn_number(s)
    if f is None:  # a bare table cell: the unit sits in the header
        return num
    return num * f


def cell_scale(table: list[list[str]], row: int) -> float:
    """万元 per written unit of a bare number in a table cell: the unit sits in
    the header rows (（元）, （单位：千元）) or in the row label (（万元）)."""
    head = " ".join(table[0] + (table[1] if len(table) > 1 else []) + [table[row][0]])
    if "千元" in head:
        return 0.1
    if "（元）" in head:
        return 1e-4
    return 1.0


@pytest.mark.parametrize("app_id", IDS)
def test_figures_agree_with_their_originals(app_id):
    g = gold(app_id)
    paras, tables = docx_parts(app_id)
    for f in g.claims.figures:
        if f.derived_from:
            parts = [p for p in g.claims.figures if p.metric in f.derived_from and p.year == f.year]
            assert abs(sum(p.value for p in parts) - f.value) < 0.01
            continue
        v = read_original(f.original, f.unit)
        loc = f.evidence[0].location
        if f.unit == "万元" and loc.table is not None and f.original.replace(",", "").replace(".", "").isdigit():
            v = v * cell_scale(tables[loc.table], loc.row)
        assert abs(v - f.value) < 0.006, (f.metric, f.year, f.original, f.value)
        assert f.unit == {"件": "件", "人": "人", "%": "%"}.get(f.unit, "万元")


@pytest.mark.parametrize("app_id", IDS)
def test_stated_ratios_agree_with_components(app_id):
    c = gold(app_id).claims
    for f in c.figures:
        if f.metric == "rd_expense_ratio":
            rd, rev = c.figure("rd_expense", f.year), c.figure("revenue", f.year)
            assert abs(rd.value / rev.value * 100 - f.value) < 0.006


# -- expected outcomes against the scenario tags --------------------------------

TAG_DECISION = {"clean": "needs_review", "pass": "needs_review", "review": "needs_review",
                "fail": "ineligible", "missing": "incomplete"}
TAG_FAILS = [("outside_region", "region"), ("late_submission", "deadline"), ("joint_", "joint"),
             ("excluded", "exclusion"), ("led_provincial", "exclusion"), ("ongoing_unpaid", "exclusion"),
             ("holds_", "exclusion"), ("wrong_applicant_type", "applicant_type")]
TAG_METRICS = [("rd_ratio_below", "rd_expense_ratio"), ("ip_expense_below", "ip_expense_ratio"),
               ("profit_tax_below", "profit_tax"), ("patents_below", "valid_patents"),
               ("award_too_old", "valid_invention_patents"), ("ip_staff_below", "ip_staff"),
               ("grants_below", "invention_grants"), ("commercialization_below", "commercialization_amount"),
               ("commercialization_staff_below", "commercialization_staff"),
               ("patent_product_ratio_below", "patent_product_revenue_ratio")]


@pytest.mark.parametrize("app_id", IDS)
def test_expected_decision_matches_scenario(app_id):
    g = gold(app_id)
    tag, exp = g.scenario, g.expected
    assert exp.decision == TAG_DECISION[tag.split("_")[0]], (tag, exp)
    if exp.decision == "ineligible":
        assert exp.failed_metrics or exp.failed_kinds
    for part, kind in TAG_FAILS:
        if part in tag and tag.startswith("fail_"):
            assert kind in exp.failed_kinds, (tag, exp.failed_kinds)
    for part, metric in TAG_METRICS:
        if part in tag and tag.startswith("fail_"):
            assert metric in exp.failed_metrics, (tag, exp.failed_metrics)
    if tag.startswith("missing_"):
        material = tag[len("missing_"):]
        assert exp.missing_materials == [material]
        assert material not in {a.material for a in g.claims.attachments}
    if tag.startswith(("clean_", "pass_", "review_")):
        assert not exp.failed_metrics and not exp.missing_materials and not exp.failed_kinds


def test_rescue_scenarios_really_need_their_rescue():
    """Exemptions and adjustments rescue figures that would fail without them."""
    for e in INDEX:
        c = gold(e["id"]).claims
        tag = e["scenario"]
        if "exemption" in tag:
            assert min(f.value for f in c.figures_of("profit_tax")) < 2000
            assert {"little_giant", "single_champion"} & {s.id for s in c.standings}
        if "award_halving" in tag or "key_lab_halving" in tag:
            vp = c.figure("valid_patents").value
            vi = c.figure("valid_invention_patents").value
            assert vp < 100 and vi < 50 and (vp >= 50 or vi >= 25)
        if "pct_counting" in tag:
            vi = c.figure("valid_invention_patents").value
            pct = c.figure("pct_national_phase").value
            assert vi < 50 <= vi + 2 * pct and c.figure("valid_patents").value < 100


def test_ambiguous_ratio_scenarios_disagree_between_readings():
    for e in INDEX:
        if not e["scenario"].startswith("review_") or e["scenario"].endswith("_other_route"):
            continue
        c = gold(e["id"]).claims
        num, den, need = (("patent_product_revenue", "revenue", 40) if "patent_product" in e["scenario"]
                          else ("rd_expense", "revenue", 3.5))
        years = [f.year for f in c.figures_of(den)]
        each = [c.figure(num, y).value / c.figure(den, y).value * 100 for y in years]
        pooled = sum(c.figure(num, y).value for y in years) / sum(c.figure(den, y).value for y in years) * 100
        assert min(each) < need <= pooled


# -- layouts really differ ---------------------------------------------------------

def test_other_route_scenarios_miss_the_number_but_are_not_failed():
    """Below 40% with a non-numeric route (专利许可…) left open: a person judges, never a fail."""
    seen = 0
    for e in INDEX:
        if not e["scenario"].endswith("_other_route"):
            continue
        g = gold(e["id"])
        c = g.claims
        years = [f.year for f in c.figures_of("revenue")]
        ratios = [c.figure("patent_product_revenue", y).value / c.figure("revenue", y).value * 100 for y in years]
        assert max(ratios) < 40
        assert g.expected.decision == "needs_review" and not g.expected.failed_metrics
        seen += 1
    assert seen >= 1


def test_layout_features():
    by = {}
    for e in INDEX:
        by.setdefault(e["layout"], []).append(e)
    for e in by["narrative"]:
        assert not docx_parts(e["id"])[1], "narrative applications have no tables"
    feats = Counter(f for e in INDEX for f in e["features"])
    for f in ("amounts_yi", "amounts_yuan", "chinese_numerals", "split_profit_tax", "long_patent_list",
              "fin_table_page_break", "invalid_credit_code", "joint"):
        assert feats[f] >= 1, f
    portal_text = "\n".join("\n".join(docx_parts(e["id"])[0]) for e in by["portal_export"])
    assert "【单位基本信息】" in portal_text and "诚信承诺书" in portal_text


def test_financial_table_breaks_across_a_pdf_page():
    import pdfplumber
    hits = [e for e in INDEX if "fin_table_page_break" in e["features"] and e.get("pdf")]
    if not hits:
        pytest.skip("PDFs not generated")
    e = hits[0]
    years = [f.year for f in gold(e["id"]).claims.figures_of("revenue")]
    with pdfplumber.open(APPS / e["pdf"]) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
    pages = [next(i for i, t in enumerate(texts) if f"\n{y}年度 " in "\n" + t) for y in years]
    assert len(set(pages)) > 1, pages


def test_generation_is_deterministic(tmp_path):
    sys.path.insert(0, str(APPS))
    from appgen import build

    fillers = {e["id"]: e.get("break_filler", 0) for e in INDEX}
    ents = [e for e in build.entries() if e.layout != "mixed" or fillers[e.id]][:8]
    assert any(fillers[e.id] for e in ents)
    for e in ents:
        e.filler = fillers[e.id]
        g, _ = build.render(e, tmp_path)
        assert g.model_dump(mode="json") == gold(e.id).model_dump(mode="json")


# -- gold states only what the text states -----------------------------------------

YEAR = re.compile(r"(?:19|20)\d\d")


def _evidence_text(app_id: str, ev: Evidence, whole_row: bool = False) -> str:
    paras, tables = docx_parts(app_id)
    loc = ev.location
    if loc.table is None:
        return paras[loc.paragraph]
    row = tables[loc.table][loc.row]
    return " ".join(row) if whole_row else row[loc.col]


@pytest.mark.parametrize("app_id", IDS)
def test_years_in_the_gold_are_written_in_the_document(app_id):
    """A project or standing year is in the gold only where the document writes
    it (in the sentence, or in the same table row); a project line without a year
    (正在承担国家重点研发计划“…”课题) has year None."""
    c = gold(app_id).claims
    for pr in c.projects:
        texts = [_evidence_text(app_id, ev, whole_row=True) for ev in pr.evidence]
        if pr.year is not None:
            assert any(str(pr.year) in t for t in texts), (pr.name, pr.year, texts)
        else:
            assert not any(YEAR.search(ev.quote) for ev in pr.evidence), pr
    for s in c.standings:
        if s.year is not None:
            assert any(str(s.year) in _evidence_text(app_id, ev, whole_row=True) for ev in s.evidence), s


def test_undated_national_projects_have_no_year():
    seen = 0
    for app_id in IDS:
        for pr in gold(app_id).claims.projects:
            if all("国家重点研发计划" in ev.quote and not YEAR.search(ev.quote) for ev in pr.evidence):
                assert pr.year is None, (app_id, pr)
                seen += 1
    assert seen >= 15


DAY = re.compile(r"\d{4}(?:年\d{1,2}月\d{1,2}日|[./]\d{2}[./]\d{2})|[〇一二三四五六七八九]{4}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日")


def test_submission_dates_state_a_day_and_month_only_dates_give_none():
    month_only = 0
    for e in INDEX:
        c = gold(e["id"]).claims
        if c.submission_date is not None:
            assert DAY.fullmatch(c.submission_date.original), c.submission_date.original
        if "month_only_date" in e["features"]:
            month_only += 1
            assert c.submission_date is None, e["id"]
            paras, _ = docx_parts(e["id"])
            line = next(p for p in paras if "填报日期" in p)
            assert re.search(r"填报日期：\d{4}年\d{1,2}月$", line), line
    assert month_only >= 2


# -- the second batch of dev layouts -------------------------------------------------

def _by_layout(layout: str) -> list[dict]:
    return [e for e in INDEX if e["layout"] == layout]


def test_new_layouts_cover_scenarios_and_programs():
    for layout in ("questionnaire", "report_prose"):
        ents = _by_layout(layout)
        assert 16 <= len(ents) <= 20 and all(e["split"] == "dev" for e in ents), layout
        assert {(e["guide"], e["program"], e["track"]) for e in ents} == TARGETS, layout
        assert {"clean", "pass", "fail", "missing", "review"} <= {e["scenario"].split("_")[0] for e in ents}, layout
        assert {"needs_review", "ineligible", "incomplete"} == {e["decision"] for e in ents}, layout
        ids = [int(e["id"][3:]) for e in ents]
        assert min(ids) > 105, "new layouts are appended after the first 105 applications"


TYPE_LABEL = {"高校": "university", "科研院所": "research_institute", "企业": "enterprise", "新型研发机构": "new_rd_institution"}


def test_questionnaire_checkboxes_decide_type_track_and_department():
    for e in _by_layout("questionnaire"):
        paras, tables = docx_parts(e["id"])
        c = gold(e["id"]).claims
        cells = [x for t in tables for row in t for x in row]
        type_cell = next(x for x in cells if "□高校" in x or "☑高校" in x)
        checked = re.findall(r"☑(\S+)", type_cell)
        assert len(checked) == 1 and TYPE_LABEL[checked[0]] == c.applicant_type.value, (type_cell, c.applicant_type)
        assert len(re.findall(r"□\S+", type_cell)) == 4
        track = next((p for p in paras if p.startswith("申报类别：")), None)
        if c.track:
            assert re.findall(r"☑(\S+)", track) == [c.track.value] and "□" in track
        else:
            assert track is None
        dept = next(x for x in cells if "独立设置" in x)
        assert ("☑独立设置" in dept) == (c.ip_department.value == "independent")


def _merged_header_and_totals(app_id: str) -> tuple[bool, bool]:
    d = Docx(str(APPS / f"{app_id}.docx"))
    merged = totals = False
    for t in d.tables:
        xml = t._tbl.xml
        head = [c.text for c in t.rows[0].cells]
        if "gridSpan" in xml and any("主要经济指标（单位：" in h for h in head):
            merged = True
            totals |= "合计" in head[1:] or any(r.cells[0].text == "合计" for r in t.rows)
    return merged, totals


def test_questionnaire_tables_have_merged_headers_totals_and_thousands():
    feats = Counter(f for e in _by_layout("questionnaire") for f in e["features"])
    assert feats["checkboxes"] == len(_by_layout("questionnaire"))
    assert feats["amounts_qian"] >= 3 and feats["merged_header"] >= 8 and feats["total_rows"] >= 8
    assert feats["month_only_date"] >= 2
    assert not _by_layout("questionnaire")[0]["features"].count("no_tables")
    shapes = set()
    for e in _by_layout("questionnaire"):
        if "merged_header" in e["features"]:
            assert _merged_header_and_totals(e["id"]) == (True, True), e["id"]
            _, tables = docx_parts(e["id"])
            fin = next(t for t in tables if "主要经济指标（单位：" in " ".join(t[0]))
            shapes.add("years_across" if fin[1][1].endswith("年") else "years_down")
    assert shapes == {"years_across", "years_down"}


def _num(cell: str) -> float:
    return float(cell.replace(",", ""))


def test_questionnaire_totals_are_sums_and_never_gold_figures():
    """合计 rows/columns and 年均 columns add up the year cells; no gold figure points at them."""
    checked = Counter()
    for e in _by_layout("questionnaire"):
        _, tables = docx_parts(e["id"])
        c = gold(e["id"]).claims
        for ti, t in enumerate(tables):
            head = t[1] if "主要经济指标（单位：" in " ".join(t[0]) else t[0]
            for ci, h in enumerate(head):
                if h in ("合计", "年均") and ci > 0:
                    checked[h] += 1
                    for row in t[2 if head is t[1] else 1:]:
                        if row[ci] == "—":
                            continue
                        years = [_num(x) for x in row[1:ci]]
                        want = sum(years) / (len(years) if h == "年均" else 1)
                        assert abs(_num(row[ci]) - want) < 0.02, (e["id"], row)
                    for f in c.figures:
                        for ev in f.evidence:
                            assert not (ev.location.table == ti and ev.location.col == ci), (e["id"], f)
            for ri, row in enumerate(t):
                if row[0] == "合计":
                    checked["合计行"] += 1
                    for ci in range(1, len(row)):
                        if row[ci] != "—":
                            assert abs(_num(row[ci]) - sum(_num(r[ci]) for r in t[2:ri])) < 0.02
                    assert not any(ev.location.table == ti and ev.location.row == ri for f in c.figures
                                   for ev in f.evidence)
    assert checked["合计"] >= 3 and checked["合计行"] >= 3 and checked["年均"] >= 1, checked


def test_questionnaire_attachment_rows_marked_none_are_not_attachments():
    seen_missing = 0
    for e in _by_layout("questionnaire"):
        _, tables = docx_parts(e["id"])
        g = gold(e["id"])
        t_i = next(i for i, t in enumerate(tables) if t[0] == ["序号", "材料名称", "页码"])
        none_rows = {i for i, row in enumerate(tables[t_i]) if row[2] == "无"}
        assert none_rows, e["id"]
        for a in g.claims.attachments:
            for ev in a.evidence:
                if ev.location.table == t_i:
                    assert ev.location.row not in none_rows, (e["id"], a)
        if e["scenario"].startswith("missing_"):
            names = [tables[t_i][i][1] for i in none_rows]
            assert any("方案" in n or "协议" in n or "承诺" in n for n in names), names
            seen_missing += 1
    assert seen_missing >= 1


def test_report_prose_is_prose_with_its_own_wordings():
    ents = _by_layout("report_prose")
    for e in ents:
        paras, tables = docx_parts(e["id"])
        g = gold(e["id"])
        assert not tables, "report_prose applications have no tables"
        assert "no_tables" in e["features"]
        text = "\n".join(paras)
        assert any(p.startswith("附：1. ") and " 2. " in p for p in paras), e["id"]
        assert "、知识产权" in text and ("一、企业概况" in text or "一、单位概况" in text)
        if g.claims.credit_code and "credit_commitment" in {a.material for a in g.claims.attachments}:
            page = next(a for a in g.claims.attachments if a.material == "credit_commitment" and a.found == "page")
            title = paras[page.evidence[-1].location.paragraph]
            assert "".join(title.split()) == "承诺书", title
        else:
            assert not any("".join(p.split()) == "承诺书" for p in paras)
    units = Counter(f.original[-1] for e in ents for f in gold(e["id"]).claims.figures if f.original)
    assert units["项"] >= 5 and units["名"] >= 5, units
    text = "\n".join("\n".join(docx_parts(e["id"])[0]) for e in ents)
    assert "增长至" in text and "其中" in text and "分别占当年营业收入的" in text and "实缴税金" in text
    assert "● " in text
    feats = Counter(f for e in ents for f in e["features"])
    for f in ("amounts_yi", "amounts_yuan", "chinese_numerals", "split_profit_tax", "cn_numeral_date", "joint"):
        assert feats[f] >= 1, f


def test_new_layout_docx_are_reproducible_byte_for_byte(tmp_path):
    sys.path.insert(0, str(APPS))
    from appgen import build

    for e in build.entries():
        if e.layout in ("questionnaire", "report_prose", "dossier") and int(e.id[3:]) % 7 == 0:
            g, _ = build.render(e, tmp_path)
            assert g.model_dump(mode="json") == gold(e.id).model_dump(mode="json")
            assert (tmp_path / f"{e.id}.docx").read_bytes() == (APPS / f"{e.id}.docx").read_bytes()


def test_new_layouts_state_the_year_of_every_yearly_figure():
    """In the second-batch layouts each yearly figure's year is written where its
    evidence is: in the sentence, or in the cell's column header / row label."""
    for e in _by_layout("questionnaire") + _by_layout("report_prose") + _by_layout("dossier"):
        paras, tables = docx_parts(e["id"])
        for f in gold(e["id"]).claims.figures:
            if f.year is None:
                continue
            for ev in f.evidence:
                loc = ev.location
                if loc.table is None:
                    where = paras[loc.paragraph]
                else:
                    t = tables[loc.table]
                    where = " ".join([t[0][loc.col], t[1][loc.col] if len(t) > 1 else "", t[loc.row][0]])
                assert f.year in _years_written(where), (e["id"], f.metric, f.year, where)


def _years_written(text: str) -> set[int]:
    """Years a text states: 2021年, and every year of a span 2019—2021年 / 2019年至2021年."""
    years = {int(y) for y in re.findall(r"((?:19|20)\d\d)年", text)}
    for a, b in re.findall(r"((?:19|20)\d\d)年?\s*(?:—|–|-|~|至)\s*((?:19|20)\d\d)年", text):
        years |= set(range(int(a), int(b) + 1))
    return years


# -- the dossier layout (申报材料汇编: 目录, 第一部分 申报书, 第二部分 证明材料) ------------------

TOC_LINE = re.compile(r"^\s*(?:附件(\d+)\s+|([一二三四五六七八九十]+)、)(.+?)\s*[…·]+\s*(\d+)$")
ABSENT_WORD = {"credit_commitment": "承诺书", "construction_plan": "方案", "cooperation_agreement": "协议",
               "audit_report": "审计报告"}


def _toc(paras: list[str]) -> tuple[int, list[tuple[int, str, int]], int]:
    """(index of 目录 title, [(附件 number, name, paragraph index)] under 第二部分, index of the 第一部分 heading)."""
    start = next(i for i, p in enumerate(paras) if "".join(p.split()) == "目录")
    body = next(i for i, p in enumerate(paras) if i > start and p == "第一部分　申报书")
    part2 = next(i for i in range(start, body) if paras[i].startswith("第二部分"))
    items = []
    for i in range(part2 + 1, body):
        m = TOC_LINE.match(paras[i])
        assert m, paras[i]
        items.append((int(m[1]) if m[1] else cn_number(m[2]), m[3], i))
    return start, items, body


def _section(paras: list[str], body: int, num: int) -> int:
    hits = [i for i, p in enumerate(paras) if i > body and p.startswith(f"附件{num}：")]
    assert len(hits) == 1, (num, hits)
    return hits[0]


def test_dossier_covers_scenarios_and_programs():
    ents = _by_layout("dossier")
    assert 18 <= len(ents) <= 24 and all(e["split"] == "dev" for e in ents)
    assert min(int(e["id"][3:]) for e in ents) == 146, "dossier applications follow app145"
    assert {(e["guide"], e["program"], e["track"]) for e in ents} == TARGETS
    assert {"clean", "pass", "fail", "missing", "review"} <= {e["scenario"].split("_")[0] for e in ents}
    assert {"needs_review", "ineligible", "incomplete"} == {e["decision"] for e in ents}
    assert all("toc" in e["features"] and "ip_summary_table" in e["features"] for e in ents)


def test_dossier_attachments_follow_the_toc_and_the_sections():
    """Every 目录 line under 第二部分 has its 附件N section; a section saying 暂缺/后补
    supplies nothing (no gold attachment); every other one is a gold attachment,
    listed at its 目录 line and found at its section title."""
    pending = supplied = 0
    for e in _by_layout("dossier"):
        paras, _ = docx_parts(e["id"])
        g = gold(e["id"])
        by_name = {a.name: a for a in g.claims.attachments}
        _, items, body = _toc(paras)
        assert [n for n, *_ in items] == list(range(1, len(items) + 1)), items
        for num, name, toc_i in items:
            sec = _section(paras, body, num)
            assert name in paras[sec]
            after = paras[sec + 1]
            if "暂缺" in after or "后补" in after:
                pending += 1
                assert name not in by_name, (e["id"], name)
                continue
            supplied += 1
            a = by_name[name]
            assert a.found == "page" and a.material
            locs = {ev.location.paragraph for ev in a.evidence}
            assert locs == {toc_i, sec}, (e["id"], name, locs)
        listed = {name for _, name, _ in items}
        assert {a.name for a in g.claims.attachments if a.material != "application_form"} <= listed
        form = next(a for a in g.claims.attachments if a.material == "application_form")
        assert {paras[ev.location.paragraph][:8] for ev in form.evidence} == {"第一部分　申报书"}
        assert len(form.evidence) == 2
    assert pending >= 3 and supplied >= 100, (pending, supplied)


def test_dossier_missing_materials_are_dropped_or_pending():
    """A dropped material has neither a 目录 line nor a section; a pending one keeps
    its 目录 line but its section says 暂缺/后补. Both count as not supplied."""
    kinds = Counter()
    for e in _by_layout("dossier"):
        g = gold(e["id"])
        paras, _ = docx_parts(e["id"])
        _, items, body = _toc(paras)
        for m in g.expected.missing_materials:
            word = ABSENT_WORD[m]
            lines = [(num, name) for num, name, _ in items if word in name]
            if not lines:
                kinds["dropped"] += 1
                assert not any(p.startswith("附件") and word in p for p in paras[body:]), (e["id"], m)
            else:
                (num, _), = lines
                after = paras[_section(paras, body, num) + 1]
                assert "暂缺" in after or "后补" in after, (e["id"], after)
                kinds["pending"] += 1
        if e["scenario"].startswith("clean_") and "pending_attachment" in e["features"]:
            kinds["pending_not_required"] += 1
    assert kinds["dropped"] >= 2 and kinds["pending"] >= 2 and kinds["pending_not_required"] >= 1, kinds


def test_dossier_body_refers_to_existing_attachment_sections():
    seen = 0
    for e in _by_layout("dossier"):
        paras, tables = docx_parts(e["id"])
        _, items, body = _toc(paras)
        nums = {n for n, *_ in items}
        end = next(i for i, p in enumerate(paras) if i > body and p == "第二部分　证明材料")
        text = "\n".join(paras[body:end] + [c for t in tables for row in t for c in row])
        refs = {int(n) for n in re.findall(r"见附件(\d+)", text)}
        assert refs and refs <= nums, (e["id"], refs, nums)
        seen += len(refs)
    assert seen >= 40


def test_dossier_cover_states_unit_recommender_and_category_on_their_own_lines():
    for e in _by_layout("dossier"):
        paras, _ = docx_parts(e["id"])
        c = gold(e["id"]).claims
        cover = paras[: next(i for i, p in enumerate(paras) if "".join(p.split()) == "目录")]
        unit = next(p for p in cover if p.startswith("申报单位（盖章）："))
        assert unit.split("：", 1)[1] == c.applicant_name.value
        rec = next(p for p in cover if p.startswith("推荐单位："))
        assert "市场监督管理局" in rec and c.applicant_name.value not in rec
        cat = [p for p in cover if re.match(r"(申报|项目)类别：", p)]
        if c.track:
            assert [p.split("：", 1)[1] for p in cat] == [c.track.value]
            assert paras[c.track.evidence[0].location.paragraph] == cat[0]
        else:
            assert not cat


def _ip_summary(tables: list[list[list[str]]]) -> tuple[int, list[list[str]]]:
    return next((i, t) for i, t in enumerate(tables) if t[0][0] == "类别" and t[1][0] == "发明专利（有效）")


def test_dossier_ip_summary_total_is_valid_patents_only_when_stated_so():
    plain = stated = 0
    for e in _by_layout("dossier"):
        _, tables = docx_parts(e["id"])
        c = gold(e["id"]).claims
        ti, t = _ip_summary(tables)
        n = {row[0]: int(row[1].rstrip("件")) for row in t[1:]}
        vp = c.figure("valid_patents")
        assert c.figure("valid_invention_patents").value == n["发明专利（有效）"]
        if "PCT（进入国家阶段）" in n:
            assert c.figure("pct_national_phase").value == n["PCT（进入国家阶段）"]
        patents = sum(v for k, v in n.items() if k.endswith("（有效）"))
        if "有效专利合计" in n:
            stated += 1
            assert n["有效专利合计"] == patents and vp is not None and vp.value == patents
            assert vp.evidence[0].location.table == ti and t[vp.evidence[0].location.row][0] == "有效专利合计"
        else:
            plain += 1
            assert vp is None, "a plain 合计 is not the valid-patent count"
            others = sum(v for k, v in n.items() if k != "合计")
            assert n["合计"] == others != patents
            assert not any(ev.location.table == ti and t[ev.location.row][0] == "合计"
                           for f in c.figures for ev in f.evidence)
    assert plain >= 4 and stated >= 4, (plain, stated)


def test_dossier_full_and_part_time_staff_both_count():
    split = 0
    for e in _by_layout("dossier"):
        paras, _ = docx_parts(e["id"])
        c = gold(e["id"]).claims
        line = next(p for p in paras if p.startswith("知识产权管理机构："))
        staff = c.figure("ip_staff")
        assert paras[staff.evidence[0].location.paragraph] == line
        m = re.search(r"管理人员：专职(\d+)人、兼职(\d+)人", line)
        if m:
            split += 1
            assert staff.value == int(m[1]) + int(m[2]) and staff.original == m[0].split("：")[1]
        else:
            total = re.search(r"管理人员(\d+)人", line)
            assert staff.value == int(total[1]), line
    assert split >= 5
    failing = [e for e in _by_layout("dossier") if e["scenario"] == "fail_ip_staff_below"]
    assert failing and all("staff_split" in e["features"] for e in failing)


def test_dossier_financial_cells_carry_their_unit():
    cells = lines = 0
    for e in _by_layout("dossier"):
        g = gold(e["id"])
        _, tables = docx_parts(e["id"])
        money = [f for f in g.claims.figures if f.unit in ("万元", "%") and not f.derived_from
                 and f.metric != "commercialization_amount"]  # 转化合同金额 sits in a per-year IP line
        if not money:
            continue
        if "units_in_cells" in e["features"]:
            cells += 1
            for f in money:
                loc = f.evidence[0].location
                assert loc.table is not None and re.search(r"(万元|亿元|元|%)$", tables[loc.table][loc.row][loc.col])
                assert tables[loc.table][0][loc.col] == f"{f.year}年"
        else:
            lines += 1
            assert all(f.evidence[0].location.table is None and f.evidence[0].quote.startswith(f"{f.year}年")
                       for f in money)
    assert cells >= 3 and lines >= 3, (cells, lines)
