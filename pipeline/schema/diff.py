"""Diff of two requirement schemas: what changed in next year's guide.

Why alignment by content, not position: guides are rewritten every year; a
clause that moved from （三） to （五） is unchanged, and a threshold is the
same condition when it measures the same metric for the same applicants, even
if its value changed. Programs pair by name, tracks by name, thresholds by
metric + applicant types, materials by canonical id, the rest by wording.
Qualitative conditions and exclusions pair through the semantic layer's
align_texts (the same embedder as the matcher's evidence), so a reworded clause
is seen as changed, not removed and added; its floor is data (data/diff.yaml).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

from extractors import lexicon, textsim
from pipeline import labels
from models.diff import DiffItem, GuideDiff
from models.schema import AnyOf, Attestation, GuideSchema, Program, Qualitative, Threshold

REQUIREMENTS = {"signed": "签字", "stamped": "盖章", "scanned": "扫描上传", "printed_a4": "A4打印", "bound": "装订成册"}
OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_PUNCT = re.compile(r"[\s，。；：、,.;:（）()“”\"'《》【】\-—]")


def similarity(a: str, b: str) -> float:
    """Character-bigram Dice similarity (the lexical default of the semantic layer)."""
    return textsim.multiset_dice(_PUNCT.sub("", a), _PUNCT.sub("", b))


def same_text(a: str | None, b: str | None) -> bool:
    return _PUNCT.sub("", a or "") == _PUNCT.sub("", b or "")


def trivially_reworded(a: str, b: str) -> bool:
    """Same clause up to punctuation and a word or two of padding (经营状况良好 / 企业经营状况良好)."""
    x, y = _PUNCT.sub("", a or ""), _PUNCT.sub("", b or "")
    short, long_ = sorted((x, y), key=len)
    return short in long_ and len(long_) - len(short) <= 2


def _pair(old: list, new: list, score: Callable[[object, object], float], floor: float) -> tuple[list, list, list]:
    """Best-first greedy pairing; returns (pairs, unmatched old, unmatched new)."""
    cands = sorted(((score(o, n), i, j) for i, o in enumerate(old) for j, n in enumerate(new)), key=lambda t: -t[0])
    used_o, used_n, pairs = set(), set(), []
    for s, i, j in cands:
        if s < floor or i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        pairs.append((old[i], new[j]))
    return pairs, [o for i, o in enumerate(old) if i not in used_o], [n for j, n in enumerate(new) if j not in used_n]


@lru_cache(maxsize=1)
def _settings() -> dict:
    with open(Path(__file__).parent / "data" / "diff.yaml", encoding="utf-8") as fh:
        return safe_load(fh) or {}


def _aligned(text_of: Callable[[object], str]) -> Callable[[list, list], tuple[list, list, list]]:
    """A pairing by align_texts over the items' wording (punctuation ignored, so a
    clause differing only in punctuation pairs as identical)."""
    def pair(old: list, new: list) -> tuple[list, list, list]:
        from extractors.semantic import get_backend
        from extractors.semantic.align import align_texts

        if not old or not new:
            return [], list(old), list(new)
        emb = get_backend()  # one per process: an unchanged guide's clauses are featurized once
        floor = float((_settings().get("align_floor") or {}).get(emb.name, emb.floors.get("align", 0.5)))
        got = align_texts([_PUNCT.sub("", text_of(o)) for o in old], [_PUNCT.sub("", text_of(n)) for n in new],
                          emb, floor=floor)
        used_o, used_n = {i for i, _, _ in got}, {j for _, j, _ in got}
        return ([(old[i], new[j]) for i, j, _ in got], [o for i, o in enumerate(old) if i not in used_o],
                [n for j, n in enumerate(new) if j not in used_n])
    return pair


def _quote(item) -> str | None:
    src = getattr(item, "source", None)
    return src.quote if src else getattr(item, "text", None)



def describe_threshold(t: Threshold) -> str:
    period = {"last_3_years": "近三年", "last_2_years": "近两年", "last_year": "上一年度", "within_3_years": "三年内"}.get(
        t.period or "", (t.period or "").replace("year:", "") + ("年度" if (t.period or "").startswith("year:") else ""))
    unit = t.unit if t.unit != "%" else "%"
    extra = ""
    if t.exemptions:
        extra += "；豁免：" + "、".join(lexicon.standings()["titles"].name(x) for e in t.exemptions for x in e.titles)
    if t.adjustments:
        extra += "；调整：" + "、".join(a.kind + (f"×{a.factor:g}" if a.factor else "") for a in t.adjustments)
    return f"{period}{labels.metric_name(t.metric)}{OPS[t.operator]}{t.value:g}{unit}{extra}"


def _cond_label(c) -> str:
    if isinstance(c, Threshold):
        return describe_threshold(c)
    if isinstance(c, AnyOf):
        body = " 或 ".join(describe_threshold(m) for m in c.members)
        adj = "；调整：" + "、".join(a.kind + (f"×{a.factor:g}" if a.factor else "") for a in c.adjustments) if c.adjustments else ""
        return body + adj
    return c.text


def _cond_score(o, n) -> float:
    if type(o) is not type(n):
        return 0.0
    who = 0.2 * (set(o.applies_to) == set(n.applies_to))
    if isinstance(o, Threshold):
        return (1.0 + who) if o.metric == n.metric else 0.0
    if isinstance(o, AnyOf):
        return (1.0 + who) if {m.metric for m in o.members} == {m.metric for m in n.members} else 0.0
    if isinstance(o, Attestation) and o.attestation == n.attestation:
        return 1.0 + who
    return similarity(o.text, n.text) + who * 0.5


class _Differ:
    def __init__(self, program: str) -> None:
        self.program = program
        self.items: list[DiffItem] = []

    def add(self, change: str, field: str, key: str, old=None, new=None, summary: str = "") -> None:
        self.items.append(DiffItem(
            change=change, program=self.program, field=field, key=key,
            old=None if old is None else self._label(field, old), new=None if new is None else self._label(field, new),
            old_quote=None if old is None else _quote(old), new_quote=None if new is None else _quote(new),
            summary=summary or self._summary(change, field, old, new)))

    @staticmethod
    def _label(field: str, item) -> str:
        if isinstance(item, str):
            return item
        if field in ("threshold", "any_of", "qualitative", "attestation"):
            return _cond_label(item)
        if field == "deadline":
            return f"{item.date.isoformat()}{' ' + item.time if item.time else ''}（{item.kind}）"
        if field == "quota":
            return item.text if item.max_count is None else f"{item.condition or item.scope or ''} 不超过{item.max_count}项".strip()
        if field == "material":
            reqs = "、".join(REQUIREMENTS.get(r, r) for r in item.requirements)
            return item.name + (f"（{reqs}）" if reqs else "")
        if field == "funding":
            return f"{item.count or '?'}项 × {item.amount_each or '?'}万元" + (f"（{'/'.join(f'{x:g}%' for x in item.split)}）" if item.split else "")
        for attr in ("name", "title", "url", "text", "phone"):
            if getattr(item, attr, None):
                return getattr(item, attr)
        return str(item)

    def _summary(self, change: str, field: str, old, new) -> str:
        label = {"threshold": "条件", "any_of": "条件", "qualitative": "条件", "attestation": "承诺事项", "track": "类别",
                 "exclusion": "不得申报情形", "material": "材料", "deadline": "截止时间", "channel": "申报渠道",
                 "quota": "推荐名额", "funding": "资助", "contact": "联系人", "task": "项目任务",
                 "applicant_type": "申报主体", "implementation_years": "实施期限", "region": "注册地要求"}.get(field, field)
        o = None if old is None else self._label(field, old)
        n = None if new is None else self._label(field, new)
        if change == "added":
            return f"新增{label}：{n}"
        if change == "removed":
            return f"删除{label}：{o}"
        return f"{label}变化：{o} → {n}"

    def compare(self, field: str, old: Iterable, new: Iterable, score, floor: float,
                changed: Callable[[object, object], bool], key: Callable[[object], str], pair=None) -> None:
        """`pair` (old, new) -> (pairs, gone, added) replaces the score/floor pairing."""
        if pair is not None:
            pairs, gone, added = pair(list(old), list(new))
        else:
            pairs, gone, added = _pair(list(old), list(new), score, floor)
        for o, n in pairs:
            if changed(o, n):
                self.add("changed", field, key(n), o, n)
        for o in gone:
            self.add("removed", field, key(o), o, None)
        for n in added:
            self.add("added", field, key(n), None, n)


def _own_exclusions(p: Program) -> list:
    """Exclusions whose change is not already reported through a condition: a bad record
    (无严重失信行为) read from a sentence that also stands as a condition is diffed there,
    so a reworded pledge is one change, not two."""
    held = [(c.source.start, c.source.end) for c in p.conditions
            if c.source and c.source.start is not None and c.source.end is not None]

    def inside(e) -> bool:
        s = e.source
        return bool(s and s.start is not None and any(a <= s.start < b for a, b in held))
    return [e for e in p.exclusions if not (e.kind == "record" and inside(e))]


def _cond_field(c) -> str:
    return {"threshold": "threshold", "any_of": "any_of", "qualitative": "qualitative", "attestation": "attestation"}[c.kind]


def diff_programs(old: Program, new: Program) -> list[DiffItem]:
    d = _Differ(new.name)
    if not same_text(old.name, new.name):
        d.add("changed", "program", "name", old.name, new.name, f"项目名称：{old.name} → {new.name}")
    for t in sorted(set(new.applicant_types) - set(old.applicant_types)):
        d.add("added", "applicant_type", t, None, lexicon.applicant_types().name(t))
    for t in sorted(set(old.applicant_types) - set(new.applicant_types)):
        d.add("removed", "applicant_type", t, lexicon.applicant_types().name(t), None)
    if old.implementation_years != new.implementation_years:
        d.add("changed", "implementation_years", "years", str(old.implementation_years), str(new.implementation_years))
    d.compare("track", old.tracks, new.tracks, lambda a, b: similarity(a.name, b.name), 0.6,
              lambda a, b: not same_text(a.name, b.name), lambda t: t.name)
    def cond_changed(a, b) -> bool:
        if isinstance(a, Attestation):  # the same pledge: wording aside, unchanged
            return a.attestation != b.attestation
        if isinstance(a, Qualitative):
            return not trivially_reworded(a.text, b.text)
        return not same_text(_cond_label(a), _cond_label(b))

    for kind in ("threshold", "any_of", "qualitative", "attestation"):
        d.compare(kind, [c for c in old.conditions if c.kind == kind], [c for c in new.conditions if c.kind == kind],
                  _cond_score, 0.45, cond_changed,
                  lambda c: getattr(c, "metric", None) or getattr(c, "attestation", None) or c.kind,
                  pair=_aligned(lambda c: c.text) if kind == "qualitative" else None)
    d.compare("exclusion", _own_exclusions(old), _own_exclusions(new), None, 0.0,
              lambda a, b: not same_text(a.text, b.text), lambda e: e.kind, pair=_aligned(lambda e: e.text))
    d.compare("material", old.materials, new.materials, lambda a, b: float(a.material == b.material), 1.0,
              lambda a, b: set(a.requirements) != set(b.requirements), lambda m: m.material)
    d.compare("deadline", old.deadlines, new.deadlines,
              lambda a, b: 1.0 + (a.kind == b.kind) if len(old.deadlines) == len(new.deadlines) == 1 or a.kind == b.kind else 0.0,
              1.0, lambda a, b: (a.date, a.time) != (b.date, b.time), lambda x: x.kind)
    d.compare("channel", [c for c in old.channels if c.url], [c for c in new.channels if c.url],
              lambda a, b: float(a.url.rstrip("/") == b.url.rstrip("/")), 1.0, lambda a, b: False, lambda c: c.url)
    d.compare("quota", old.quotas, new.quotas,
              lambda a, b: similarity((a.condition or "") + (a.scope or "") + a.text, (b.condition or "") + (b.scope or "") + b.text), 0.5,
              lambda a, b: a.max_count != b.max_count or a.unlimited != b.unlimited or not same_text(
                  re.sub(r"\d{4}年度?", "", a.condition or ""), re.sub(r"\d{4}年度?", "", b.condition or "")) or
              re.findall(r"\d{4}", a.condition or "") != re.findall(r"\d{4}", b.condition or ""),
              lambda q: q.scope or q.condition or "")
    d.compare("funding", old.funding, new.funding, lambda a, b: 1.0, 0.5,
              lambda a, b: (a.count, a.amount_each, tuple(a.split)) != (b.count, b.amount_each, tuple(b.split)), lambda f: "funding")
    d.compare("contact", old.contacts, new.contacts,
              lambda a, b: 2.0 * (a.phone == b.phone) + similarity(a.unit or "", b.unit or ""), 1.0,
              lambda a, b: (a.person, a.phone) != (b.person, b.phone), lambda c: c.phone)
    d.compare("task", old.tasks, new.tasks, lambda a, b: similarity(a.title, b.title), 0.5,
              lambda a, b: False, lambda t: t.title[:20])
    return d.items


def diff_schemas(old: GuideSchema, new: GuideSchema, old_program: str | None = None,
                 new_program: str | None = None) -> GuideDiff:
    """Align programs and diff each pair. When one side names (or has) a single
    program and the other is a multi-program notice, only the best-matching
    program of the notice is compared; the rest are listed as not compared."""
    olds = [p for p in old.programs if old_program in (None, p.id, p.name)]
    news = [p for p in new.programs if new_program in (None, p.id, p.name)]
    out = GuideDiff(old_source=old.source, new_source=new.source)
    focus = len(olds) == 1 or len(news) == 1
    pairs, gone, added = _pair(olds, news, lambda a, b: similarity(a.name, b.name), 0.3 if focus else 0.5)
    for o, n in pairs:
        out.programs.append((o.name, n.name))
        out.items.extend(diff_programs(o, n))
    if focus:
        out.not_compared = [p.name for p in gone + added]
    else:
        for o in gone:
            out.items.append(DiffItem(change="removed", program=o.name, field="program", key=o.id, old=o.name, summary=f"删除项目：{o.name}"))
        for n in added:
            out.items.append(DiffItem(change="added", program=n.name, field="program", key=n.id, new=n.name, summary=f"新增项目：{n.name}"))
    return out
