"""Scores an extracted GuideSchema against the hand-read gold of a real notice.

Matching rules (unit-tested in tests/test_score_real.py). The gold is flat (no
programs/tracks structure), so every predicted item of every program is pooled:
- thresholds: the normalized quantities are equal (万/亿/千 prefixes and
  兆瓦/KW folded into the base unit, 周岁→岁, 个月→月, ㎡→平方米) and the
  predicted quote overlaps the gold quote (a common run of at least 6
  characters, or the whole shorter one). Stand-alone thresholds, any-of
  members, tiers and open (unmapped) thresholds all count. Among matched
  pairs the comparator is scored apart (`threshold_comparator`).
- deadlines: gold dates with role submission or recommendation against every
  predicted Deadline, keyed by the date; a predicted deadline on a gold
  `other` date is a false positive (a date with the wrong role).
- exclusions: quotes overlap (a common run ≥ min(10, 60% of the gold quote)).
- materials: names overlap (containment or bigram Dice ≥ 0.5); generic references
  (Material.generic: 附件材料, 相关证明材料) are guidance, not predictions.
- quotas: quotes overlap and, when both state it, the same max_count. An
  applicant's cap (同一单位限报1项) is held as an exclusion of the same item; such
  an exclusion may match a gold quota (it is never a quota false positive).
- programs: names overlap (bigram Dice ≥ 0.5 or containment); a program with
  tracks counts as its tracks.
Items copied into several programs from one source sentence count once; a
material named twice (the list and a later sentence) is one material.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from evaluation.prf import PRF, Mismatch, Tally, bigram_dice, match_multiset
from models.gold import RealGuideGold
from models.schema import AnyOf, GuideSchema, Threshold

_PREFIX = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
_UNIT_ALIASES = {"㎡": "平方米", "平米": "平方米", "m2": "平方米", "周岁": "岁", "个月": "月", "kw": "千瓦",
                 "mw": "兆瓦", "兆瓦": "千千瓦", "个百分点": "%", "％": "%", "名": "人", "位": "人", "家企业": "家"}


def norm_quantity(value: float, unit: str) -> tuple[float, str]:
    """(value in the base unit, base unit); 1.2亿元 → (1.2e8, 元), 1兆瓦 → (1e6, 瓦)."""
    u = (unit or "").strip().replace(" ", "")
    u = _UNIT_ALIASES.get(u.lower(), _UNIT_ALIASES.get(u, u))
    mult = 1.0
    while len(u) > 1 and u[0] in _PREFIX:
        mult *= _PREFIX[u[0]]
        u = u[1:]
    return value * mult, u


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def overlaps(a: str, b: str, need: int = 6) -> bool:
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= min(need, len(a), len(b))


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


def predicted_thresholds(schema: GuideSchema) -> list[Threshold]:
    out = []
    for p in schema.programs:
        for c in p.conditions:
            if isinstance(c, Threshold):
                out.append(c)
                out.extend(getattr(c, "tiers", []) or [])
            elif isinstance(c, AnyOf):
                out.extend(c.members)
    return out


def _unique(items: list, key) -> list:
    """A notice-wide item copied into each program (a deadline of the notice) is one extraction."""
    seen, out = set(), []
    for it in items:
        src = getattr(it, "source", None)
        k = (src.start if src else None, src.quote if src else None, key(it))
        if k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _quote(item) -> str:
    src = getattr(item, "source", None)
    return (src.quote if src else "") or getattr(item, "text", "") or ""


def score_real(gold: RealGuideGold, pred: GuideSchema, where: str = "") -> Tally:
    t = Tally()

    def miss(field, missed, extra, show_g, show_p):
        for g in missed:
            t.mismatches.append(Mismatch(field, show_g(g), None, g.quote, where))
        for p in extra:
            t.mismatches.append(Mismatch(field, None, show_p(p), _quote(p), where))

    def th_same(g, p):
        gv, gu = norm_quantity(g.value, g.unit)
        pv, pu = norm_quantity(p.value, p.unit)
        return _same_value(gv, pv) and (gu == pu or not gu) and overlaps(g.quote, _quote(p))

    preds = _unique(predicted_thresholds(pred), lambda t: (t.value, t.unit, t.operator))
    prf, missed, extra = match_multiset(gold.thresholds, preds, same=th_same)
    t.add("thresholds", prf)
    miss("thresholds", missed, extra, lambda g: f"{g.subject} {g.comparator} {g.value:g}{g.unit}",
         lambda p: f"{p.metric or getattr(p, 'subject', '')} {p.operator} {p.value:g}{p.unit}")
    # comparator agreement among matched pairs
    comp = PRF()
    left = list(preds)
    for g in gold.thresholds:
        hit = next((p for p in left if th_same(g, p)), None)
        if hit is None:
            continue
        left.remove(hit)
        ok = g.comparator == hit.operator or (g.comparator == "range" and getattr(hit, "value_max", None) is not None)
        comp += PRF(1, 0, 0) if ok else PRF(0, 1, 1)
    t.add("threshold_comparator", comp)

    # the gold annotates a deadline restated in another article once (see the gold notes): a
    # predicted date of one kind counts once, whichever sentences state it
    deadlines = list({(d.date, d.kind): d for p in pred.programs for d in p.deadlines}.values())
    gold_dl = [d for d in gold.dates if d.role != "other"]
    prf, missed, extra = match_multiset(gold_dl, deadlines, same=lambda g, p: g.date == p.date.isoformat())
    t.add("deadlines", prf)
    miss("deadlines", missed, extra, lambda g: f"{g.date} ({g.role})", lambda p: f"{p.date.isoformat()} ({p.kind})")

    excl = _unique([e for p in pred.programs for e in p.exclusions], lambda e: e.text)
    prf, missed, extra = match_multiset(
        gold.exclusions, excl,
        same=lambda g, p: any(overlaps(g.quote, x, need=max(6, min(10, int(0.6 * len(_squash(g.quote))))))
                              for x in (_quote(p), p.text)))
    t.add("exclusions", prf)
    miss("exclusions", missed, extra, lambda g: g.name or g.quote[:30], lambda p: p.text[:40])

    def name_same(a: str, b: str) -> bool:
        a, b = _squash(a), _squash(b)
        return bool(a and b) and (a in b or b in a or bigram_dice(a, b) >= 0.5)

    mats = list({m.name: m for p in pred.programs for m in p.materials if not m.generic}.values())
    prf, missed, extra = match_multiset(gold.materials, mats, same=lambda g, p: name_same(g.name or g.quote, p.name))
    t.add("materials", prf)
    miss("materials", missed, extra, lambda g: g.name or g.quote[:30], lambda p: p.name)

    quotas = _unique([q for p in pred.programs for q in p.quotas], lambda q: q.text)
    # an applicant's cap (同一单位限报1项) stands in the schema as an exclusion of the same item
    caps = [e for e in excl if e.kind == "same_item" or any(w in e.text for w in ("限报", "限申报", "只能申报"))]
    prf, missed, extra = match_multiset(
        gold.quotas, quotas + caps,
        same=lambda g, p: overlaps(g.quote, _quote(p)) and (g.max_count is None or getattr(p, "max_count", None) is None
                                                           or g.max_count == p.max_count))
    extra = [x for x in extra if x not in caps]
    prf.fp = len(extra)
    t.add("quotas", prf)
    miss("quotas", missed, extra, lambda g: g.quote[:30], lambda p: p.text[:40])

    # programs and tracks alike: the gold lists what an applicant chooses between
    choices = [p for p in pred.programs if not p.tracks] + [t for p in pred.programs for t in p.tracks]
    prf, missed, extra = match_multiset(gold.programs, choices, same=lambda g, p: name_same(g.name, p.name))
    t.add("programs", prf)
    miss("programs", missed, extra, lambda g: g.name, lambda p: p.name)
    return t
