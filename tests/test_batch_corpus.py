"""Issue 8's Done-when on the real pipeline: corpus applications mixed with the
whole bad-input suite in one batch.

Why a separate file: this runs the real readers, extractors and matcher (a few
seconds per dozen files), while test_batch.py exercises the batch machinery with
stub stages. One guide's applications (from a saved gold schema, so no guide
extraction cost) are screened twice — alone, and mixed with every bad input —
and the mixed run must give every valid file the decision it gets alone: a
hostile neighbour, a killed worker or a recycled one never changes a verdict.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

import badinputs
from pipeline.batch import pool
from pipeline.batch.run import STORE_NAME, BatchOptions, load_guide, run_batch
from pipeline.batch.safe_names import MAX_BYTES
from test_reports import _assert_inert, _read_csv, _read_xlsx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GUIDE_ID = "cz2023_hvp"  # one guide's applications, as a bureau screens them
TIMEOUT_S = 60.0
SLACK_S = 5.0  # "its limit plus a few seconds": the parent's kill comes GRACE_S after the alarm


def _corpus_files() -> list[Path]:
    index = yaml.safe_load((CORPUS / "applications" / "index.yaml").read_text(encoding="utf-8"))
    apps = index.get("applications", index) if isinstance(index, dict) else index
    mine = [a for a in apps if a["guide"] == GUIDE_ID][::2]  # every other one: all layouts, ~30 files, fast
    files = [CORPUS / "applications" / a[fmt] for a in mine for fmt in ("docx", "pdf") if a.get(fmt)]
    return [f for f in files if f.exists()]


pytestmark = pytest.mark.skipif(not (CORPUS / "guides" / GUIDE_ID / "gold.yaml").exists() or not _corpus_files(),
                                reason="application corpus not present")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    base = tmp_path_factory.mktemp("mixed")
    suite = base / "bad"
    cases = badinputs.generate(suite, heavy=True)
    corpus = _corpus_files()
    guide = load_guide(CORPUS / "guides" / GUIDE_ID / "gold.yaml")

    def opts(out: Path) -> BatchOptions:
        return BatchOptions(guide=guide, out_dir=out, workers=2, timeout_s=TIMEOUT_S, progress=False,
                            max_tasks_per_worker=10)  # recycling happens several times within the batch

    alone = run_batch(corpus, opts(base / "alone"))
    out = base / "out"
    result = run_batch([*corpus, suite, suite / "unknown.xyz"], opts(out))
    return base, cases, corpus, alone, out, result


def _suite_rel(case) -> str:
    return case.name if case.name == "unknown.xyz" else f"bad/{case.name}"


def test_one_row_per_input_keyed_by_path_and_hash(mixed):
    _, cases, corpus, _, out, result = mixed
    assert result.total == len(result.rows) == len(corpus) + len(cases)
    keys = {(r.file, r.sha256) for r in result.rows}
    assert len(keys) == len(result.rows)
    assert {r.file for r in result.rows} == {p.name for p in corpus} | {_suite_rel(c) for c in cases}
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == result.total + 1
    assert load_workbook(out / "summary.xlsx").active.max_row == result.total + 1
    with sqlite3.connect(out / STORE_NAME) as db:  # every screened file committed (skipped/too-large are not)
        stored = {r for (r,) in db.execute("SELECT rel FROM results")}
    assert {r.file for r in result.rows if r.error_code != "skipped"} <= stored


def test_every_bad_file_gets_its_expected_code(mixed):
    _, cases, _, _, _, result = mixed
    by_file = {r.file: r for r in result.rows}
    ocr = badinputs.ocr_installed()
    for case in cases:
        row = by_file[_suite_rel(case)]
        got = row.error_code or None
        assert got in case.codes(ocr), f"{case.name}: {got} not in {set(case.codes(ocr))} ({case.note})"
        if got is not None:
            assert row.decision == "error" and row.error_message
        if case.name in badinputs.NO_FALSE_VERDICT:
            assert row.decision != "ineligible", case.name
    assert by_file["bad/flate_bomb.pdf"].error_code == "zip_bomb"


def test_no_valid_file_is_misclassified(mixed):
    _, cases, corpus, alone, _, result = mixed
    alone_by = {r.file: r for r in alone.rows}
    mixed_by = {r.file: r for r in result.rows}
    for path in corpus:
        a, m = alone_by[path.name], mixed_by[path.name]
        assert m.decision != "error", (path.name, m.error_code, m.error_message)
        assert (m.decision, m.failed_metrics, m.missing_materials, m.review_items) == \
               (a.decision, a.failed_metrics, a.missing_materials, a.review_items), path.name
    for case in cases:  # well-formed suite documents with hostile names are screened, not refused
        if case.expected == frozenset({None}):
            assert mixed_by[_suite_rel(case)].decision != "error", case.name


def test_no_file_runs_over_its_limit(mixed):
    """The per-file limit is enforced: a bound on the kill mechanism, not a speed target."""
    _, _, _, _, out, _ = mixed
    with sqlite3.connect(out / STORE_NAME) as db:
        worst = db.execute("SELECT rel, elapsed FROM results ORDER BY elapsed DESC LIMIT 1").fetchone()
    assert worst[1] <= TIMEOUT_S + pool.GRACE_S + SLACK_S, worst


def test_outputs_carry_no_active_payload(mixed):
    base, _, _, _, out, result = mixed
    pages = sorted(out.glob("*.html"))
    assert len(pages) == len(result.rows) + 1  # one per input plus index.html
    shown = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        shown.append("".join(_assert_inert(html).text))
        for marker in badinputs.LEAK_MARKERS:
            assert marker not in html, (page.name, marker)
    text = "\n".join(shown)
    for hostile in badinputs.HOSTILE_TEXTS:  # shown to staff as text, never dropped or executed
        assert hostile in text, hostile
    assert "{{7*7}}" in text
    for js in out.glob("*.json"):
        data = js.read_text(encoding="utf-8")
        assert not any(marker in data for marker in badinputs.LEAK_MARKERS), js.name
    cells = _read_csv(out / "summary.csv") + _read_xlsx(out / "summary.xlsx")
    assert "'" + badinputs.FORMULA_APPLICANT in cells  # reached the sheet, neutralized
    assert any(c.startswith("'+cmd|") for c in cells)
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_output_file_names_stay_inside_and_never_collide(mixed):
    base, _, _, _, out, result = mixed
    names = [r.name for r in result.rows]
    assert len({n.casefold() for n in names}) == len(names)
    for path in out.iterdir():
        assert path.resolve().parent == out.resolve(), path
        assert len(path.name.encode("utf-8")) <= MAX_BYTES + len(".html") and not path.name.startswith(".")
        assert "\x1b" not in path.name and "/" not in path.name and "\\" not in path.name
    # nothing written next to the output folder (e.g. by ../../etc/passwd)
    assert sorted(p.name for p in base.iterdir()) == ["alone", "bad", "out"]
    by_file = {r.file: r.name for r in result.rows}
    assert by_file["bad/..\\..\\etc\\passwd.docx"] == "bad_etc_passwd.docx"
    assert by_file["bad/CON.docx"] == "bad_CON.docx"
    assert {by_file["bad/a:b.docx"], by_file["bad/a|b.docx"]} == {"bad_a_b.docx", "bad_a_b~2.docx"}
    assert {by_file["bad/Report.docx"].casefold(), by_file["bad/report.docx"].casefold()} == \
           {"bad_report.docx", "bad_report~2.docx"}
    long_row = next(r for r in result.rows if r.file.startswith("bad/申报材料汇编"))
    assert long_row.name.startswith("bad_申报材料汇编") and len(long_row.name.encode("utf-8")) <= MAX_BYTES
    reports = {json.loads((out / f"{r.name}.json").read_text(encoding="utf-8"))["file"] for r in result.rows}
    assert reports == {r.file for r in result.rows}  # no report overwrote another's
