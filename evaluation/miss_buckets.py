"""Where a missed gold item went: read as something else, listed as unparsed, or not read.

Why: a recall figure says how much is missed, not why; for the held-out notices,
which nobody writing rules may read, these counts are the only view of the failure
modes that is allowed (figures, never text). For each missed gold item the first
bucket whose predicted quote overlaps the gold quote wins, in this order:
- `split_differently`: a predicted item of the same field overlaps it (it was read, but
  cut or joined otherwise than the gold, or matched another gold item);
- `as_<field>`: an item of another field holds it (a condition, a material, a funding
  rule, a quota, a deadline…);
- `unparsed`: the schema lists its sentence as unparsed (seen, not understood);
- `not_read`: nothing in the schema touches it.
"""
from __future__ import annotations

from collections import Counter

from evaluation.score_real import overlaps
from models.schema import AnyOf, GuideSchema

_FIELDS = ("conditions", "exclusions", "materials", "deadlines", "quotas", "funding", "contacts")


def _quotes(schema: GuideSchema) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {f: [] for f in _FIELDS}
    for p in schema.programs:
        for f in _FIELDS:
            for item in getattr(p, f):
                members = item.members if isinstance(item, AnyOf) else [item]
                for m in members:
                    src = getattr(m, "source", None)
                    q = (src.quote if src else "") or getattr(m, "text", "") or ""
                    if q:
                        out[f].append(q)
    return out


# gold field of the real-notice scorer -> the schema field that holds its items
SCHEMA_FIELD = {"thresholds": "conditions", "deadlines": "deadlines", "exclusions": "exclusions",
                "materials": "materials", "quotas": "quotas"}


def missed_where(mismatches: list, schema: GuideSchema) -> dict[str, dict[str, int]]:
    """{gold field: {bucket: count}} for the missed gold items among a scorer's mismatches."""
    out = {}
    for gold_field, schema_field in SCHEMA_FIELD.items():
        quotes = [m.quote for m in mismatches if m.field == gold_field and m.predicted is None and m.gold is not None]
        if quotes:
            out[gold_field] = dict(buckets(schema_field, quotes, schema))
    return out


def buckets(field: str, missed: list[str], schema: GuideSchema) -> Counter:
    """Counts of missed gold quotes of `field` (a schema field name) by where they went."""
    quotes = _quotes(schema)
    unparsed = [u.text for u in schema.unparsed]
    out: Counter = Counter()
    for q in missed:
        q = q or ""
        if any(overlaps(q, x) for x in quotes.get(field, [])):
            out["split_differently"] += 1
            continue
        other = next((f for f in _FIELDS if f != field and any(overlaps(q, x) for x in quotes[f])), None)
        if other:
            out[f"as_{other}"] += 1
        elif any(overlaps(q, x) for x in unparsed):
            out["unparsed"] += 1
        else:
            out["not_read"] += 1
    return out
