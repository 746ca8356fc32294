"""Exclusions: who may not apply, wherever the guide says so.

Why anywhere: guides put them in 申报要求, at the end of 申报条件 (已承担…的单位
不再承担…) or in 申报主体资格 (已获得过…的，不能参与申报). A sentence is an
exclusion when it carries a refusal cue; its kind is the first kind of
data/guide_terms.yaml whose words it contains. The excluded party is what the
sentence names between its last 的 and the cue; the history that excludes is
the program named after 承担 (with its level), or the titles held.
"""
from __future__ import annotations

import re

from extractors.guide.ctx import Ctx
from extractors.guide.text import (
    Span, applicant_types_in, clauses, compact, first_key, has_any, level_of, refusal_at, source, terms, titles_in,
)
from extractors.outline import parse_label
from models.schema import Exclusion

_PROGRAM = re.compile(
    r"承担(?:过)?(?:的)?((?:20\d{2}年、?)*(?:其他)?[^，。；、（(]{1,30}?(?:计划项目|项目|计划|示范中心建设))")


def is_exclusion(text: str) -> bool:
    return refusal_at(text) >= 0 and not has_any(text, terms()["exclusion_non_cues"])


def is_exclusion_list(text: str, open_end: bool = False) -> bool:
    """`有下列情形之一的，不得申报：` — the items that follow are the exclusions.

    `open_end`: the caller knows numbered items follow the line, so the intro may end
    in 。 or nothing (凡有下列情况之一者，取消其评选资格。 / 以下项目不得参加评选). A 以下
    right after a figure is a bound (500万元以下的企业不得申报), never a list cue."""
    t = text.strip().rstrip("。")
    colon = t.endswith(("：", ":"))
    if not (open_end or colon) or not is_exclusion(t):
        return False
    if not colon and re.search(r"[：:]", t):
        return False  # 不予受理：1.…，2.…: the items are on this line, it introduces nothing below
    if not colon and not has_any(t, terms().get("exclusion_list_wrongs") or []):
        return False  # without its colon, a line is an intro only when it names the wrongs listed
    cues = "|".join(map(re.escape, terms()["exclusion_list_cues"]))
    not_items = terms().get("exclusion_list_not_items") or []
    unmet = terms().get("exclusion_list_unmet") or []
    return any(not re.search(r"[0-9０-９一二三四五六七八九十百千万亿元%％岁年月日个项人名家]$", t[:m.start()])
               and not has_any(t[m.end(): m.end() + 4], not_items) and not has_any(t[max(0, m.start() - 4): m.start()], unmet)
               for m in re.finditer(cues, t))


# 已获得市级专利转化专项项目支持的: support received from a program is a project history, not a title
_SUPPORTED = re.compile(r"获得(?:过)?((?:[^，。；]{0,8}?级)?[^，。；、]{2,24}?项目)(?:的)?(?:支持|资助|立项)")
_HOLDER = re.compile(r"([^，。；的]{2,30}?(?:计划项目|项目))承担单位")


def exclusions(ctx: Ctx, sent: Span, track_names: list[str], own_name: str = "", listed: bool = False) -> list[Exclusion]:
    """One Exclusion per refusing clause group of a sentence (split on cues).

    `listed`: the sentence is an item under an exclusion list intro, so it is an
    exclusion as a whole even without a cue of its own.
    """
    out: list[Exclusion] = []
    if is_exclusion_list(sent.text):
        return out  # 有下列情形之一的，不得申报该奖项： only announces the items that follow
    head, colon, tail = sent.text.replace(":", "：").partition("：")
    if colon and tail.strip() and is_exclusion_list(head + colon):
        # 有下列情形之一的，不予受理：存在重大事故的；…: the intro names the refusal, the item follows it
        sent, listed = sent.sub(len(head) + 1, len(sent.text)).strip(), True
    items = embedded_items(sent) if listed else []
    if len(items) >= 2:  # 不予受理：1.成立不满一年的，2.财务账目不清的: one exclusion per item
        return [e for it in items for e in exclusions(ctx, it, track_names, own_name, listed=True)]
    label = parse_label(sent.text) if listed else None
    if label:  # ②建设单位拖欠工程款: the item, not its number
        sent = sent.sub(label[3], len(sent.text)).strip()
    if listed and has_any(sent.text, terms()["exclusion_non_cues"]) and refusal_at(sent.text) >= 0:
        return out  # a sanction or a bureau rule written under the list (…一经查实，取消申报资格)
    for part in ([sent] if listed and not is_exclusion(sent.text) else _parts(sent)):
        text = part.text
        cue_at = refusal_at(text)
        if cue_at < 0 and listed:
            cue_at = len(text)
        if cue_at < 0:
            continue
        kind = first_key(text, terms()["exclusion_kinds"]) or "other"
        subject = text[:cue_at]
        who = subject[subject.rfind("的") + 1:] if "的" in subject else subject
        programs = [compact(m.group(1)) for pat in (_PROGRAM, _HOLDER) for m in pat.finditer(text) if m.start() < cue_at]
        own = [p for p in programs if re.fullmatch(r"(本|该)?(年度)?(本)?项目", p)]
        programs = [p for p in programs if p not in own] or ([own_name] if own and own_name else [])
        for p in programs:
            who = who.replace(p, "")
        titles = titles_in(text) if kind == "holds_title" else []
        supported = _SUPPORTED.search(text[:cue_at]) if kind == "holds_title" and not titles else None
        if supported:
            kind, programs = "led_same_program", [compact(supported.group(1))]
        level = level_of(programs[0]) if programs else (level_of(text) if kind in ("holds_title", "other") else None)
        tracks = [t for t in track_names if t in text[cue_at:]] or list(ctx.tracks)
        item = Exclusion(
            text=text, kind=kind, applies_to=applicant_types_in(who) or list(ctx.applies_to), tracks=tracks,
            titles=titles, programs=programs, level=level, source=source(ctx.doc, ctx.path, part),
        )
        out.extend(per_ground(ctx, item, part))
    return out


_ITEM_LABEL = re.compile(r"(?:^|(?<=[，,；;、\s]))(?:[0-9]{1,2}[.．、](?![0-9])|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[①-⑳]|[一二三四五六七八九十]是)")


def embedded_items(span: Span) -> list[Span]:
    """The numbered items written inside one line (1.A的，2.B的，3.C的 / ①A；②B / 一是…，二是…),
    each without its number; [] when the line holds fewer than two."""
    starts = [m.start() for m in _ITEM_LABEL.finditer(span.text)]
    if len(starts) < 2:
        return []
    out = []
    for a, b in zip(starts, starts[1:] + [len(span.text)]):
        piece = span.sub(a, b)
        label = parse_label(piece.text)
        if label:
            piece = piece.sub(label[3], len(piece.text))
        piece = piece.strip()
        t = piece.text.rstrip("，,；;、。 ")
        if t:
            out.append(piece.sub(0, len(t)))
    return out


def per_ground(ctx: Ctx, item: Exclusion, part: Span, consequence: str | None = None) -> list[Exclusion]:
    """`item` once per enumerated ground of `part` (each quoting its ground, its text
    naming the consequence), or `item` alone when the part names one ground."""
    found = grounds(part)
    if not found:
        return [item]
    if consequence is None:
        cue_at = refusal_at(part.text)
        if cue_at < 0:  # 由区财政局收回已拨付资金: what follows the grounds' clause
            rest = part.text[found[-1].end - part.start:]
            cue_at = len(part.text) - len(rest.split("，", 1)[-1])
        consequence = part.text[cue_at:].strip("，,。；; ")
    return [item.model_copy(update={"text": f"{g.text}（{consequence}）" if consequence else g.text,
                                    "source": source(ctx.doc, ctx.path, g)}) for g in found]


_GROUND_LEAD = re.compile(r"^(?:对于|对|凡是|凡|如|若|经查实|发现|通过)+")


def grounds(part: Span) -> list[Span]:
    """The misconducts a refusal names, one span each, when it enumerates them
    (提供材料不实、贷款用途不符合、不遵守承诺及不履行相关义务的企业，取消贴息资格).

    Why only predicates: `国家级、省级认定的企业` enumerates levels of one title, not
    grounds; a piece counts as a ground when it states conduct or a failing
    (guide_terms.yaml `ground_predicates`), and only two or more such pieces split.
    """
    text = part.text
    if has_any(text, terms().get("ground_filing_words") or []):
        return []  # 逾期未完成上述工作、未申报的，不予受理 is one filing rule, not two grounds
    cue_at = refusal_at(text)
    if cue_at < 0:
        cue_at = len(text)
    head = text[:cue_at]
    end = head.rfind("的")
    if end <= 0:
        return []
    lead = _GROUND_LEAD.match(head)
    start = lead.end() if lead else 0
    preds = terms().get("ground_predicates") or []
    # 、 and ； always part pieces; 及 only before a predicate (…及拒不配合抽查, not 技术及产品)
    split = re.compile("、|；|(?:以及|及)(?=" + "|".join(map(re.escape, preds)) + ")")
    out, at = [], start
    for m in list(split.finditer(head[:end])) + [None]:
        stop = m.start() if m else end
        piece = head[at:stop].strip("，, ")
        if piece:
            off = head.index(piece, at)
            out.append(part.sub(off, off + len(piece)))
        at = m.end() if m else end
    if len(out) < 2 or not all(len(x.text) >= 3 for x in out):
        return []
    # each piece states conduct, or each but the last closes a clause with 的 (A的、B的，不得申报)
    if all(has_any(x.text, preds) for x in out) or all(x.text.endswith("的") and len(x.text) >= 5 for x in out[:-1]):
        return out
    return []


def _parts(sent: Span) -> list[Span]:
    """Clause groups each ending at a refusal: `A…不得申报…；B…不得申报…` arrive as one sentence
    when a guide uses commas only."""
    cls = clauses(sent)
    parts, start = [], None
    for i, cl in enumerate(cls):
        if start is None:
            start = cl
        if is_exclusion(cl.text) or i == len(cls) - 1:
            parts.append(Span(start.start, cl.end, sent.text[start.start - sent.start: cl.end - sent.start]))
            start = None
    follow = terms().get("exclusion_followups") or []
    merged: list[Span] = []
    for p in parts:  # 只能申报一个项目，重复申报的一律不予受理: the second clause restates the first
        if merged and p.text.startswith(tuple(follow)) and is_exclusion(merged[-1].text):
            merged[-1] = Span(merged[-1].start, p.end, sent.text[merged[-1].start - sent.start: p.end - sent.start])
        else:
            merged.append(p)
    return [p for p in merged if is_exclusion(p.text)] or [sent]
