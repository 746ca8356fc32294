"""Renders a GuideDiff for the terminal and as a static HTML page (autoescaped)."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.table import Table

from models.diff import GuideDiff
from pipeline import labels

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]))


def nothing_in_common(diff: GuideDiff) -> bool:
    """No program of one file pairs with a program of the other: nothing to compare."""
    return not any(o and n for o, n in diff.programs)


def print_diff(diff: GuideDiff, console: Console | None = None) -> None:
    console = console or Console(stderr=True)
    for o, n in diff.programs:
        console.print(f"对比：{o or '（无）'} → {n or '（无）'}")
    if diff.not_compared:
        console.print("未参与对比：" + "、".join(diff.not_compared))
    if nothing_in_common(diff):
        console.print("两份文件没有可以对齐的项目或条目：它们可能不是同一项目前后两年的指南，请确认所选文件。")
    table = Table(show_lines=False)
    for col in ("变化", "类型", "说明"):
        table.add_column(col)
    for it in diff.items:
        table.add_row(labels.change(it.change), labels.schema_field(it.field), it.summary)
    console.print(table)
    console.print(f"共 {len(diff.items)} 处变化")


def render_diff_html(diff: GuideDiff) -> str:
    return _ENV.get_template("diff.html").render(diff=diff, labels=labels.changes())
