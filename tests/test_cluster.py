"""The batch on a Dask cluster (issue 18): same results as the local pool, nothing lost
when a worker or the client dies.

A LocalCluster of 2 worker processes (1 thread each) stands in for the real one;
the client is this process, or a subprocess when it must be killed. Skipped when
the optional `cluster` extra is missing.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed (pip install -e '.[cluster]' or '.[dev]')")

from pipeline.batch.cluster import ClusterError, ClusterSettings, settings  # noqa: E402
from pipeline.batch.run import BatchOptions, load_guide, run_batch  # noqa: E402
from test_batch import _committed, _csv, _options, _texts  # noqa: E402

TESTS = Path(__file__).parent
CORPUS = TESTS.parent / "corpus"


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster for the module: the client-kill test needs it to outlive its client."""
    from distributed import Client, LocalCluster

    lc = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0")
    client = Client(lc)
    yield lc.scheduler_address, client
    client.close()
    lc.close()


def _files(out: Path, pattern: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob(pattern))}


# ------------------------------------------------------------------- settings
def test_address_from_option_env_or_shenbao_toml(tmp_path, monkeypatch):
    monkeypatch.delenv("SHENBAO_CLUSTER", raising=False)
    assert settings(None, cwd=tmp_path) is None  # nothing configured: the local pool
    (tmp_path / "shenbao.toml").write_text('[cluster]\naddress = "tcp://10.0.0.5:8786"\nretries = 1\n',
                                           encoding="utf-8")
    s = settings(None, cwd=tmp_path)
    assert s == ClusterSettings(address="tcp://10.0.0.5:8786", retries=1)
    monkeypatch.setenv("SHENBAO_CLUSTER", "tcp://env:8786")
    assert settings(None, cwd=tmp_path).address == "tcp://env:8786"
    assert settings("local", cwd=tmp_path).address == "local"  # the option wins
    (tmp_path / "shenbao.toml").write_text('[cluster]\naddress = "local"\ninputs = "nfs"\n', encoding="utf-8")
    monkeypatch.delenv("SHENBAO_CLUSTER")
    with pytest.raises(ClusterError):
        settings(None, cwd=tmp_path)


# ------------------------------------------------------------------- same results
def _mixed_corpus(folder: Path) -> list[Path]:
    """Four corpus applications (docx and pdf) and three bad inputs."""
    folder.mkdir(parents=True)
    apps = [CORPUS / "applications" / n for n in ("app001.docx", "app002.pdf", "app003.docx", "app004.pdf")]
    apps = [p for p in apps if p.exists()]
    (folder / "empty.docx").write_bytes(b"")
    (folder / "notes_renamed.pdf").write_text("这不是PDF文件，只是改了扩展名的文本。\n", encoding="utf-8")
    pdf = apps[1].read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) * 2 // 5])
    return [folder, *apps]


def test_same_decisions_and_reports_as_the_local_pool(tmp_path, cluster):
    address, _ = cluster
    guides = sorted((CORPUS / "guides").glob("*/gold.yaml"))
    if not guides:
        pytest.skip("no corpus guide")
    guide = load_guide(guides[0])
    inputs = _mixed_corpus(tmp_path / "mixed")

    def opts(out: Path, **kw) -> BatchOptions:
        return BatchOptions(guide=guide, out_dir=out, workers=2, timeout_s=60, progress=False, **kw)

    local = run_batch(inputs, opts(tmp_path / "local"))
    remote = run_batch(inputs, opts(tmp_path / "cluster", cluster=address))
    assert remote.processed == len(inputs) + 2 and remote.cached == 0
    assert [(r.file, r.decision, r.error_code) for r in remote.rows] == \
           [(r.file, r.decision, r.error_code) for r in local.rows]
    codes = {r.file.rsplit("/", 1)[-1]: r.error_code for r in remote.rows}
    assert codes["empty.docx"] and codes["notes_renamed.pdf"] and codes["truncated.pdf"], codes
    assert sum(1 for r in remote.rows if r.decision != "error") >= 3  # the applications were screened
    # no timestamps in a report: JSON, HTML and the CSV summary are byte-identical
    for pattern in ("*.json", "*.html", "summary.csv"):
        assert _files(tmp_path / "cluster", pattern) == _files(tmp_path / "local", pattern), pattern
    # the fingerprint ignores the executor: a local re-run is served the cluster's results
    again = run_batch(inputs, opts(tmp_path / "cluster"))
    assert again.processed == 0 and again.cached == remote.processed


# ------------------------------------------------------------------- a worker dies
def test_a_worker_killed_mid_batch_loses_nothing(tmp_path, cluster):
    address, client = cluster
    n = 16
    folder = _texts(tmp_path / "in", {f"{i:02d}.txt": f"申报单位：公司{i} NAP" + (" 不达标" if i % 4 == 0 else "")
                                      for i in range(n)})
    out = tmp_path / "out"
    box: dict = {}

    def batch():
        try:
            box["result"] = run_batch([folder], _options(out, cluster=address))
        except BaseException as exc:  # surfaced below
            box["error"] = exc

    th = threading.Thread(target=batch)
    th.start()
    deadline = time.monotonic() + 60
    while _committed(out / "results.sqlite") < 3:
        assert th.is_alive() and time.monotonic() < deadline, box
        time.sleep(0.02)
    pids = client.run(os.getpid)  # worker address → pid
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)  # the nanny restarts it; the scheduler re-runs its task
    th.join(120)
    assert not th.is_alive() and "error" not in box, box
    result = box["result"]
    assert result.total == n and len({r.file for r in result.rows}) == n
    assert {r.file.rsplit("/", 1)[-1]: r.decision for r in result.rows} == {
        f"{i:02d}.txt": "ineligible" if i % 4 == 0 else "eligible" for i in range(n)}
    with sqlite3.connect(out / "results.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == n
    client.wait_for_workers(2, timeout=60)
    assert victim not in client.run(os.getpid).values()  # it really died (and was replaced)


# ------------------------------------------------------------------- the client dies
def test_a_client_killed_with_sigkill_resumes_with_one_row_per_input(tmp_path, cluster):
    address, client = cluster
    n = 12
    folder = _texts(tmp_path / "in", {f"{i:02d}.txt": f"申报单位：公司{i} NAP" + (" 不达标" if i % 3 == 0 else "")
                                      for i in range(n)})
    clean = tmp_path / "clean"
    run_batch([folder], _options(clean, workers=2))  # the local pool's result is the reference
    out = tmp_path / "killed"
    script = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(TESTS)!r})
        from pathlib import Path
        from test_batch import _options
        from pipeline.batch.run import run_batch
        if __name__ == "__main__":
            run_batch([Path({str(folder)!r})], _options(Path({str(out)!r}), cluster={address!r}))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while _committed(out / "results.sqlite") < 3 and proc.poll() is None:
            assert time.monotonic() < deadline, "the batch made no progress"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    committed = _committed(out / "results.sqlite")
    assert 3 <= committed < n, f"killed after {committed} of {n}: not mid-batch"
    for js in out.glob("*.json"):  # written atomically: whole or absent
        json.loads(js.read_text(encoding="utf-8"))
    resumed = run_batch([folder], _options(out, cluster=address))
    assert resumed.total == n and resumed.cached == committed and resumed.processed == n - committed
    with sqlite3.connect(out / "results.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == n
    assert len(_csv(out / "summary.csv")) == n
    assert (out / "summary.csv").read_bytes() == (clean / "summary.csv").read_bytes()
    assert _files(out, "*.json") == _files(clean, "*.json")
