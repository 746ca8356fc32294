"""Generate the labeled application corpus: python corpus/make_applications.py [--no-pdf]

Writes corpus/applications/<id>.docx, <id>.pdf (LibreOffice headless),
<id>.gold.yaml and index.yaml, deterministically, and prints counts.

Partial runs leave every other file untouched (index.yaml is always rewritten):
  --only app106-app145            write DOCX, PDF and gold of these ids only
  --only questionnaire,app007     layouts and ids may be mixed
  --only app001-app105 --gold-only   rewrite only the gold YAML (DOCX/PDF kept)
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "applications"))

from appgen import build  # noqa: E402


def select(spec: str) -> set[str]:
    """app106-app145, app007, questionnaire → the set of application ids."""
    ents = build.entries()
    ids: set[str] = set()
    for part in filter(None, (x.strip() for x in spec.split(","))):
        if "-" in part:
            lo, hi = part.split("-")
            ids |= {e.id for e in ents if lo <= e.id <= hi}
        elif part.startswith("app"):
            ids.add(part)
        else:
            hit = {e.id for e in ents if e.layout == part}
            if not hit:
                raise SystemExit(f"未知的版式或编号：{part}")
            ids |= hit
    return ids


def main() -> None:
    ap = argparse.ArgumentParser(description="生成带标注的申报书语料（DOCX/PDF/gold）")
    ap.add_argument("--no-pdf", action="store_true", help="只生成 DOCX 与 gold，不调用 LibreOffice")
    ap.add_argument("--out", default=str(HERE / "applications"))
    ap.add_argument("--only", help="只重写这些申报书：编号、编号区间（app106-app145）或版式名，逗号分隔")
    ap.add_argument("--gold-only", action="store_true", help="与 --only 合用：只重写 gold，不动 DOCX/PDF")
    args = ap.parse_args()
    if args.gold_only and not args.only:
        ap.error("--gold-only 需要与 --only 一起使用")
    only = select(args.only) if args.only else None
    res = build.main(Path(args.out), pdf=not args.no_pdf, only=only, gold_only=args.gold_only)
    idx = res["index"]
    print(f"共 {res['count']} 份申报书（本次写入 DOCX/PDF {res['written']} 份）；DOCX+gold {res['docx_seconds']} s，"
          f"总计 {res['total_seconds']} s")
    for key in ("layout", "split", "program", "decision"):
        c = collections.Counter((e["guide"] + "/" + e["program"] + ("/" + e["track"] if e["track"] else ""))
                                if key == "program" else e[key] for e in idx)
        print(f"{key}: " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))
    c = collections.Counter(e["scenario"].split("_")[0] for e in idx)
    print("scenario kinds: " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))
    c = collections.Counter(f for e in idx for f in e["features"])
    print("features: " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))


if __name__ == "__main__":
    main()
