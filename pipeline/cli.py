"""The `shenbao` command: a thin layer over the importable API.

Why thin: other tools call the same functions (pipeline.batch.run.run_batch,
extractors.guide.extract_guide …); the CLI only maps flags onto them, writes
results to files or standard output, and keeps logs on standard error.
Heavy imports happen inside commands so `shenbao --help` stays instant.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from pipeline import cli_out, cli_zh

cli_zh.install()  # typer's own titles and usage errors in Chinese, flags shown as flags

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="shenbao（申报）：申报指南解析、申报书信息抽取、批量预审与评测。",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"shenbao {version('shenbao')}")
        except PackageNotFoundError:
            typer.echo("shenbao（未安装为软件包，直接从源码运行）")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="显示版本号并退出")) -> None:
    """shenbao（申报）：申报指南解析、申报书信息抽取、批量预审与评测。"""


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _dump(data: str, out: Optional[Path]) -> None:
    if cli_out.write(data, out):
        _err(cli_out.written_note(out))


def _read_or_exit(path: Path):
    from extractors.readers import ReadError, read_document

    if not path.exists():
        _err(f"错误：找不到文件 {path}")
        raise typer.Exit(2)
    try:
        return read_document(path)
    except ReadError as exc:
        _err(f"错误（{exc.code}）：{exc.message}")
        raise typer.Exit(1)


def _limited(seconds: float, fn, *args):
    """The batch's per-file time limit for the single-file commands too: a pathological
    file ends with a clear message, not a hang (POSIX alarm; no limit where unavailable)."""
    import signal

    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        return fn(*args)

    def _expired(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    except TimeoutError:
        _err(f"错误（timeout）：处理超过 {seconds:g} 秒仍未完成，已中止。请人工审阅该文件，或用更大的 --timeout 重试。")
        raise typer.Exit(1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@app.command()
def guide(
    file: Path = typer.Argument(..., help="申报指南文件（.txt/.md/.docx/.pdf）"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件；缺省写到标准输出"),
    fmt: str = typer.Option("json", "--format", "-f", help="json 或 yaml"),
    html: Optional[Path] = typer.Option(None, "--html", help="另存一个审阅页面（HTML）"),
    timeout: float = typer.Option(120.0, "--timeout", help="处理时限（秒），与批量预审相同"),
) -> None:
    """解析申报指南，输出结构化的申报要求（每项附原文出处）。

    例：shenbao guide corpus/guides/cz2023_hvp/guide.pdf --format yaml --out cz.yaml
    """
    from pipeline.schema.cache import OUTPUT_FORMATS, extract_cached, store_output

    if file.suffix.lower() in (".yaml", ".yml", ".json"):
        _from_saved_schema(file, out, fmt, html)  # an edited schema: its review page rebuilt as it is
        return
    doc, schema = _limited(timeout, extract_cached, file, _read_or_exit, _check_guide_or_exit)
    for note in guide_notes(schema):
        _err(note)
    if fmt not in OUTPUT_FORMATS:
        _err("错误：--format 只能是 json 或 yaml")
        raise typer.Exit(2)
    _dump(render_guide(schema, fmt), out)
    # what was printed, kept beside the cached schema: the next `shenbao guide FILE` is
    # answered from it before typer and pydantic load (pipeline.cli_fast)
    store_output(file, fmt, lambda s: render_guide(s, fmt), guide_notes)
    if html is not None:
        try:
            from pipeline.render.review_page import render_review_page
        except ImportError:
            _err("提示：审阅页面功能尚未安装（pipeline.render.review_page）。")
        else:
            if doc is None:  # a cached schema: the page still quotes the document
                doc = _limited(timeout, _read_or_exit, file)
            _dump(render_review_page(doc, schema), html)


def guide_notes(schema) -> list[str]:
    """What `shenbao guide` says about a schema on standard error, before the schema itself."""
    notes = [f"警告：{w}" for w in schema.warnings]
    if schema.coverage is not None:
        notes.append(f"提示：含数值、日期或限制用语的语句中，{schema.coverage:.0%} 已解析为要求项或已判明用途。")
    if schema.unparsed:
        notes.append(f"提示：{len(schema.unparsed)} 个段落未能解析，已列在 unparsed 中，请人工核对。")
    return notes


def render_guide(schema, fmt: str) -> str:
    """The schema as `shenbao guide --format fmt` prints it (json or yaml)."""
    if fmt == "yaml":
        from pipeline.schema.yaml_io import dump_yaml

        return dump_yaml(schema)
    return schema.model_dump_json(indent=2, exclude_none=False)


def _check_guide_or_exit(doc, schema) -> None:
    """The guide check of a freshly extracted schema (a cached one passed it when stored):
    an application or an empty schema stops with the reason."""
    from extractors.guide.checkup import NotAGuideError, check_guide

    try:
        check_guide(doc, schema)
    except NotAGuideError as exc:
        _err(f"错误：{exc.message}")
        raise typer.Exit(1)


def _from_saved_schema(file: Path, out: Optional[Path], fmt: str, html: Optional[Path]) -> None:
    """`shenbao guide G.yaml --html review.html`: the review page of an edited schema, next to
    the guide it names in `source` (found as written, or beside the schema file)."""
    from pipeline.schema.yaml_io import dump_yaml, load_schema

    try:
        schema = load_schema(file)
    except Exception as exc:  # every problem with its line: the same text validate prints
        _err(f"错误：{exc}")
        raise typer.Exit(1)
    if out is not None:
        _dump(dump_yaml(schema) if fmt == "yaml" else schema.model_dump_json(indent=2), out)
    if html is None:
        if out is None:
            _err("提示：要重建审阅页面，请加 --html review.html。")
        return
    candidates = [Path(schema.source), file.parent / Path(schema.source).name] if schema.source else []
    src = next((c for c in candidates if c.exists()), None)
    if src is None:
        _err(f"错误：找不到该要求文件所依据的指南原文（source: {schema.source or '未注明'}）；"
             "请把指南文件放在要求文件旁边，或在 YAML 的 source: 中写明其路径。")
        raise typer.Exit(1)
    from pipeline.render.review_page import render_review_page

    _dump(render_review_page(_read_or_exit(src), schema), html)


@app.command()
def claims(
    file: Path = typer.Argument(..., help="申报书（.docx/.pdf/.txt）"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件；缺省写到标准输出"),
    timeout: float = typer.Option(120.0, "--timeout", help="处理时限（秒），与批量预审相同"),
) -> None:
    """抽取申报书中申报单位的各项声明（每项附证据），输出 JSON。

    例：shenbao claims corpus/applications/app001.docx
    """
    from extractors.claims import extract_claims

    doc = _limited(timeout, _read_or_exit, file)
    result = _limited(timeout, extract_claims, doc)
    for w in result.warnings:
        _err(f"警告：{w}")
    _dump(result.model_dump_json(indent=2), out)


@app.command()
def screen(
    inputs: list[Path] = typer.Argument(..., help="申报书文件或文件夹"),
    guide_path: Path = typer.Option(..., "--guide", "-g", help="申报指南文件或已保存的要求（.json/.yaml）"),
    out: Path = typer.Option(..., "--out", "-o", help="报告输出文件夹"),
    program: Optional[str] = typer.Option(None, "--program", "-p", help="指定项目（编号或名称）"),
    track: Optional[str] = typer.Option(None, "--track", help="指定类别，如 新建项目"),
    received_on: Optional[str] = typer.Option(None, "--received-on", help="收件日期 YYYY-MM-DD（申报书未注明日期时使用）"),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", help="并行进程数，缺省为 CPU 核数"),
    timeout: float = typer.Option(120.0, "--timeout", help="每个文件的处理时限（秒）"),
    per_folder: bool = typer.Option(False, "--per-folder",
                                    help="输入文件夹下每个子文件夹为一份申报（申报书加附件文件）"),
    retry_errors: bool = typer.Option(False, "--retry-errors",
                                      help="重新处理上次超时、超出资源限制或异常退出的文件（其余结果照常复用）"),
    cluster: Optional[str] = typer.Option(None, "--cluster", envvar="SHENBAO_CLUSTER",
                                          help="在 Dask 集群上处理：调度器地址 tcp://HOST:8786，或 local（本机 LocalCluster）；"
                                               "也可写在 shenbao.toml 的 [cluster] address"),
) -> None:
    """批量预审：对照申报指南逐份检查申报书，输出报告、汇总表（CSV/XLSX）和索引页。

    例：shenbao screen --guide corpus/guides/cz2023_hvp/guide.docx --out reports/ corpus/applications/
    """
    if not guide_path.exists():
        _err(f"错误：找不到申报指南 {guide_path}")
        raise typer.Exit(2)
    if (workers is None or workers > 0) and not cluster and not Path("shenbao.toml").exists():
        # the local pool's forkserver preloads the extractors (~1.4 s) while this process
        # imports the batch layer and loads the guide, instead of after (issue 15)
        from pipeline.batch.forkserver import prestart

        prestart()
    from pipeline.batch.run import BatchOptions, load_guide, run_batch

    from extractors.guide.checkup import NotAGuideError

    try:
        schema = load_guide(guide_path)
    except NotAGuideError as exc:
        _err(f"错误：{guide_path} 不能作为申报指南使用：{exc.message}")
        raise typer.Exit(1)
    except Exception as exc:  # the tool cannot run without a guide: non-zero exit
        _err(f"错误：无法读取申报指南 {guide_path}：{exc}")
        raise typer.Exit(1)
    recv = None
    if received_on:
        try:
            recv = date.fromisoformat(received_on)
        except ValueError:
            _err("错误：--received-on 应为 YYYY-MM-DD 格式，例如 2023-06-20")
            raise typer.Exit(2)
    missing = [p for p in inputs if not p.exists() and not p.is_symlink()]
    if missing and len(missing) == len(inputs):  # nothing to screen: a mistyped command
        _err("错误：找不到 " + "、".join(map(str, missing)))
        raise typer.Exit(2)
    if missing:  # the others are screened; each missing path becomes an error row
        _err("注意：找不到 " + "、".join(map(str, missing)) + "，其余文件照常预审，汇总表中列为无法处理。")
    if out.exists() and not out.is_dir():
        _err(f"错误：--out 应为文件夹，而 {out} 是一个文件。请换一个文件夹名。")
        raise typer.Exit(2)
    _check_choice(schema, program, track)  # a typo stops here, before any file is read
    extra = {"workers": workers} if workers is not None else {}  # default: the machine's cores
    from pipeline.batch.cluster import ClusterError, require_dask, settings

    try:
        extra["cluster"] = settings(cluster)  # --cluster, $SHENBAO_CLUSTER, then ./shenbao.toml
        if extra["cluster"] is not None:
            require_dask()
    except ClusterError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2)
    opts = BatchOptions(
        guide=schema, out_dir=out, program=program, track=track, received_on=recv,
        timeout_s=timeout, progress=True, folders_as_submissions=per_folder,
        retry_errors=retry_errors, guide_file=guide_path, **extra,
    )
    try:
        result = run_batch(list(inputs), opts)
    except ClusterError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(1)
    except KeyboardInterrupt:
        _err(f"已中断。已完成的结果已写入 {out.resolve()}（summary.csv、summary.xlsx、index.html）；"
             "重新运行同一命令即可从中断处继续，已完成的文件不会重复处理。")
        raise typer.Exit(130)
    _print_summary(result, out)


def _check_choice(schema, program: Optional[str], track: Optional[str]) -> None:
    """An unknown --program or --track stops before any work, listing what the guide holds."""
    from pipeline.screen.select import ProgramSelectionError, by_override, listing

    chosen = None
    if program:
        try:
            chosen = by_override(schema, program)
        except ProgramSelectionError as exc:
            _err(f"错误：{exc.message if hasattr(exc, 'message') else exc}")
            raise typer.Exit(2)
    if track:
        progs = [chosen] if chosen else schema.programs
        names = {n for p in progs for t in p.tracks for n in (t.id, t.name)}
        if track not in names:
            _err(f"错误：指南中没有“{track}”这一类别。\n{listing(schema)}")
            raise typer.Exit(2)


def _print_summary(result, out: Path) -> None:
    """End of a batch: counts per decision, the files in error with their reason, what was
    reused from earlier runs, and where the reports are."""
    from rich.console import Console
    from rich.table import Table

    from pipeline import labels

    console = Console(stderr=True, highlight=False)
    table = Table(title=f"预审完成：共 {result.total} 个文件")
    table.add_column("结论")
    table.add_column("份数", justify="right")
    for d in ("eligible", "ineligible", "incomplete", "needs_review", "error"):
        if result.counts.get(d):
            table.add_row(labels.decision(d), str(result.counts[d]))
    console.print(table)
    if result.cached:
        console.print(f"其中 {result.cached} 个文件未改动，沿用上次结果（加 --retry-errors 可重新处理出错的文件）。")
    errors = [r for r in result.rows if r.decision == "error"]
    for r in errors[:20]:
        console.print(f"  无法处理：{r.file} —— {r.error_message}", markup=False)
    if len(errors) > 20:
        console.print(f"  ……另有 {len(errors) - 20} 个，见 summary.csv")
    console.print(f"报告已写入 {out.resolve()}（index.html、summary.csv、summary.xlsx）", markup=False)


@app.command()
def schema(
    which: str = typer.Argument("all", help="guide、claims、report、gold 或 all"),
) -> None:
    """打印数据模型的 JSON Schema（供其他工具读取）。

    例：shenbao schema report
    """
    import models

    table = {
        "guide": models.GuideSchema,
        "claims": models.ApplicationClaims,
        "report": models.ScreeningReport,
        "gold": models.ApplicationGold,
        "document": models.Document,
    }
    if which == "all":
        data = {k: v.model_json_schema() for k, v in table.items()}
    elif which in table:
        data = table[which].model_json_schema()
    else:
        _err(f"错误：未知的模型 {which}；可选：{'、'.join(table)}、all")
        raise typer.Exit(2)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def validate(file: Path = typer.Argument(..., help="编辑过的申报要求文件（.yaml/.json）")) -> None:
    """检查编辑过的申报要求文件，逐条给出行号和修改建议。

    例：shenbao validate G.yaml
    """
    from pipeline.schema.yaml_io import validate_file

    problems = validate_file(file)
    for p in problems:
        typer.echo(p)
    if problems:
        _err(f"共 {len(problems)} 个问题。")
        raise typer.Exit(1)
    _err("检查通过。")


@app.command()
def diff(
    old: Path = typer.Argument(..., help="旧指南（文档或 .json/.yaml 要求文件）"),
    new: Path = typer.Argument(..., help="新指南（文档或 .json/.yaml 要求文件）"),
    json_out: Optional[Path] = typer.Option(None, "--json", help="另存 JSON（写 - 则输出到标准输出）"),
    html_out: Optional[Path] = typer.Option(None, "--html", help="另存 HTML 页面"),
    old_program: Optional[str] = typer.Option(None, "--old-program", help="旧指南中参与对比的项目（编号或名称）"),
    new_program: Optional[str] = typer.Option(None, "--new-program", help="新指南中参与对比的项目（编号或名称）"),
) -> None:
    """对比两年的申报指南：按指标和措辞对齐，列出新增、删除和修改的条目。

    例：shenbao diff corpus/guides/js2022_140/source.txt corpus/guides/js2026_hvp/source.txt --html diff.html
    """
    from pipeline.batch.run import load_guide
    from pipeline.schema.diff import diff_schemas
    from pipeline.render.diff_page import print_diff, render_diff_html

    for p in (old, new):
        if not p.exists():
            _err(f"错误：找不到文件 {p}")
            raise typer.Exit(2)
    result = diff_schemas(load_guide(old), load_guide(new), old_program, new_program)
    print_diff(result)
    if json_out is not None:  # JSON only when asked: --json FILE, or --json - for standard output
        _dump(result.model_dump_json(indent=2), None if str(json_out) == "-" else json_out)
    if html_out:
        _dump(render_diff_html(result), html_out)
    if json_out is None and html_out is None:
        _err("提示：加 --html diff.html 可另存对比页面，加 --json 文件名（或 --json -）可输出 JSON。")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
