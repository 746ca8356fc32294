"""Scores an extracted GuideSchema against a gold one (rules in evaluation/__init__)."""
from __future__ import annotations

from models.schema import AnyOf, GuideSchema, Program, Threshold

from evaluation.prf import PRF, Mismatch, Tally, bigram_dice, match_multiset

GUIDE_FIELDS = ("thresholds", "any_of", "exemptions", "adjustments", "exclusions", "materials", "deadlines",
                "quotas", "funding", "contacts", "applicant_types", "channels", "programs")


def _num(v: float | None) -> float | None:
    return None if v is None else round(float(v), 6)


def threshold_key(t: Threshold) -> tuple:
    return (t.metric, t.operator, _num(t.value), t.unit, t.period)


def _thresholds(p: Program) -> list[Threshold]:
    """Mapped thresholds: the self-written gold predates open-vocabulary thresholds
    (metric ""), which are scored on the real notices (evaluation/score_real.py)."""
    out = []
    for c in p.conditions:
        if isinstance(c, Threshold):
            if c.metric:
                out.append(c)
        elif isinstance(c, AnyOf):
            out.extend(c.members)
    return out


def _conditions_with(p: Program, attr: str):
    for c in p.conditions:
        if isinstance(c, (Threshold, AnyOf)):
            for item in getattr(c, attr):
                metric = c.metric if isinstance(c, Threshold) else "|".join(sorted(m.metric for m in c.members))
                yield metric, item
        if isinstance(c, AnyOf):
            for m in c.members:
                for item in getattr(m, attr):
                    yield "|".join(sorted(x.metric for x in c.members)), item


def _fields(p: Program) -> dict[str, tuple[list, callable, callable | None]]:
    """field → (items, key or None, fuzzy predicate or None)."""
    return {
        "thresholds": (_thresholds(p), threshold_key, None),
        "any_of": ([c for c in p.conditions if isinstance(c, AnyOf)],
                   lambda a: frozenset(threshold_key(m) for m in a.members), None),
        "exemptions": (list(_conditions_with(p, "exemptions")), lambda x: (x[0], frozenset(x[1].titles)), None),
        "adjustments": (list(_conditions_with(p, "adjustments")),
                        lambda x: (x[1].kind, _num(x[1].factor), frozenset(x[1].triggers), x[1].from_metric), None),
        # sanctions (弄虚作假…取消资格) and bad records (无严重失信行为, read from a sentence that
        # also stands as a condition) are kinds the self-written gold predates: its exclusions
        # are who may apply by history; these two are scored on the real notices only
        "exclusions": ([e for e in p.exclusions if e.kind not in ("sanction", "record")], None, lambda g, q: g.kind == q.kind and bigram_dice(g.text, q.text) >= 0.3),
        "materials": (p.materials, lambda m: m.material, None),
        "deadlines": (p.deadlines, lambda d: (d.date.isoformat(), d.time), None),
        "quotas": (p.quotas, lambda q: (q.max_count, q.unlimited), None),
        "funding": (p.funding, lambda f: (f.count, _num(f.amount_each)), None),
        "contacts": (p.contacts, lambda c: "".join(ch for ch in c.phone if ch.isdigit()), None),
        "applicant_types": (sorted(set(p.applicant_types)), lambda t: t, None),
        "channels": ([c for c in p.channels if c.url], lambda c: c.url.rstrip("/"), None),
    }


def _describe(field: str, item) -> tuple[str, str]:
    """(short description, source quote) of an item for the mismatch list."""
    if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[0], (int, float)):
        metric, obj = item
        src = getattr(obj, "source", None)
        return f"{metric}: {obj.model_dump(exclude={'source', 'id'}, exclude_defaults=True)}", src.quote if src else ""
    if hasattr(item, "model_dump"):
        src = getattr(item, "source", None)
        data = item.model_dump(mode="json", exclude={"source", "id", "text"}, exclude_defaults=True)
        if isinstance(item, AnyOf):
            data = [threshold_key(m) for m in item.members]
        elif isinstance(item, Threshold):
            data = threshold_key(item)
        return str(data), (src.quote if src else getattr(item, "text", ""))
    return str(item), ""


def align_programs(gold: GuideSchema, pred: GuideSchema) -> list[tuple[Program | None, Program | None]]:
    """Pairs by name; a single-program guide pairs with the single predicted program
    whatever its name (the name is scored on its own, under `programs`)."""
    if len(gold.programs) == 1 and len(pred.programs) == 1:
        return [(gold.programs[0], pred.programs[0])]
    pairs = sorted(
        ((bigram_dice(g.name, p.name), gi, pi) for gi, g in enumerate(gold.programs) for pi, p in enumerate(pred.programs)),
        reverse=True,
    )
    used_g, used_p, out = set(), set(), []
    for score, gi, pi in pairs:
        if score < 0.5 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gold.programs[gi], pred.programs[pi]))
    out += [(g, None) for i, g in enumerate(gold.programs) if i not in used_g]
    out += [(None, p) for i, p in enumerate(pred.programs) if i not in used_p]
    return out


def score_guide(gold: GuideSchema, pred: GuideSchema, where: str = "") -> Tally:
    tally = Tally()
    empty = Program(name="")
    for g, p in align_programs(gold, pred):
        named = g is not None and p is not None and bigram_dice(g.name, p.name) >= 0.5
        tally.add("programs", PRF(int(named), int(p is not None and not named), int(g is not None and not named)))
        if not named:
            tally.mismatches.append(Mismatch("programs", g.name if g else None, p.name if p else None, where=where))
        gf, pf = _fields(g or empty), _fields(p or empty)
        for name, (gitems, key, same) in gf.items():
            pitems = pf[name][0]
            prf, missed, extra = match_multiset(gitems, pitems, key=key, same=same)
            tally.add(name, prf)
            label = f"{where} {(g or p).name}"
            for m in missed:
                d, q = _describe(name, m)
                tally.mismatches.append(Mismatch(name, d, None, q, label))
            for x in extra:
                d, q = _describe(name, x)
                tally.mismatches.append(Mismatch(name, None, d, q, label))
    return tally
