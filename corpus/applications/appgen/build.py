"""Builds the corpus: profiles → DOCX + gold YAML → PDF (LibreOffice) → index.

Why deterministic per application: each application has its own random
stream seeded by its id, so re-rendering one document (for the page-break
calibration) reproduces it exactly.
"""
from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from models.claims import ApplicationClaims
from models.gold import ApplicationGold

from appgen import names, rules
from appgen.doc import Builder
from appgen.layouts import dossier, form, mixed, narrative, portal, questionnaire, report_prose
from appgen.profile import Profile, base
from appgen.programs import SPECS
from appgen.scenarios import DEV, HELDOUT, apply, expected_decision
from appgen.scenarios_extra import EXTRA

SEED = 20240611
DEV_LAYOUTS = ["form", "narrative", "mixed"]
EXTRA_LAYOUTS = list(EXTRA)  # questionnaire, report_prose, dossier: appended after app105, dev split
HELDOUT_LAYOUT = "portal_export"
CN_NUM = set("一二三四五六七八九十百千")
PORTALS = {"cz2023_hvp": "常州市知识产权管理综合服务平台", "js2022_140": "江苏省知识产权项目管理信息系统",
           "js2026_hvp": "江苏省知识产权数智创新赋能平台", "gz_2025": "贵州省知识产权项目申报系统"}


@dataclass
class Entry:
    id: str
    spec_key: str
    tag: str
    atype: str
    city: str | None
    mods: dict
    layout: str
    split: str
    filler: int = 0
    patent_list: bool = False


def entries() -> list[Entry]:
    out: list[Entry] = []
    for i, (k, tag, at, city, mods) in enumerate(DEV):
        out.append(Entry(f"app{i + 1:03d}", k, tag, at, city, mods, DEV_LAYOUTS[i % 3], "dev"))
    for j, (k, tag, at, city, mods) in enumerate(HELDOUT):
        out.append(Entry(f"app{len(DEV) + j + 1:03d}", k, tag, at, city, mods, HELDOUT_LAYOUT, "heldout"))
    for layout in EXTRA_LAYOUTS:
        for k, tag, at, city, mods in EXTRA[layout]:
            out.append(Entry(f"app{len(out) + 1:03d}", k, tag, at, city, mods, layout, "dev"))
    mixed_ent = [e for e in out if e.layout == "mixed" and e.atype == "enterprise"]
    for e in mixed_ent[1::3]:
        e.patent_list = True
    for e in [e for e in mixed_ent if SPECS[e.spec_key].fin_years and not e.patent_list][:2]:
        e.filler = 1  # calibrated later so the financial table breaks across a PDF page
    return out


def make_profile(e: Entry) -> Profile:
    spec = SPECS[e.spec_key]
    rng = random.Random(f"{SEED}-{e.id}")
    used: set[str] = set()
    city = e.city or (rng.choice(names.GZ_CITIES) if spec.province == "贵州省" else
                      "常州" if spec.city == "常州市" else rng.choice(names.JS_CITIES))
    p = base(rng, e.id, e.layout, e.split, e.tag, spec, e.atype, city, used)
    partner_names = [names.company(rng, rng.choice(names.JS_CITIES), used) for _ in range(3)]
    apply(p, e.mods, partner_names)
    if "profit_tax" in p.fin and (e.layout == "mixed" and rng.random() < 0.5 or e.layout == "form" and rng.random() < 0.2
                                  or e.layout == "questionnaire" and rng.random() < 0.6 or e.layout == "report_prose"
                                  or e.layout == "dossier" and rng.random() < 0.35):
        p.split_pt = True
        p.fin["profit"] = {y: round(v * rng.uniform(0.55, 0.7), 2) for y, v in p.fin["profit_tax"].items()}
        p.fin["tax"] = {y: round(v - p.fin["profit"][y], 2) for y, v in p.fin["profit_tax"].items()}
    return p


def render(e: Entry, out: Path) -> tuple[ApplicationGold, Builder]:
    p = make_profile(e)
    b = Builder(f"{e.id}.docx", header=(PORTALS[p.spec.guide] + "  打印页" if e.layout == HELDOUT_LAYOUT else None))
    if e.layout == "form":
        acc = form.render(p, b)
    elif e.layout == "narrative":
        acc = narrative.render(p, b)
    elif e.layout == "mixed":
        acc = mixed.render(p, b, break_filler=e.filler, patent_list=e.patent_list and p.stock["valid_invention_patents"] <= 200)
    elif e.layout == "questionnaire":
        acc = questionnaire.render(p, b)
    elif e.layout == "report_prose":
        acc = report_prose.render(p, b)
    elif e.layout == "dossier":
        acc = dossier.render(p, b, pending=e.mods.get("pending"))
    else:
        acc = portal.render(p, b)
    b.save(str(out / f"{e.id}.docx"))
    claims = ApplicationClaims.model_validate(acc.c.model_dump())
    expected = rules.evaluate(p.spec, claims)
    want = expected_decision(e.tag)
    if expected.decision != want:
        raise AssertionError(f"{e.id} {e.spec_key}/{e.tag}: rules say {expected.decision}, tag says {want}")
    expected.note = _note(p)
    gold = ApplicationGold(id=e.id, layout=e.layout, split=e.split, claims=claims, expected=expected, scenario=e.tag)
    return gold, b


def _note(p: Profile) -> str:
    return f"{p.spec.key}: {p.scenario}"


def features(gold: ApplicationGold, b: Builder, e: Entry) -> list[str]:
    from appgen.doc import Table
    f = set()
    tables = [el for el in b.elements if isinstance(el, Table)]
    if not tables:
        f.add("no_tables")
    origs = [x.original for x in gold.claims.figures]
    if any("亿元" in o for o in origs):
        f.add("amounts_yi")
    if any(o.endswith("元") and not o.endswith("万元") for o in origs) or any(
            "（元）" in c for t in tables for c in t.rows[0]):
        f.add("amounts_yuan")
    if any(CN_NUM & set(o) for o in origs):
        f.add("chinese_numerals")
    if any(x.derived_from for x in gold.claims.figures):
        f.add("split_profit_tax")
    if any(a.material == "patent_list" and a.found == "page" for a in gold.claims.attachments) and any(
            len(t.rows) > 30 for t in tables):  # a short 附件 section listing a few patents is not a long list
        f.add("long_patent_list")
    if e.filler:
        f.add("fin_table_page_break")
    if gold.claims.credit_code and not gold.claims.credit_code.value.valid:
        f.add("invalid_credit_code")
    if gold.claims.partners:
        f.add("joint")
    cells = [c for t in tables for row in t.rows for c in row]
    if any("☑" in x for x in cells + [el.text for el in b.elements if not isinstance(el, Table)]):
        f.add("checkboxes")
    if any("千元" in c for t in tables for c in t.rows[0]):
        f.add("amounts_qian")
    if any(r0 == 0 and c1 > c0 for t in tables for r0, c0, r1, c1 in t.merges):
        f.add("merged_header")
    if any(row[0] == "合计" for t in tables for row in t.rows) or any("合计" in t.rows[0][1:] for t in tables):
        f.add("total_rows")
    return sorted(f | b.features)


def write_gold(gold: ApplicationGold, out: Path) -> None:
    data = gold.model_dump(mode="json", exclude_none=True)
    ApplicationGold.model_validate(data)
    with open(out / f"{gold.id}.gold.yaml", "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False, width=200)


# -- PDF -------------------------------------------------------------------

def to_pdf(docx_files: list[Path], outdir: Path, workers: int = 2, batch: int = 12) -> None:
    if not docx_files:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("未找到 LibreOffice（soffice），无法生成 PDF；可用 --no-pdf 跳过")
    batches = [docx_files[i:i + batch] for i in range(0, len(docx_files), batch)]

    def run(args):
        n, files = args
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file:///tmp/lo_app_{n}", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=900)

    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(run, [(i % workers, bt) for i, bt in enumerate(batches)]))


def _table_split(pdf: Path, years: list[int]) -> bool:
    """True when the year rows of the financial table start on different pages."""
    import pdfplumber
    pages: list[int] = []
    with pdfplumber.open(pdf) as doc:
        texts = [(page.extract_text() or "") for page in doc.pages]
    for y in years:
        hit = [i for i, t in enumerate(texts) if any(line.startswith(f"{y}年度 ") for line in t.splitlines())]
        if hit:
            pages.append(hit[0])
    return len(pages) == len(years) and len(set(pages)) > 1


def calibrate_breaks(ents: list[Entry], out: Path, log) -> None:
    """Pick, per flagged entry, the number of note paragraphs before the
    financial table that makes LibreOffice break the table across two pages."""
    for e in [e for e in ents if e.filler]:
        years = list(SPECS[e.spec_key].fin_years)
        with tempfile.TemporaryDirectory() as tmp:
            tmpd = Path(tmp)
            files = []
            for k in range(1, 17):
                e.filler = k
                gold, b = render(e, tmpd)
                f = tmpd / f"{e.id}.docx"
                f.rename(tmpd / f"{e.id}_k{k:02d}.docx")
                files.append(tmpd / f"{e.id}_k{k:02d}.docx")
            to_pdf(files, tmpd, workers=2, batch=8)
            good = [k for k in range(1, 17) if _table_split(tmpd / f"{e.id}_k{k:02d}.pdf", years)]
        e.filler = good[0] if good else 1
        log(f"{e.id}: 财务表跨页所需说明段落数 = {e.filler}（候选 {good}）")


def _known_fillers(out: Path) -> dict[str, int]:
    """Page-break fillers calibrated by an earlier run (index.yaml), so a partial
    run renders untouched applications exactly as their files were made."""
    f = out / "index.yaml"
    if not f.exists():
        return {}
    apps = yaml.safe_load(f.read_text(encoding="utf-8")).get("applications", [])
    return {a["id"]: a.get("break_filler", 0) for a in apps}


def main(out: Path, pdf: bool = True, log=print, only: set[str] | None = None, gold_only: bool = False) -> dict:
    """Write the corpus. `only`: ids to (re)write, leaving every other file as
    it is (their gold is still computed for the index); `gold_only`: rewrite
    just the gold YAML of those ids, never their DOCX/PDF."""
    t0 = time.time()
    out.mkdir(parents=True, exist_ok=True)
    ents = entries()
    if only is None:
        for old in list(out.glob("app*.docx")) + list(out.glob("app*.pdf")) + list(out.glob("app*.gold.yaml")):
            old.unlink()
        if pdf:
            calibrate_breaks(ents, out, log)
    else:
        unknown = only - {e.id for e in ents}
        if unknown:
            raise ValueError(f"未知的申报书编号：{sorted(unknown)}")
        known = _known_fillers(out)
        fresh = [e for e in ents if e.filler and e.id not in known]
        for e in ents:
            if e.filler and e.id in known:
                e.filler = known[e.id] or e.filler
        if pdf and not gold_only:
            calibrate_breaks([e for e in fresh if e.id in only], out, log)
    index = []
    scratch = Path(tempfile.mkdtemp(prefix="appgen_"))
    for e in ents:
        write = only is None or e.id in only
        gold, b = render(e, out if write and not gold_only else scratch)
        if write:
            write_gold(gold, out)
        has_pdf = pdf if only is None else (out / f"{e.id}.pdf").exists() or (pdf and write and not gold_only)
        index.append({
            "id": e.id, "layout": e.layout, "split": e.split, "scenario": e.tag,
            "guide": gold.expected.guide, "program": gold.expected.program, "track": gold.expected.track,
            "applicant_type": gold.claims.applicant_type.value if gold.claims.applicant_type else None,
            "decision": gold.expected.decision, "docx": f"{e.id}.docx", "pdf": f"{e.id}.pdf" if has_pdf else None,
            "gold": f"{e.id}.gold.yaml", "features": features(gold, b, e),
        })
        if e.filler:
            index[-1]["break_filler"] = e.filler
    shutil.rmtree(scratch, ignore_errors=True)
    t_docx = time.time() - t0
    made = [e for e in ents if only is None or (e.id in only and not gold_only)]
    if pdf and made:
        to_pdf([out / f"{e.id}.docx" for e in made], out)
        for e in made:
            if e.filler and not _table_split(out / f"{e.id}.pdf", list(SPECS[e.spec_key].fin_years)):
                log(f"警告：{e.id} 的财务表未跨页")
    with open(out / "index.yaml", "w", encoding="utf-8") as fh:
        yaml.safe_dump({"seed": SEED, "applications": index}, fh, allow_unicode=True, sort_keys=False, width=200)
    stats = {"count": len(index), "written": len(made), "docx_seconds": round(t_docx, 1),
             "total_seconds": round(time.time() - t0, 1)}
    return {"index": index, **stats}
