"""Issue 14.6: the small things of a batch run — a missing path, progress without a
terminal, the closing line, temporary folders."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from models.schema import GuideSchema, Program
from pipeline.batch.run import BatchOptions, _Progress, run_batch

ROOT = Path(__file__).resolve().parents[1]
GUIDE = GuideSchema(title="测试指南", programs=[Program(id="hvp", name="高价值专利培育项目")])


def _options(out: Path, **kw) -> BatchOptions:
    kw.setdefault("workers", 0)
    kw.setdefault("timeout_s", 20)
    kw.setdefault("progress", False)
    return BatchOptions(guide=GUIDE, out_dir=out, stages="badinputs:stub_stages", **kw)


def _texts(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"app{i}.txt").write_text(f"申报单位：公司{i}\n", encoding="utf-8")
    return folder


def test_one_missing_path_is_an_error_row_not_an_abort(tmp_path):
    from pipeline.cli import app

    src = _texts(tmp_path / "in", 1)
    guide = ROOT / "corpus" / "guides" / "cz2023_hvp" / "gold.yaml"  # a saved schema: fast to load
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["screen", "--guide", str(guide), "--out", str(out), "--workers", "1",
                                   str(src / "app0.txt"), str(tmp_path / "gone.pdf")])
    assert res.exit_code == 0, res.output
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["文件"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"app0.txt", "gone.pdf"}
    assert "不存在" in " ".join(rows["gone.pdf"].values())
    res = CliRunner().invoke(app, ["screen", "--guide", str(guide), "--out", str(out), str(tmp_path / "gone.pdf")])
    assert res.exit_code == 2 and "找不到" in res.output  # nothing at all to screen: a mistyped command


def test_progress_without_a_terminal_logs_every_n_files(capsys):
    from pipeline.batch.run import log_every

    assert log_every(25) == 10 and log_every(1000) == 50
    from models.report import ScreeningReport

    report = ScreeningReport(file="a.txt", decision="eligible")
    progress = _Progress(25, True, tty=False)
    for i in range(25):
        progress.done(f"f{i}.txt", report, cached=i < 5)
    progress.close()
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith("[10/25]") and lines[-1].startswith("[25/25]")
    assert "已完成25个" in lines[-1] and "沿用上次结果5个" in lines[-1]


def test_cli_asks_for_progress_even_without_a_terminal():
    src = (ROOT / "pipeline" / "cli.py").read_text(encoding="utf-8")
    assert "progress=sys.stderr.isatty()" not in src  # _Progress decides: bar on a terminal, log lines otherwise


def test_closing_line_does_not_count_reused_files_as_processed(tmp_path, capsys):
    src = _texts(tmp_path / "in", 3)
    first = run_batch([src], _options(tmp_path / "out"))
    assert "3 processed, 0 reused" in first.message
    second = run_batch([src], _options(tmp_path / "out"))
    assert second.processed == 0 and second.cached == 3
    assert "0 processed, 3 reused" in second.message and "本次处理0个，沿用上次结果3个" in second.message
    assert "0 processed, 3 reused" in capsys.readouterr().err


def test_a_batch_leaves_no_temporary_folders(tmp_path):
    """Workers made shenbao_w_* (and conv_* inside) and never removed them."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    src = _texts(tmp_path / "in", 3)
    sys.path.insert(0, str(ROOT / "tests"))
    import badinputs

    (src / "old.doc").write_bytes(badinputs.rtf("申报单位：旧格式公司"))  # converted (or refused) in a conv_ folder
    (src / "slow.txt").write_text("申报单位：慢公司\nHANG\n", encoding="utf-8")  # killed by the parent
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]
        from pathlib import Path
        from models.schema import GuideSchema, Program
        from pipeline.batch.run import BatchOptions, run_batch
        guide = GuideSchema(title="t", programs=[Program(id="hvp", name="高价值专利培育项目")])
        for workers in (0, 2):
            src = [p for p in Path({str(src)!r}).iterdir() if workers or p.name != "slow.txt"]
            run_batch(src, BatchOptions(guide=guide, out_dir=Path({str(tmp_path)!r}) / f"out{{workers}}", workers=workers,
                                        timeout_s=3, progress=False, stages="badinputs:stub_stages"))
    """)
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    left = [p.name for p in tmp.iterdir() if p.name.startswith(("shenbao_w_", "conv_"))]
    assert not left, left


def test_screen_starts_the_forkserver_before_it_loads_the_guide(tmp_path, monkeypatch):
    """Issue 15: the forkserver preloads while the guide and the batch layer load; not
    for an in-process run (--workers 0), where no worker is ever started."""
    from pipeline.batch import forkserver, run
    from pipeline.cli import app

    calls = []
    load_guide = run.load_guide
    monkeypatch.setattr(forkserver, "prestart", lambda: calls.append("prestart") or True)
    monkeypatch.setattr(run, "load_guide", lambda p: calls.append("guide") or load_guide(p))
    src = _texts(tmp_path / "in", 1)
    guide = ROOT / "corpus" / "guides" / "cz2023_hvp" / "gold.yaml"
    for workers, expected in (("0", ["guide"]), ("1", ["prestart", "guide"])):
        calls.clear()
        res = CliRunner().invoke(app, ["screen", "--guide", str(guide), "--out", str(tmp_path / f"out{workers}"),
                                       "--workers", workers, str(src / "app0.txt")])
        assert res.exit_code == 0, res.output
        assert calls == expected


def test_the_report_layer_is_loaded_before_the_first_task_is_sent(tmp_path, monkeypatch):
    """Issue 15: openpyxl and the templates load while the forkserver preloads, not after
    the last file; nothing is warmed for an in-process run or when nothing is left to screen."""
    from pipeline.batch import run
    from pipeline.render import exports, reports

    calls = []
    monkeypatch.setattr(exports, "warm", lambda: calls.append("xlsx"))
    monkeypatch.setattr(reports, "warm", lambda: calls.append("templates"))
    execute = run._execute

    def recording(tasks, cfg, options):
        calls.append("execute")
        yield from execute(tasks, cfg, options)

    monkeypatch.setattr(run, "_execute", recording)
    src = _texts(tmp_path / "in", 1)
    run.run_batch([src], _options(tmp_path / "out", workers=1))
    assert calls == ["xlsx", "templates", "execute"]
    calls.clear()
    run.run_batch([src], _options(tmp_path / "out", workers=1))  # every result reused: no worker
    assert calls == ["execute"]
    calls.clear()
    run.run_batch([src], _options(tmp_path / "out0", workers=0))
    assert calls == ["execute"]
