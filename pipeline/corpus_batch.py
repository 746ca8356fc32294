"""The README's main job: batch pre-screening of the bundled application corpus.

Why a module and not a shell loop: the corpus holds applications to several
guides; a bureau screens one guide's folder at a time, so this groups the
corpus by the guide each application was written for, runs `run_batch` once per
guide (the guide parsed once from its PDF rendition, as staff would receive
it) and links the per-guide reports from one index page.

    python -m pipeline.corpus_batch --out reports
"""
from __future__ import annotations

import argparse
import html
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from pipeline.batch.run import BatchOptions, load_guide, run_batch

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="对内置语料中的全部申报书做批量预审")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=Path("reports"))
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args(argv)
    guides = {g["id"]: g for g in yaml.safe_load((args.corpus / "guides" / "index.yaml").read_text(encoding="utf-8"))}
    apps_index = yaml.safe_load((args.corpus / "applications" / "index.yaml").read_text(encoding="utf-8"))
    apps = apps_index.get("applications", apps_index) if isinstance(apps_index, dict) else apps_index
    by_guide: dict[str, list[Path]] = defaultdict(list)
    for a in apps:
        for fmt in ("docx", "pdf"):
            if a.get(fmt):
                by_guide[a["guide"]].append(args.corpus / "applications" / a[fmt])
    links = []
    for gid, files in sorted(by_guide.items()):
        entry = guides[gid]
        guide_file = args.corpus / (entry.get("pdf") or entry["text"])
        out = args.out / gid
        print(f"== {gid}: {len(files)} 份申报书，指南 {guide_file}", file=sys.stderr)
        extra = {"workers": args.workers} if args.workers is not None else {}
        opts = BatchOptions(guide=load_guide(guide_file), out_dir=out, progress=sys.stderr.isatty(), **extra)
        result = run_batch(files, opts)
        links.append((gid, entry.get("description", ""), result))
    rows = "".join(
        f"<tr><td><a href='{html.escape(g)}/index.html'>{html.escape(g)}</a></td><td>{html.escape(d)}</td>"
        f"<td>{r.total}</td><td>{r.errors}</td><td>{html.escape(str(dict(r.counts)))}</td></tr>"
        for g, d, r in links)
    page = ("<!doctype html><meta charset='utf-8'><title>shenbao 批量预审</title><h1>批量预审结果</h1>"
            "<table border=1 cellpadding=4><tr><th>指南</th><th>说明</th><th>文件数</th><th>出错</th><th>结论分布</th></tr>"
            f"{rows}</table>")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "index.html").write_text(page, encoding="utf-8")
    total = sum(r.total for _, _, r in links)
    errors = sum(r.errors for _, _, r in links)
    print(f"{total} processed, {errors} errors / 共处理{total}个文件，其中{errors}个出错；报告在 {args.out.resolve()}/index.html",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
