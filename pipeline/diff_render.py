"""Renders a GuideDiff for the terminal and as a static HTML page (autoescaped)."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.table import Table

from models.diff import GuideDiff

LABELS = {"added": "新增", "removed": "删除", "changed": "修改"}
_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]))


def print_diff(diff: GuideDiff, console: Console | None = None) -> None:
    console = console or Console(stderr=True)
    for o, n in diff.programs:
        console.print(f"对比：{o} → {n}")
    if diff.not_compared:
        console.print("未参与对比：" + "、".join(diff.not_compared))
    table = Table(show_lines=False)
    for col in ("变化", "类型", "说明"):
        table.add_column(col)
    for it in diff.items:
        table.add_row(LABELS[it.change], it.field, it.summary)
    console.print(table)
    console.print(f"共 {len(diff.items)} 处变化")


def render_diff_html(diff: GuideDiff) -> str:
    return _ENV.get_template("diff.html").render(diff=diff, labels=LABELS)
