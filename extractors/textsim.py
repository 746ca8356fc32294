"""Character-bigram similarity of two short Chinese texts (names, limits, titles).

Why bigrams: Chinese has no spaces, and a name is often reworded by reordering or
shortening (研发投入比例 for 研发投入占营业收入比例, 信用承诺书 for 诚信承诺书); the
share of adjacent character pairs two texts have in common survives that where
word matching does not. Callers clean the text first (spaces, punctuation,
place names): what counts as noise differs between them.
"""
from __future__ import annotations


def bigrams(text: str, keep_single: bool = False) -> set[str]:
    """The set of adjacent character pairs of `text`. A one-character text has none,
    unless `keep_single`: then it is its own gram (so a one-character name can still match)."""
    grams = {text[i: i + 2] for i in range(len(text) - 1)}
    return grams or ({text} if keep_single and text else set())


def bigram_list(text: str) -> list[str]:
    """Adjacent character pairs in order, repeats kept; a one-character text is its own gram."""
    return [text[i: i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def dice(a: str, b: str, keep_single: bool = False) -> float:
    """Dice coefficient of the bigram sets: 2·|A∩B| / (|A|+|B|); 0.0 when either has none."""
    x, y = bigrams(a, keep_single), bigrams(b, keep_single)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def multiset_dice(a: str, b: str) -> float:
    """Dice coefficient over bigram lists, a repeated pair counted as often as it occurs
    in both (the evaluation's and the diff's measure)."""
    ga, gb = bigram_list(a), bigram_list(b)
    if not ga or not gb:
        return 0.0
    pool: dict[str, int] = {}
    for g in gb:
        pool[g] = pool.get(g, 0) + 1
    common = 0
    for g in ga:
        if pool.get(g, 0):
            pool[g] -= 1
            common += 1
    return 2 * common / (len(ga) + len(gb))


def containment(part: str, whole: str, keep_single: bool = False) -> float:
    """Share of `part`'s bigrams found in `whole`; 0.0 when `part` has none."""
    x = bigrams(part, keep_single)
    return len(x & bigrams(whole, keep_single)) / len(x) if x else 0.0
