"""Loads the domain lexicons kept as data next to this module.

Why a loader and not literals: metric ids, aliases, titles and materials change
with every province and year; staff and developers edit YAML, not code. All
lookups are longest-alias-first so 有效发明专利 is never read as 有效专利.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
# libyaml's loader when PyYAML was built with it: the same safe subset, about 15×
# faster, which is a third of a cached `shenbao guide` (issue 15); pure Python otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    """yaml.safe_load through libyaml when available: every data file of the project
    goes through here (schema files staff edit keep the line-tracking loader)."""
    return yaml.load(stream, Loader=_LOADER)


def load_yaml(name: str) -> dict:
    """One data file (data/<name>) as a dict; an empty file is {}."""
    with open(DATA / name, encoding="utf-8") as fh:
        return safe_load(fh) or {}


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    aliases: tuple[str, ...]
    extra: dict = field(default_factory=dict, hash=False, compare=False)


class Vocabulary:
    """A set of entries with an alias index sorted longest first."""

    def __init__(self, entries: dict[str, Entry]):
        self.entries = entries
        pairs = {(a, e.id) for e in entries.values() for a in (*e.aliases, e.name)}
        self.alias_index = sorted(pairs, key=lambda p: (-len(p[0]), p[0]))

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, id) matches, longest alias wins."""
        taken = [False] * len(text)
        out: list[tuple[int, int, str]] = []
        for alias, eid in self.alias_index:
            pos = text.find(alias)
            while pos != -1:
                end = pos + len(alias)
                if not any(taken[pos:end]):
                    out.append((pos, end, eid))
                    for i in range(pos, end):
                        taken[i] = True
                pos = text.find(alias, pos + 1)
        return sorted(out)

    def first(self, text: str) -> str | None:
        hits = self.find_all(text)
        return hits[0][2] if hits else None

    def name(self, eid: str) -> str:
        e = self.entries.get(eid)
        return e.name if e else eid

    def __contains__(self, eid: str) -> bool:
        return eid in self.entries


def _vocab(section: dict) -> Vocabulary:
    entries = {}
    for eid, spec in section.items():
        spec = dict(spec)
        name = spec.pop("name")
        aliases = tuple(spec.pop("aliases", []) or [])
        entries[eid] = Entry(eid, name, aliases, spec)
    return Vocabulary(entries)


@lru_cache(maxsize=None)
def metrics() -> Vocabulary:
    return _vocab(load_yaml("metrics.yaml")["metrics"])


@lru_cache(maxsize=None)
def applicant_types() -> Vocabulary:
    return _vocab(load_yaml("applicant_types.yaml")["applicant_types"])


@lru_cache(maxsize=None)
def applicant_type_groups() -> dict[str, list[str]]:
    return dict(load_yaml("applicant_types.yaml").get("groups", {}))


@lru_cache(maxsize=None)
def standings() -> dict[str, Vocabulary]:
    """Vocabularies of titles, awards and platforms."""
    raw = load_yaml("titles.yaml")
    return {k: _vocab(raw[k]) for k in ("titles", "awards", "platforms")}


@lru_cache(maxsize=None)
def triggers() -> dict[str, list[str]]:
    return dict(load_yaml("titles.yaml").get("triggers", {}))


@lru_cache(maxsize=None)
def materials() -> Vocabulary:
    return _vocab(load_yaml("materials.yaml")["materials"])


@lru_cache(maxsize=None)
def regions() -> dict[str, dict[str, str]]:
    raw = load_yaml("regions.yaml")
    return {k: {str(c): n for c, n in (raw.get(k) or {}).items()} for k in ("provinces", "cities", "districts")}


def metric_unit(mid: str | None) -> str | None:
    """The unit metrics.yaml gives a metric id (件, 万元, %); None for an unknown id."""
    e = metrics().entries.get(mid)
    return e.extra.get("unit") if e else None


def metric_kind(mid: str | None) -> str | None:
    """The kind metrics.yaml gives a metric id (amount, ratio, count …); None for an unknown id."""
    e = metrics().entries.get(mid)
    return e.extra.get("kind") if e else None


def region_of(division_code: str) -> tuple[str | None, str | None]:
    """(province, city) names for a 2-6 digit division code prefix."""
    r = regions()
    return r["provinces"].get(division_code[:2]), r["cities"].get(division_code[:4])


USERDICT = DATA / "userdict.txt"


# ---------------------------------------------------------------- word lists
# Words that regular expressions in code are built around (我省|我市, 拨付|分期, 不|未|无 …).
# The pattern's structure (groups, lookarounds, anchors) stays next to the code that
# reads its groups; the words live in data/wordlists.yaml, where staff can add one.

WORDLISTS = "wordlists.yaml"


@lru_cache(maxsize=None)
def _wordlists() -> dict[str, tuple[str, ...] | dict[str, str]]:
    """Each list as a tuple of words, or (a list written as word: value) an ordered dict."""
    out: dict[str, tuple[str, ...] | dict[str, str]] = {}
    for name, ws in load_yaml(WORDLISTS).items():
        out[name] = {str(k): str(v) for k, v in ws.items()} if isinstance(ws, dict) else tuple(str(w) for w in ws or [])
    return out


def wordlist_names() -> list[str]:
    """Every list name data/wordlists.yaml defines, in file order."""
    return list(_wordlists())


def _wordlist(name: str):
    lists = _wordlists()
    if name not in lists:
        raise KeyError(f"no word list {name!r} in {WORDLISTS}")
    return lists[name]


def words(name: str) -> list[str]:
    """The words of one list, in the file's order. An unknown name is a KeyError, never
    an empty list: a typo must fail, not silently match nothing."""
    return list(_wordlist(name))


def word_map(name: str) -> dict[str, str]:
    """A list written as word: value (国家级: national), in the file's order."""
    ws = _wordlist(name)
    if not isinstance(ws, dict):
        raise TypeError(f"word list {name!r} in {WORDLISTS} has no values")
    return dict(ws)


def alternation(name: str) -> str:
    """The list as a regex alternation (a|b|c), each word escaped, in the file's order.

    The order is kept, not sorted: the leftmost alternative that matches wins, so
    the file lists a longer word before a shorter one it starts with when that matters."""
    return "|".join(re.escape(w) for w in words(name))


@lru_cache(maxsize=None)
def derived_sums() -> dict[str, list[str]]:
    """metric id → the metric ids it is the sum of (data/derived_metrics.yaml)."""
    return {k: list(v) for k, v in (load_yaml("derived_metrics.yaml").get("derived_sums") or {}).items()}
