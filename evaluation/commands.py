"""`shenbao eval`: the evaluation command, added to the pipeline's CLI from the layer above it.

Why here and not in pipeline/cli.py: evaluation scores the pipeline, so it imports the
pipeline and never the other way round. This module's `app` (pipeline.cli's commands plus
this one) is the typer application behind the `shenbao` console script (evaluation.cli),
so the pipeline layer needs no import of evaluation.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import app

__all__ = ["app"]


@app.command("eval")
def eval_cmd(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="标注语料文件夹"),
    split: str = typer.Option("dev", "--split", help="dev、heldout 或 all"),
    out: Path = typer.Option(Path("out/eval"), "--out", "-o", help="metrics.json 与报告输出文件夹"),
    gate: bool = typer.Option(False, "--gate", help="低于 evaluation/floors.yaml 中的下限时以非零状态退出"),
    formats: str = typer.Option("text,docx,pdf", "--formats", help="参与评测的格式"),
    model: Optional[str] = typer.Option(None, "--model", help="本地 sentence-transformers 模型目录（语义层对比评测用）"),
) -> None:
    """在标注语料上评测整个流程（指南解析、信息抽取、预审结论），打印表格并写出报告。

    例：shenbao eval --split dev --out out/eval
    """
    import os

    from evaluation.run import run_evaluation

    if model:
        os.environ["SHENBAO_MODEL"] = model
    if split not in ("dev", "heldout", "all"):
        typer.echo("错误：--split 只能是 dev、heldout 或 all", err=True)
        raise typer.Exit(2)
    ok = run_evaluation(corpus, split=split, out=out, gate=gate, formats=tuple(formats.split(",")))
    if gate and not ok:
        raise typer.Exit(1)
