"""How to apply: materials, deadlines, channels, quotas, funding, period.

Why sentence-scoped rules: these facts sit in 组织方式/申报要求 prose, one or two
per sentence, and each must cite its sentence. Requirements of a material
(签字、盖章、扫描 …) are read from the sentence that names it; a deadline's kind
from the words before its date (网上 → online, 纸质/书面 → paper).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from extractors import lexicon
from extractors.dates import find_dates, part_of_year_ends
from extractors.guide.ctx import Ctx
from extractors.guide.text import (
    MASK, Span, clauses, compact, first_key, guide_aliases, has_any, mask_parens, merge_longest, source, split, terms,
)
from extractors.numbers import find_comparisons, find_quantities, parse_number
from models.schema import Channel, Deadline, Funding, Material, Quota

# ---------------------------------------------------------------- materials

_ISSUED = re.compile(rf"({lexicon.alternation('issuing_verbs')})?的?")
_SENT_TO = rf"({lexicon.alternation('submit_to_words')})[^，]{{0,12}}"


def materials(ctx: Ctx, sent: Span, seen: dict[str, Material]) -> bool:
    hits = merge_longest(lexicon.materials().find_all(sent.text), guide_aliases("material").find_all(sent.text))
    if not hits:
        return _all_listed(ctx, sent, seen)
    first = re.split(r"[，,]", sent.text, maxsplit=1)[0]
    actor = _authority_actor(first)
    # 国家知识产权局（颁发的）备案证明: an authority right before a material name issued it; it does not act
    issued_by = actor is not None and any(
        a >= actor.end() and _ISSUED.fullmatch(sent.text[actor.end():a]) for a, _, _ in hits)
    if actor and not issued_by and not re.search(_SENT_TO + "(" + "|".join(terms()["authority_actors"]) + ")", first):
        return True  # the authority's own paperwork
    reqs = [r for r, words in terms()["material_requirements"].items() if has_any(sent.text, words)]
    hits = [h for h in hits if h[2] not in terms()["authority_materials"]]
    for i, (a, b, mid) in enumerate(hits):
        name = sent.text[a:b]
        left, right = sent.text.rfind("《", 0, a), sent.text.find("》", b)
        if left >= 0 and right >= 0 and "》" not in sent.text[left:a] and "《" not in sent.text[b:right]:
            name = sent.text[left + 1: right]  # 《智慧农业示范基地申报表》: the document's own title
        if mid not in seen:
            seen[mid] = Material(name=name, material=mid, source=source(ctx.doc, ctx.path, sent),
                                 applies_to=list(ctx.applies_to), tracks=list(ctx.tracks))
        if i == 0:
            for r in reqs:
                if r not in seen[mid].requirements:
                    seen[mid].requirements.append(r)
    return True


def _authority_actor(first: str) -> re.Match | None:
    """The administering side opening a clause (各地市科技部门…, 省级科技部门负责…, 各区人才办和…), not
    someone acting through it (申报单位经所在地科技部门推荐后…)."""
    actor = re.match(r"^(各|由)?([^，。]{0,24}?)(" + "|".join(terms()["authority_actors"]) + ")", first)
    if actor and has_any(actor.group(2), terms().get("authority_actor_guards", [])):
        return None
    return actor


def by_authority(text: str) -> bool:
    """A sentence whose first clause has the administering side act (省级科技部门负责…并出具推荐函,
    各区人才办需提交《…的函》): the documents it names are that side's own paperwork."""
    first = re.split(r"[，,]", text, maxsplit=1)[0]
    return _authority_actor(first) is not None and not re.search(
        _SENT_TO + "(" + "|".join(terms()["authority_actors"]) + ")", mask_parens(first))


def authority_material(name: str) -> bool:
    """A document only the administering side makes (地级市补助汇总表, 各县推荐汇总表): its name ends in
    one of the authority materials (summary_table) and names a level of administration or a
    recommendation; an applicant's own table (项目公示情况汇总表) stays a material."""
    hits = lexicon.materials().find_all(name)
    return any(b == len(name) and mid in terms()["authority_materials"] for _, b, mid in hits) and (
        name.startswith(tuple(terms().get("authority_name_prefixes", []))) or "推荐" in name)


def unnamed_item(ctx: Ctx, item: Span, seen: dict[str, Material]) -> bool:
    """An item of a materials checklist that names no known material
    (`知识产权管理制度文件及管理机构设置文件；`) is still something to hand in: a
    generic `attachments` entry under its own name. Items that read as sentences
    (a comma outside parentheses, or long) are left to the sentence rules."""
    text = item.text.strip().rstrip("；;。.")
    masked = mask_parens(text)
    bare = "".join(ch for ch, m in zip(text, masked) if m != MASK)  # asides (…需同时提供…) aside
    if not text or len(bare) > 40 or re.search(r"[，,：:]", masked):
        return False
    from extractors.guide.mentions import documents_in, has_submit_verb

    hits = merge_longest(lexicon.materials().find_all(text), guide_aliases("material").find_all(text))
    if hits:
        # 营业执照（…）、公司章程、法定代表人身份证复印件: the known ones are read by `materials`; the
        # others listed beside them are documents too, under their own names
        spaced = "".join(ch if m != MASK else " " for ch, m in zip(text, masked))
        for m in documents_in(spaced, whole=True):
            if any(a < m.end and m.start < b for a, b, _ in hits):
                continue
            key = f"attachments:{m.name}"
            if key not in seen:
                seen[key] = Material(name=m.name, material="attachments", source=source(ctx.doc, ctx.path, item),
                                     applies_to=list(ctx.applies_to), tracks=list(ctx.tracks))
        return False

    named = documents_in(text, whole=True)
    if len(named) > 1 or (named and has_submit_verb(text)):
        # 报送成果应附原文复印件、封面复印件和目录复印件各2份: one material per document named
        for m in named:
            key = f"attachments:{m.name}"
            if key not in seen:
                seen[key] = Material(name=m.name, material="attachments", source=source(ctx.doc, ctx.path, item),
                                     applies_to=list(ctx.applies_to), tracks=list(ctx.tracks))
        return True
    name = re.split(r"[（(]", text, maxsplit=1)[0] or text
    key = f"attachments:{name}"
    if key not in seen:
        seen[key] = Material(name=name, material="attachments", source=source(ctx.doc, ctx.path, item),
                             applies_to=list(ctx.applies_to), tracks=list(ctx.tracks))
        seen[key].requirements += [r for r, words in terms()["material_requirements"].items() if has_any(text, words)]
    return True


def _all_listed(ctx: Ctx, sent: Span, seen: dict[str, Material]) -> bool:
    """`以上材料均须加盖单位公章`: the requirement binds every item listed in this section."""
    if not has_any(sent.text, terms()["all_materials_cues"]):
        return False
    reqs = [r for r, words in terms()["material_requirements"].items() if has_any(sent.text, words)]
    hit = False
    scope = ctx.path.rsplit("/", 1)[0]  # the sentence may trail the list's last item
    for m in seen.values():
        if m.source is not None and m.source.section.startswith(scope):
            m.requirements += [r for r in reqs if r not in m.requirements]
            hit = True
    return hit and bool(reqs)


# ---------------------------------------------------------------- deadlines

_RANGE = re.compile(r"\s*(?:至|到|[-—–~～〜])\s*$")
_BY_THEN = re.compile(rf"\s*(日)?\s*({lexicon.alternation('deadline_by_words')})")


def deadlines(ctx: Ctx, sent: Span, heading: str = "", year: int | None = None,
              after: date | None = None) -> list[Deadline]:
    """Dates a sentence sets as deadlines. In a window `6月3日至6月28日` or `即日起至…`
    the end is the deadline (a bare month-day takes the window's year) and the
    start is not; a date for both channels (网上填报和纸质材料…截止) is `submission`.
    A sentence with no year at all (`4月15日前报送`) takes `year` (the caller's: the
    last deadline's, else the notice's), the next year when the day would fall
    before `after`, the notice's date (a December notice's `1月10日前`)."""
    full = find_dates(sent.text)
    if full:
        found = find_dates(sent.text, default_year=full[0].date.year)
    elif year is not None:
        found = [d if after is None or d.date >= after else _next_year(d)
                 for d in find_dates(sent.text, default_year=year)]
    else:
        found = []
    out = []
    for i, d in enumerate(found):
        before = sent.text[:d.start]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and re.fullmatch(r"\s*(?:至|到|[-—–~～〜])\s*", sent.text[d.end:nxt.start]):
            continue  # the opening day of a window
        cut = max(before.rfind("，"), before.rfind(","))
        scope = before[cut + 1:] if cut >= 0 else before
        # an aside between the date and its 前 (2024年3月15日（周五）前报送) does not cut them apart
        after = re.sub(r"^\s*[（(][^（）()]{0,10}[）)]", "", sent.text[d.end:])
        tail = re.split(r"[，,。；]", after, maxsplit=1)[0]
        kinds = terms()["deadline_kinds"]
        in_scope = [k for k in kinds if has_any(scope, kinds[k])]
        if "recommendation" in in_scope:
            kind = "recommendation"
        elif "paper" in in_scope and "online" in in_scope:
            kind = "submission"
        else:
            kind = (in_scope[0] if in_scope else None) or first_key(tail, kinds) or first_key(heading, kinds) or "submission"
        if _other_event(after, scope) or _reference_date(before, scope, tail):
            continue
        by_then = _BY_THEN.match(after)
        window_end = bool(_RANGE.search(before)) and has_any(heading + before + tail, terms()["deadline_window_cues"])
        closes = tail.lstrip().startswith(tuple(terms().get("deadline_closing_words", []))) and has_any(
            scope, terms()["deadline_filing_cues"])  # 网上申报工作于4月20日结束
        if not (by_then or window_end or closes) and not has_any(sent.text[max(0, d.start - 12): d.end + 6], terms()["deadline_cues"]):
            continue
        out.append(Deadline(kind=kind, date=d.date, time=d.time, text=sent.text, source=source(ctx.doc, ctx.path, sent)))
    y = full[0].date.year if full else year
    for a, b, end in day_range_ends(sent.text, y):
        if any(x.date == end for x in out) or _other_event(sent.text[b:]):
            continue
        if has_any(heading + sent.text, terms()["deadline_window_cues"]) or has_any(sent.text, terms()["deadline_filing_cues"]):
            out.append(Deadline(kind="submission", date=end, text=sent.text, source=source(ctx.doc, ctx.path, sent)))
    for d in part_of_year_ends(sent.text):
        # 应在2023年四季度进行申报: filing within a quarter (or half year) ends on its last day
        tail = re.split(r"[，,。；;]", sent.text[d.end:], maxsplit=1)[0]
        if any(x.date == d.date for x in out) or _other_event(sent.text[d.end:]):
            continue
        # the part of the year is when filing happens (应在…四季度进行申报, 于…上半年前报送), not what the
        # money is for (组织开展2023年四季度资金申报工作)
        when = re.search(r"(?:在|于)\s*$", sent.text[max(0, d.start - 3):d.start]) or re.match(r"\s*(?:之?前|以?内)", sent.text[d.end:])
        if when and has_any(tail, terms()["deadline_filing_cues"]):
            out.append(Deadline(kind="submission", date=d.date, text=sent.text, source=source(ctx.doc, ctx.path, sent)))
    return out


def _reference_date(before: str, scope: str, tail: str = "") -> bool:
    """`工作年限的要求，其截止日期为2012年12月31日`, `研发费用统计截止日期为…`, `以3月1日为截止日期
    计算`: the date closes a count (a duration, a statistic) the applicant is measured on, not a
    filing window — a counted subject in the sentence and a closing cue in the date's own
    clause (before it or right after it), no filing word naming what closes (申报截止日期为 is a
    filing deadline; 申报企业的有效专利以…为截止日期计算 is not)."""
    t = terms()
    filing = [w for w in t.get("deadline_filing_cues") or [] if w != "截止"]
    cues = t.get("deadline_reference_cues") or []
    if not has_any(before + tail, t.get("deadline_reference_subjects") or []):
        return False
    at = max((scope.rfind(c) for c in cues), default=-1)
    if at >= 0:
        return not has_any(scope[max(0, at - 6): at], filing)
    return has_any(tail, cues) and not has_any(tail, filing)


def _other_event(after: str, scope: str = "") -> bool:
    """`…2014年1月1日前公开发表`, `…8月31日前完成`, `10月1日至12月31日期间`: the date bounds
    another event. Read in the words right after the date, up to the clause end: an
    event word before any filing word (报送, 提交 …) makes it another kind of date."""
    tail = re.split(r"[，,。；;]", after, maxsplit=1)[0][:24]
    def first(words):
        return min((tail.find(w) for w in words if w in tail), default=-1)
    other, filing = first(terms().get("deadline_other_cues", [])), first(terms().get("deadline_filing_cues", []))
    if other >= 0 and filing < 0 and has_any(scope, terms().get("deadline_filing_cues", [])) and any(
            tail.startswith(w, other) for w in terms().get("deadline_closing_words", [])):
        return False  # 网上申报工作于4月20日结束: the filing named before the date is what closes
    return other >= 0 and filing < 0


# 5月8-12日 / 7月01日-03日 / 6月3日至28日: a window whose end names only the day
_DAY_RANGE = re.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*(?:[-—–~～]|至|到)\s*(\d{1,2})\s*[日号](?!\s*\d)")


def day_range_ends(text: str, year: int | None) -> list[tuple[int, int, date]]:
    """(start, end, last day) of each window whose end is written as a day only."""
    out = []
    for m in _DAY_RANGE.finditer(text):
        y = int(m.group(1)) if m.group(1) else year
        if y is None:
            continue
        try:
            out.append((m.start(), m.end(), date(y, int(m.group(2)), int(m.group(4)))))
        except ValueError:
            continue
    return out


def _next_year(d):
    try:
        return replace(d, date=d.date.replace(year=d.date.year + 1))
    except ValueError:  # 2月29日
        return d


# ---------------------------------------------------------------- channels

_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%\\]+")
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,40})[”\"」]")
_URL_LABEL = re.compile(rf"[（(\[【]?\s*({lexicon.alternation('url_labels')})?[:：]?\s*$")
_NAME_BREAK = re.compile(rf"[，。；、：:\s]|{lexicon.alternation('channel_name_breaks')}")


def channels(ctx: Ctx, sent: Span, seen: dict[str, Channel]) -> bool:
    found = False
    for m in _URL.finditer(sent.text):
        url = m.group(0).replace("\\", "").rstrip(".,;)")
        url = url.split("](")[0].rstrip("]")
        if url in seen:
            found = True
            continue
        before = sent.text[max(0, m.start() - 60): m.start()]
        names = _QUOTED.findall(before)
        name = names[-1] if names else _name_before(before)
        seen[url] = Channel(name=name or url, url=url, source=source(ctx.doc, ctx.path, sent))
        found = True
    return found


def _name_before(before: str) -> str:
    before = _URL_LABEL.sub("", before)
    for suffix in terms()["channel_name_suffixes"]:
        i = before.rfind(suffix)
        if i >= 0:
            head = _NAME_BREAK.split(before[: i + len(suffix)])
            return head[-1] if head else ""
    return ""


# ---------------------------------------------------------------- quotas

_QUOTA_UNITS = tuple(lexicon.words("quota_units"))   # 项 个 家 名
_BARE_COUNT = re.compile(rf"(?:{lexicon.alternation('recommend_words')})[^，。；]{{0,12}}?([0-9一二三四五六七八九十两]+)"
                         rf"\s*({lexicon.alternation('quota_units')})")
_BY = re.compile(rf"由(.+?)(?:{lexicon.alternation('recommender_verbs')})*$")
_SCOPE_OPENER = re.compile(rf"^({lexicon.alternation('quota_scope_openers')})")
_SCOPE_TAIL = re.compile(rf"({lexicon.alternation('quota_scope_tails')})+$")


def quotas(ctx: Ctx, sent: Span, track_names: list[str]) -> list[Quota]:
    if not has_any(sent.text, terms()["quota_cues"]):
        return []
    out: list[Quota] = []
    current_tracks = list(ctx.tracks)
    for seg in split(sent, "；;"):
        seg_tracks = current_tracks
        cls = clauses(seg)
        last: Quota | None = None
        for i, cl in enumerate(cls):
            if i and "推荐" not in cl.text and (has_any(cl.text, terms()["unlimited_cues"])
                                               or (_capped(cl.text) and _recommends(cls[i - 1].text))):
                cl = Span(cls[i - 1].start, cl.end, seg.text[cls[i - 1].start - seg.start: cl.end - seg.start])
            if last is not None and last.max_count and "推荐" not in cl.text and cl.text.startswith("其中"):
                sub = _sub_quota(ctx, cl, last)
                if sub is not None:
                    out.append(sub)
                    continue
            named = [t for t in track_names if t in cl.text]
            if named:
                seg_tracks = named
            if len(named) >= 2:
                per = _per_track(ctx, cl, named)
                if per:
                    out.extend(per)
                    continue
            q = _quota(ctx, cl, seg_tracks)
            if q and len(q.tracks) > 1 and "各" in cl.text:
                out.extend(q.model_copy(update={"tracks": [t]}) for t in q.tracks)
            elif q:
                out.append(q)
            last = q or last
    return out


def _capped(text: str) -> int | None:
    """The N of a clause that caps a count (不超过3项), else None."""
    for c in find_comparisons(text):
        if c.operator in ("<=", "<") and c.quantity.unit in _QUOTA_UNITS:
            return int(c.quantity.value)
    return None


def _recommends(text: str) -> bool:
    """A clause that says who recommends (…由省政府国资委审核推荐) but gives no number."""
    return "推荐" in text and _capped(text) is None and not _BARE_COUNT.search(text)


def _sub_quota(ctx: Ctx, cl: Span, whole: Quota) -> Quota | None:
    """`各设区市限额推荐3个，其中高等院校、科研院所项目不超过1个`: a cap inside the quota
    before it, for the same recommender; the condition says what it counts."""
    n = _capped(cl.text)
    if n is None:
        return None
    comp = next(c for c in find_comparisons(cl.text) if c.operator in ("<=", "<"))
    what = compact(cl.text[len("其中"): comp.start]).strip("，,")
    cond = f"{what}（含在{whole.max_count}个名额内）" if what else None
    return Quota(text=cl.text, max_count=n, scope=whole.scope, condition=cond, tracks=list(whole.tracks),
                 source=source(ctx.doc, ctx.path, cl))


def _per_track(ctx: Ctx, cl: Span, named: list[str]) -> list[Quota]:
    """`每个市（州）推荐A类项目不超过2个、B类项目不超过3个`: one quota per track, each
    read as the shared head (每个市（州）推荐) followed by its own piece."""
    text = cl.text
    at = sorted((text.find(t), t) for t in named)
    head = text[: at[0][0]]
    out = []
    for i, (pos, track) in enumerate(at):
        end = at[i + 1][0] if i + 1 < len(at) else len(text)
        piece = text[pos:end].rstrip("、，,；; ")
        q = _quota(ctx, Span(cl.start + pos, cl.start + pos + len(piece), head + piece), [track])
        if q is None or q.max_count is None:
            return []
        q.text, q.source = compact(head + piece), source(ctx.doc, ctx.path, cl)
        out.append(q)
    return out


def _quota(ctx: Ctx, cl: Span, tracks: list[str]) -> Quota | None:
    text = cl.text
    unlimited = has_any(text, terms()["unlimited_cues"])
    count = None
    for c in find_comparisons(text):
        if c.operator in ("<=", "<") and c.quantity.unit in _QUOTA_UNITS and "推荐" in text[: c.start + 2]:
            count = int(c.quantity.value)
    if count is None and not unlimited:
        m = _BARE_COUNT.search(text)
        if m:
            count = int(parse_number(m.group(1)) or 0) or None
    bonus = re.search(r"增加\s*([0-9一二三四五六七八九十两]+)\s*个?(推荐)?名额", text)
    if count is None and not unlimited and not bonus:
        return None
    pre = text[: text.find("推荐")] if "推荐" in text else text
    condition, scope = None, pre
    by = _BY.search(pre) if count is not None else None
    if by:  # 在鄂中央企业和省属企业由省政府国资委审核推荐，不超过3项: who is recommended, by whom
        # (an unlimited one, …平台由设区市直接推荐，不受名额限制, keeps the group as its scope)
        condition, scope = pre[: by.start()] or None, by.group(1)
    elif "的" in pre:
        condition, scope = pre[: pre.rfind("的")], pre[pre.rfind("的") + 1:]
    for t in tracks:
        scope = scope.replace(t + "项目", "").replace(t, "")
    scope = _SCOPE_OPENER.sub("", scope.strip("，, "))
    scope = _SCOPE_TAIL.sub("", scope) or None
    if bonus:
        condition, scope = text[: bonus.start()].rstrip("可"), None
        count = int(parse_number(bonus.group(1)) or 0) or None
    return Quota(text=text, max_count=count, scope=compact(scope) if scope else None,
                 condition=compact(condition) if condition else None, tracks=list(tracks), unlimited=unlimited,
                 source=source(ctx.doc, ctx.path, cl))


# ---------------------------------------------------------------- funding

_MAX = lexicon.alternation("max_words")
_MONEY = lexicon.alternation("money_units")
_COUNT = re.compile(rf"(?:(?:{lexicon.alternation('plan_words')})?(?:{lexicon.alternation('support_verbs')})"
                    rf"|(?:{lexicon.alternation('select_plan_words')})(?:{lexicon.alternation('select_verbs')}))"
                    rf"[^，。；\d]{{0,8}}?(?:{lexicon.alternation('count_caps')})?\s*([0-9一二三四五六七八九十百两]+)"
                    rf"\s*(?:{lexicon.alternation('funded_count_units')})")
_EACH = re.compile(rf"({lexicon.alternation('per_item_words')})[^，。；]{{0,12}}?({_MAX})?[^，。；0-9]{{0,6}}?"
                   rf"([0-9][0-9.,]*)\s*({_MONEY})")
_GRANT = re.compile(rf"({lexicon.alternation('funding_verbs')})[^，。；0-9]{{0,8}}?({_MAX})?[^，。；0-9]{{0,4}}?"
                    rf"([0-9][0-9.,]*)\s*({_MONEY})")
_TRANCHE = re.compile(lexicon.alternation("tranche_words"))
_MAX_AMOUNT = re.compile(lexicon.alternation("max_amount_words"))


def funding(ctx: Ctx, sent: Span) -> Funding | None:
    """Count, amount each and tranches of one sentence. A sentence that only
    counts (拟支持不超过15个项目) or only splits (立项后拨付50%，验收后拨付50%)
    still yields a partial item: the walker merges it into its neighbour."""
    text = sent.text
    pcts = [q.value for q in find_quantities(text) if q.unit == "%"]
    split_ = pcts if len(pcts) >= 2 and abs(sum(pcts) - 100) < 0.5 and _TRANCHE.search(text) else []
    if not has_any(text, terms()["funding_cues"]) and not _EACH.search(text) and not split_:
        return None
    count = None
    m = _COUNT.search(text)
    if m:
        count = int(parse_number(m.group(1)) or 0) or None
    amount, most = None, False
    e = _EACH.search(text) or _GRANT.search(text)
    if e:
        for q in find_quantities(text[e.start():]):
            if q.wan is not None:
                amount = q.wan
                break
        most = bool(_MAX_AMOUNT.search(e.group(0)))
    if not split_ and len(pcts) >= 2 and abs(sum(pcts) - 100) < 0.5:
        split_ = pcts
    if count is None and amount is None and not (split_ and _TRANCHE.search(text)):
        return None
    return Funding(text=text, count=count, amount_each=amount, max_amount=most, split=split_,
                   tracks=list(ctx.tracks), source=source(ctx.doc, ctx.path, sent))


def merge_funding(items: list[Funding], f: Funding) -> bool:
    """Adds `f` to `items`, completing a neighbour when `f` only counts or only
    states the amount (`每个项目资助金额最高200万元…。2026年度拟支持不超过15个项目。`).
    False when `f` is a split alone (立项后拨付50%…), which the caller applies to
    every item at the end (a split stated once binds all tracks)."""
    if f.count is None and f.amount_each is None:
        return False
    for g in items:
        if set(g.tracks) != set(f.tracks):
            continue
        if g.count is None and f.amount_each is None:
            g.count = f.count
            return True
        if g.amount_each is None and f.count is None:
            g.amount_each, g.max_amount = f.amount_each, f.max_amount
            return True
    items.append(f)
    return True


def drop_generic_materials(items: list[Material], roots, start: int, end: int) -> list[Material]:
    """`上传附件材料` next to a checklist (8. 申报材料清单 / 1. … 6.) refers to the
    checklist's items, so the generic item is not a material of its own."""
    from extractors.outline import iter_sections
    lists = [s for s in iter_sections(roots) if start <= s.start <= end
             and has_any(s.title, terms()["material_list_titles"]) and len(s.children) >= 2]
    if not lists:
        return items
    generic = set(terms()["generic_materials"])
    inside = lambda m: m.source is not None and any(s.start <= m.source.start <= s.end for s in lists)  # noqa: E731
    return [m for m in items if m.name not in generic or inside(m)]


# ---------------------------------------------------------------- implementation period

_PERIOD = re.compile(rf"实施(?:{lexicon.alternation('implementation_period_words')})\s*(?:为|是)?\s*([0-9一二三四五两]+)\s*年")


def implementation_years(sent: Span) -> int | None:
    m = _PERIOD.search(sent.text)
    if not m:
        return None
    v = parse_number(m.group(1))
    return int(v) if v else None
