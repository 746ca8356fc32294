"""Sentences of the `report_prose` layout: finances, R&D, IP.

Why per-value quotes where the sentence has its own order: in "由2019年的2.8亿元
增长至2021年的4.1亿元，其中2020年为3.3亿元" the year sits right before each
value, so the gold quotes "2019年的2.8亿元"; in a series ("依次为…、…、…") the
clause is the smallest span that ties values to years.
"""
from __future__ import annotations

from appgen import fmt
from appgen.acc import MONEY_LABELS, Acc
from appgen.doc import Builder
from appgen.profile import Profile

CIRCLED = "①②③④"


def _series(vals: list[str], last: str = "和") -> str:
    return "、".join(vals[:-1]) + last + vals[-1] if len(vals) > 1 else vals[0]


def _ratio(p: Profile, num: str, y: int) -> str:
    return f"{p.fin[num][y] / p.fin['revenue'][y] * 100:.2f}"


def finance(p: Profile, b: Builder, a: Acc, heads) -> None:
    r, ys = p.rng, p.years
    b.para(f"{next(heads)}、经营情况", "h1")
    lab = r.choice(MONEY_LABELS["revenue"])
    unit = r.choice(["亿元", "亿元", "万元"])
    v = {y: fmt.money(p.fin["revenue"][y], unit) for y in ys}
    verb = "增长至" if p.fin["revenue"][ys[-1]] >= p.fin["revenue"][ys[0]] else "回落至"
    if len(ys) == 3 and r.random() < 0.6:
        y0, y1, y2 = ys
        s = f"{ys[0]}年以来，{p.short}经营规模稳步扩大，{lab}由{y0}年的{v[y0]}{verb}{y2}年的{v[y2]}，其中{y1}年为{v[y1]}。"
        quotes = {y0: f"{y0}年的{v[y0]}", y2: f"{y2}年的{v[y2]}", y1: f"{y1}年为{v[y1]}"}
    elif len(ys) == 3:
        y0, y1, y2 = ys
        s = f"{y2}年{p.short}实现{lab}{v[y2]}，{y1}年、{y0}年分别为{v[y1]}、{v[y0]}，年均增速保持在两位数。"
        quotes = {y2: f"实现{lab}{v[y2]}", y1: f"{y1}年、{y0}年分别为{v[y1]}、{v[y0]}"}
        quotes[y0] = quotes[y1]
    else:
        y0, y1 = ys
        s = f"{p.short}{lab}由{y0}年的{v[y0]}{verb}{y1}年的{v[y1]}。"
        quotes = {y0: f"{y0}年的{v[y0]}", y1: f"{y1}年的{v[y1]}"}
    el = b.para(s)
    for y in ys:
        a.fig("revenue", y, p.fin["revenue"][y], v[y], [b.ev(el, quotes[y])])

    if "profit_tax" in p.fin:
        tl = r.choice(["实缴税金", "实缴税金", "缴纳税金"])
        unit = r.choice(["万元", "万元", "元"])
        items = []
        for i, y in enumerate(ys):
            pv = fmt.money(p.fin["profit"][y], unit, "sep")
            tv = fmt.money(p.fin["tax"][y], unit, "sep")
            items.append((y, pv, tv, f"{y}年利润总额{pv}、{tl}{tv}"))
        el = b.para("利税情况：" + "；".join(f"{CIRCLED[i]}{q}" for i, (*_, q) in enumerate(items)) + "。")
        for y, pv, tv, q in items:
            ev = b.ev(el, q)
            a.fig("profit", y, p.fin["profit"][y], pv, [ev])
            a.fig("tax", y, p.fin["tax"][y], tv, [b.ev(el, q)])
            a.fig("profit_tax", y, p.fin["profit"][y] + p.fin["tax"][y], f"{pv}+{tv}", [b.ev(el, q)],
                  derived=["profit", "tax"])

    if "patent_product_revenue" in p.fin:
        amts = [fmt.money(p.fin["patent_product_revenue"][y], "万元") for y in ys]
        rts = [_ratio(p, "patent_product_revenue", y) + "%" for y in ys]
        qa, qr = f"专利产品销售收入分别为{_series(amts)}", f"占当年营业收入的比重分别为{_series(rts, '、')}"
        el = b.para(f"{ys[0]}—{ys[-1]}年，{qa}，{qr}，专利技术对主营业务的支撑作用明显。")
        for y, am, rt in zip(ys, amts, rts):
            a.fig("patent_product_revenue", y, p.fin["patent_product_revenue"][y], am, [b.ev(el, qa)])
            a.fig("patent_product_revenue_ratio", y, float(rt[:-1]), rt, [b.ev(el, qr)])

    if "rd_expense" in p.fin:
        _rd(p, b, a, heads)


def _rd(p: Profile, b: Builder, a: Acc, heads) -> None:
    r, ys = p.rng, p.years
    b.para(f"{next(heads)}、研发投入", "h1")
    unit = r.choice(["万元", "万元", "元"])
    style = r.choice(["plain", "sep"])
    amts = [fmt.money(p.fin["rd_expense"][y], unit, style) for y in ys]
    rts = [_ratio(p, "rd_expense", y) + "%" for y in ys]
    qa = f"研发投入分别为{_series(amts)}"
    qr = f"分别占当年营业收入的{_series(rts, '、')}"
    if r.random() < 0.5:
        s = f"{ys[0]}—{ys[-1]}年，{p.short}{qa}，{qr}。"
    else:
        qa = f"对应金额依次为{_series(amts, '、')}"
        qr = f"研发投入{qr}"
        s = f"{ys[0]}—{ys[-1]}年，{p.short}持续加大研发力度，{qr}，{qa}。"
    el = b.para(s)
    for y, am, rt in zip(ys, amts, rts):
        a.fig("rd_expense", y, p.fin["rd_expense"][y], am, [b.ev(el, qa)])
        a.fig("rd_expense_ratio", y, float(rt[:-1]), rt, [b.ev(el, qr)])
    if r.random() < 0.5:  # a three-year total: not a yearly figure
        b.para(f"三年累计研发投入{fmt.money(sum(p.fin['rd_expense'].values()), '万元', 'sep')}，"
               f"研发人员占职工总数的比例保持在{r.randint(12, 30)}%以上。")
    if "ip_expense" in p.fin:
        y = ys[-1]
        if r.random() < 0.5:
            amts = [fmt.money(p.fin["ip_expense"][y_], "元", "sep") for y_ in ys]
            q = f"知识产权经费支出依次为{_series(amts, '、')}"
            el = b.para(f"{ys[0]}—{ys[-1]}年{q}，主要用于专利申请与维持、专利导航和知识产权管理体系运行。")
            for y_, am in zip(ys, amts):
                a.fig("ip_expense", y_, p.fin["ip_expense"][y_], am, [b.ev(el, q)])
        else:
            am = fmt.money(p.fin["ip_expense"][y], "万元", "sep")
            rt = f"{p.fin['ip_expense'][y] / p.fin['rd_expense'][y] * 100:.2f}%"
            q1, q2 = f"{y}年知识产权经费支出{am}", f"占当年研发投入的{rt}"
            el = b.para(f"{q1}，{q2}。")
            a.fig("ip_expense", y, p.fin["ip_expense"][y], am, [b.ev(el, q1)])
            a.fig("ip_expense_ratio", y, float(rt[:-1]), rt, [b.ev(el, q2)])


def ip_section(p: Profile, b: Builder, a: Acc, cn: bool, dept: str) -> None:
    r, st = p.rng, p.stock
    vp, vi = st["valid_patents"], st["valid_invention_patents"]
    design = r.randint(0, (vp - vi) // 5)
    utility = vp - vi - design
    c = lambda n: fmt.count(n, cn)  # noqa: E731
    tail = f"、外观设计专利{c(design)}项" if design else ""
    if r.random() < 0.5:
        q_vi, q_vp = f"授权发明专利{c(vi)}项", f"有效专利合计{c(vp)}件"
        s = f"截至{p.spec.year - 1}年底，{p.short}拥有{q_vi}、实用新型专利{c(utility)}项{tail}，{q_vp}"
        o_vi = f"{c(vi)}项"
    else:
        q_vp, q_vi = f"有效专利总量达{c(vp)}件", f"其中发明专利{c(vi)}件"
        s = f"目前{p.short}{q_vp}，{q_vi}、实用新型专利{c(utility)}项{tail}"
        o_vi = f"{c(vi)}件"
    q_pct = None
    if st.get("pct_national_phase"):
        q_pct = f"{c(st['pct_national_phase'])}件PCT国际申请已进入美国、欧洲、日本等国家阶段"
        s += f"；另有{q_pct}"
    el = b.para(s + "。")
    a.fig("valid_invention_patents", None, vi, o_vi, [b.ev(el, q_vi)])
    a.fig("valid_patents", None, vp, f"{c(vp)}件", [b.ev(el, q_vp)])
    if q_pct:
        a.fig("pct_national_phase", None, st["pct_national_phase"], f"{c(st['pct_national_phase'])}件", [b.ev(el, q_pct)])
    q_st = f"知识产权专职工作人员{c(st['ip_staff'])}名"
    s = f"{p.short}{dept}，现有{q_st}"
    q_cs = None
    if "commercialization_staff" in st:
        q_cs = f"专门从事专利转化运营的{c(st['commercialization_staff'])}名"
        s += f"，其中{q_cs}"
    el = b.para(s + "，知识产权管理制度健全。")
    a.dept(p.ip_dept, dept, b.ev(el, dept))
    a.fig("ip_staff", None, st["ip_staff"], f"{c(st['ip_staff'])}名", [b.ev(el, q_st)])
    if q_cs:
        a.fig("commercialization_staff", None, st["commercialization_staff"], f"{c(st['commercialization_staff'])}名",
              [b.ev(el, q_cs)])


def yearly_ip(p: Profile, b: Builder, a: Acc, cn: bool) -> None:
    ys, g = p.years, p.yearly
    span = f"{ys[0]}—{ys[-1]}年"
    c = lambda n: fmt.count(int(n), cn)  # noqa: E731
    qa = f"专利授权量依次为{_series([c(g['patent_grants'][y]) + '件' for y in ys], '、')}"
    qb = f"其中发明专利授权依次为{_series([c(g['invention_grants'][y]) + '件' for y in ys], '、')}"
    el = b.para(f"{span}，{p.short}{qa}，{qb}。")
    for y in ys:
        a.fig("patent_grants", y, g["patent_grants"][y], c(g["patent_grants"][y]) + "件", [b.ev(el, qa)])
        a.fig("invention_grants", y, g["invention_grants"][y], c(g["invention_grants"][y]) + "件", [b.ev(el, qb)])
    amts = [fmt.money(g["commercialization_amount"][y], "万元") for y in ys]
    qa = f"实施转化的专利依次为{_series([c(g['patents_commercialized'][y]) + '项' for y in ys], '、')}"
    qb = f"合同金额依次为{_series(amts, '、')}"
    total = int(sum(g["patents_commercialized"].values()))
    el = b.para(f"{span}，通过转让、许可、作价入股等方式{qa}，{qb}，三年累计转化专利{c(total)}项。")
    for y, am in zip(ys, amts):
        a.fig("patents_commercialized", y, g["patents_commercialized"][y], c(g["patents_commercialized"][y]) + "项",
              [b.ev(el, qa)])
        a.fig("commercialization_amount", y, g["commercialization_amount"][y], am, [b.ev(el, qb)])
