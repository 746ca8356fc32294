"""What runs inside a worker process: set limits, warm up once, screen files.

Why a separate process per worker: parsers for uncontrolled files can hang, eat
memory or crash the interpreter. The worker caps its own address space
(RLIMIT_AS, so a runaway parser gets MemoryError instead of taking the machine
down), arms an alarm per file (a soft timeout that still yields a proper
report), and the parent kills it outright if even that does not return.
The guide arrives once per worker, already parsed into JSON; jieba and the
extractors are loaded once, not per submission.
"""
from __future__ import annotations

import importlib
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from models.report import ScreeningReport
from models.schema import GuideSchema
from extractors.readers.formats import precheck, require_text
from extractors.readers.limits import Limits
from pipeline.batch.errors import error_report, from_exception

REAL_STAGES = "pipeline.batch.worker:real_stages"


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs, picklable, sent once per worker."""

    guide_json: str
    program: str | None = None
    track: str | None = None
    received_on: date | None = None
    timeout_s: float = 120.0
    memory_mb: int = 2048
    limits: Limits = field(default_factory=Limits)
    stages: str = REAL_STAGES


@dataclass(frozen=True)
class Task:
    key: str
    path: str
    rel: str
    sha256: str | None
    extra_s: float = 0.0  # added to the per-file limit: expected OCR time of scanned pages
    attachments: tuple[tuple[str, str], ...] = ()  # folder mode: (path, relative path) of the other files


@dataclass
class Result:
    key: str
    report_json: str
    pages: int | None = None
    elapsed: float = 0.0
    recycle: bool = False
    peak_rss_kb: int = 0  # the worker's own peak (benchmarks; RUSAGE_CHILDREN misses forkserver children)
    views: dict | None = None  # evidence_key -> EvidenceView: the original next to each quote (presentation only)


class SoftTimeout(BaseException):
    """Raised by the per-file alarm; a BaseException so parsers' `except Exception` cannot swallow it."""

    code = "timeout"
    detail = "wall-clock limit (alarm)"

    def __init__(self, seconds: float):
        self.message = f"处理超过{seconds:.0f}秒未完成，已中止该文件，请人工审阅或调高单文件时限后重试。"
        super().__init__(self.message)


def torch_needed() -> bool:
    """True only when a sentence-transformers backend is configured."""
    try:
        from extractors.semantic import resolve_config

        return resolve_config()[0] == "st"
    except Exception:
        return False


def block_torch() -> None:
    """spaCy/thinc import torch when it is importable (~4 s, ~400 MB per process);
    a None entry makes `import torch` fail fast so they fall back to numpy —
    unless the user configured a sentence-transformers model, which needs it."""
    if "torch" not in sys.modules and not torch_needed():
        sys.modules["torch"] = None  # type: ignore[assignment]


def real_stages() -> SimpleNamespace:
    from extractors.claims import extract_claims
    from extractors.readers import read_document
    from pipeline.screen.evidence import add_passages
    from pipeline.screen.matcher import screen

    return SimpleNamespace(read_document=read_document, extract_claims=extract_claims, screen=screen,
                           add_passages=add_passages)


def load_stages(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)()


class Screener:
    """One worker's state: limits applied, stages loaded, guide parsed."""

    def __init__(self, cfg: WorkerConfig, apply_limits: bool = True):
        self.cfg = cfg
        block_torch()
        if apply_limits:
            _apply_limits(cfg.memory_mb)
        self.stages = load_stages(cfg.stages)
        self.guide = GuideSchema.model_validate_json(cfg.guide_json)
        self._workdir: Path | None = None  # made on the first conversion, removed by close()
        _warm(self.stages)

    @property
    def workdir(self) -> Path:
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix=workdir_prefix(os.getpid())))
        return self._workdir

    def close(self) -> None:
        """Remove this worker's temporary folder (a killed worker's is removed by the pool)."""
        if self._workdir is not None:
            _rmtree(self._workdir)
            self._workdir = None

    def process(self, task: Task, alarm: bool = True) -> Result:
        """Screen one file; never raises (every failure becomes an `error` report)."""
        t0 = time.perf_counter()
        pages, recycle, views = None, False, None
        if alarm:
            _arm(self.cfg.timeout_s + task.extra_s)
        try:
            report, pages, views = self._screen(task)
        except MemoryError as exc:  # the heap may be fragmented: start afresh
            exc.__traceback__ = None  # drops the frames that hold the memory, before building the report
            report, recycle = error_report(task.rel, from_exception(exc), task.sha256), True
        except (Exception, SoftTimeout) as exc:
            info = from_exception(exc)
            if info.code == "crashed":
                info.detail = (info.detail or "") + "\n" + traceback.format_exc(limit=8)[-1500:]
            report = error_report(task.rel, info, task.sha256)
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return Result(task.key, report.model_dump_json(), pages, time.perf_counter() - t0, recycle,
                      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, views)

    def _read(self, path: Path):
        """Pre-parse checks, then the reader (legacy formats converted first)."""
        pre = precheck(path, self.cfg.limits)
        if pre.kind == "legacy":
            from extractors.readers.convert import convert_to_docx

            conv_dir = Path(tempfile.mkdtemp(prefix="conv_", dir=self.workdir))
            try:
                converted = convert_to_docx(path, conv_dir, timeout_s=max(5.0, self.cfg.timeout_s - 10))
                return self.stages.read_document(converted), pre
            finally:
                _rmtree(conv_dir)
        return self.stages.read_document(path), pre

    def _screen(self, task: Task) -> tuple[ScreeningReport, int | None, dict | None]:
        doc, pre = self._read(Path(task.path))
        require_text(doc)  # read_document applies it too; stub stages (tests) do not
        claims = self.stages.extract_claims(doc)
        notes: list[str] = []
        if task.attachments:
            from extractors.claims.attachments import recognize

            found, notes = recognize(list(task.attachments), lambda p: self._read(p)[0])
            claims = claims.model_copy(update={"attachments": listed_only([*claims.attachments, *found])})
        extra = {"ocr_pages": list(doc.ocr_pages)} if getattr(doc, "ocr_pages", None) else {}
        unread = [*getattr(doc, "unread", []), *(unread_attachments(notes))]
        if unread:  # nothing is concluded from the absence of what was not read
            extra["unread"] = unread
        report = self.stages.screen(self.guide, claims, program=self.cfg.program, track=self.cfg.track,
                                    received_on=self.cfg.received_on, **extra)
        add_passages = getattr(self.stages, "add_passages", None)
        if add_passages is not None:
            report = add_passages(report, doc)
        update = {"file": task.rel, "sha256": task.sha256}
        if notes:  # an unreadable attachment first: staff must see it before any verdict
            update["warnings"] = [*notes, *report.warnings]
        report = report.model_copy(update=update)
        return report, getattr(doc, "pages", None) or pre.pages, _views(report, doc)


def _views(report: ScreeningReport, doc) -> dict | None:
    """The original next to each quote, built here while the document is open and the
    limits hold; presentation only, so any failure (the alarm included) means no views."""
    try:
        from pipeline.render.evidence_images import build_views

        return build_views(report, doc)
    except (Exception, SoftTimeout):
        return None


def workdir_prefix(pid: int) -> str:
    """A worker's temporary folder is named after its process, so the parent that kills
    the process can remove what it left (pipeline.batch.pool)."""
    return f"shenbao_w_{pid}_"


def remove_workdirs(pid: int) -> None:
    for d in Path(tempfile.gettempdir()).glob(workdir_prefix(pid) + "*"):
        _rmtree(d)


def unread_attachments(notes: list[str]) -> list[str]:
    """The unread part a folder submission's attachment notes stand for (each note names
    one file whose content was not read)."""
    return [f"{len(notes)}个附件文件"] if notes else []


def listed_only(atts: list) -> list:
    """In a folder submission a material its 申报书 only lists, with no file of the folder and
    no page of the document for it, is 仅列于清单: named, not shown to be there."""
    held = {(a.material or a.name) for a in atts if a.found in ("file", "page")}
    return [a.model_copy(update={"found": "listed_only"}) if a.found == "listed" and (a.material or a.name) not in held
            else a for a in atts]


def worker_main(conn, cfg: WorkerConfig, max_tasks: int) -> None:
    """Process entry point: ready → (task → result)* → exit after max_tasks."""
    try:
        os.setsid()  # own process group: the parent kills the whole group on timeout
    except OSError:
        pass
    try:
        screener = Screener(cfg)
    except BaseException:
        conn.send(("init_error", traceback.format_exc()))
        return
    conn.send(("ready", os.getpid()))
    try:
        _serve(conn, screener, max_tasks)
    finally:
        screener.close()  # no empty shenbao_w_* folders left behind


def _serve(conn, screener: Screener, max_tasks: int) -> None:
    done = 0
    while done < max_tasks:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        result = screener.process(task)
        done += 1
        result.recycle = result.recycle or done >= max_tasks
        try:
            conn.send(("result", result))
        except (BrokenPipeError, OSError):
            return
        if result.recycle:
            return


def _apply_limits(memory_mb: int) -> None:
    soft = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass


def _arm(seconds: float) -> None:
    def on_alarm(signum, frame):
        raise SoftTimeout(seconds)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _warm(stages: Any) -> None:
    """Pay the extractors' lazy set-up before the first file (the evidence ranker's jieba
    dictionary is loaded by the forkserver's preload, pipeline.batch.warm; jieba's global
    dictionary is not used in screening and is not loaded)."""
    try:
        import jieba

        jieba.setLogLevel(60)
    except Exception:
        pass
    warm = getattr(stages, "warm", None)
    if callable(warm):
        warm()
        return
    try:
        from models.document import Block, Document, Location

        text = "申报单位：示例科技有限公司\n统一社会信用代码：91320000000000000X"
        doc = Document(source="warmup.txt", format="text", text=text, blocks=[
            Block(id=0, text=text, start=0, end=len(text), location=Location(file="warmup.txt", line=1))])
        stages.extract_claims(doc)
    except Exception:
        pass


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
