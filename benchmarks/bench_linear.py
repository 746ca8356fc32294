"""Is text processing linear? Prints, for adversarial inputs (long runs of digits,
Chinese numerals, word characters, colons, dates, comparisons …), the time of
claims and guide extraction at N and 4N characters side by side, and their ratio.

A ratio near 4 is linear; near 16 is quadratic (issue 14.3: one quadratic pattern
made a file time out). A script, not a test: timings never gate CI.

    python benchmarks/bench_linear.py [N]
"""
from __future__ import annotations

import sys
import time

from extractors.claims import extract_claims
from extractors.guide import extract_guide
from extractors.readers import read_text

CASES = {
    "digits": lambda n: "营业收入" + "1" * n + "万元。",
    "cn numerals": lambda n: "一二三四五六七八九十" * (n // 10),
    "word chars": lambda n: "abc123" * (n // 6),
    "latin": lambda n: "a" * n,
    "colons": lambda n: "：" * n,
    "labels": lambda n: "单位名称：某某" * (n // 7),
    "years": lambda n: "2023年" * (n // 5),
    "periods": lambda n: "近三年" * (n // 3),
    "comparisons": lambda n: "不低于5" * (n // 4),
    "percents": lambda n: "3%" * (n // 2),
    "parens": lambda n: "（" * n,
}


def _time(text: str) -> tuple[float, float]:
    doc = read_text(text, "<bench>")
    t0 = time.perf_counter()
    extract_claims(doc)
    t1 = time.perf_counter()
    extract_guide(doc)
    return t1 - t0, time.perf_counter() - t1


def main(n: int) -> None:
    print(f"{'input':14s} {'claims N':>9s} {'claims 4N':>10s} {'ratio':>6s} {'guide N':>8s} {'guide 4N':>9s} {'ratio':>6s}")
    for name, make in CASES.items():
        c1, g1 = _time(make(n))
        c4, g4 = _time(make(4 * n))
        print(f"{name:14s} {c1:9.3f} {c4:10.3f} {c4 / max(c1, 1e-3):6.1f} {g1:8.3f} {g4:9.3f} {g4 / max(g1, 1e-3):6.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
