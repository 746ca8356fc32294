"""Who applies and for what: name, credit code, type, address, legal person,
program, track, lead and partner units, submission date.

Why fields first and prose second: forms label these facts; prose only fills
what no field states (由A牵头，联合B、C共同申报). The applicant type is read
from a type field, else from the legal-form ending of the name itself
(…有限公司, …大学), which the name states, so it is not a guess.
"""
from __future__ import annotations

import re
from functools import lru_cache

from models.claims import Address, Claim, Conflict, Evidence
from models.document import Document, Location

from extractors import lexicon
from extractors.claims.checkbox import checked
from extractors.claims.creditcode import normalize_code, validate_credit_code
from extractors.claims.pairs import Pair, inline_pairs
from extractors.claims.spans import Unit, fields_cfg, unit_evidence
from extractors.dates import find_dates

def _same_text(a: str, b: str) -> bool:
    def n(s):
        return re.sub(r"[\s（()）:：]", "", s)
    return n(a) == n(b)


class Identity:
    """Collects single-valued fields; a later, different value is a conflict."""

    def __init__(self, doc: Document, out) -> None:
        self.doc, self.out = doc, out

    def ev(self, unit: Unit) -> Evidence:
        return unit_evidence(self.doc, unit)

    def set(self, field: str, value, unit: Unit, original: str | None = None, compare: str | None = None) -> None:
        cur = getattr(self.out, field)
        if cur is None:
            setattr(self.out, field, Claim(value=value, original=original, evidence=[self.ev(unit)]))
            return
        a = compare if compare is not None else str(value)
        b = cur.original if cur.original is not None else str(cur.value)
        if _same_text(a, b) or value == cur.value:
            if len(cur.evidence) < 3:
                cur.evidence.append(self.ev(unit))
            return
        if any(c.field == field and a in c.values for c in self.out.conflicts):
            return
        self.out.conflicts.append(Conflict(field=field, values=[b, a], evidence=[cur.evidence[0], self.ev(unit)]))
        self.out.warnings.append(f"{_NAMES.get(field, field)}前后不一致：{b}与{a}，采用先出现的{b}")


_NAMES = {"applicant_name": "申报单位名称", "credit_code": "统一社会信用代码", "applicant_type": "单位类型",
          "address": "地址", "legal_person": "法人资格", "program_name": "申报项目", "track": "申报类别",
          "lead_unit": "牵头单位", "submission_date": "申报日期"}


_CODE = re.compile(r"[0-9A-Z]{18}")


_SEAL_NOTE = re.compile(rf"[（(](?:{lexicon.alternation('seal_notes')})[）)]")


def _clean_name(v: str) -> str:
    v = _SEAL_NOTE.split(v)[0]
    return v.strip(" \t\u3000：:，,。")


def apply_pairs(idn: Identity, pairs: list[Pair]) -> None:
    out = idn.out
    addresses: list[Pair] = []
    for p in pairs:
        v = p.value
        if p.field == "applicant_name":
            name = _clean_name(v)
            if not name:
                continue
            if p.role == "partner":
                _add_partner(idn, name, p.unit)
            elif p.role == "lead":
                idn.set("lead_unit", name, p.unit)
            else:
                idn.set("applicant_name", name, p.unit)
        elif p.field == "credit_code" and p.role != "partner":
            _credit_code(idn, v, p.unit)
        elif p.field == "applicant_type":
            tid = lexicon.applicant_types().first(checked(v))
            if tid:
                idn.set("applicant_type", tid, p.unit, original=v)
        elif p.field == "address" and p.role != "partner":
            addresses.append(p)
        elif p.field == "legal_person":
            lp = _yes_no(checked(v))
            if lp is not None:
                idn.set("legal_person", lp, p.unit, original=v)
        elif p.field == "program_name":
            val = checked(v)
            if val and val.strip("（）() ") in fields_cfg()["track_words"]:
                idn.set("track", val.strip("（）() "), p.unit, original=v)   # 项目类别：新建项目 names a track
            elif val:
                idn.set("program_name", val, p.unit)
        elif p.field == "track":
            val = _track(v)
            if val:
                idn.set("track", val, p.unit, original=v)
        elif p.field == "lead_unit":
            name = _clean_name(v)
            if name:
                idn.set("lead_unit", name, p.unit)
        elif p.field == "partners":
            for name in re.split(r"[、，,；;]|\s{2,}", v):
                name = _clean_name(name)
                if len(name) >= 4:
                    _add_partner(idn, name, p.unit)
        elif p.field == "submission_date":
            ds = find_dates(v)
            if ds:
                idn.set("submission_date", ds[0].date, p.unit, original=ds[0].text)
    if addresses:
        ranks = fields_cfg()["address_rank"]
        best = min(addresses, key=lambda p: (0 if any(r in p.label for r in ranks) else 1))
        idn.set("address", parse_address(best.value), best.unit, compare=best.value, original=best.value)


def _add_partner(idn: Identity, name: str, unit: Unit) -> None:
    out = idn.out
    if any(_same_text(c.value, name) for c in out.partners):
        return
    if out.lead_unit is not None and _same_text(out.lead_unit.value, name):
        return
    out.partners.append(Claim(value=name, evidence=[idn.ev(unit)]))


def _yes_no(v: str) -> bool | None:
    cfg = fields_cfg()
    v = v.strip()
    if any(v.startswith(w) for w in cfg["no_words"]):
        return False
    if any(v.startswith(w) for w in cfg["yes_words"]):
        return True
    return None


def _track(v: str) -> str:
    """The ticked option, else the value as written (高校院所知识产权运营能力提升)."""
    return checked(v, fields_cfg()["track_words"]).strip("（）() ")


def _credit_code(idn: Identity, v: str, unit: Unit) -> None:
    norm = normalize_code(v)
    m = _CODE.search(norm)
    code = m.group(0) if m else norm
    if not code:
        return
    cc = validate_credit_code(code)
    first = idn.out.credit_code is None
    idn.set("credit_code", cc, unit, original=v.strip(), compare=code)
    if first:
        idn.out.warnings.extend(cc.problems)


_PROVINCE_SUFFIX = re.compile(rf"({lexicon.alternation('address_province_suffixes')})$")
_CITY_SUFFIX = re.compile(rf"({lexicon.alternation('address_city_suffixes')})$")


def parse_address(text: str) -> Address:
    """Province and city named in an address (江苏省常州市…, 常州市…, 贵阳…)."""
    regions = lexicon.regions()
    province = city = None
    for code, name in regions["provinces"].items():
        short = _PROVINCE_SUFFIX.sub("", name)
        if text.startswith(name) or text.startswith(short) or name in text[:12]:
            province = name
            break
    for code, name in regions["cities"].items():
        short = _CITY_SUFFIX.sub("", name)
        if name in text or (len(short) >= 2 and short in text[:14] and not province == short):
            if province is None or regions["provinces"].get(code[:2]) == province:
                city = name
                province = province or regions["provinces"].get(code[:2])
                break
    if city is None:
        for code, name in regions["districts"].items():
            if name in text:
                city = regions["cities"].get(code[:4])
                province = province or regions["provinces"].get(code[:2])
                break
    return Address(text=text.strip(), province=province, city=city)


_PROSE_CODE = re.compile(r"(?:统一)?社会信用代码\s*(?:为|是|[:：])?\s*([0-9A-Za-z０-９Ａ-Ｚ]{15,20})")
_LEAD = re.compile(r"由([^，。；、\s]{4,40}?)(?:作为)?牵头")
_PARTNERS = re.compile(rf"联合([^。；]{{4,120}}?)(?:{lexicon.alternation('partner_adverbs')})?"
                       rf"(?:{lexicon.alternation('partner_verbs')})")


_ADDR = re.compile(rf"(?:{lexicon.alternation('address_labels')})(?:{lexicon.alternation('address_verbs')})"
                   r"\s*([^，。；,;]{4,60})")


def org_at_start(t: str) -> str | None:
    """The longest organization name opening the text (…研究院有限公司成立于… -> …研究院有限公司)."""
    run = re.match(r"^\s*([\u4e00-\u9fa5A-Za-z0-9（）()·]{2,60})", t)
    if not run:
        return None
    r = run.group(1)
    best = None
    for suf in fields_cfg()["org_suffixes"]:
        i = r.rfind(suf)
        if i >= 2 and (best is None or i + len(suf) > len(best)):
            best = r[:i + len(suf)]
    return best


_SHORT_NAME = re.compile(rf"[（(]\s*(?:{lexicon.alternation('short_name_cues')})\s*[：:]?"
                         r"\s*[“\"「]?([^”\"」（）()]{1,12})[”\"」]?\s*[）)]")


def short_names(units: list[Unit]) -> list[tuple[str, str, Unit]]:
    """(full name, short name, unit) of every XX有限公司（以下简称“XX公司”）.

    The full name defined this way is the applicant's own name; the short name
    opens later sentences (XX公司属股份有限公司) and must not be read as a name.
    """
    out = []
    for u in units:
        for m in _SHORT_NAME.finditer(u.text):
            full = _org_at_end(u.text[:m.start()])
            if full:
                out.append((full, m.group(1).strip(), u))
    return out


def _org_at_end(t: str) -> str | None:
    """The organization name ending the text (…，常州立信钢材有限公司 -> 常州立信钢材有限公司)."""
    run = re.search(r"([\u4e00-\u9fa5A-Za-z0-9·]{2,60})$", t.strip())
    if not run:
        return None
    r = run.group(1)
    suf = next((x for x in sorted(fields_cfg()["org_suffixes"], key=len, reverse=True) if r.endswith(x)), None)
    return r if suf and len(r) > len(suf) + 1 else None


def running_fallbacks(idn: Identity, doc: Document) -> None:
    """Name and credit code printed only in the page header or footer (申报单位：X  统一社会信用
    代码：Y on every page of a template, 单位名称（盖章）：X in the footer, a PDF's running
    line): used when the body states neither, quoted from the header or footer and located
    there (页眉/页脚), so the body always wins and a person sees where the value came from."""
    out = idn.out
    for part, texts in (("header", doc.headers), ("footer", doc.footers)):
        for text in texts:
            if out.applicant_name is not None and out.credit_code is not None:
                return
            unit = Unit(text, -1, Location(file=doc.source, part=part), doc.format)
            for f, _, v in inline_pairs(text):
                if f == "applicant_name" and out.applicant_name is None:
                    name = _clean_name(v)
                    if org_at_start(name) == name:
                        idn.set("applicant_name", name, unit)
                elif f == "credit_code" and out.credit_code is None:
                    _credit_code(idn, v, unit)
            if out.credit_code is None:
                for m in _CODE.finditer(text.upper()):
                    if validate_credit_code(m.group(0)).valid:
                        _credit_code(idn, m.group(0), unit)
                        break


def prose_fallbacks(idn: Identity, units: list[Unit]) -> None:
    cfg = fields_cfg()
    out = idn.out
    defined = short_names(units)
    if out.applicant_name is None and defined:
        idn.set("applicant_name", defined[0][0], defined[0][2])
    shorts = [s for _, s, _ in defined]
    for u in units:
        t = u.text
        if out.applicant_name is None and any(w in t for w in cfg["intro_cues"]):
            name = org_at_start(t)
            if name and not any(name.startswith(s) for s in shorts):
                idn.set("applicant_name", name, u)
        if out.address is None and (m := _ADDR.search(t)):
            idn.set("address", parse_address(m.group(1)), u, compare=m.group(1), original=m.group(1))
        if out.credit_code is None:
            m = _PROSE_CODE.search(t)
            if m:
                _credit_code(idn, m.group(1), u)
        if out.legal_person is None:
            if any(w in t for w in cfg["legal_person_false"]):
                idn.set("legal_person", False, u)
            elif any(w in t for w in cfg["legal_person_true"]):
                idn.set("legal_person", True, u)
        if out.lead_unit is None and (m := _LEAD.search(t) or _lead_as(t)):
            idn.set("lead_unit", m.group(1), u)
            for names in _partner_phrases(t, m.end()):
                for name in _NAME_SPLIT.split(names):
                    name = name.strip()
                    if len(name) >= 4 and lexicon.applicant_types().first(name):
                        _add_partner(idn, name, u)


_NAME_SPLIT = re.compile(rf"[、，,]|{lexicon.alternation('name_conjunctions')}")


def _role_words(role: str) -> str:
    return "|".join(map(re.escape, sorted(fields_cfg()["member_roles"][role], key=len, reverse=True)))


@lru_cache(maxsize=None)
def _role_pattern(role: str) -> re.Pattern:
    """X为牵头单位 (role lead) / [，]X作为成员单位 (role partner): the name before the role words."""
    if role == "lead":
        return re.compile(rf"(?:以|由)?([^，。；、\s以由]{{4,40}}?)(?:{lexicon.alternation('lead_role_verbs')})"
                          rf"(?:{_role_words('lead')})")
    return re.compile(rf"[，,；;]?\s*([^，。；;]{{4,120}}?)(?:{lexicon.alternation('partner_role_verbs')})"
                      rf"(?:{_role_words('partner')})")


def _lead_as(t: str) -> re.Match | None:
    """以A为牵头单位 / A作为牵头单位."""
    m = _role_pattern("lead").search(t)
    # only an organization's full name (not 本公司, not 2019年我公司) names the lead
    return m if m and _org_at_end(m.group(1)) == m.group(1) else None


def _partner_phrases(t: str, pos: int) -> list[str]:
    """联合B、C共同申报 / B、C为联合体成员单位 after the lead."""
    m = _PARTNERS.search(t, pos)
    if m:
        return [m.group(1)]
    rx = _role_pattern("partner")
    return [x.group(1) for x in rx.finditer(t, pos)]


_IS_A = re.compile(rf"(?:{lexicon.alternation('intro_copulas')})(?:{lexicon.alternation('intro_qualifiers')})?"
                   r"([^，。；]{0,24})")


def type_from_prose(idn: Identity, units: list[Unit]) -> None:
    """是一家具有独立法人资格的省级新型研发机构: the sentence introducing the applicant names its type."""
    if idn.out.applicant_type is not None:
        return
    cues = fields_cfg()["intro_cues"]
    for u in units[:60]:
        if not any(w in u.text for w in cues):
            continue
        for m in _IS_A.finditer(u.text):
            hits = lexicon.applicant_types().find_all(m.group(1))
            if hits:
                a, b, tid = max(hits, key=lambda h: (h[1] - h[0], h[0]))
                idn.set("applicant_type", tid, u, original=m.group(1)[a:b])
                return


def infer_type_from_name(idn: Identity) -> None:
    out = idn.out
    if out.applicant_type is not None or out.applicant_name is None:
        return
    name = out.applicant_name.value
    best = None
    for tid, sufs in fields_cfg()["type_by_name_suffix"].items():
        for s in sufs:
            if name.endswith(s) and (best is None or len(s) > len(best[1])):
                best = (tid, s)
    if best:
        out.applicant_type = Claim(value=best[0], original=name, evidence=list(out.applicant_name.evidence[:1]))


def finish_joint(idn: Identity) -> None:
    """With partners listed, the applicant is the lead; with a lead only, the lead applies."""
    out = idn.out
    if out.applicant_name is not None:   # a member list names the applicant too: it is no partner of itself
        out.partners = [p for p in out.partners if not _same_text(p.value, out.applicant_name.value)]
    if out.applicant_name is None and out.lead_unit is not None:
        out.applicant_name = Claim(value=out.lead_unit.value, evidence=list(out.lead_unit.evidence))
    if out.partners and out.lead_unit is None and out.applicant_name is not None:
        out.lead_unit = Claim(value=out.applicant_name.value, evidence=list(out.applicant_name.evidence))
