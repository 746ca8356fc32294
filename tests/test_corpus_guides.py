"""The guide corpus is the truth evaluation measures against, so it must be sound:
gold files validate against the models, every quote is really in its source,
every id is a lexicon id, and the DOCX/PDF renditions carry the same guide."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from models import AnyOf, GuideEntry, GuideSchema, Threshold

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = ROOT / "extractors" / "data"
CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·"


def normalize(text: str) -> str:
    """The reader-side view of a text export: markdown and bookmark artifacts gone,
    link syntax reduced to its text, whitespace next to CJK characters (including
    line and page breaks that split a sentence) removed."""
    s = re.sub(r"\[bookmark:[^\]]*\]", "", text)
    s = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", s)
    s = s.replace("\\\\_", "_").replace("\\_", "_").replace("**", "")
    s = re.sub(r"(?m)^[ \t]*#+[ \t]*", "", s)
    s = re.sub(r"(?m)^[ \t]*-{3,}[ \t]*$", "", s)
    s = re.sub(r"(?m)^[ \t]*-[ \t]+(?=附件)", "", s)
    s = re.sub(rf"\s+(?=[{CJK}])|(?<=[{CJK}])\s+", "", s)
    return s


def _index() -> list[GuideEntry]:
    raw = yaml.safe_load((CORPUS / "guides" / "index.yaml").read_text(encoding="utf-8"))
    return [GuideEntry.model_validate(e) for e in raw]


ENTRIES = _index()
IDS = [e.id for e in ENTRIES]


@lru_cache(maxsize=None)
def gold(guide_id: str) -> GuideSchema:
    entry = next(e for e in ENTRIES if e.id == guide_id)
    data = yaml.safe_load((CORPUS / entry.gold).read_text(encoding="utf-8"))
    return GuideSchema.model_validate(data)


@lru_cache(maxsize=None)
def source_text(guide_id: str) -> str:
    entry = next(e for e in ENTRIES if e.id == guide_id)
    return normalize((CORPUS / entry.text).read_text(encoding="utf-8"))


def _walk(obj, path="$"):
    """Every pydantic item under a schema, with a readable path."""
    if isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _walk(x, f"{path}[{i}]")
    elif isinstance(obj, BaseModel):
        yield path, obj
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), f"{path}.{name}")


def _ids(name: str, *sections: str) -> set[str]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return {k for s in sections for k in (data.get(s) or {})}


# --------------------------------------------------------------------------- index


def test_index_lists_dev_and_heldout_guides():
    splits = {e.id: e.split for e in ENTRIES}
    assert {"js2022_140", "js2026_hvp", "gz_2025", "cz2023_hvp"} <= {i for i, s in splits.items() if s == "dev"}
    assert sum(s == "heldout" for s in splits.values()) >= 2
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("guide_id", IDS)
def test_index_paths_exist(guide_id):
    e = next(e for e in ENTRIES if e.id == guide_id)
    for rel in (e.text, e.docx, e.pdf, e.gold):
        assert rel and (CORPUS / rel).is_file(), rel


def test_dev_sources_are_the_seeds_byte_for_byte():
    seeds = Path("/work/shared/seeds")
    if not seeds.is_dir():
        pytest.skip("seed folder not available")
    mapping = {"js2022_140": "001_", "js2026_hvp": "000_", "gz_2025": "003_", "cz2023_hvp": "004_"}
    for gid, prefix in mapping.items():
        seed = next(seeds.glob(prefix + "*.txt"))
        assert (CORPUS / "guides" / gid / "source.txt").read_bytes() == seed.read_bytes(), gid


# --------------------------------------------------------------------------- normalization


def test_normalize_removes_export_artifacts_and_rejoins_page_splits():
    raw = "## **四、申报**\n[bookmark: OLE_LINK1]（1）被评为 2020 年度明显地\n\n区；见（[https://a.cn/x\\\\_y](https://a.cn/x\\\\_y)）"
    assert normalize(raw) == "四、申报（1）被评为2020年度明显地区；见（https://a.cn/x_y）"
    assert normalize("GB/T 29490-2023") == "GB/T 29490-2023"  # spaces between Latin words stay


# --------------------------------------------------------------------------- gold


@pytest.mark.parametrize("guide_id", IDS)
def test_gold_validates_and_has_programs(guide_id):
    g = gold(guide_id)
    assert g.programs, guide_id
    assert len({p.id for p in g.programs}) == len(g.programs)


@pytest.mark.parametrize("guide_id", IDS)
def test_every_item_has_a_quote_found_in_the_source(guide_id):
    text = source_text(guide_id)
    missing = []
    for path, item in _walk(gold(guide_id)):
        if isinstance(item, GuideSchema) or not hasattr(item, "source") or ".members[" in path:
            continue
        if item.source is None:
            missing.append(f"{path}: 无出处")
            continue
        q = item.source.quote
        if q != normalize(q) or q not in text:
            missing.append(f"{path}: {q}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("guide_id", IDS)
def test_gold_ids_come_from_the_lexicon(guide_id):
    metrics = _ids("metrics.yaml", "metrics")
    types = _ids("applicant_types.yaml", "applicant_types")
    titles = _ids("titles.yaml", "titles", "awards", "platforms")
    triggers = _ids("titles.yaml", "triggers")
    materials = _ids("materials.yaml", "materials")
    attestations = {"no_serious_dishonesty", "no_abnormal_patent_filing", "no_academic_misconduct", "no_major_accident"}
    bad = []
    for path, item in _walk(gold(guide_id)):
        kind = type(item).__name__
        if kind == "Threshold":
            bad += [f"{path} metric {item.metric}"] * (item.metric not in metrics)
        if kind in ("Threshold", "AnyOf", "Qualitative", "Attestation", "Exclusion", "Track"):
            names = item.applicant_types if kind == "Track" else item.applies_to
            bad += [f"{path} type {t}" for t in names if t not in types]
        if kind == "Program":
            bad += [f"{path} type {t}" for t in item.applicant_types if t not in types]
            tracks = {t.name for t in item.tracks}
            for sub_path, sub in _walk(item):
                bad += [f"{sub_path} track {t}" for t in getattr(sub, "tracks", []) or []
                        if isinstance(t, str) and t not in tracks]
        if kind in ("Exemption", "Exclusion"):
            bad += [f"{path} title {t}" for t in item.titles if t not in titles]
        if kind == "Adjustment":
            bad += [f"{path} trigger {t}" for t in item.triggers if t not in triggers]
            bad += [f"{path} metric {m}" for m in [*item.metrics, item.from_metric] if m and m not in metrics]
        if kind == "Attestation":
            bad += [f"{path} attestation {item.attestation}"] * (item.attestation not in attestations)
        if kind == "Material":
            bad += [f"{path} material {item.material}"] * (item.material not in materials)
    assert not bad, "\n".join(bad)


def _thresholds(g: GuideSchema) -> list[Threshold]:
    out = []
    for p in g.programs:
        for c in p.conditions:
            out += c.members if isinstance(c, AnyOf) else [c] if isinstance(c, Threshold) else []
    return out


@pytest.mark.parametrize("guide_id", IDS)
def test_thresholds_are_well_formed(guide_id):
    units = {"%", "万元", "件", "人", "家", "项", "年", "个"}
    periods = re.compile(r"^(last_3_years|last_2_years|last_year|within_3_years|current|year:\d{4})$")
    ths = _thresholds(gold(guide_id))
    assert ths, f"{guide_id}: source has numeric conditions, gold must list thresholds"
    for t in ths:
        assert t.unit in units, t
        assert t.period is None or periods.match(t.period), t
        assert t.value > 0


def _value_of(value_text: str) -> float | None:
    m = re.search(r"\d+(?:\.\d+)?", value_text)
    if not m:
        return None
    scale = 10000 if "亿" in value_text else 0.0001 if re.search(r"\d元", value_text) else 1
    return float(m.group()) * scale


@pytest.mark.parametrize("guide_id", IDS)
def test_threshold_values_match_what_the_quote_says(guide_id):
    """value equals value_text (亿元 scaled to 万元) and value_text is in the quote."""
    for p in gold(guide_id).programs:
        for c in p.conditions:
            members = c.members if isinstance(c, AnyOf) else [c] if isinstance(c, Threshold) else []
            for t in members:
                quote = (t.source or c.source).quote
                digits = re.search(r"\d+(?:\.\d+)?", t.value_text).group()
                assert digits in quote, (t.text, quote)
                assert _value_of(t.value_text) == pytest.approx(t.value), t.text
                assert digits in t.text, t.text


def test_changzhou_gold_reads_the_source_correctly():
    """Spot checks written from the Changzhou text itself (seed 004)."""
    p = gold("cz2023_hvp").program("main")
    by_metric = {t.metric: t for t in _thresholds(gold("cz2023_hvp"))}
    assert (by_metric["rd_expense_ratio"].value, by_metric["rd_expense_ratio"].period) == (3.5, "last_3_years")
    assert by_metric["profit_tax"].aggregation == "each_year"
    assert {"single_champion", "little_giant"} == set(by_metric["profit_tax"].exemptions[0].titles)
    assert [(d.kind, d.date.isoformat(), d.time) for d in p.deadlines] == [
        ("online", "2023-06-21", "17:00"), ("paper", "2023-06-30", None)]
    assert p.funding[0].split == [70, 30] and p.funding[0].amount_each == 100
    assert len(p.contacts) == 8 and p.contacts[4].person == "周平"


def test_js2022_has_five_programs_with_hvp_tracks():
    g = gold("js2022_140")
    assert [p.id for p in g.programs] == ["附件1", "附件2-1", "附件2-2", "附件3", "附件4"]
    hvp = g.program("附件3")
    assert {t.name for t in hvp.tracks} == {"新建项目", "升级项目"}
    quota_counts = sorted(q.max_count for q in hvp.quotas if q.max_count)
    assert quota_counts[-4:] == [3, 4, 5, 6]
    assert {t.name for t in g.program("附件4").tracks} == {"高校院所知识产权运营能力提升", "产业知识产权运营中心发展"}


def test_guizhou_has_five_programs_and_no_invented_year():
    g = gold("gz_2025")
    assert [p.id for p in g.programs] == ["一", "二", "三", "四", "五"]
    assert g.year is None and all(p.year is None for p in g.programs)
    assert [f.count for p in g.programs for f in p.funding] == [18, 25, 8, 11, 5]


# --------------------------------------------------------------------------- renditions


def _squash(text: str) -> str:
    table = str.maketrans("()", "（）")
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(table)


@lru_cache(maxsize=None)
def docx_text(guide_id: str) -> str:
    import docx

    entry = next(e for e in ENTRIES if e.id == guide_id)
    d = docx.Document(str(CORPUS / entry.docx))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@lru_cache(maxsize=None)
def pdf_text(guide_id: str) -> str:
    import pypdfium2 as pdfium

    entry = next(e for e in ENTRIES if e.id == guide_id)
    pdf = pdfium.PdfDocument(str(CORPUS / entry.pdf))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.mark.parametrize("guide_id", IDS)
def test_renditions_contain_every_program_name(guide_id):
    names = [_squash(p.name) for p in gold(guide_id).programs]
    for label, text in (("docx", docx_text(guide_id)), ("pdf", pdf_text(guide_id))):
        flat = _squash(text)
        for n in names:
            assert n in flat, f"{label}: {n}"


@pytest.mark.parametrize("guide_id", IDS)
def test_docx_uses_heading_styles_auto_numbering_and_no_artifacts(guide_id):
    import docx

    entry = next(e for e in ENTRIES if e.id == guide_id)
    d = docx.Document(str(CORPUS / entry.docx))
    styles = {p.style.name for p in d.paragraphs}
    assert {"Heading 3"} <= styles
    numbered = [p for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert numbered, "at least one list must use Word auto-numbering"
    # the visible label comes from numbering.xml, not from the paragraph text
    assert not any(re.match(r"^\s*([（(]\d+[）)]|\d+[.．])", p.text) for p in numbered)
    text = docx_text(guide_id)
    for artifact in ("**", "[bookmark", "](http", "\\_", "# "):
        assert artifact not in text, artifact


def test_docx_tables_hold_the_contact_and_quota_tables():
    import docx

    cz = docx.Document(str(CORPUS / "guides/cz2023_hvp/guide.docx"))
    assert len(cz.tables) == 1 and len(cz.tables[0].rows) == 9
    assert cz.tables[0].cell(1, 0).text == "溧阳市知识产权局" and cz.tables[0].cell(8, 2).text == "88588192"
    sz = docx.Document(str(CORPUS / "guides/gd_sz2024_adv/guide.docx"))
    assert sz.tables[0].cell(3, 0).text == "南山区" and sz.tables[0].cell(3, 1).text == "15"


@pytest.mark.parametrize("guide_id", IDS)
def test_pdf_pages_carry_running_page_numbers(guide_id):
    import pypdfium2 as pdfium

    entry = next(e for e in ENTRIES if e.id == guide_id)
    pdf = pdfium.PdfDocument(str(CORPUS / entry.pdf))
    try:
        for i in range(len(pdf)):
            text = pdf[i].get_textpage().get_text_range()
            assert re.search(rf"—\s*{i + 1}\s*—\s*$", text), f"page {i + 1}"
    finally:
        pdf.close()
