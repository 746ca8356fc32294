"""A process pool that can kill one task: per-file wall clock, crash recovery, recycling.

Why not multiprocessing.Pool or ProcessPoolExecutor: neither can stop a single
task that hangs (pdfminer can spend an hour on one page), and a worker that
segfaults or is killed by the kernel breaks the whole executor. Here each worker
has its own pipe; the parent waits on pipes and process sentinels together, kills
a worker's process group when its file runs over the limit, reports that file as
`timeout` (or `crashed` / `resource_limit` when the worker died) and starts a
replacement, so one bad file costs one file.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from pipeline.batch.errors import error_info, error_report
from pipeline.batch.forkserver import context
from pipeline.batch.worker import Result, Task, WorkerConfig, remove_workdirs, worker_main

GRACE_S = 5.0  # the worker's own alarm fires at timeout_s; the kill comes after this grace


class PoolError(RuntimeError):
    """The workers cannot start at all (the tool itself cannot run)."""


@dataclass
class _Slot:
    proc: mp.process.BaseProcess
    conn: object
    ready: bool = False
    task: Task | None = None
    deadline: float = 0.0
    started: float = 0.0
    retiring: bool = False  # announced its exit (recycled): no more tasks


class WorkerPool:
    def __init__(self, cfg: WorkerConfig, workers: int, max_tasks: int = 50):
        self.cfg, self.n, self.max_tasks = cfg, max(1, workers), max(1, max_tasks)
        self.ctx = context()
        self.slots: list[_Slot] = []
        self.init_failures = 0

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=worker_main, args=(child, self.cfg, self.max_tasks), daemon=True,
                                name="shenbao-worker")
        proc.start()
        child.close()
        slot = _Slot(proc, parent)
        self.slots.append(slot)
        return slot

    def _retire(self, slot: _Slot, kill: bool) -> None:
        if kill and slot.proc.is_alive():
            try:
                os.killpg(slot.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, OSError):
                slot.proc.kill()
        slot.proc.join(timeout=5)
        slot.conn.close()
        self.slots.remove(slot)
        if kill and slot.proc.pid is not None:
            remove_workdirs(slot.proc.pid)  # a killed worker cannot clean up after itself

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Yield one Result per task, in completion order."""
        pending = list(tasks)
        pending.reverse()
        limit = self.cfg.timeout_s + GRACE_S
        try:
            while pending or any(s.task for s in self.slots):
                while (sum(1 for s in self.slots if not s.retiring)
                       < min(self.n, len(pending) + sum(1 for s in self.slots if s.task))):
                    self._start()
                for slot in self.slots:
                    if slot.ready and slot.task is None and pending:
                        slot.task = pending.pop()
                        slot.started = time.monotonic()
                        slot.deadline = slot.started + limit + slot.task.extra_s
                        slot.conn.send(slot.task)
                busy = [s.deadline for s in self.slots if s.task]
                timeout = max(0.0, min(busy) - time.monotonic()) if busy else 1.0
                ready = wait([s.conn for s in self.slots] + [s.proc.sentinel for s in self.slots], timeout)
                yield from self._handle(ready)
                yield from self._expire()
        finally:
            for slot in list(self.slots):
                try:
                    slot.conn.send(None)
                except OSError:
                    pass
                self._retire(slot, kill=slot.task is not None)

    def _handle(self, ready: list) -> Iterator[Result]:
        for slot in list(self.slots):
            if slot.conn in ready or slot.proc.sentinel in ready:
                alive = True
                while alive and slot.conn.poll():
                    try:
                        kind, payload = slot.conn.recv()
                    except (EOFError, OSError):
                        alive = False
                        break
                    if kind == "ready":
                        slot.ready = True
                        self.init_failures = 0
                    elif kind == "init_error":
                        raise PoolError(f"worker initialization failed:\n{payload}")
                    elif kind == "result":
                        slot.task = None
                        if payload.recycle:
                            slot.ready, slot.retiring = False, True
                        yield payload
                if slot.proc.sentinel in ready or not alive or not slot.proc.is_alive():
                    slot.proc.join(timeout=1)
                    if slot.task is not None:
                        yield self._died(slot)
                    elif not slot.ready and not slot.retiring:
                        self.init_failures += 1
                        if self.init_failures >= 3:
                            raise PoolError(f"workers exit during start-up (exit code {slot.proc.exitcode})")
                    self._retire(slot, kill=True)

    def _expire(self) -> Iterator[Result]:
        now = time.monotonic()
        for slot in list(self.slots):
            if slot.task is not None and now >= slot.deadline:
                task = slot.task
                self._retire(slot, kill=True)
                info = error_info("timeout", f"处理超过{self.cfg.timeout_s:.0f}秒未完成，已强制中止该文件，"
                                             "请人工审阅或调高单文件时限后重试。", detail="killed by the parent")
                yield Result(task.key, error_report(task.rel, info, task.sha256).model_dump_json(),
                             elapsed=now - slot.started)

    def _died(self, slot: _Slot) -> Result:
        task, code = slot.task, slot.proc.exitcode
        if code == -signal.SIGKILL:  # not us: most likely the kernel's OOM killer
            info = error_info("resource_limit", detail=f"worker killed by signal {-code}")
        else:
            info = error_info("crashed", detail=f"worker exit code {code}")
        slot.task = None
        return Result(task.key, error_report(task.rel, info, task.sha256).model_dump_json(),
                      elapsed=time.monotonic() - slot.started)
