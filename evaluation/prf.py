"""Precision/recall/F1 counts and multiset matching, in spaCy's PRFScore style."""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from extractors import textsim


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "PRF") -> "PRF":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Mismatch:
    field: str
    gold: str | None
    predicted: str | None
    quote: str = ""
    where: str = ""


@dataclass
class Tally:
    """PRF per field name plus the list of mismatches."""

    fields: dict[str, PRF] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    # field -> {bucket: count} of missed gold items (evaluation.miss_buckets)
    missed_where: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, name: str, prf: PRF) -> None:
        self.fields.setdefault(name, PRF())
        self.fields[name] += prf

    def merge(self, other: "Tally") -> None:
        for k, v in other.fields.items():
            self.add(k, v)
        self.mismatches.extend(other.mismatches)
        for k, counts in other.missed_where.items():
            mine = self.missed_where.setdefault(k, {})
            for b, n in counts.items():
                mine[b] = mine.get(b, 0) + n

    def total(self) -> PRF:
        t = PRF()
        for v in self.fields.values():
            t += v
        return t


def match_multiset(
    gold: Iterable, pred: Iterable, key: Callable[[object], Hashable] | None = None,
    same: Callable[[object, object], bool] | None = None,
) -> tuple[PRF, list, list]:
    """Match items one to one; returns (counts, unmatched gold, unmatched predicted).

    With `key`, items match when keys are equal; with `same`, by a predicate
    (fuzzy fields such as exclusion wording), as a maximum matching: first-fit
    let one prediction take a gold item whose quote merely contains it (无重大质量投诉
    inside a longer quote) and leave the item it was written for unmatched.
    """
    gold, pred = list(gold), list(pred)
    ok = [[j for j, p in enumerate(pred) if (same(g, p) if same else key(g) == key(p))] for g in gold]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in ok[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    matched = {i for i in range(len(gold)) if augment(i, set())}
    missed = [g for i, g in enumerate(gold) if i not in matched]
    left = [p for j, p in enumerate(pred) if j not in owner]
    return PRF(len(owner), len(left), len(missed)), missed, left


def bigram_dice(a: str, b: str) -> float:
    """Character-bigram Dice similarity (whitespace ignored); robust to CJK word order changes."""
    return textsim.multiset_dice("".join(a.split()), "".join(b.split()))
