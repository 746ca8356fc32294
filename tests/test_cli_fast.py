"""A repeated `shenbao guide FILE` answered from the cache before typer and pydantic load
(pipeline.cli_fast, issue 15): byte for byte what the typer command prints on a hit."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli_fast

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "corpus" / "guides"


def _run(module: str, args: list[str], cache: Path, cwd: Path) -> tuple[int, bytes, bytes]:
    env = dict(os.environ, SHENBAO_CACHE=str(cache), PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    p = subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, env=env, capture_output=True)
    return p.returncode, p.stdout, p.stderr


@pytest.mark.parametrize("guide, extra", [
    ("js2022_140", []),                                    # a warning and notes on stderr
    ("js2026_hvp", ["--format", "yaml"]),                  # unparsed paragraphs, YAML
    ("gz_2025", ["-f", "yaml", "--timeout", "30"]),        # the deadline warning
])
def test_cached_guide_prints_what_the_typer_command_prints(tmp_path: Path, guide: str, extra: list[str]):
    cache = tmp_path / "cache"
    # a path with spaces and Chinese, written with ./ and // that Path() normalises
    folder = tmp_path / "指南 2026"
    folder.mkdir()
    shutil.copy(GUIDES / guide / "source.txt", folder / "g.txt")
    arg = "./指南 2026//g.txt"
    first = _run("pipeline.cli", ["guide", arg, *extra], cache, tmp_path)  # a miss: extracted, stored
    assert first[0] == 0, first[2].decode()
    assert list((cache / "guides").glob("*.out"))
    typer_hit = _run("pipeline.cli", ["guide", arg, *extra], cache, tmp_path)
    fast_hit = _run("evaluation.cli", ["guide", arg, *extra], cache, tmp_path)
    assert fast_hit == typer_hit
    assert "指南 2026/g.txt".encode() in fast_hit[1] and "./指南".encode() not in fast_hit[1]
    # to a file: the same file, and the same "written" note after the others
    typer_out, fast_out = tmp_path / "typer" / "out.txt", tmp_path / "fast" / "out.txt"
    t = _run("pipeline.cli", ["guide", arg, *extra, "--out", str(typer_out)], cache, tmp_path)
    f = _run("evaluation.cli", ["guide", arg, *extra, f"--out={fast_out}"], cache, tmp_path)
    assert t[0] == f[0] == 0
    assert f[2] == t[2].replace(str(typer_out).encode(), str(fast_out).encode())
    assert fast_out.read_bytes() == typer_out.read_bytes()


def test_the_fast_path_imports_neither_typer_nor_pydantic(tmp_path: Path):
    cache = tmp_path / "cache"
    g = GUIDES / "cz2023_hvp" / "source.txt"
    assert _run("evaluation.cli", ["guide", str(g)], cache, ROOT)[0] == 0  # a miss, through typer
    probe = ("import sys; sys.argv = ['shenbao', 'guide', sys.argv[1]]\n"
             "from evaluation.cli import app\n"
             "status = app()\n"
             "print(status, sorted(m for m in ('typer', 'click', 'rich', 'pydantic', 'models.schema') if m in sys.modules),"
             " file=sys.stderr)")
    env = dict(os.environ, SHENBAO_CACHE=str(cache), PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-c", probe, str(g)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr.strip().endswith("0 []"), p.stderr


def test_a_removed_schema_entry_is_extracted_again(tmp_path: Path, monkeypatch):
    """The stored output serves only while its schema entry is there."""
    cache = tmp_path / "cache"
    g = GUIDES / "cz2023_hvp" / "source.txt"
    assert _run("evaluation.cli", ["guide", str(g)], cache, ROOT)[0] == 0
    monkeypatch.setenv("SHENBAO_CACHE", str(cache))
    for entry in (cache / "guides").glob("*.json"):
        entry.unlink()
    assert cli_fast.cached_guide(["guide", str(g)]) is None


@pytest.mark.parametrize("argv", [
    [], ["guide"], ["--help"], ["guide", "--help"], ["claims", "x.pdf"],
    ["guide", "g.txt", "--html", "p.html"], ["guide", "g.yaml"], ["guide", "g.txt", "-o=x"],
    ["guide", "g.txt", "-ox"], ["guide", "g.txt", "--out"], ["guide", "g.txt", "--out", "-x"],
    ["guide", "g.txt", "--format", "xml"], ["guide", "g.txt", "-f", "json", "-f", "yaml"],
    ["guide", "g.txt", "h.txt"], ["guide", "--", "g.txt"], ["guide", "g.txt", "--timeout", "soon"],
])
def test_other_command_lines_go_to_typer(argv, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    assert cli_fast.cached_guide(argv) is None


def test_a_path_that_json_would_escape_goes_to_typer(tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    g = tmp_path / 'say "hi".txt'
    shutil.copy(GUIDES / "cz2023_hvp" / "source.txt", g)
    assert _run("evaluation.cli", ["guide", str(g)], cache, tmp_path)[0] == 0
    monkeypatch.setenv("SHENBAO_CACHE", str(cache))
    assert list((cache / "guides").glob("*.out"))
    assert cli_fast.cached_guide(["guide", str(g)]) is None


@pytest.mark.parametrize("argv, started", [
    (["screen", "--guide", "g.txt", "--out", "o", "a.pdf"], True),
    (["screen", "--guide=g.txt", "-o", "o", "a.pdf"], True),
    (["screen", "--guide", "g.txt", "--out", "o", "--workers", "0", "a.pdf"], False),
    (["screen", "--guide", "g.txt", "--out", "o", "-j0", "a.pdf"], False),
    (["screen", "--guide", "g.txt", "--out", "o", "--cluster=local", "a.pdf"], False),
    (["screen", "--help"], False),
    (["guide", "g.txt"], False),
    ([], False),
])
def test_the_console_script_starts_the_forkserver_only_for_a_plain_screen(argv, started, monkeypatch, tmp_path):
    from pipeline.batch import forkserver

    calls = []
    monkeypatch.setattr(forkserver, "prestart", lambda: calls.append(1) or True)
    monkeypatch.delenv("SHENBAO_CLUSTER", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cli_fast.prestart_for(argv) is started and len(calls) == int(started)
    (tmp_path / "shenbao.toml").write_text("[cluster]\naddress = \"tcp://h:8786\"\n", encoding="utf-8")
    assert cli_fast.prestart_for(argv) is False  # a configured cluster: left to the command


def test_a_failing_stored_copy_never_fails_the_command(tmp_path: Path, monkeypatch):
    """The printed output comes first; storing its copy may fail without failing the command."""
    from typer.testing import CliRunner

    from models.schema import GuideSchema
    from pipeline.cli import app

    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    g = tmp_path / "g.txt"
    shutil.copy(GUIDES / "cz2023_hvp" / "source.txt", g)

    def broken(self, *a, **kw):
        raise RuntimeError("copy broke")

    monkeypatch.setattr(GuideSchema, "model_copy", broken)  # only store_output copies on a miss
    result = CliRunner().invoke(app, ["guide", str(g)])
    assert result.exit_code == 0, result.output
    assert '"programs"' in result.stdout
    assert list((tmp_path / "cache").rglob("*.json")) and not list((tmp_path / "cache").rglob("*.out"))


def test_a_change_of_the_rendering_pipeline_invalidates_stored_copies(tmp_path: Path, monkeypatch):
    """The stored copy of `shenbao guide`'s output is keyed by the code that renders it too."""
    from pipeline.schema import cache

    for folder, name in (("extractors", "a.py"), ("models", "b.py"), ("pipeline", "c.py")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_ROOT", tmp_path)
    cache.extractor_fingerprint.cache_clear()
    before = cache.extractor_fingerprint()
    (tmp_path / "pipeline" / "c.py").write_text("x = 2\n", encoding="utf-8")
    cache.extractor_fingerprint.cache_clear()
    try:
        assert cache.extractor_fingerprint() != before
    finally:
        cache.extractor_fingerprint.cache_clear()
