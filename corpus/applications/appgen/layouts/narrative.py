"""`narrative` layout: prose only, no tables — figures inside sentences, amounts
in 亿元/万元/元, counts sometimes in Chinese numerals."""
from __future__ import annotations

from appgen import fmt
from appgen.acc import MONEY_LABELS, Acc
from appgen.common import commitment_page, dept_text, prose, standing_sentence, type_text, write_attest
from appgen.doc import Builder
from appgen.profile import Profile


def _series(vals: list[str]) -> str:
    return "、".join(vals[:-1]) + "和" + vals[-1] if len(vals) > 1 else vals[0]


def render(p: Profile, b: Builder) -> Acc:
    a, r = Acc(p, b), p.rng
    cn = r.random() < 0.7
    el = b.para(f"{p.spec.title}申请书", "title")
    a.program(b.ev(el, p.spec.title))
    a.attach("application_form", "申请书", "page", b.ev(el, "申请书"))
    if p.spec.track_text:
        el = b.para(f"（{p.spec.track_text}）", "center")
        a.track(b.ev(el, p.spec.track_text))
    b.para(p.name, "center")

    heads = iter("一二三四五六七")
    b.para(f"{next(heads)}、单位概况", "h1")
    tt = type_text(p)
    legal = "具有独立法人资格"
    s = (f"{p.name}成立于{p.founded}年，是{'一家' if p.is_enterprise else ''}{legal}的{tt}，统一社会信用代码{p.code}，"
         f"注册地址为{p.address}，法定代表人{p.rep}。")
    el = b.para(s)
    a.name(b.ev(el, p.name))
    a.code(b.ev(el, p.code))
    a.atype(tt, b.ev(el, tt))
    a.address(b.ev(el, p.address))
    a.legal(legal, b.ev(el, legal))
    if p.partners:
        s = f"本项目由{p.name}牵头，联合{'、'.join(p.partners)}共同申报，{len(p.partners) + 1}家单位同属一条产业链。"
        el = b.para(s)
        a.lead(b.ev(el, f"由{p.name}牵头"))
        for n_ in p.partners:
            a.partner(n_, b.ev(el, n_))

    if p.fin:
        b.para(f"{next(heads)}、经营及研发投入情况", "h1")
        _finance(p, b, a)

    b.para(f"{next(heads)}、知识产权工作基础", "h1")
    st = p.stock
    y_end = p.spec.year - 1
    vp, vi = st["valid_patents"], st["valid_invention_patents"]
    q1 = f"有效专利{fmt.count(vp, cn)}件"
    q2 = r.choice([f"其中发明专利{fmt.count(vi, cn)}件", f"其中有效发明专利{fmt.count(vi, cn)}件"])
    parts = [q1, q2]
    q3 = None
    if st.get("pct_national_phase"):
        q3 = f"进入国家阶段的PCT专利申请{fmt.count(st['pct_national_phase'], cn)}件"
        parts.append(q3)
    el = b.para(f"截至{y_end}年底，{p.short}拥有" + "，".join(parts) + "。")
    a.fig("valid_patents", None, vp, fmt.count(vp, cn) + "件", [b.ev(el, q1)])
    a.fig("valid_invention_patents", None, vi, fmt.count(vi, cn) + "件", [b.ev(el, q2)])
    if q3:
        a.fig("pct_national_phase", None, st["pct_national_phase"], fmt.count(st["pct_national_phase"], cn) + "件",
              [b.ev(el, q3)])
    dt = dept_text(p)
    qs = f"知识产权专兼职管理人员{fmt.count(st['ip_staff'], cn)}人"
    s = f"{p.short}{dt}，配备{qs}"
    qc = None
    if "commercialization_staff" in st:
        qc = f"专职从事专利转化工作的人员{fmt.count(st['commercialization_staff'], cn)}人"
        s += f"，其中{qc}"
    el = b.para(s + "，建立了较为健全的知识产权管理制度。")
    a.dept(p.ip_dept, dt, b.ev(el, dt))
    a.fig("ip_staff", None, st["ip_staff"], fmt.count(st["ip_staff"], cn) + "人", [b.ev(el, qs)])
    if qc:
        a.fig("commercialization_staff", None, st["commercialization_staff"],
              fmt.count(st["commercialization_staff"], cn) + "人", [b.ev(el, qc)])
    if p.yearly:
        ys = p.years
        span = f"{ys[0]}年至{ys[-1]}年"
        g = p.yearly
        qa = f"专利授权量分别为{_series([fmt.trim(g['patent_grants'][y]) + '件' for y in ys])}"
        qb = f"其中发明专利授权量分别为{_series([fmt.trim(g['invention_grants'][y]) + '件' for y in ys])}"
        el = b.para(f"{span}，{p.short}{qa}，{qb}。")
        for y in ys:
            a.fig("patent_grants", y, g["patent_grants"][y], fmt.trim(g["patent_grants"][y]) + "件", [b.ev(el, qa)])
            a.fig("invention_grants", y, g["invention_grants"][y], fmt.trim(g["invention_grants"][y]) + "件", [b.ev(el, qb)])
        qa = f"通过转让、许可、作价入股等方式转化实施专利分别为{_series([fmt.trim(g['patents_commercialized'][y]) + '件' for y in ys])}"
        amts = [fmt.money(g["commercialization_amount"][y], "万元") for y in ys]
        qb = f"转化金额分别为{_series(amts)}"
        el = b.para(f"{span}，{qa}，{qb}。")
        for y, am in zip(ys, amts):
            a.fig("patents_commercialized", y, g["patents_commercialized"][y], fmt.trim(g["patents_commercialized"][y]) + "件",
                  [b.ev(el, qa)])
            a.fig("commercialization_amount", y, g["commercialization_amount"][y], am, [b.ev(el, qb)])

    b.para(f"{next(heads)}、荣誉与平台", "h1")
    if p.standings:
        sents = [standing_sentence(s) for s in p.standings]
        el = b.para(f"{p.short}" + "；".join(sents) + "。")
        for s in p.standings:
            a.standing(s, b.ev(el, s.text))
    else:
        b.para(f"{p.short}积极参与各类知识产权试点示范工作。")
    if p.projects:
        for pr in p.projects:
            el = b.para(f"{p.short}{pr.text}。")
            a.project(pr, b.ev(el, pr.text))

    b.para(f"{next(heads)}、项目基础与目标", "h1")
    for t_ in prose(p):
        b.para(t_)
    write_attest(b, a, p)

    mats = [f"{i + 1}.{n_}" for i, (_, n_) in enumerate(p.materials)]
    b.para("附件：")
    for (m, n_), line in zip(p.materials, mats):
        el = b.para(line)
        a.attach(m, n_, "listed", b.ev(el, n_))
    b.para(p.name, "right")
    ds = fmt.cn_date(p.submitted)
    el = b.para(ds, "right")
    a.submitted(ds, b.ev(el, ds))
    commitment_page(b, a, p, ds)
    return a


def _finance(p: Profile, b: Builder, a: Acc) -> None:
    r, ys = p.rng, p.years
    span = f"{ys[0]}年至{ys[-1]}年" if len(ys) > 2 else f"{ys[0]}年、{ys[-1]}年"
    rev_unit = r.choice(["亿元", "亿元", "万元"])
    lab = r.choice(MONEY_LABELS["revenue"])
    vals = [fmt.money(p.fin["revenue"][y], rev_unit, "plain") for y in ys]
    q_rev = f"分别实现{lab}{_series(vals)}"
    clauses = [(q_rev, "revenue", vals)]
    if "rd_expense" in p.fin:
        lab = r.choice(MONEY_LABELS["rd_expense"])
        vals = [fmt.money(p.fin["rd_expense"][y], "万元", r.choice(["plain", "sep"])) for y in ys]
        clauses.append((f"{lab}分别为{_series(vals)}", "rd_expense", vals))
    if "profit_tax" in p.fin:
        vals = [fmt.money(p.fin["profit_tax"][y], "万元") for y in ys]
        clauses.append((f"利税总额分别为{_series(vals)}", "profit_tax", vals))
    el = b.para(f"{span}，{p.short}" + "，".join(c for c, _, _ in clauses) + "。")
    for q, m, vals in clauses:
        for y, v in zip(ys, vals):
            a.fig(m, y, p.fin[m][y], v, [b.ev(el, q)])
    if "rd_expense" in p.fin and r.random() < 0.5:
        vals = [f"{p.fin['rd_expense'][y] / p.fin['revenue'][y] * 100:.2f}%" for y in ys]
        q = f"研发投入占营业收入比重分别为{_series(vals)}"
        el = b.para(f"{q}，研发投入保持较高强度。")
        for y, v in zip(ys, vals):
            a.fig("rd_expense_ratio", y, float(v[:-1]), v, [b.ev(el, q)])
    if "ip_expense" in p.fin:
        unit = r.choice(["万元", "元"])
        vals = [fmt.money(p.fin["ip_expense"][y], unit, "sep") for y in ys]
        q = f"知识产权费用分别为{_series(vals)}"
        el = b.para(f"同期{q}，主要用于专利申请维持、专利导航和知识产权管理体系运行。")
        for y, v in zip(ys, vals):
            a.fig("ip_expense", y, p.fin["ip_expense"][y], v, [b.ev(el, q)])
    if "patent_product_revenue" in p.fin:
        vals = [fmt.money(p.fin["patent_product_revenue"][y], r.choice(["万元", "亿元"])) for y in ys]
        q = f"专利产品销售收入分别为{_series(vals)}"
        el = b.para(f"{span}，{q}，专利产品已成为主要收入来源。")
        for y, v in zip(ys, vals):
            a.fig("patent_product_revenue", y, p.fin["patent_product_revenue"][y], v, [b.ev(el, q)])
