"""Recall pass: every sentence of the guide with a bound, a date or a refusal.

Why a second pass: the section walk reads a sentence only where a section title
says what it is (申报条件, 申报时间 …). Real notices put conditions under 支持
对象, 第八条, 支持范围和标准 or in a plain paragraph, and deadlines and refusals
anywhere. So after the walk, every sentence is a candidate when it holds a
comparison (a number with a bound word), a date or a refusal cue; the clause
around each candidate gives it a role (condition, funding, procedure, quota,
deadline, other date, exclusion, sanction) from words kept in
data/guide_terms.yaml. What the walk already extracted is left alone (same
sentence and value, same date, overlapping refusal). A candidate that ends in no
item and no role is listed in `unparsed`, and the share accounted for is the
schema's `coverage`: nothing is dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from extractors import lexicon
from extractors.dates import find_dates, part_of_year_ends
from extractors.guide import logistics as lg
from extractors.guide.conditions import analyze, comparisons
from extractors.guide.ctx import Ctx
from extractors.guide.exclusions import exclusions, is_exclusion, is_exclusion_list, per_ground
from extractors.guide.mentions import documents_in
from extractors.guide.text import Span, clauses, has_any, mask_parens, refusal_at, sentences, source, terms
from extractors.guide.walk_context import role_in
from extractors.outline import ancestors, is_short_title, parse_label
from models.document import Document, Section
from models.schema import AnyOf, Exclusion, GuideSchema, Material, Program, Quota, Threshold, UnparsedSection

_CLAUSE = re.compile(r"[，,；;。：:]")


def _words() -> dict:
    return terms().get("sweep") or {}


@dataclass
class _Tally:
    candidates: int = 0
    accounted: int = 0
    unparsed: list[UnparsedSection] = field(default_factory=list)


def _clause_at(text: str, pos: int) -> str:
    a = max((m.end() for m in _CLAUSE.finditer(text, 0, pos)), default=0)
    m = _CLAUSE.search(text, pos)
    return text[a: m.start() if m else len(text)]


def _bound_segment(text: str, comp, comps) -> str:
    """The words of one bound among several in a clause (…模式不超过20个、…成果不超过10个): from
    the end of the bound before it in the same clause (or the clause start) to its own end."""
    a = max((m.end() for m in _CLAUSE.finditer(text, 0, comp.start)), default=0)
    a = max([a] + [o.end for o in comps if a <= o.end <= comp.start])
    return text[a: comp.end].strip("、，,；; ")


def _quota_sentence(sent_text: str, comps) -> bool:
    """A cap on how many are recommended (限额推荐3个，其中…不超过1个; 由…审核推荐，不超过3项)."""
    w = _words()
    if has_any(sent_text, w.get("quota_cues", [])):
        return True
    window = int(w.get("quota_totals_window", 8))
    # a cap on the applicant's own staff (职工总数不超过200名) is a condition, never a quota
    caps = [c for c in comps if c.operator in ("<=", "<") and (c.quantity.unit or "") in w.get("quota_units", [])
            and not has_any(sent_text[max(0, c.start - window): c.start], w.get("quota_totals_own", []))]
    if caps and has_any(sent_text, w.get("quota_actions", [])):
        return True
    return any(has_any(sent_text[max(0, c.start - window): c.start], w.get("quota_totals", []))
               for c in caps if (c.quantity.unit or "") in w.get("quota_totals_units", []))


def bound_role(sent_text: str, comp, comps=()) -> str:
    """condition | funding | process | quota | target | statement, from the clause
    (or, for quota rules and project targets, the sentence) around one comparison."""
    w = _words()
    clause = _clause_at(sent_text, comp.quantity.start)
    unit = comp.quantity.unit or ""
    if comp.operator == "==":
        return "statement"  # 实施期为3年: a term stated, not a bound to meet
    if has_any(sent_text, w.get("target_cues", [])):
        return "target"
    counted = unit in w.get("process_units", []) and getattr(comp, "kind", "number") != "award_count"
    if counted or has_any(clause, w.get("process_cues", [])):
        return "condition" if _before_filing(sent_text[:comp.start], comp) else "process"
    if _quota_sentence(sent_text, comps or [comp]):
        return "quota"
    if has_any(clause, w.get("funding_clause_cues", [])) or _per_recipient_cap(sent_text, clause, comp):
        return "funding"
    # money paid is named right at the figure (给予不超过50万元补助, 最高奖励20万元, 补贴金额不超过…30%);
    # 给予其薪酬月均不低于1万元 names a salary between the cue and the figure: a condition
    lo = max(sent_text.rfind(ch, 0, comp.start) for ch in "，,；;。：:") + 1
    near = sent_text[max(lo, comp.start - 6): min(len(sent_text), comp.end + 4)]
    if has_any(near, w.get("funding_cues", [])):
        return "funding"
    return "condition"


def _per_recipient_cap(sent_text: str, clause: str, comp) -> bool:
    """`可享受我局相关经费支持政策，每家不超过20万元`: a cap on money per recipient, in a
    sentence that names support paid, is what each recipient gets at most."""
    w = _words()
    return (comp.operator in ("<=", "<") and comp.quantity.wan is not None
            and has_any(clause, w.get("per_recipient", []))
            and has_any(sent_text, w.get("funding_cues", []) + w.get("support_words", [])))


def _before_filing(before: str, comp) -> bool:
    """A floor on a step the applicant takes before it files (申报前…公示时间不少于5个工作日):
    the words before the bound name a filing verb followed by 前 (see before_filing_verbs)."""
    w = _words()
    if comp.operator not in (">=", ">") or not w.get("before_filing_verbs"):
        return False
    verbs = "|".join(map(re.escape, w["before_filing_verbs"]))
    window = int(w.get("before_filing_window", 12))
    return any(not has_any(m.group(1), w.get("before_filing_not", []))
               for m in re.finditer(rf"(?:{verbs})([^，,。；;]{{0,{window}}}?)前", before))


def is_refusal(text: str) -> bool:
    return refusal_at(text) >= 0 or has_any(text, _words().get("sanction_refusals", []))


def _overlap(a0: int | None, a1: int | None, b0: int, b1: int) -> bool:
    return a0 is not None and a1 is not None and a0 < b1 and b0 < a1


def _thresholds(p: Program) -> list[Threshold]:
    out = []
    for c in p.conditions:
        out += c.members if isinstance(c, AnyOf) else [c] if isinstance(c, Threshold) else []
    return out


def _notice_year(doc: Document, schema: GuideSchema) -> int | None:
    if schema.issued_on:
        return schema.issued_on.year
    return schema.year


def _context_year(doc: Document, pos: int, notice: int | None) -> int | None:
    """A date written without its year takes the year of the nearest full date before
    it (受理时间为6月3日～6月28日 after 2024年…), never one far before the notice's own
    year (a birth date 1962年1月1日 is no context); else the notice's year."""
    years = [d.date.year for d in find_dates(doc.text[max(0, pos - 1500): pos])]
    years = [y for y in years if notice is None or y >= notice - 1]
    return years[-1] if years else notice


def sweep(doc: Document, roots: list[Section], schema: GuideSchema, spans: list[tuple[int, int]]) -> None:
    """Adds what the walk missed to the program whose span holds the sentence
    (sentences outside every program's span: the first program; deadlines there
    bind every program)."""
    if not schema.programs:
        return
    tally = _Tally()
    year = _notice_year(doc, schema)
    after = schema.issued_on
    # a list being read: its role (exclusion | material) and the label family of its items
    # ("await" until the first item shows it)
    list_role: str | None = None
    list_kind: str | None = None
    prev_text = ""
    for b in (b for b in doc.blocks if b.kind not in ("header", "footer") and b.text.strip()):
        label = parse_label(b.text.strip())
        if list_kind == "await":
            list_kind = label[0] if label else None
        elif list_kind is not None and label is None and not prev_text.rstrip().endswith(("。", "；", ";", "：", ":")):
            # a list item broken over lines: its next line carries no label of its own
            if list_role == "exclusion":
                _continue_item(doc, schema, b)
            prev_text = b.text
            continue
        elif list_kind is not None and (label is None or label[0] != list_kind):
            list_kind = None
        prev_text = b.text
        owner = _owner(schema, spans, b.start)
        role = role_in(ancestors(roots, b.start))[1]
        ctx = Ctx(doc, owner.section or "", [], [])
        inline = False  # the intro and its items in one block
        bare = b.text.strip()[label[3]:] if label else b.text.strip()
        if list_kind is None and (b.kind == "heading" or (
                label is not None and (not bare or is_short_title(bare)) and not bare.endswith(("；", ";", "。")))):
            # a heading (（三）不予受理情形, 三、材料要求) names a section; it states nothing itself
            intro = _list_intro(b.text.strip())
            if intro:
                list_role, list_kind = intro, "await"
            continue
        if list_kind not in (None, "await") and list_role == "material":
            if b.text.rstrip().endswith(("：", ":")):  # 3.请于…提交以下材料： opens a nested list
                list_kind = "await"
                continue
            _material_item(ctx, schema, owner, Span(b.start, b.end, b.text).strip(), tally)
            continue
        for sent in sentences(Span(b.start, b.end, b.text)):
            if list_kind not in (None, "await") or inline:
                _listed(ctx, owner, sent, tally)
                continue
            if (sent.text.strip(" 。；;") in (bare.strip(" 。；;"), b.text.strip(" 。；;"))
                    and is_exclusion_list(bare, open_end=True)):
                # 凡有下列情况之一者，取消其评选资格。 ending the line: the items below are the list
                tally.candidates += 1
                tally.accounted += 1
                list_role, list_kind = "exclusion", "await"
                continue
            head, colon, tail = sent.text.replace(":", "：").partition("：")
            intro = _list_intro(head + colon) if colon else None
            if intro == "exclusion":
                tally.candidates += 1
                tally.accounted += 1
                if tail.strip():
                    inline = True
                    _listed(ctx, owner, sent.sub(len(head) + 1, len(sent.text)).strip(), tally)
                else:
                    list_role, list_kind = "exclusion", "await"
                continue
            if intro == "material" and not tail.strip():
                list_role, list_kind = "material", "await"
            _bounds(ctx, schema, owner, sent, tally, role)
            _dates(ctx, schema, owner, sent, tally, _context_year(doc, sent.start, year), after, spans)
            _refusals(ctx, schema, owner, sent, tally)
            _quotas(ctx, schema, owner, sent, tally)
            _prose_materials(ctx, schema, owner, sent)
    schema.unparsed.extend(tally.unparsed)
    if tally.candidates:
        schema.coverage = round(tally.accounted / tally.candidates, 3)


def _list_intro(text: str) -> str | None:
    """'exclusion' for 有下列情形之一的，不得申报：; 'material' for a materials heading
    (三、材料要求) or an intro that asks for documents (请提交以下材料：, 按以下顺序装订纸质申报材料：)."""
    t = text.strip()
    if is_exclusion_list(t):
        return "exclusion"
    titles = terms()["material_list_titles"] + _words().get("material_list_titles", [])
    if has_any(t, titles) and (len(t) <= 16 or (t.endswith(("：", ":")) and has_any(t, ["以下", "下列", "如下"]))):
        return "material"
    bare = t[parse_label(t)[3]:].strip(" ：:") if parse_label(t) else t.strip(" ：:")
    if len(bare) <= 8 and any(bare.startswith(v) and bare[len(v):] in lexicon.words("material_list_nouns")
                              for v in lexicon.words("submit_verbs")):
        return "material"  # （二）报送内容, 提交材料: a verb of handing in and what is handed in
    return None


def _material_item(ctx: Ctx, schema: GuideSchema, p: Program, item: Span, tally: _Tally) -> None:
    """One item of a materials list: named as written (up to its first colon or comma),
    mapped to a known material when the lexicon names it, else kept under its own name."""

    tally.candidates += 1
    tally.accounted += 1
    label = parse_label(item.text)
    body = item.sub(label[3], len(item.text)).strip() if label else item
    named = documents_in(body.text, whole=True)
    several = len(named) > 1 or (named and not _plain_name(body.text))
    if any(m.source and _overlap(m.source.start, m.source.end, body.start, body.end)
           for q in schema.programs for m in q.materials):
        return  # the walk read this item already
    if several:
        # 资金申请表和业务量清单 / 报送成果应附A、B和C各2份: each document of the item
        for m in named:
            _add_material(ctx, p, body.sub(m.start, m.end).strip(), m.name, body.text)
        return
    masked = mask_parens(body.text)
    cut = min([i for i in (masked.find(ch) for ch in "：:，,；;。") if i > 0] or [len(body.text)])
    name = body.text[:cut].strip()
    titled = re.search(r"《([^《》]{2,60})》", name)
    if titled:  # 由申报者填写《…申报表》（一式2份）: the document is the title in 《》
        name = titled.group(1)
    name = re.sub(r"[（(][^（）()]*[）)]$", "", name.strip("“”\"")).strip()
    w = _words()
    if (not name or len(name) > 60 or has_any(name, w.get("material_rule_words", []))
            or re.fullmatch(r"[\d一二两三四五六七八九十份、，,及和与]*(?:" + "|".join(w.get("material_format_words", [])) + r")?[\d份、，,]*", name)):
        return  # a rule about the papers (纸质申报材料需胶装) or a format (1份纸质件、电子版), no document
    _add_material(ctx, p, body, name, body.text)


def _plain_name(text: str) -> bool:
    """An item that is one document named as written (not a sentence with a verb of handing in,
    not a name run long with modifiers)."""
    masked = mask_parens(text)
    cut = min([i for i in (masked.find(ch) for ch in "：:，,；;。") if i > 0] or [len(text)])
    head = text[:cut]
    return len(head) <= 30 and not has_any(head, lexicon.words("submit_verbs"))


def _add_material(ctx: Ctx, p: Program, where: Span, name: str, context: str, required: bool = True) -> None:
    """A material under its own name, mapped to a known material when the lexicon names it.
    `required=False` for one named in passing outside any materials list: it is listed for
    staff with its sentence, never flagged as missing (境外学位需提供学历认证 binds only some
    applicants; 请预先准备汇报PPT is for a later hearing)."""
    w = _words()
    formats = "|".join(map(re.escape, w.get("material_format_words", [])))
    if any(m.name == name for m in p.materials) or re.fullmatch(rf"(?:{formats}|[或和及、，,])+", name):
        return  # 原件或复印件: a format, no document
    if lg.authority_material(name):
        return  # 地级市补助汇总表, 面上项目汇总表: compiled by the administering side
    hits = lexicon.materials().find_all(name)
    mid = hits[0][2] if hits and (hits[0][1] - hits[0][0]) >= 0.6 * len(name) else "attachments"
    reqs = [r for r, words in terms()["material_requirements"].items() if has_any(context, words)]
    p.materials.append(Material(name=name, material=mid, requirements=reqs, required=required,
                                source=source(ctx.doc, ctx.path, where)))


def _prose_materials(ctx: Ctx, schema: GuideSchema, p: Program, sent: Span) -> None:
    """Documents a sentence asks for outside any list (境外学位需提供学历认证, 按要求填写《…登记表》);
    never in a sentence about misconduct (提供虚假材料的) or one that cites rules."""
    w = _words()
    if has_any(sent.text, w.get("sanction_cues", []) + w.get("sanction_refusals", [])) or is_exclusion_list(sent.text):
        return
    if lg.by_authority(sent.text):
        return  # 省级科技部门…出具推荐函: the administering side's own paperwork
    for m in documents_in(sent.text):
        if has_any(sent.text[: m.start], w.get("after_selection_cues", [])):
            continue  # 获奖后3年内，应每年填写《…绩效报告》: asked of winners, not of applicants
        at = sent.sub(m.start, m.end).strip()
        # the walk read this document here already (须提交《创新券申领表》和财务报表: it knew 财务报表 only)
        if any(x.source and _overlap(x.source.start, x.source.end, at.start, at.end) and (x.name in m.name or m.name in x.name)
               for q in schema.programs for x in q.materials):
            continue
        _add_material(ctx, p, at, m.name, sent.text, required=False)


def _owner(schema: GuideSchema, spans: list[tuple[int, int]], pos: int) -> Program:
    for p, (a, b) in zip(schema.programs, spans):
        if a <= pos < b:
            return p
    before = [(a, p) for p, (a, _) in zip(schema.programs, spans) if a <= pos]
    return max(before, key=lambda x: x[0])[1] if before else schema.programs[0]


def _bounds(ctx: Ctx, schema: GuideSchema, p: Program, sent: Span, tally: _Tally, role: str | None) -> None:
    masked = mask_parens(sent.text)
    comps = comparisons(masked)
    if not comps:
        return
    have = [t for q in schema.programs for t in _thresholds(q)
            if t.source and _overlap(t.source.start, t.source.end, sent.start, sent.end)]
    if role == "tasks":  # a tasks or performance-target section: what the project must achieve
        tally.candidates += len(comps)
        tally.accounted += len(comps)
        return
    roles = {id(c): bound_role(masked, c, comps) for c in comps}
    todo = [c for c in comps if roles[id(c)] == "condition"
            and not any(abs(t.value - c.quantity.norm_value) < 1e-9 for t in have)]
    tally.candidates += len(comps)
    tally.accounted += len(comps) - len(todo)
    if not todo:
        return
    wanted = {round(c.quantity.norm_value, 9) for c in todo}
    added = 0
    for item in analyze(ctx, sent):
        members = item.members if isinstance(item, AnyOf) else [item] if isinstance(item, Threshold) else []
        # a bound with nothing it bounds (a table cell cut off by a page break) is no item
        if members and any(round(m.value, 9) in wanted for m in members) and all(m.subject or m.metric for m in members):
            p.conditions.append(item)
            added += sum(1 for m in members if round(m.value, 9) in wanted)
    tally.accounted += min(added, len(todo))
    if added < len(todo):
        tally.unparsed.append(UnparsedSection(section=ctx.path, text=sent.text, start=sent.start, end=sent.end,
                                              reason="含数值条件，未能解析，请人工核对"))


def _dates(ctx: Ctx, schema: GuideSchema, p: Program, sent: Span, tally: _Tally, year: int | None,
           after: date | None, spans) -> None:
    found = find_dates(sent.text, default_year=year) if year else find_dates(sent.text)
    if not found and not lg.day_range_ends(sent.text, year) and not part_of_year_ends(sent.text):
        return
    tally.candidates += 1
    tally.accounted += 1  # a date is either a deadline below or, by its wording, another kind of date
    inside = any(a <= sent.start < b for a, b in spans)
    targets = [p] if inside else schema.programs
    for d in lg.deadlines(ctx, sent, year=year, after=after):
        for t in targets:
            if not any(x.date == d.date for x in t.deadlines):
                t.deadlines.append(d.model_copy())


def _refusals(ctx: Ctx, schema: GuideSchema, p: Program, sent: Span, tally: _Tally) -> None:
    w = _words()
    sanction = has_any(sent.text, w.get("sanction_refusals", []) + w.get("sanction_signals", [])) or (
        has_any(sent.text, w.get("sanction_cues", [])) and is_refusal(sent.text))
    absence = not sanction and not is_exclusion(sent.text) and _absence_of_record(sent.text)
    if not (sanction or absence or is_exclusion(sent.text)):
        return  # 超额推荐的不予受理 binds the recommending bureau, not an applicant
    tally.candidates += 1
    tally.accounted += 1
    if any(_overlap(x.source.start, x.source.end, sent.start, sent.end)
           for q in schema.programs for x in q.exclusions if x.source):
        return
    if has_any(sent.text, terms().get("inverted_threshold_cues") or []) and any(
            t.source and _overlap(t.source.start, t.source.end, sent.start, sent.end)
            for q in schema.programs for t in _thresholds(q)):
        return  # 营业收入不足5000万元的，不列入支持范围: already read as the bound it implies
    if absence:
        # 近5年未发生亏损，无重大事故，无严重失信行为: each absent record is a ground of its own,
        # also where the sentence stands as a condition (the applicant states the absence)
        found = [Exclusion(text=part.text, kind="record", source=source(ctx.doc, ctx.path, part))
                 for part in _absences(sent)]
    elif sanction:
        # 弄虚作假的，取消申报资格，5年内不再受理: each consequence listed, none checked
        # 弄虚作假的，取消申报资格，5年内不再受理: each consequence listed, none checked; the first
        # once per misconduct when it enumerates them (…骗取、套取、挪用资金的，取消其申报资格)
        parts = _consequences(sent)
        found = [y for part in parts for y in per_ground(
            ctx, Exclusion(text=part.text, kind="sanction", source=source(ctx.doc, ctx.path, part)), part)]
    else:
        found = exclusions(ctx, sent, [t.name for t in p.tracks], p.name)
    p.exclusions.extend(found or [Exclusion(text=sent.text, kind="other", source=source(ctx.doc, ctx.path, sent))])


_COUNT_WORD = r"([0-9]+|[一二两三四五六七八九十]{1,3})\s*(?:个|项|类|名|家|人|件|篇|次)"


def _quotas(ctx: Ctx, schema: GuideSchema, p: Program, sent: Span, tally: _Tally) -> None:
    """Caps on how many are filed: a recommending bureau's (read by the walk's quota
    reader) or one applicant's (每人限申报一类, 限报一项, 只能作为一个…)."""
    caps = _words().get("applicant_cap_cues", [])
    masked = mask_parens(sent.text)
    comps = comparisons(masked)
    capped = _quota_sentence(masked, comps) if comps else False
    if not (capped or has_any(sent.text, caps) or has_any(sent.text, terms()["quota_cues"])):
        return
    if any(q.source and _overlap(q.source.start, q.source.end, sent.start, sent.end)
           for x in schema.programs for q in x.quotas):
        return
    found = lg.quotas(ctx, sent, [t.name for t in p.tracks])
    as_exclusion = any(e.source and _overlap(e.source.start, e.source.end, sent.start, sent.end)
                       for x in schema.programs for e in x.exclusions)
    if not found and as_exclusion:
        return  # 同一单位限报1项 already stands as an exclusion (same item): not a second item
    if not found and has_any(sent.text, caps):
        m = re.search("(?:" + "|".join(map(re.escape, caps)) + r")[^，。；]{0,4}?" + _COUNT_WORD, sent.text)
        if m:
            from extractors.numbers import parse_number

            n = parse_number(m.group(1))
            found = [Quota(text=sent.text, max_count=int(n) if n else None, source=source(ctx.doc, ctx.path, sent))]
    if not found and capped:  # 三级医院申报不超过15项，其他医院不超过10项: one cap per bound
        for c in comps:
            if c.operator in ("<=", "<") and (c.quantity.unit or "") in _words().get("quota_units", []):
                cl = _bound_segment(masked, c, comps)
                found.append(Quota(text=cl or sent.text, max_count=int(c.quantity.value),
                                   source=source(ctx.doc, ctx.path, sent)))
    if found:
        tally.candidates += 1
        tally.accounted += 1
        p.quotas.extend(found)


def _absence_of_record(text: str) -> bool:
    """`近两年未受到重大行政处罚`: a bad-record word after a negation in the same clause
    (无重大质量、安全、环境污染、公共卫生等事故 lists its kinds before the record word)."""
    w = _words()
    for neg in w.get("absence_words", []):
        at = text.find(neg)
        while at >= 0:
            window = re.split(r"[，,。；;：:]", text[at + len(neg): at + len(neg) + 40])[0]
            if has_any(window, w.get("bad_record_words", [])):
                return True
            at = text.find(neg, at + 1)
    return False


def _absences(sent: Span) -> list[Span]:
    """The clauses of a sentence that each state one absent record (一条一个), a clause
    without a record word of its own joining the one before it (…等事故，（按规定认定）)."""
    out: list[Span] = []
    for cl in clauses(sent):
        label = parse_label(cl.text)
        if label:  # (5)无严重失信行为: the record, not the item's number
            cl = cl.sub(label[3], len(cl.text)).strip()
        if _absence_of_record(cl.text):
            out.append(cl)
        elif out and out[-1].end >= cl.start - 1 and not _absence_of_record(cl.text) and cl.text.startswith(("（", "(")):
            last = out[-1]
            out[-1] = Span(last.start, cl.end, sent.text[last.start - sent.start: cl.end - sent.start])
    return out or [sent]


def _consequences(sent: Span) -> list[Span]:
    """Clause groups each ending at a refusal or sanction word (取消资格，5年内不再受理)."""
    out, start = [], 0
    parts = clauses(sent)
    for i, cl in enumerate(parts):
        if is_refusal(cl.text) or i == len(parts) - 1:
            out.append(Span(parts[start].start, cl.end, sent.text[parts[start].start - sent.start: cl.end - sent.start]))
            start = i + 1
    return [x for x in out if is_refusal(x.text)] or [sent]


def _continue_item(doc: Document, schema: GuideSchema, b) -> None:
    """Extend the exclusion read from the line before to this line (an item broken over lines)."""
    for p in schema.programs:
        for i, e in enumerate(p.exclusions):
            if e.source and e.source.end is not None and 0 <= b.start - e.source.end <= 2:
                text = doc.text[e.source.start: b.end].strip()
                src = e.source.model_copy(update={"end": b.end, "quote": text})
                p.exclusions[i] = e.model_copy(update={"text": text, "source": src})


def _listed(ctx: Ctx, p: Program, sent: Span, tally: _Tally) -> None:
    """An item under `有下列情形之一的，不得申报：` is an exclusion without a cue of its own."""
    tally.candidates += 1
    tally.accounted += 1
    if any(e.source and _overlap(e.source.start, e.source.end, sent.start, sent.end) for e in p.exclusions):
        return
    label = parse_label(sent.text)
    if label:
        sent = sent.sub(label[3], len(sent.text)).strip()
    found = exclusions(ctx, sent, [t.name for t in p.tracks], p.name, listed=True)
    p.exclusions.extend(found or [Exclusion(text=sent.text, kind="other", source=source(ctx.doc, ctx.path, sent))])
