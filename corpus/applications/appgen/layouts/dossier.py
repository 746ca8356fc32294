"""`dossier` layout (dev): a 申报材料汇编 — cover, 目录, 第一部分 申报书, 第二部分 证明材料.

Why it exists: the other layouts state attachments as one list (附件清单, 附：…,
a 序号/材料名称/页码 table). Bound submissions do it differently: a 目录 with
leader dots and page numbers lists 第一部分 申报书 and, under 第二部分, each
material (numbered 附件N or 一、二、三、 like the 申报书's own sections), and
every material then follows as its own titled section (附件3：2025年度审计报告
（摘要）). The body points at them (详见附件3). A 目录 line whose section says
暂缺/后补 is listed but not supplied, so it is not an attachment; a material the
applicant dropped has neither a 目录 line nor a section.

Identity is a horizontal record table (labels in one row, values below), the
IP stock a 知识产权情况一览表 whose plain 合计 row is not the valid-patent count
(only 有效专利合计 is), staff as 专职2人、兼职3人 (the guides count 专兼职管理
人员, so ip_staff = 5), and financial tables carry the unit in every cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from appgen import fmt
from appgen.acc import Acc
from appgen.common import prose, type_text, write_attest
from appgen.doc import Builder
from appgen.layouts.dsections import attachment_section, finance, ip_section, yearly
from appgen.profile import Profile

CN = "一二三四五六七八九十"
LEADERS = [" ………… ", "……………………", " ··········· "]


@dataclass
class Att:
    num: int
    material: str
    name: str
    page: int
    pending: bool


def recommender(p: Profile) -> str:
    if p.spec.city:  # a city program: the district bureau recommends
        district = re.match(r".+?[区县市]", p.address[len(p.province) + len(p.city):]).group(0)
        return f"{p.city}{district}市场监督管理局"
    return f"{p.city}市场监督管理局（知识产权局）"


def render(p: Profile, b: Builder, pending: str | None = None) -> Acc:
    a, r = Acc(p, b), p.rng
    body = ["申报单位基本情况"] + (["主要经济指标"] if p.fin else []) + ["知识产权情况", "资质荣誉", "承担项目情况",
                                                                          "项目基础与建设目标"]
    if p.attest:
        body.append("申报单位声明")
    page, pages = 2, []
    for _ in body:
        pages.append(page)
        page += r.randint(1, 2)
    part2 = page
    atts = []
    for i, (m, name) in enumerate(p.materials):
        page += 1 if i == 0 else 0
        atts.append(Att(i + 1, m, name, page, m == pending))
        page += r.randint(1, 4)
    refs = {x.material: x.num for x in atts}

    ds = fmt.cn_date(p.submitted, pad=r.random() < 0.4)
    _cover(p, b, a, ds)
    _toc(p, b, a, body, pages, part2, atts)

    el = b.para("第一部分　申报书", "h1", page_break_before=True)
    a.attach("application_form", "申报书", "page", b.ev(el, "申报书"))
    heads = iter(CN)
    b.para(f"{next(heads)}、{body[0]}", "h2")
    _identity(p, b, a)
    if p.fin:
        b.para(f"{next(heads)}、{body[1]}", "h2")
        finance(p, b, a, refs)
    b.para(f"{next(heads)}、知识产权情况", "h2")
    ip_section(p, b, a, refs)
    if p.yearly:
        yearly(p, b, a)
    b.para(f"{next(heads)}、资质荣誉", "h2")
    _standings(p, b, a, refs)
    b.para(f"{next(heads)}、承担项目情况", "h2")
    if not p.projects:
        b.para("近三年未承担省级以上知识产权类项目。")
    for i, pr in enumerate(p.projects):
        el = b.para(f"（{CN[i]}）{pr.text}。")
        a.project(pr, b.ev(el, pr.text))
    b.para(f"{next(heads)}、项目基础与建设目标", "h2")
    for t_ in prose(p):
        b.para(t_)
    for m, what in (("construction_plan", "项目建设方案"), ("cooperation_agreement", "各方合作协议")):
        if m in refs:
            b.para(f"{what}详见附件{refs[m]}。")
    if p.attest:
        b.para(f"{next(heads)}、申报单位声明", "h2")
        write_attest(b, a, p)

    b.para("第二部分　证明材料", "h1", page_break_before=True)
    b.para("（以下材料均为复印件，加盖单位公章）", "center")
    for x in atts:
        attachment_section(p, b, a, x, ds)
    return a


def _cover(p: Profile, b: Builder, a: Acc, ds: str) -> None:
    r = p.rng
    el = b.para(p.spec.title, "title")
    a.program(b.ev(el, p.spec.title))
    b.para("申报材料汇编", "title")
    b.para("")
    el = b.para(f"申报单位（盖章）：{p.name}")
    a.name(b.ev(el, p.name))
    b.para(f"推荐单位：{recommender(p)}")
    if p.spec.track_text:
        el = b.para(f"{r.choice(['申报类别', '申报类别', '项目类别'])}：{p.spec.track_text}")
        a.track(b.ev(el, p.spec.track_text))
    b.para(f"项目名称：{p.project_name}")
    b.para(f"联 系 人：{p.rep[0]}{r.choice(['经理', '主任', '老师'])}")
    el = b.para(f"{r.choice(['申报日期', '报送日期'])}：{ds}")
    a.submitted(ds, b.ev(el, ds))


def _toc(p: Profile, b: Builder, a: Acc, body: list[str], pages: list[int], part2: int, atts: list[Att]) -> None:
    r = p.rng
    dots = r.choice(LEADERS)
    numbered = r.random() < 0.5  # 附件3　营业执照复印件 / 三、营业执照复印件
    b.para("目　　录", "title", page_break_before=True)
    el = b.para(f"第一部分　申报书{dots}{pages[0] - 1}")
    a.attach("application_form", "申报书", "listed", b.ev(el, "申报书"))
    for i, (head, pg) in enumerate(zip(body, pages)):
        b.para(f"　　{CN[i]}、{head}{dots}{pg}")
    b.para(f"第二部分　证明材料{dots}{part2}")
    for x in atts:
        label = f"附件{x.num}　{x.name}" if numbered else f"{CN[x.num - 1]}、{x.name}"
        el = b.para(f"　　{label}{dots}{x.page}")
        if not x.pending:  # listed, but its section says 暂缺/后补: not supplied
            a.attach(x.material, x.name, "listed", b.ev(el, x.name))
    b.features.add("toc")


def _identity(p: Profile, b: Builder, a: Acc) -> None:
    tt = type_text(p)
    rows = [["单位名称", "统一社会信用代码", "单位类型"], [p.name, p.code, tt],
            ["注册地址", "法定代表人", "是否独立法人"], [p.address, p.rep, "是"]]
    t = b.table(rows)
    a.c.applicant_name.evidence.append(b.cell(t, 1, 0))
    a.code(b.cell(t, 1, 1))
    a.atype(tt, b.cell(t, 1, 2))
    a.address(b.cell(t, 3, 0))
    a.legal("是", b.cell(t, 3, 2))
    b.features.add("record_table")
    if p.partners:
        b.para("联合申报单位：", None)
        rows = [["牵头单位"] + [f"参与单位{CN[i]}" for i in range(len(p.partners))], [p.name] + list(p.partners)]
        t = b.table(rows)
        a.lead(b.cell(t, 1, 0))
        for i, n_ in enumerate(p.partners):
            a.partner(n_, b.cell(t, 1, i + 1))


def _standings(p: Profile, b: Builder, a: Acc, refs: dict[str, int]) -> None:
    if not p.standings:
        b.para("暂无省级以上资质荣誉。")
        return
    proof = refs.get("attachments") or refs.get("patent_list")
    rows = [["名称", "获得年份", "证明材料"]]
    for s in p.standings:
        rows.append([s.text, f"{s.year}年", f"见附件{proof}" if proof else "—"])
    t = b.table(rows)
    for i, s in enumerate(p.standings):
        a.standing(s, [b.cell(t, i + 1, 0), b.cell(t, i + 1, 1)])
