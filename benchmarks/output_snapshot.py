"""Fingerprint every output the product gives on the whole corpus, to prove a refactor changed nothing.

Why: a restructuring (issue 17) must leave every decision, report and schema byte-for-byte the
same. This script produces them all into one folder (schemas of every corpus guide in every
rendition and of every real notice, claims of every application, the README's main batch job
with its reports, summaries and index pages, the evaluation, the seed-pair diff, the published
JSON Schemas, a validation and a rebuilt review page), masks what legitimately differs between
two runs (timestamps, durations, the output folder's own path) and writes one SHA-256 per file.

    python benchmarks/output_snapshot.py --out /tmp/snap_before
    python benchmarks/output_snapshot.py --out /tmp/snap_after --compare /tmp/snap_before

The comparison prints every file that differs (first differing line) and exits 1 if any does.
Guides and claims go through the extractors' public API (extractors.guide / extractors.claims /
extractors.readers, unchanged by the restructuring); everything else through the CLI.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("SHENBAO_REAL_GUIDES", ROOT.parent / "shared" / "real-guides"))

_MASKS = [
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?"), "<TIME>"),
    (re.compile(r'("(?:total_seconds|seconds|elapsed|duration|elapsed_s|wall_s|cpu_s|per_call_ms|ms_per_item)[a-z_]*"\s*:\s*)[0-9.eE+-]+'), r"\1<DUR>"),
    # rows of the evaluation's time-per-stage table (markdown and terminal renderings)
    (re.compile(r"^([|│] ?(?:read_|extract_|screen|ocr|[a-z_]+\.ms_per_item)[^|│]*[|│]).*$", re.M), r"\1<TIMES>"),
    (re.compile(r"\b\d+(?:\.\d+)? ?(?:s|秒)\b(?=[^\n]{0,40}$)", re.M), "<DUR>"),
    (re.compile(r"用时\d+(?:\.\d+)?秒"), "用时<DUR>"),  # the batch's closing line (no \b after 时)
]


def _mask(text: str, out: Path, root: Path | None = None) -> str:
    text = text.replace(str(out.resolve()), "<OUT>").replace(str(out), "<OUT>")
    if root is not None:  # two checkouts of the same tree compare equal
        text = text.replace(str(root), "<ROOT>")
    for rx, rep in _MASKS:
        text = rx.sub(rep, text)
    return text


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    lines = []
    for ws in wb.worksheets:
        lines.append(f"## {ws.title} freeze={ws.freeze_panes} filter={ws.auto_filter.ref}")
        for row in ws.iter_rows():
            lines.append("\t".join("" if c.value is None else repr(c.value) for c in row))
    return "\n".join(lines)


def _sqlite_text(path: Path) -> str:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' order by name")]
        lines = []
        for t in tables:
            cols = [r[1] for r in con.execute(f"pragma table_info({t})")]
            keep = [c for c in cols if not re.search(r"time|at$|seconds|elapsed|mtime", c)]
            lines.append(f"## {t} {keep}")
            rows = con.execute(f"select {', '.join(keep)} from {t}").fetchall()
            lines.extend(sorted(repr(r) for r in rows))
        return "\n".join(lines)
    finally:
        con.close()


def _run(cmd: list[str], log: Path) -> None:
    # PYTHONPATH: the tree this script lives in, not whichever checkout the venv was installed from
    env = dict(os.environ, PYTHONHASHSEED="0", SHENBAO_CACHE="", PYTHONPATH=str(ROOT))
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    log.write_text(f"$ {' '.join(cmd)}\nrc={proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}",
                   encoding="utf-8")


def produce(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from extractors.claims import extract_claims
    from extractors.guide import extract_guide
    from extractors.readers import ReadError, read_document

    if out.exists():  # a left-over results store would make the batch resume instead of screen
        import shutil
        shutil.rmtree(out)
    out.mkdir(parents=True)
    py = sys.executable
    corpus = ROOT / "corpus"
    guides = yaml.safe_load((corpus / "guides" / "index.yaml").read_text(encoding="utf-8"))
    (out / "guides").mkdir(exist_ok=True)
    for g in guides:
        for fmt in ("text", "docx", "pdf"):
            if g.get(fmt):
                schema = extract_guide(read_document(corpus / g[fmt]))
                (out / "guides" / f"{g['id']}.{fmt}.json").write_text(schema.model_dump_json(indent=1), encoding="utf-8")
    for f in sorted(REAL.glob("[0-9][0-9]_*.txt")):
        schema = extract_guide(read_document(f))
        (out / "guides" / f"real_{f.stem[:2]}.json").write_text(schema.model_dump_json(indent=1), encoding="utf-8")
    (out / "claims").mkdir(exist_ok=True)
    apps = sorted(p for p in (corpus / "applications").iterdir() if p.suffix in (".docx", ".pdf"))
    apps += sorted((corpus / "scans").glob("app*.pdf"))
    for p in apps:
        try:
            text = extract_claims(read_document(p)).model_dump_json(indent=1)
        except ReadError as exc:
            text = f"ReadError {exc.code}: {exc.message}"
        (out / "claims" / f"{p.parent.name}_{p.name}.json").write_text(text, encoding="utf-8")
    cli = [str(Path(py).parent / "shenbao")]
    (out / "cli").mkdir(exist_ok=True)
    _run([py, "-m", "pipeline.corpus_batch", "--out", str(out / "batch"), "--workers", "2"], out / "cli" / "corpus_batch.log")
    _run(cli + ["eval", "--split", "all", "--out", str(out / "eval")], out / "cli" / "eval.log")
    _run(cli + ["diff", str(corpus / "guides/js2022_140/source.txt"), str(corpus / "guides/js2026_hvp/source.txt"),
                "--json", str(out / "cli" / "diff.json"), "--html", str(out / "cli" / "diff.html")], out / "cli" / "diff.log")
    _run(cli + ["schema", "all"], out / "cli" / "schema.log")
    _run(cli + ["guide", str(corpus / "guides/gz_2025/guide.pdf"), "--format", "yaml", "--out", str(out / "cli" / "gz.yaml"),
                "--html", str(out / "cli" / "gz_review.html")], out / "cli" / "guide.log")
    _run(cli + ["validate", str(out / "cli" / "gz.yaml")], out / "cli" / "validate.log")
    _run(cli + ["claims", str(corpus / "applications/app001.docx")], out / "cli" / "claims.log")
    bad = out / "inputs"  # bad inputs beside good ones: the gate's messages are outputs too
    bad.mkdir(exist_ok=True)
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "text_as.pdf").write_text("这不是PDF文件", encoding="utf-8")
    (bad / "cut.pdf").write_bytes((corpus / "applications/app001.pdf").read_bytes()[:3000])
    (bad / "cut.docx").write_bytes((corpus / "applications/app001.docx").read_bytes()[:3000])
    (bad / "zip_as.docx").write_bytes(b"PK\x03\x04" + b"\0" * 200)
    (bad / "ole_as.doc").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600)
    _run(cli + ["screen", "--guide", str(corpus / "guides/js2026_hvp/guide.pdf"), "--out", str(out / "screen1"),
                str(corpus / "applications/app001.docx"), str(corpus / "scans/app001_scan.pdf"), str(bad)],
         out / "cli" / "screen.log")


def fingerprint(out: Path, root: Path | None = None) -> dict[str, str]:
    sums: dict[str, str] = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file() or p.name == "SHA256SUMS.json" or p.name.endswith(".masked"):
            continue
        rel = str(p.relative_to(out))
        if p.suffix == ".xlsx":
            text = _xlsx_text(p)
        elif p.suffix == ".sqlite":
            text = _sqlite_text(p)
        else:
            try:
                text = p.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                sums[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
                continue
        text = _mask(text, out, root)
        p.with_name(p.name + ".masked").write_text(text, encoding="utf-8")
        sums[rel] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (out / "SHA256SUMS.json").write_text(json.dumps(sums, indent=1, ensure_ascii=False), encoding="utf-8")
    return sums


def compare(a: Path, b: Path) -> int:
    sa = json.loads((a / "SHA256SUMS.json").read_text(encoding="utf-8"))
    sb = json.loads((b / "SHA256SUMS.json").read_text(encoding="utf-8"))
    bad = 0
    for rel in sorted(set(sa) | set(sb)):
        if sa.get(rel) == sb.get(rel):
            continue
        bad += 1
        if rel not in sa or rel not in sb:
            print(f"only in {'new' if rel in sb else 'old'}: {rel}")
            continue
        la = (a / (rel + ".masked")).read_text(encoding="utf-8").splitlines()
        lb = (b / (rel + ".masked")).read_text(encoding="utf-8").splitlines()
        first = next((i for i, (x, y) in enumerate(zip(la, lb)) if x != y), min(len(la), len(lb)))
        print(f"differs: {rel} (line {first + 1})\n  old: {la[first][:200] if first < len(la) else '<end>'}"
              f"\n  new: {lb[first][:200] if first < len(lb) else '<end>'}")
    print(f"{len(sb)} files compared, {bad} differ")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--compare", type=Path, help="an earlier snapshot folder to compare against")
    ap.add_argument("--no-produce", action="store_true", help="only fingerprint/compare an existing folder")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout the folder was produced from (masked)")
    args = ap.parse_args()
    if not args.no_produce:
        produce(args.out)
    fingerprint(args.out, args.root.resolve())
    return compare(args.compare, args.out) if args.compare else 0


if __name__ == "__main__":
    sys.exit(main())
