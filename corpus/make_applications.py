"""Generate the labeled application corpus: python corpus/make_applications.py [--no-pdf]

Writes corpus/applications/<id>.docx, <id>.pdf (LibreOffice headless),
<id>.gold.yaml and index.yaml, deterministically, and prints counts.
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "applications"))

from appgen import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description="生成带标注的申报书语料（DOCX/PDF/gold）")
    ap.add_argument("--no-pdf", action="store_true", help="只生成 DOCX 与 gold，不调用 LibreOffice")
    ap.add_argument("--out", default=str(HERE / "applications"))
    args = ap.parse_args()
    res = build.main(Path(args.out), pdf=not args.no_pdf)
    idx = res["index"]
    print(f"共 {res['count']} 份申报书；DOCX+gold {res['docx_seconds']} s，总计 {res['total_seconds']} s")
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
