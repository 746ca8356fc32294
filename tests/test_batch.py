"""Batch runner: one row per input, isolation (timeout/crash/memory), resume, re-run.

The pipeline stages are stubs (tests/badinputs.py: stub_stages) so these tests
exercise the batch machinery, not extractor quality; workers are real processes.
"""
from __future__ import annotations

import csv
from datetime import date
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import badinputs
from models.schema import GuideSchema, Program
from pipeline.batch import pool
from pipeline.batch.run import BatchOptions, load_guide, run_batch
from extractors.readers.formats import SUPPORTED

TESTS = Path(__file__).parent
STUBS = "badinputs:stub_stages"
GUIDE = GuideSchema(title="测试指南", programs=[Program(id="hvp", name="高价值专利培育项目")])


def _options(out: Path, **kw) -> BatchOptions:
    kw.setdefault("workers", 2)
    kw.setdefault("timeout_s", 20)
    kw.setdefault("progress", False)
    return BatchOptions(guide=GUIDE, out_dir=out, stages=STUBS, **kw)


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _texts(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    root = tmp_path_factory.mktemp("suite") / "bad"
    return root, badinputs.generate(root)


@pytest.fixture(scope="module")
def suite_run(suite, tmp_path_factory):
    root, cases = suite
    out = tmp_path_factory.mktemp("out")
    result = run_batch([root, root / "unknown.xyz"], _options(out))  # unknown types count only when named
    return root, cases, out, result


def _rel(case) -> str:
    return f"bad/{case.name}" if case.name.lower().endswith(SUPPORTED) else case.name


def test_bad_input_suite_one_row_per_input_with_expected_codes(suite_run):
    root, cases, out, result = suite_run
    assert result.total == len(cases) == len(result.rows)
    by_file = {r.file: r for r in result.rows}
    assert len(by_file) == len(result.rows)
    for case in cases:
        row = by_file[_rel(case)]
        got = row.error_code or None
        assert got in case.expected, f"{case.name}: {got} not in {set(case.expected)} ({case.note})"
        if got is None:
            assert row.decision != "error"
        else:
            assert row.decision == "error" and row.error_message
    assert result.errors == sum(1 for r in result.rows if r.decision == "error")
    summary = _csv(out / "summary.csv")
    assert len(summary) == len(cases)
    assert {r["文件"] for r in summary} == {_rel(c).replace("\x1b", "\ufffd") for c in cases}


def test_every_row_has_its_json_and_html_inside_the_output_folder(suite_run):
    _, _, out, result = suite_run
    for row in result.rows:
        js = out / f"{row.name}.json"
        assert js.resolve().parent == out.resolve()
        data = json.loads(js.read_text(encoding="utf-8"))
        assert data["file"] == row.file and data["decision"] == row.decision
        assert (out / f"{row.name}.html").exists()
    assert len({r.name.casefold() for r in result.rows}) == len(result.rows)
    assert not list(out.glob(".tmp_*"))
    hostile = json.loads((out / "bad_script_alert(1)_script_.docx.json").read_text(encoding="utf-8"))
    assert hostile["applicant"]["name"] == badinputs.HOSTILE_APPLICANT  # stored verbatim, escaped only in HTML


def test_rerun_skips_unchanged_files_and_gives_the_same_summary(suite_run):
    root, cases, out, first = suite_run
    before = (out / "summary.csv").read_bytes()
    again = run_batch([root, root / "unknown.xyz"], _options(out))
    assert again.processed == 0
    assert again.cached == sum(1 for r in first.rows if r.error_code != "skipped")
    assert (out / "summary.csv").read_bytes() == before


def test_changed_file_is_screened_again(tmp_path):
    folder = _texts(tmp_path / "in", {"a.txt": "申报单位：甲公司", "b.txt": "申报单位：乙公司"})
    out = tmp_path / "out"
    run_batch([folder], _options(out))
    (folder / "b.txt").write_text("申报单位：乙公司 不达标", encoding="utf-8")
    result = run_batch([folder], _options(out))
    assert result.processed == 1
    rows = {r.file: r for r in result.rows}
    assert rows["in/b.txt"].decision == "ineligible" and rows["in/a.txt"].decision == "eligible"
    assert "研发费用占销售收入比例" in rows["in/b.txt"].failed_metrics


def test_partial_run_resumes_to_the_clean_result(tmp_path):
    folder = _texts(tmp_path / "in", {f"{i:02d}.txt": f"申报单位：公司{i}" + (" 不达标" if i % 3 == 0 else "")
                                      for i in range(8)})
    clean, partial = tmp_path / "clean", tmp_path / "partial"
    run_batch([folder], _options(clean))
    run_batch([folder], _options(partial))
    # simulate a run killed midway: three results never committed, one report lost, a half-written temp file
    with sqlite3.connect(partial / "results.sqlite") as db:
        db.execute("DELETE FROM results WHERE rel IN ('in/01.txt', 'in/04.txt', 'in/06.txt')")
    (partial / "in_02.txt.html").unlink()
    (partial / ".tmp_abc.html").write_text("<html><body>half", encoding="utf-8")
    resumed = run_batch([folder], _options(partial))
    assert resumed.processed == 3
    assert (partial / "in_02.txt.html").exists() and not (partial / ".tmp_abc.html").exists()
    assert (partial / "summary.csv").read_bytes() == (clean / "summary.csv").read_bytes()
    for name in ("in_01.txt.json", "in_02.txt.json"):
        assert (partial / name).read_bytes() == (clean / name).read_bytes()


_KILL_FILES = 7
_KILL_REPEATS = 3


def _committed(store: Path) -> int:
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.2) as db:
            return db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return -1  # not created yet, or mid-transaction


def _kill_parent_at_random_point(rng, folder: Path, out: Path) -> str:
    """Start the batch in its own process; SIGKILL only the parent (as the OOM
    killer or `kill -9 PID` would) once `k` results are committed plus a random
    delay within the next file (k = -1: at a random time during start-up)."""
    script = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(TESTS)!r})
        from pathlib import Path
        from test_batch import _options
        from pipeline.batch.run import run_batch
        if __name__ == "__main__":
            run_batch([Path({str(folder)!r})], _options(Path({str(out)!r}), workers=2))
    """)
    k = rng.randint(-1, _KILL_FILES - 1)
    delay = rng.uniform(0, 1.5) if k < 0 else rng.uniform(0, 0.35)  # NAP files take 0.3 s each
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while k >= 0 and _committed(out / "results.sqlite") < k and proc.poll() is None:
            assert time.monotonic() < deadline, "the batch made no progress"
            time.sleep(0.01)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must notice and leave
    finally:
        proc.wait()
        time.sleep(0.2)
        try:  # the forkserver and any orphaned worker, so nothing outlives the test
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return f"k={k} delay={delay:.2f}s"


def test_sigkill_at_random_points_then_rerun_equals_clean_run(tmp_path):
    folder = _texts(tmp_path / "in", {f"{i:02d}.txt": f"申报单位：公司{i} NAP" + (" 不达标" if i % 3 == 0 else "")
                                      for i in range(_KILL_FILES)})
    clean = tmp_path / "clean"
    run_batch([folder], _options(clean))
    expected_json = {p.name: p.read_bytes() for p in clean.glob("*.json")}
    seed = int.from_bytes(os.urandom(4), "big")
    rng = __import__("random").Random(seed)
    died_midway = 0
    for rep in range(_KILL_REPEATS):
        killed = tmp_path / f"killed{rep}"
        point = _kill_parent_at_random_point(rng, folder, killed)
        where = f"seed={seed} rep={rep} {point}"
        died_midway += not (killed / "summary.csv").exists()
        for js in killed.glob("*.json"):  # written atomically: whole or absent, never half
            json.loads(js.read_text(encoding="utf-8"))
        resumed = run_batch([folder], _options(killed))
        assert resumed.total == _KILL_FILES and resumed.processed + resumed.cached == _KILL_FILES, where
        assert (killed / "summary.csv").read_bytes() == (clean / "summary.csv").read_bytes(), where
        assert (killed / "summary.xlsx").exists() and not list(killed.glob(".tmp_*")), where
        assert {p.name: p.read_bytes() for p in killed.glob("*.json")} == expected_json, where
        with sqlite3.connect(killed / "results.sqlite") as db:
            assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == _KILL_FILES, where
    assert died_midway, f"seed={seed}: no run was killed before it finished"


def test_timeout_crash_and_memory_cap_cost_one_file_each(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "GRACE_S", 0.5)
    folder = _texts(tmp_path / "in", {
        "a_ok.txt": "申报单位：甲公司", "b_slow.txt": "SLOW", "c_hang.txt": "HANG", "d_crash.txt": "CRASH",
        "e_hog.txt": "HOG", "f_boom.txt": "BOOM", "g_ok.txt": "申报单位：乙公司 缺材料",
    })
    result = run_batch([folder], _options(tmp_path / "out", timeout_s=3, memory_mb=1024, max_tasks_per_worker=2))
    codes = {r.file.split("/")[-1]: r.error_code for r in result.rows}
    assert codes == {"a_ok.txt": "", "b_slow.txt": "timeout", "c_hang.txt": "timeout", "d_crash.txt": "crashed",
                     "e_hog.txt": "resource_limit", "f_boom.txt": "crashed", "g_ok.txt": ""}
    rows = {r.file.split("/")[-1]: r for r in result.rows}
    assert rows["g_ok.txt"].decision == "incomplete" and rows["g_ok.txt"].missing_materials == "信用承诺书"
    assert "超过" in rows["b_slow.txt"].error_message


def test_program_selection_error_becomes_an_error_row(tmp_path):
    folder = _texts(tmp_path / "in", {"a.txt": "申报单位：甲公司"})
    result = run_batch([folder], _options(tmp_path / "out", workers=0, program="no-such-program"))
    (row,) = result.rows
    assert row.decision == "error" and row.error_code == "program_not_found"
    assert "no-such-program" in row.error_message


def test_explicit_inputs_missing_paths_and_duplicates(tmp_path):
    folder = _texts(tmp_path / "in", {"a.txt": "申报单位：甲公司", "notes.xyz": "ignored in folders"})
    result = run_batch([folder, folder / "a.txt", tmp_path / "gone.pdf"], _options(tmp_path / "out", workers=0))
    files = [r.file for r in result.rows]
    assert files == ["in/a.txt", "gone.pdf"]  # the same file named twice is one input; .xyz in a folder is not
    assert result.rows[1].error_code == "skipped"


def test_legacy_doc_without_libreoffice_is_unsupported(tmp_path, monkeypatch):
    from extractors.readers import convert

    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "old.doc").write_bytes(badinputs.rtf("申报单位：旧格式公司"))
    result = run_batch([folder], _options(tmp_path / "out", workers=0))
    assert result.rows[0].error_code == "unsupported_format" and "LibreOffice" in result.rows[0].error_message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_legacy_doc_converted_with_libreoffice(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "old.doc").write_bytes(badinputs.rtf("申报单位：旧格式转换公司"))
    result = run_batch([folder], _options(tmp_path / "out", workers=1, timeout_s=60))
    assert result.rows[0].decision == "eligible" and result.rows[0].applicant == "旧格式转换公司"


def test_load_guide_from_saved_schema(tmp_path):
    from extractors.guide.checkup import NotAGuideError
    from models.schema import Deadline, SourceRef

    guide = GUIDE.model_copy(update={"programs": [GUIDE.programs[0].model_copy(
        update={"deadlines": [Deadline(date=date(2026, 5, 31), source=SourceRef(quote="2026年5月31日前提交"))]})]})
    (tmp_path / "g.json").write_text(guide.model_dump_json(), encoding="utf-8")
    (tmp_path / "g.yaml").write_text("title: 测试\nprograms:\n  - id: p1\n    name: 项目一\n"
                                     "    deadlines:\n      - date: 2026-05-31\n        source:\n          quote: 5月31日前提交\n", encoding="utf-8")
    assert load_guide(tmp_path / "g.json") == guide
    assert load_guide(tmp_path / "g.yaml").programs[0].name == "项目一"
    # a schema with nothing to check would pass every submission: refused
    (tmp_path / "empty.json").write_text(GUIDE.model_dump_json(), encoding="utf-8")
    with pytest.raises(NotAGuideError) as err:
        load_guide(tmp_path / "empty.json")
    assert err.value.code == "empty_schema"


def _real_pipeline_available() -> bool:
    try:
        from extractors.claims import extract_claims  # noqa: F401
        from extractors.guide import extract_guide  # noqa: F401
        from extractors.readers import read_document  # noqa: F401
        from pipeline.screen.matcher import screen  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _real_pipeline_available(), reason="real extractors/matcher not importable yet")
def test_end_to_end_with_real_pipeline(tmp_path, suite):
    root, cases = suite
    guides = sorted((TESTS.parent / "corpus" / "guides").glob("*/gold.yaml"))  # saved schema: fast to load
    if not guides:
        pytest.skip("no corpus guide")
    guide = load_guide(guides[0])
    apps = sorted(p for p in (TESTS.parent / "corpus" / "applications").rglob("*")
                  if p.suffix.lower() in SUPPORTED and p.is_file())[:4]
    options = BatchOptions(guide=guide, out_dir=tmp_path / "out", workers=2, timeout_s=60, progress=False)
    result = run_batch([root, root / "unknown.xyz", *apps], options)
    assert len(result.rows) == len(cases) + len(apps)
    by_file = {r.file: r for r in result.rows}
    ocr = badinputs.ocr_installed()  # with OCR the image-only page is read, not refused
    for case in cases:
        row = by_file[_rel(case)]
        assert (row.error_code or None) in case.codes(ocr), (case.name, row.error_code, row.error_message)
        if case.name in badinputs.NO_FALSE_VERDICT:
            assert row.decision != "ineligible", case.name  # unreliable text never fails a condition
    for app in apps:
        assert by_file[app.name].decision != "error", (app.name, by_file[app.name].error_message)


def test_a_smaller_rerun_keeps_earlier_rows_in_the_summary(tmp_path):
    """Issue 14.4: screening one file into an existing reports folder never cuts the summary."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"app{i}.txt").write_text(f"申报单位：公司{i}\n", encoding="utf-8")
    out = tmp_path / "out"
    run_batch([src], _options(out, workers=0))
    assert len(_csv(out / "summary.csv")) == 3
    (src / "app3.txt").write_text("申报单位：公司3\n", encoding="utf-8")
    result = run_batch([src / "app3.txt"], _options(out, workers=0))
    assert len(result.rows) == 1  # this run's rows
    rows = _csv(out / "summary.csv")
    assert len(rows) == 4 and sorted(r["文件"].rsplit("/", 1)[-1] for r in rows) == [f"app{i}.txt" for i in range(4)]


def test_a_longer_timeout_is_not_served_the_cached_timeout(tmp_path):
    """Issue 14.3: the timeout is part of the cache key; --retry-errors re-runs stored errors."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "slow.txt").write_text("申报单位：慢公司\nNAP NAP\n", encoding="utf-8")
    out = tmp_path / "out"
    first = run_batch([src], _options(out, timeout_s=0.05))
    assert first.rows[0].error_code == "timeout"
    again = run_batch([src], _options(out, timeout_s=0.05))
    assert again.cached == 1 and again.rows[0].error_code == "timeout"
    retried = run_batch([src], _options(out, timeout_s=0.05, retry_errors=True))
    assert retried.cached == 0
    longer = run_batch([src], _options(out, timeout_s=30))
    assert longer.cached == 0 and longer.rows[0].error_code == ""
