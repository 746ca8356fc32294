"""`report_prose` layout (dev): an annual-report style narrative, no tables.

Why it exists: the `narrative` layout always writes "分别实现…、…和…" in year
order. Annual reports state figures with other verbs and orders (由2019年的
2.8亿元增长至2021年的4.1亿元，其中2020年为3.3亿元), give ratios instead of
amounts next to them, count patents as 项 and people as 名, give 利税 as
利润总额 and 实缴税金 in a small inline list, carry three-year totals that are
not yearly figures, list titles as bullets and end with "附：1. … 2. …" and a
separate 承诺书 page.
"""
from __future__ import annotations

from appgen import fmt
from appgen.acc import Acc
from appgen.common import attest_text, dept_text, prose, type_text
from appgen.doc import Builder
from appgen.layouts.rtext import finance, ip_section, yearly_ip
from appgen.profile import Profile


def render(p: Profile, b: Builder) -> Acc:
    a, r = Acc(p, b), p.rng
    cn = r.random() < 0.6
    y_rep = p.spec.year - 1
    b.para(p.name, "title")
    b.para(f"{y_rep}年度{'企业' if p.is_enterprise else '单位'}发展情况报告", "center")
    track = f"·{p.spec.track_text}" if p.spec.track_text else ""
    el = b.para(f"（申报{p.spec.title}{track}专用）", "center")
    a.program(b.ev(el, p.spec.title))
    if track:
        a.track(b.ev(el, p.spec.track_text))

    heads = iter("一二三四五六七八九")
    b.para(f"{next(heads)}、{'企业' if p.is_enterprise else '单位'}概况", "h1", page_break_before=True)
    tt = type_text(p)
    legal = r.choice(["具备独立法人资格", "系独立法人单位"])
    if r.random() < 0.5:
        s = (f"{p.name}（以下简称“{p.short}”）{p.founded}年在{p.city}注册成立，法定代表人{p.rep}，"
             f"登记住所为{p.address}。{p.short}属{tt}，{legal}，统一社会信用代码：{p.code}。")
    else:
        s = (f"{p.name}，统一社会信用代码{p.code}，{legal}，"
             f"注册地位于{p.address}，为{tt}，法定代表人{p.rep}，始建于{p.founded}年。")
    el = b.para(s)
    a.name(b.ev(el, p.name))
    a.code(b.ev(el, p.code))
    a.atype(tt, b.ev(el, tt))
    a.address(b.ev(el, p.address))
    a.legal(legal, b.ev(el, legal))
    if p.partners:
        others = "、".join(p.partners)
        el = b.para(f"本项目以{p.name}为牵头单位，{others}为联合体成员单位，各方已签订合作协议，明确了任务分工。")
        a.lead(b.ev(el, f"以{p.name}为牵头单位"))
        for n_ in p.partners:
            a.partner(n_, b.ev(el, n_))

    if p.fin:
        finance(p, b, a, heads)
    b.para(f"{next(heads)}、知识产权", "h1")
    ip_section(p, b, a, cn, dept_text(p))
    if p.yearly:
        yearly_ip(p, b, a, cn)

    b.para(f"{next(heads)}、资质与荣誉", "h1")
    if p.standings:
        b.para(f"{p.short}先后获得以下资质和荣誉：")
        for s in p.standings:
            verb = {"award": "荣获", "platform": "获批建设"}.get(s.kind, "获评" if "贯标" not in s.text else "通过")
            el = b.para(r.choice([f"● {s.text}（{s.year}年）", f"● {s.year}年 {s.text}", f"● {s.year}年{verb}{s.text}"]))
            a.standing(s, b.ev(el, s.text))
    else:
        b.para("● 暂无省级以上资质荣誉。")
    b.para(f"{next(heads)}、项目承担情况", "h1")
    if p.projects:
        for pr in p.projects:
            el = b.para(f"{p.short}{pr.text}。")
            a.project(pr, b.ev(el, pr.text))
    else:
        b.para(f"近年来{p.short}未承担省级以上知识产权类项目。")
    b.para(f"{next(heads)}、下一步工作打算", "h1")
    for t_ in prose(p):
        b.para(t_)

    el = b.para("附：" + " ".join(f"{i + 1}. {n_}" for i, (_, n_) in enumerate(p.materials)))
    for m, n_ in p.materials:
        a.attach(m, n_, "listed", b.ev(el, n_))
    b.para(p.name, "right")
    ds = fmt.cn_digits_date(p.submitted) if r.random() < 0.4 else fmt.cn_date(p.submitted)
    if "〇" in ds:
        b.features.add("cn_numeral_date")
    el = b.para(ds, "right")
    a.submitted(ds, b.ev(el, ds))
    _commitment(p, b, a, ds)
    return a


def _commitment(p: Profile, b: Builder, a: Acc, ds: str) -> None:
    """The commitment letter on its own page, titled 承诺书 (not 信用承诺书)."""
    if not p.commitment_page:
        return
    title = p.rng.choice(["承诺书", "承  诺  书"])
    el = b.para(title, "title", page_break_before=True)
    name = next(n for m, n in p.materials if m == "credit_commitment")
    a.attach("credit_commitment", name, "page", b.ev(el, title))
    b.para(f"我单位自愿申报{p.spec.title}，对所提交材料的真实性负责，并作如下承诺：")
    if p.attest:
        _, q1, q2, a1 = attest_text(p)
        el = b.para(f"1. 本单位近三年{q1}，未被列入严重失信主体名单；")
        a.attest(a1, b.ev(el, q1))
        el = b.para(f"2. 本单位{q2}，未因非正常专利申请受到通报；")
        a.attest("no_abnormal_patent_filing", b.ev(el, q2))
    b.para("3. 申报材料中的数据均真实、准确，与审计报告一致；如有不实，愿承担一切后果。")
    b.para(f"单位（盖章）：{p.name}", "right")
    b.para(f"法定代表人：{p.rep}", "right")
    b.para(ds, "right")
