"""Batch pre-screening: discover inputs, screen them in killable workers, write reports.

Why this shape: a bureau runs one guide against hundreds of uncontrolled files.
The guide is parsed once and handed to each worker once; each file is screened
in a worker that can be killed (pipeline.batch.pool); every result is committed to
SQLite as it arrives (pipeline.batch.store) and its JSON/HTML written atomically, so a
killed run resumes where it stopped and a re-run skips unchanged files. Every
discovered input ends as exactly one summary row — a bad file becomes an
`error` row with a reason, never a missing row and never a false verdict.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from models.report import ScreeningReport
from models.schema import GuideSchema
from extractors.readers.formats import SUPPORTED, skip_reason
from extractors.readers.limits import Limits
from pipeline.batch.errors import error_info, error_report
from pipeline.render import evidence_images, exports, reports
from pipeline.batch.safe_names import NameAllocator, name_for
from pipeline.batch.store import ResultStore
from pipeline.batch.worker import REAL_STAGES, Screener, Task, WorkerConfig

STORE_NAME = "results.sqlite"
_CONFIG_VERSION = "1"


@dataclass
class BatchOptions:
    guide: GuideSchema
    out_dir: Path
    program: str | None = None
    track: str | None = None
    received_on: date | None = None
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # 0: screen in this process (debugging)
    timeout_s: float = 120.0
    memory_mb: int = 2048
    max_tasks_per_worker: int = 200  # recycling costs a fork; memory stays flat (benchmarks/bench_batch.py --growth)
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    progress: bool = True
    retry_errors: bool = False  # re-screen cached timeout/crashed/resource_limit rows
    stages: str = REAL_STAGES  # "module:function" returning the stage functions (tests inject stubs)
    folders_as_submissions: bool = False  # each immediate subfolder of an input folder is one submission
    guide_file: Path | None = None  # named, with its hash, in every report (an edited YAML included)
    cluster: object = None  # a Dask scheduler address, "local", or pipeline.batch.cluster.ClusterSettings


@dataclass
class BatchResult:
    out_dir: Path
    rows: list[exports.SummaryRow]
    total: int
    processed: int
    cached: int
    errors: int
    counts: dict[str, int]
    pages: int = 0
    screening_s: float = 0.0
    elapsed_s: float = 0.0
    worker_peak_rss_kb: int = 0

    @property
    def message(self) -> str:
        """The closing line: files screened in this run apart from those served from the store
        (skipped inputs, decided without opening them, are neither)."""
        return (f"{self.total} files: {self.processed} processed, {self.cached} reused, {self.errors} errors"
                f" / 共{self.total}个文件：本次处理{self.processed}个，沿用上次结果{self.cached}个，其中{self.errors}个出错")


@dataclass
class _Input:
    rel: str
    path: Path
    skip: str | None = None
    sha256: str = ""
    name: str = ""
    files: list[tuple[Path, str]] | None = None  # folder mode: every file of the submission folder
    attachments: list[tuple[Path, str]] = field(default_factory=list)  # folder mode: the files besides the main one

    @property
    def key(self) -> str:
        return f"{self.rel}\x00{self.sha256}"


def _ocr_seconds(path: Path) -> float:
    """The per-file limit grows by the expected OCR time of scanned pages."""
    if path.suffix.lower() != ".pdf":
        return 0.0
    try:
        from extractors.readers.ocr import estimate_seconds

        return float(estimate_seconds(path))
    except Exception:  # a file the estimate cannot open is the reader's to report
        return 0.0


def load_guide(path: Path | str) -> GuideSchema:
    """A saved schema (.json/.yaml/.yml) or a guide document read and extracted once."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        from pipeline.schema.yaml_io import load_schema

        from extractors.guide.checkup import check_guide

        schema = load_schema(path)  # an edited schema is used as it is, after validation
        check_guide(None, schema)
        return schema
    from extractors.guide.checkup import check_guide
    from extractors.readers import read_document
    from pipeline.schema.cache import extract_cached

    # parsed once per file content and extractor; an application as the guide is refused
    # (and never cached), so a cached schema already passed the check
    _, schema = extract_cached(path, read_document, check_guide)
    return schema


def discover(inputs: list[Path], per_folder: bool = False) -> list[_Input]:
    """Files under folders (recursively, supported extensions) plus every file named
    explicitly; links, lock files and missing paths are kept as rows to skip.
    With `per_folder`, each immediate subfolder of an input folder is one submission
    (pipeline.batch.folders); files lying directly in the input folder stay submissions of their own."""
    found: list[_Input] = []
    seen: set[str] = set()
    used_rel: set[str] = set()

    def claim(ident: str, rel: str) -> str | None:
        """The unique relative name for a not-yet-seen input, or None if seen."""
        if ident in seen:
            return None
        seen.add(ident)
        base, n = rel, 1
        while rel in used_rel:
            n += 1
            rel = f"{base} ({n})"
        used_rel.add(rel)
        return rel

    def add(path: Path, rel: str, skip: str | None = None) -> None:
        skip = skip if skip is not None else skip_reason(path)
        rel = claim(str(path.absolute()) if skip else os.path.realpath(path), rel)
        if rel is not None:
            found.append(_Input(rel, path, skip))

    def add_folder(folder: Path, rel: str) -> None:
        from pipeline.batch.folders import folder_files, pick_main

        rel = claim(os.path.realpath(folder), rel)
        if rel is None:
            return
        files = folder_files(folder)
        main = pick_main(files)
        if main is None:
            found.append(_Input(rel, folder, "文件夹中没有可预审的申报书（.docx/.pdf 等），已跳过。", files=files))
            return
        rest = [(p, f"{rel}/{name}") for p, name in files if p != main[0]]
        found.append(_Input(rel, main[0], skip_reason(main[0]), files=files, attachments=rest))

    for raw in inputs:
        root = Path(raw)
        if per_folder and root.is_dir() and not root.is_symlink():
            label = root.resolve().name or "input"
            for child in sorted(root.iterdir(), key=lambda c: c.name):
                rel = f"{label}/{child.name}"
                if child.is_symlink():
                    add(child, rel, "该路径是符号链接，为安全起见已跳过。")
                elif child.is_dir():
                    if not child.name.startswith("."):
                        add_folder(child, rel)
                elif child.name.lower().endswith(SUPPORTED):
                    add(child, rel)
        elif root.is_dir() and not root.is_symlink():
            label = root.resolve().name or "input"
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for d in list(dirnames):
                    if os.path.islink(os.path.join(dirpath, d)):
                        dirnames.remove(d)
                        p = Path(dirpath, d)
                        add(p, f"{label}/{p.relative_to(root).as_posix()}", "该路径是指向文件夹的符号链接，为安全起见已跳过。")
                for fname in sorted(filenames):
                    if fname.lower().endswith(SUPPORTED):
                        p = Path(dirpath, fname)
                        add(p, f"{label}/{p.relative_to(root).as_posix()}")
        elif root.exists() or root.is_symlink():
            add(root, root.name)
        else:
            add(root, root.name or str(root), "文件或文件夹不存在，已跳过。")
    return found


def _hash(inp: _Input, max_bytes: int) -> None:
    """SHA-256 of the content; files over the size limit are keyed by size and mtime
    (hashing gigabytes only to reject them would stall the parent)."""
    if inp.skip:
        inp.sha256 = "skipped"
        return
    if inp.files is not None:
        from pipeline.batch.folders import folder_hash

        inp.sha256 = folder_hash(inp.files, max_bytes)  # the main file's own limits are checked in the worker
        return
    try:
        st = inp.path.stat()
        if st.st_size > max_bytes:
            inp.sha256 = f"size:{st.st_size}:{st.st_mtime_ns}"
            return
        h = hashlib.sha256()
        with open(inp.path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        inp.sha256 = h.hexdigest()
    except OSError as exc:
        inp.skip, inp.sha256 = f"无法读取该文件（{exc.strerror or exc}），已跳过。", "skipped"


def _config_fingerprint(options: BatchOptions, cfg: WorkerConfig) -> str:
    from extractors.readers import ocr

    # every setting that can change an outcome: a run with a longer --timeout or with OCR
    # switched on must not be served the result of one that timed out or could not read scans
    ocr_mode = "on" if ocr.enabled() and ocr.available() else "off"
    data = json.dumps([_CONFIG_VERSION, cfg.guide_json, cfg.program, cfg.track, str(cfg.received_on),
                       repr(cfg.limits), cfg.stages, cfg.timeout_s, cfg.memory_mb, ocr_mode], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _write_outputs(out_dir: Path, name: str, report_json: str, report: ScreeningReport,
                   views: dict | None = None) -> None:
    """JSON, then the images of the original (`<name>.files/`, from the worker's views), then
    the HTML that links them; a report rewritten from the store has no views and no images."""
    pretty = json.dumps(json.loads(report_json), ensure_ascii=False, indent=2)
    exports.atomic_write(out_dir / f"{name}.json", pretty.encode("utf-8"))
    shown = evidence_images.write_images(views, out_dir, name)
    exports.atomic_write(out_dir / f"{name}.html", reports.render_report(report, name, shown).encode("utf-8"))


def _immediate(inp: _Input, options: BatchOptions) -> ScreeningReport | None:
    """Rows decided in the parent without opening the file."""
    if inp.skip:
        return error_report(inp.rel, error_info("skipped", inp.skip))
    if inp.sha256.startswith("size:"):
        size = int(inp.sha256.split(":")[1])
        return error_report(inp.rel, error_info(
            "too_large", f"文件大小{size / 1048576:.1f}MB，超过上限{options.max_bytes / 1048576:.0f}MB，请拆分或压缩后重新提交。"))
    return None


def run_batch(inputs: list[Path], options: BatchOptions) -> BatchResult:
    """Screen every input; returns the summary (never raises for a bad file)."""
    t0 = time.perf_counter()
    out_dir = Path(options.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".tmp_*"):  # left by a killed run
        stale.unlink(missing_ok=True)
    cfg = WorkerConfig(guide_json=options.guide.model_dump_json(), program=options.program, track=options.track,
                       received_on=options.received_on, timeout_s=options.timeout_s, memory_mb=options.memory_mb,
                       limits=Limits(max_bytes=options.max_bytes, max_pages=options.max_pages), stages=options.stages)
    config = _config_fingerprint(options, cfg)
    found = discover(inputs, options.folders_as_submissions)
    for inp in found:
        _hash(inp, options.max_bytes)
    progress = _Progress(len(found), options.progress)
    rows: dict[str, exports.SummaryRow] = {}
    todo: list[Task] = []
    by_key = {inp.key: inp for inp in found}
    stats = {"processed": 0, "cached": 0, "pages": 0, "screening_s": 0.0, "rss": 0}
    with ResultStore(out_dir / STORE_NAME) as store:
        names = NameAllocator(store.names())
        for inp in found:
            inp.name = names.allocate(inp.rel, name_for(inp.rel))
        store.save_names({inp.rel: inp.name for inp in found})
        for inp in found:
            report = _immediate(inp, options)
            if report is not None:
                _write_outputs(out_dir, inp.name, report.model_dump_json(), report)
                rows[inp.key] = exports.row_from_report(report, inp.name)
                progress.done(inp.rel, report)
                continue
            cached = store.get(inp.rel, inp.sha256, config)
            if cached and options.retry_errors and _transient(cached["report"]):
                cached = None
            if cached:
                report = ScreeningReport.model_validate_json(cached["report"])
                if not (out_dir / f"{inp.name}.json").exists() or not (out_dir / f"{inp.name}.html").exists():
                    _write_outputs(out_dir, inp.name, cached["report"], report)
                rows[inp.key] = exports.row_from_report(report, inp.name)
                stats["cached"] += 1
                progress.done(inp.rel, report, cached=True)
                continue
            extra_s = _ocr_seconds(inp.path) + sum(_ocr_seconds(p) for p, _ in inp.attachments)
            todo.append(Task(inp.key, str(inp.path), inp.rel, inp.sha256, extra_s,
                             tuple((str(p), rel) for p, rel in inp.attachments)))
        interrupted = False
        guide_ref = _guide_ref(options.guide_file)
        if todo and options.workers > 0:
            # the report layer loaded now, while the workers' forkserver is still preloading
            # (a fresh command), not after the last file: the same work, off the critical path
            exports.warm()
            reports.warm()
        try:
            results = _execute(todo, cfg, options)
            for result in results:
                _take(result, by_key, out_dir, store, config, rows, stats, progress, guide_ref)
        except KeyboardInterrupt:  # Ctrl-C: what is done is written below, the store resumes the rest
            interrupted = True
            if hasattr(results, "close"):
                results.close()
        progress.close()
        ordered = [rows[inp.key] for inp in found if inp.key in rows] if interrupted else _complete(found, rows)
        # the summary reflects every result the folder's store holds: screening one more file
        # into a reports folder never drops the rows of earlier runs
        this_run = {inp.rel for inp in found}
        names_now = store.names()
        earlier = [exports.row_from_report(ScreeningReport.model_validate_json(rep), names_now.get(rel, name_for(rel)))
                   for rel, rep in store.latest().items() if rel not in this_run]
    summary = ordered + earlier
    exports.write_csv(summary, out_dir / "summary.csv")
    exports.write_xlsx(summary, out_dir / "summary.xlsx")
    title = options.guide.title or options.guide.source or ""
    exports.atomic_write(out_dir / "index.html", reports.render_index(summary, title).encode("utf-8"))
    if interrupted:
        raise KeyboardInterrupt
    counts: dict[str, int] = {}
    for r in ordered:
        counts[r.decision] = counts.get(r.decision, 0) + 1
    result = BatchResult(out_dir, ordered, len(ordered), stats["processed"], stats["cached"], counts.get("error", 0),
                         counts, stats["pages"], stats["screening_s"], time.perf_counter() - t0, stats["rss"])
    print(result.message, file=sys.stderr)
    return result


def _guide_ref(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        return {"file": Path(path).name, "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest()}
    except OSError:
        return None


def _take(result, by_key, out_dir: Path, store, config: str, rows: dict, stats: dict, progress,
          guide_ref: dict | None = None) -> None:
    """One finished file: its report files, its store row, its summary row."""
    inp = by_key[result.key]
    report_json = result.report_json
    if guide_ref is not None:  # which guide file (an edited YAML too) this verdict rests on
        data = json.loads(report_json)
        data["guide"] = guide_ref
        report_json = json.dumps(data, ensure_ascii=False)
    report = ScreeningReport.model_validate_json(report_json)
    _write_outputs(out_dir, inp.name, report_json, report, getattr(result, "views", None) or {})
    store.put(inp.rel, inp.sha256, config, report_json, result.pages, result.elapsed)
    rows[inp.key] = exports.row_from_report(report, inp.name)
    stats["processed"] += 1
    stats["pages"] += result.pages or 0
    stats["screening_s"] += result.elapsed
    stats["rss"] = max(stats["rss"], result.peak_rss_kb)
    progress.done(inp.rel, report)


def _execute(tasks: list[Task], cfg: WorkerConfig, options: BatchOptions):
    if not tasks:
        return
    if options.workers <= 0:
        import threading

        screener = Screener(cfg, apply_limits=False)
        alarm = threading.current_thread() is threading.main_thread()
        try:
            for task in tasks:
                yield screener.process(task, alarm=alarm)
        finally:
            screener.close()
        return
    if options.cluster:  # the same per-file work on Dask workers; this process still writes everything
        from pipeline.batch.cluster import run_on_cluster, settings

        yield from run_on_cluster(tasks, cfg, settings(options.cluster), options.workers, options.max_tasks_per_worker)
        return
    from pipeline.batch.pool import WorkerPool

    if options.workers > 1:  # OCR threads per worker: the workers already fill the cores
        os.environ.setdefault("SHENBAO_OCR_THREADS", "1")
    pool = WorkerPool(cfg, min(options.workers, len(tasks)), options.max_tasks_per_worker)
    yield from pool.run(tasks)


def _transient(report_json: str) -> bool:
    error = (json.loads(report_json).get("error") or {}).get("code")
    return error in ("timeout", "resource_limit", "crashed")


def _complete(found: list[_Input], rows: dict[str, exports.SummaryRow]) -> list[exports.SummaryRow]:
    """Exactly one row per discovered input, in discovery order; a lost result
    (which would be a bug) becomes a `crashed` row rather than a silent gap."""
    ordered = []
    for inp in found:
        row = rows.get(inp.key)
        if row is None:
            lost = error_report(inp.rel, error_info("crashed", "未得到该文件的处理结果（程序异常），请重新运行或人工审阅。"),
                                inp.sha256)
            row = exports.row_from_report(lost, inp.name)
        ordered.append(row)
    assert len(ordered) == len(found) == len({inp.key for inp in found})
    return ordered


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


class _Progress:
    """A rich progress bar on a terminal; otherwise (a log, a pipe, a scheduler) one plain
    line on stderr every `every` files and at the last one."""

    def __init__(self, total: int, enabled: bool, tty: bool | None = None):
        self.total, self.count, self.bar, self.task = total, 0, None, None
        self.enabled = enabled
        self.every = log_every(total)
        self.reused = self.errors = 0
        self.t0 = time.monotonic()
        if enabled and (sys.stderr.isatty() if tty is None else tty):
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("预审"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                TextColumn("{task.description}"), console=Console(stderr=True), transient=False)
            self.bar.start()
            self.task = self.bar.add_task("", total=total)

    def done(self, rel: str, report: ScreeningReport, cached: bool = False) -> None:
        self.count += 1
        self.reused += cached
        self.errors += report.error is not None
        if not self.enabled:
            return
        rel = _printable(rel)  # file names may carry terminal escape sequences
        if self.bar is not None:
            from rich.markup import escape

            self.bar.update(self.task, advance=1, description=escape(rel[-40:]))
        elif self.count % self.every == 0 or self.count == self.total:
            elapsed = time.monotonic() - self.t0
            print(f"[{self.count}/{self.total}] {100 * self.count / max(self.total, 1):.0f}% "
                  f"已完成{self.count}个（其中沿用上次结果{self.reused}个），出错{self.errors}个，"
                  f"用时{elapsed:.0f}秒", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def log_every(total: int) -> int:
    """Without a terminal: a progress line every 10 files or every 5 %, whichever is more files."""
    return max(10, -(-total * 5 // 100))
