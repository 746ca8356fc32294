"""The batch's per-file work on a Dask distributed cluster (`shenbao screen --cluster ADDRESS`).

Why Dask distributed, and why this shape: a provincial round outgrows one
office PC, and Dask is an existing engine that a bureau's IT can run with two
commands (`dask scheduler`, `dask worker …`). Only the executor changes:

* One code path for a file's work. On each Dask worker a resident child
  process runs the very `worker_main`/`Screener.process` the local pool runs,
  behind the same pipe protocol (pipeline.batch.pool.WorkerPool with one slot),
  so the per-file wall clock (alarm, then a kill after GRACE_S), the address-space
  cap (RLIMIT_AS → `resource_limit`) and crash isolation (`crashed`) hold on the
  cluster exactly as locally, and each task returns the same `Result`.
* The client stays the single writer: results are consumed with
  `distributed.as_completed` and handed, one by one, to the same `_take` as local
  mode (reports written atomically, SQLite row committed), so a killed client
  resumes from the store and the progress bar works unchanged.
* Inputs are shipped as bytes from the client (they are already capped by the
  batch's max_bytes; larger files never leave the client, they are `too_large`
  rows). No shared file system is needed; a worker writes the bytes to a private
  temporary folder under the file's own name, so reports are byte-identical to
  local ones. With `inputs = "shared"` (shenbao.toml) the workers open the
  client's paths instead — only for a share mounted at the same path everywhere.
* The worker configuration (guide schema JSON, limits) is scattered once with
  `broadcast=True`; tasks carry a reference to it, not a copy.
* Submission is windowed (a few tasks per worker thread in flight), so the
  client never holds more than that many files' bytes in memory, however large
  the batch.
* A worker that dies is the scheduler's to handle: its tasks are retried
  (`retries=` here, plus the scheduler's `allowed-failures`) and a task that still
  fails becomes a `crashed` row with the reason; the batch goes on.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import wait
from pathlib import Path
from typing import Iterator

from pipeline.batch.errors import error_info, error_report
from pipeline.batch.worker import Result, Task, WorkerConfig

CONFIG_FILE = "shenbao.toml"
ENV_ADDRESS = "SHENBAO_CLUSTER"
INSTALL_HINT = "需要安装 Dask：pip install -e '.[cluster]'（dask[distributed]）"


class ClusterError(RuntimeError):
    """The cluster cannot be used at all (Dask missing, scheduler unreachable)."""


@dataclass(frozen=True)
class ClusterSettings:
    address: str  # tcp://HOST:8786, or "local" for a LocalCluster on this machine
    inputs: str = "ship"  # "ship": bytes from the client; "shared": workers open the same paths
    retries: int = 2  # extra attempts of a task whose worker died or that raised
    in_flight_per_thread: int = 2  # submission window: bounds the client's memory for shipped bytes
    ship_inline_bytes: int = 1 << 20  # larger payloads are scattered to a worker rather than embedded in the task


# ---------------------------------------------------------------- settings
def settings(value: "str | ClusterSettings | None", cwd: Path | None = None) -> ClusterSettings | None:
    """`--cluster` / $SHENBAO_CLUSTER first, then `[cluster]` in ./shenbao.toml; None: local pool."""
    if isinstance(value, ClusterSettings):
        return value
    table = _toml_table(cwd)
    address = value or os.environ.get(ENV_ADDRESS) or table.get("address")
    if not address:
        return None
    extra = {k: table[k] for k in ("inputs", "retries", "in_flight_per_thread") if k in table}
    s = ClusterSettings(address=str(address).strip(), **extra)
    if s.inputs not in ("ship", "shared"):
        raise ClusterError(f"{CONFIG_FILE} [cluster] inputs 应为 \"ship\" 或 \"shared\"，而不是 {s.inputs!r}")
    return s


def _toml_table(cwd: Path | None) -> dict:
    path = Path(cwd or Path.cwd()) / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            return {}
    with open(path, "rb") as fh:
        return dict(tomllib.load(fh).get("cluster") or {})


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ClusterError(INSTALL_HINT) from exc


# ---------------------------------------------------------------- worker side
class _Resident:
    """One child process on a Dask worker, driven like a WorkerPool slot, one task at a time."""

    def __init__(self, cfg: WorkerConfig, max_tasks: int):
        from pipeline.batch.pool import WorkerPool

        self.pool = WorkerPool(cfg, 1, max_tasks)

    def run(self, task: Task) -> Result:
        from pipeline.batch import pool as pool_mod

        p = self.pool
        limit = p.cfg.timeout_s + pool_mod.GRACE_S
        sent = False
        while True:
            if not any(not s.retiring for s in p.slots):
                p._start()
            slot = next(s for s in p.slots if not s.retiring)
            if not sent and slot.ready and slot.task is None:
                slot.task, slot.started = task, time.monotonic()
                slot.deadline = slot.started + limit + task.extra_s
                slot.conn.send(task)
                sent = True
            busy = [s.deadline for s in p.slots if s.task]
            timeout = max(0.0, min(busy) - time.monotonic()) if busy else 1.0
            ready = wait([s.conn for s in p.slots] + [s.proc.sentinel for s in p.slots], timeout)
            out = list(p._handle(ready)) + list(p._expire())
            for result in out:
                if result.key == task.key:
                    return result

    def close(self) -> None:
        for slot in list(self.pool.slots):
            try:
                slot.conn.send(None)
            except OSError:
                pass
            self.pool._retire(slot, kill=slot.task is not None)


_residents: dict[str, list[_Resident]] = {}
_lock = threading.Lock()


def _allow_children() -> None:
    """Dask starts worker processes as daemons, and multiprocessing refuses children of
    a daemon. Our children are killed by us (process group) and leave on EOF of their
    pipe when the worker goes, so the flag is cleared for this worker process."""
    import multiprocessing as mp

    mp.current_process()._config.pop("daemon", None)  # type: ignore[attr-defined]


def _materialize(task: Task, payload: dict[str, bytes], root: Path) -> tuple[Task, dict[str, str]]:
    """Write shipped bytes under their own file names; returns the task on the copies and
    the map back to the client's paths (readers put the path in evidence locations)."""
    back: dict[str, str] = {}

    def put(i: int, path: str) -> str:
        folder = root / str(i)
        folder.mkdir()
        target = folder / Path(path).name
        target.write_bytes(payload[path])
        back[str(target)] = path
        back[str(folder)] = str(Path(path).parent)
        return str(target)

    main = put(0, task.path)
    atts = tuple((put(i, p), rel) for i, (p, rel) in enumerate(task.attachments, start=1))
    return replace(task, path=main, attachments=atts), back


def _restore_paths(result: Result, back: dict[str, str]) -> Result:
    """The report names the client's path, as a local run's does (byte-identical reports)."""
    text = result.report_json
    for tmp in sorted(back, key=len, reverse=True):  # files before their folders
        text = text.replace(_json_str(tmp), _json_str(back[tmp]))
    result.report_json = text
    return result


def _json_str(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)[1:-1]


def screen_task(task: Task, cfg: WorkerConfig, payload: dict[str, bytes] | None, max_tasks: int = 200) -> Result:
    """The Dask task: one file through a resident child running worker_main; never raises for a bad file."""
    _allow_children()
    os.environ.setdefault("SHENBAO_OCR_THREADS", "1")  # the workers already fill the cores
    ident = hashlib.sha256(repr(cfg).encode("utf-8")).hexdigest()
    with _lock:
        free = _residents.setdefault(ident, [])
        resident = free.pop() if free else None
    if resident is None:
        resident = _Resident(cfg, max_tasks)
    tmp = Path(tempfile.mkdtemp(prefix="shenbao_in_")) if payload is not None else None
    try:
        local, back = _materialize(task, payload, tmp) if payload is not None else (task, {})
        result = _restore_paths(resident.run(local), back)
    except BaseException:
        resident.close()
        raise
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    with _lock:
        _residents.setdefault(ident, []).append(resident)
    result.recycle = False
    return result


# ---------------------------------------------------------------- client side
def _payload(task: Task) -> dict[str, bytes]:
    paths = [task.path, *(p for p, _ in task.attachments)]
    return {p: Path(p).read_bytes() for p in paths}


def _failed(task: Task, exc: BaseException | None, elapsed: float) -> Result:
    reason = f"{type(exc).__name__}: {exc}" if exc is not None else "task lost"
    info = error_info("crashed", "集群中处理该文件的进程多次异常退出，已放弃该文件，请人工审阅或稍后重试（--retry-errors）。",
                      detail=f"dask: {reason}"[:1500])
    return Result(task.key, error_report(task.rel, info, task.sha256).model_dump_json(), elapsed=elapsed)


def _unreadable(task: Task, exc: OSError) -> Result:
    info = error_info("skipped", f"无法读取该文件（{exc.strerror or exc}），已跳过。")
    return Result(task.key, error_report(task.rel, info, task.sha256).model_dump_json())


def connect(s: ClusterSettings, workers: int):
    """(client, cluster or None): a LocalCluster for `local`, else the scheduler at the address."""
    require_dask()
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if s.address == "local" or s.address.startswith("local:"):
            n = int(s.address.split(":", 1)[1]) if ":" in s.address else max(1, workers)
            cluster = LocalCluster(n_workers=n, processes=True, threads_per_worker=1, dashboard_address=":0")
            client = Client(cluster)
        else:
            client = Client(s.address, timeout="20s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"无法连接 Dask 调度器 {s.address}：{exc}") from exc
    return client, cluster


def run_on_cluster(tasks: list[Task], cfg: WorkerConfig, s: ClusterSettings, workers: int,
                   max_tasks: int = 200, log=None) -> Iterator[Result]:
    """Yield one Result per task, in completion order (the client writes them)."""
    from distributed import as_completed

    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    client, cluster = connect(s, workers)
    futures: dict = {}
    try:
        link = client.dashboard_link
        log(f"Dask 集群 {client.scheduler.address}；进度面板 / dashboard: {link}")
        threads = sum(client.nthreads().values()) or 1
        window = max(2, threads * max(1, s.in_flight_per_thread))
        cfg_ref = client.scatter(cfg, broadcast=True)  # once, not per task
        pending = list(reversed(tasks))
        started: dict[str, float] = {}
        serial = itertools.count()

        def submit():
            while pending:
                task = pending.pop()
                payload = None
                if s.inputs == "ship":
                    try:
                        payload = _payload(task)
                    except OSError as exc:
                        return _unreadable(task, exc)
                    if sum(len(b) for b in payload.values()) > s.ship_inline_bytes:
                        payload = client.scatter(payload, hash=False)
                fut = client.submit(screen_task, task, cfg_ref, payload, max_tasks, pure=False,
                                    retries=s.retries, key=f"shenbao-screen-{next(serial)}-{(task.sha256 or '')[:12]}")
                futures[fut.key] = (fut, task)
                started[fut.key] = time.monotonic()
                return fut
            return None

        first = []
        while pending and len(first) < window:
            item = submit()
            if isinstance(item, Result):
                yield item
            elif item is not None:
                first.append(item)
        done = as_completed(first, with_results=False)
        for fut in done:
            _, task = futures.pop(fut.key)
            elapsed = time.monotonic() - started.pop(fut.key, time.monotonic())
            if fut.status == "finished":
                try:
                    result = fut.result()
                except Exception as exc:  # lost between finishing and fetching
                    result = _failed(task, exc, elapsed)
            else:
                result = _failed(task, _exception(fut), elapsed)
            fut.release()
            yield result
            while pending:
                item = submit()
                if isinstance(item, Result):
                    yield item
                    continue
                if item is not None:
                    done.add(item)
                break
    finally:
        for fut, _ in list(futures.values()):
            fut.cancel()
        for closing in (client, cluster):
            if closing is not None:
                try:
                    closing.close()
                except Exception:
                    pass


def _exception(fut) -> BaseException | None:
    try:
        return fut.exception(timeout=5)
    except Exception as exc:
        return exc
