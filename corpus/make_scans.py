"""Image-only renditions of corpus PDFs: what a printed-and-scanned submission looks like.

Why: applicants scan signed pages (信用承诺书), licences and sometimes a whole
申报书. These renditions keep the gold of the file they were rendered from, so
the evaluation can put the OCR path's figures next to the text path's on the
same documents. Each page is rasterized with pypdfium2 at ~150 dpi, greyed a
little like scanner paper, optionally given mild noise and a tilt of at most
1°, and re-wrapped as an image-only PDF (Pillow, JPEG pages). A "partial" scan
replaces only some pages of a text PDF by their scans (the signed page scanned
and inserted among typed pages). Everything is seeded: re-running gives the
same pixels.

Run: python corpus/make_scans.py [--only ID] [--dpi 150]
Output: corpus/scans/<id>.pdf and corpus/scans/index.yaml (paths relative to corpus/).
"""
from __future__ import annotations

import argparse
import hashlib
import time
import io
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import yaml
import numpy as np
from PIL import Image, ImageFilter

CORPUS = Path(__file__).resolve().parent
OUT = CORPUS / "scans"
SEED = 20250301
FIXED = {"creationDate": time.gmtime(1740787200), "modDate": time.gmtime(1740787200)}  # byte-stable output


@dataclass
class Spec:
    id: str
    source: str                 # PDF, relative to corpus/
    gold: str                   # gold file of the source, relative to corpus/
    original: str               # id in applications/index.yaml or guides/index.yaml
    kind: str                   # application | guide
    noise: bool = True
    max_tilt: float = 1.0       # degrees
    pages: list[int] = field(default_factory=list)  # 1-based pages to scan; empty = all
    note: str = ""


def _app(aid: str, noise: bool = True, pages: list[int] | None = None, note: str = "") -> Spec:
    suffix = "_scan" if not pages else "_p" + "_".join(map(str, pages)) + "scan"
    return Spec(aid + suffix, f"applications/{aid}.pdf", f"applications/{aid}.gold.yaml", aid, "application",
                noise=noise, pages=pages or [], note=note)


# Layouts and outcomes spread: form / narrative / mixed, eligible and not, a missing material.
SPECS: list[Spec] = [
    _app("app001", noise=False, note="form layout, clean render, no tilt or noise"),
    _app("app002", note="narrative, ineligible (研发费用占比)"),
    _app("app003", note="mixed layout with a financial table over a page break"),
    _app("app007", note="form layout, ineligible (利税)"),
    _app("app017", note="narrative, incomplete: the 信用承诺书 is really missing"),
    _app("app020", note="narrative, js2022 guide"),
    _app("app006", note="mixed layout with a long patent list table"),
    _app("app022", note="form layout, js2022 guide"),
    _app("app003", pages=[5], note="typed PDF whose signed 信用承诺书 page (p.5) is a scan"),
    Spec("cz2023_hvp_guide_scan", "guides/cz2023_hvp/guide.pdf", "guides/cz2023_hvp/gold.yaml", "cz2023_hvp",
         "guide", note="seed guide 004 printed and scanned"),
]


def scan_page(page, dpi: int, rng: random.Random, noise: bool, max_tilt: float) -> tuple[Image.Image, float]:
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    tilt = 0.0
    # scanner paper is never pure white, toner never pure black
    image = image.point(lambda v: 28 + v * (236 - 28) // 255)
    if noise:
        tilt = round(rng.uniform(-max_tilt, max_tilt), 2)
        noise = np.random.default_rng(rng.getrandbits(32)).normal(0, 6, (image.height, image.width))
        image = Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
        image = image.filter(ImageFilter.GaussianBlur(0.4))
        image = image.rotate(tilt, resample=Image.BICUBIC, expand=False, fillcolor=236)
    return image, tilt


def _stable(pdf: bytes) -> bytes:
    """PDFium stamps the save time and a time-based /ID: fixed values of the same
    length (xref offsets stay valid), so re-running gives the same bytes."""
    pdf = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20250301000000", pdf)
    digest = hashlib.md5(re.sub(rb"/ID\[<[0-9A-Fa-f]+><[0-9A-Fa-f]+>\]", b"", pdf)).hexdigest().upper().encode()
    return re.sub(rb"/ID\[<[0-9A-Fa-f]{32}><[0-9A-Fa-f]{32}>\]", b"/ID[<" + digest + b"><" + digest + b">]", pdf)


def _split(spec: Spec) -> str:
    """The original's split (dev / heldout), so the evaluation reports scans with it."""
    index = CORPUS / ("applications/index.yaml" if spec.kind == "application" else "guides/index.yaml")
    data = yaml.safe_load(index.read_text("utf-8"))
    entries = data["applications"] if isinstance(data, dict) else data
    return next((e.get("split", "dev") for e in entries if e["id"] == spec.original), "dev")


def make(spec: Spec, dpi: int) -> dict:
    rng = random.Random(f"{SEED}:{spec.id}")  # tilt and grain: the same pixels on every run
    src = pdfium.PdfDocument(CORPUS / spec.source)
    wanted = spec.pages or list(range(1, len(src) + 1))
    scans: dict[int, Image.Image] = {}
    tilts: list[float] = []
    for n in wanted:
        page = src[n - 1]
        scans[n], tilt = scan_page(page, dpi, rng, spec.noise, spec.max_tilt)
        tilts.append(tilt)
        page.close()
    OUT.mkdir(exist_ok=True)
    target = OUT / f"{spec.id}.pdf"
    if not spec.pages:
        images = [scans[n] for n in wanted]
        images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi, quality=60, **FIXED)
    else:  # typed pages kept, the chosen ones replaced by their scans
        out = pdfium.PdfDocument.new()
        for n in range(1, len(src) + 1):
            if n in scans:
                buf = io.BytesIO()
                scans[n].save(buf, format="PDF", resolution=dpi, quality=60, **FIXED)
                out.import_pages(pdfium.PdfDocument(buf.getvalue()))
            else:
                out.import_pages(src, [n - 1])
        buf = io.BytesIO()
        out.save(buf)
        out.close()
        target.write_bytes(_stable(buf.getvalue()))
    src.close()
    return {
        "id": spec.id, "kind": spec.kind, "original": spec.original, "split": _split(spec),
        "source": spec.source, "gold": spec.gold,
        "pdf": f"scans/{spec.id}.pdf", "scanned_pages": spec.pages or "all", "dpi": dpi,
        "noise": spec.noise, "tilt_degrees": tilts, "note": spec.note,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="scan id")
    ap.add_argument("--dpi", type=int, default=150)
    args = ap.parse_args(argv)
    specs = [s for s in SPECS if not args.only or s.id == args.only]
    missing = [s for s in specs if not (CORPUS / s.source).exists()]
    if missing:  # the applications are generated by make_applications.py; fall back to the guides
        print("missing sources (skipped):", ", ".join(s.source for s in missing), file=sys.stderr)
        specs = [s for s in specs if s not in missing]
        if not any(s.kind == "application" for s in specs) and not args.only:
            specs += [Spec(f"{g.parent.name}_guide_scan", f"guides/{g.parent.name}/guide.pdf",
                           f"guides/{g.parent.name}/gold.yaml", g.parent.name, "guide")
                      for g in sorted((CORPUS / "guides").glob("*/guide.pdf")) if g.parent.name != "cz2023_hvp"][:3]
    index_path = OUT / "index.yaml"
    old = yaml.safe_load(index_path.read_text("utf-8")) if index_path.exists() else None
    entries = {e["id"]: e for e in (old or {}).get("scans", [])}
    for spec in specs:
        entries[spec.id] = make(spec, args.dpi)
        print(f"{spec.id}: {entries[spec.id]['pdf']}")
    header = ("# Image-only renditions made by corpus/make_scans.py (paths relative to corpus/).\n"
              "# Each scan keeps the gold of the PDF it was rendered from: `original` is its id in\n"
              "# applications/index.yaml or guides/index.yaml; `scanned_pages` is `all` or the pages replaced.\n")
    body = yaml.safe_dump({"seed": SEED, "scans": [entries[k] for k in sorted(entries)]},
                          allow_unicode=True, sort_keys=False)
    index_path.write_text(header + body, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
