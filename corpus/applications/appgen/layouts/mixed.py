"""`mixed` layout: label：value lines, a financial table with one row per year
(amounts in 元 in some, 利润总额 and 上缴税金 apart in some), IP and standings
in prose, and a long patent list table that runs over several PDF pages."""
from __future__ import annotations

from appgen import fmt
from appgen.acc import MONEY_LABELS, Acc
from appgen.common import commitment_page, dept_text, prose, standing_sentence, type_text, write_attest
from appgen.doc import Builder
from appgen.profile import Profile

TOPICS = ["一种{d}的控制方法", "{d}用复合结构及其制备方法", "基于多传感融合的{d}检测装置", "一种{d}组件及其装配工艺",
          "{d}系统的故障诊断方法", "一种高可靠{d}模块", "{d}的热管理系统及控制方法", "一种{d}用连接件"]


def render(p: Profile, b: Builder, break_filler: int = 0, patent_list: bool = False) -> Acc:
    a, r = Acc(p, b), p.rng
    el = b.para(p.spec.title, "title")
    a.program(b.ev(el, p.spec.title))
    el = b.para("项目申报书", "title")
    a.attach("application_form", "项目申报书", "page", b.ev(el, "项目申报书"))
    b.para("")
    el = b.para(f"申报单位（盖章）：{p.name}")
    if p.spec.track_text:
        el = b.para(f"申报方向：{p.spec.track_text}")
        a.track(b.ev(el, p.spec.track_text))
    ds = fmt.cn_date(p.submitted, pad=True)
    el = b.para(f"填报日期：{ds}")
    a.submitted(ds, b.ev(el, ds))

    b.para("第一部分 申报单位基本信息", "h1", page_break_before=True)
    tt = type_text(p)
    el = b.para(f"单位名称：{p.name}")
    a.name(b.ev(el, p.name))
    el = b.para(f"统一社会信用代码：{p.code}")
    a.code(b.ev(el, p.code))
    el = b.para(f"单位类型：{tt}")
    a.atype(tt, b.ev(el, tt))
    el = b.para(f"注册地址：{p.address}")
    a.address(b.ev(el, p.address))
    el = b.para(f"法定代表人：{p.rep}          法人资格：独立法人")
    a.legal("独立法人", b.ev(el, "独立法人"))
    if p.partners:
        el = b.para(f"牵头单位：{p.name}")
        a.lead(b.ev(el, p.name))
        el = b.para("参与单位：" + "；".join(p.partners))
        for n_ in p.partners:
            a.partner(n_, b.ev(el, n_))

    sections = [_finance, _ip, _standing]
    if r.random() < 0.4:
        sections = [_ip, _finance, _standing]
    for i, sec in enumerate(sections):
        sec(p, b, a, _num(i + 2), break_filler)

    b.para(f"第{_num(5)}部分 项目实施基础", "h1")
    for t_ in prose(p):
        b.para(t_)
    write_attest(b, a, p)
    items = "；".join(f"{i + 1}.{n_}" for i, (_, n_) in enumerate(p.materials))
    el = b.para(f"附：{items}。")
    for m, n_ in p.materials:
        a.attach(m, n_, "listed", b.ev(el, n_))
    if patent_list:
        _patent_list(p, b, a)
    commitment_page(b, a, p, ds)
    return a


def _num(i: int) -> str:
    return "一二三四五六七八九"[i - 1]


def _finance(p: Profile, b: Builder, a: Acc, num: str, filler: int) -> None:
    if not p.fin:
        return
    r, ys = p.rng, p.years
    b.para(f"第{num}部分 主要经济指标", "h1")
    for _ in range(filler):
        b.para("（本部分数据以经审计的年度财务报表为准，下表所列各项指标口径与税务申报口径一致，"
               "研发费用按照研发费用加计扣除口径归集，知识产权费用包括专利申请费、年费、代理费及知识产权服务费等。）")
    unit = r.choice(["元", "万元"])
    style = "sep" if unit == "元" and r.random() < 0.7 else "plain"
    cols: list[tuple[str, str]] = []
    for m in ("revenue", "rd_expense", "profit_tax", "ip_expense", "patent_product_revenue"):
        if m not in p.fin:
            continue
        if m == "profit_tax" and p.split_pt:
            cols += [("profit", r.choice(MONEY_LABELS["profit"])), ("tax", r.choice(MONEY_LABELS["tax"]))]
        else:
            cols.append((m, r.choice(MONEY_LABELS[m])))
    header = ["年度"] + [f"{lab}（{unit}）" for _, lab in cols]
    notes = filler > 0
    if notes:
        header.append("备注")
    rows = [header]
    for y in ys:
        row = [f"{y}年度"] + [fmt.money_cell(p.fin[m][y], unit, style) for m, _ in cols]
        if notes:
            row.append(f"{y}年度数据摘自会计师事务所出具的审计报告（审计报告编号：{'黔' if p.province == '贵州省' else '苏'}审字〔{y + 1}〕第{r.randint(100, 999)}号），"
                       "研发费用经专项审计确认，知识产权费用按实际发生额填列。")
        rows.append(row)
    t = b.table(rows, font_pt=9 if len(header) > 6 else None)
    for i, y in enumerate(ys):
        for j, (m, _) in enumerate(cols):
            a.fig(m, y, p.fin[m][y], rows[i + 1][j + 1], [b.cell(t, i + 1, j + 1)])
        if p.split_pt:
            jp = [m for m, _ in cols].index("profit") + 1
            a.fig("profit_tax", y, p.fin["profit"][y] + p.fin["tax"][y], f"{rows[i + 1][jp]}+{rows[i + 1][jp + 1]}",
                  [b.cell(t, i + 1, jp), b.cell(t, i + 1, jp + 1)], derived=["profit", "tax"])
    if p.split_pt:
        b.para("注：利税总额＝利润总额＋上缴税金。")


def _ip(p: Profile, b: Builder, a: Acc, num: str, filler: int) -> None:
    r, st = p.rng, p.stock
    b.para(f"第{num}部分 知识产权情况", "h1")
    vp, vi = st["valid_patents"], st["valid_invention_patents"]
    q1, q2 = f"有效专利{vp}件", f"有效发明专利{vi}件"
    s = f"截至申报日，{p.short}拥有{q1}，其中{q2}"
    q3 = None
    if st.get("pct_national_phase"):
        q3 = f"进入国家阶段的PCT申请{st['pct_national_phase']}件"
        s += f"，另有{q3}"
    el = b.para(s + "。")
    a.fig("valid_patents", None, vp, f"{vp}件", [b.ev(el, q1)])
    a.fig("valid_invention_patents", None, vi, f"{vi}件", [b.ev(el, q2)])
    if q3:
        a.fig("pct_national_phase", None, st["pct_national_phase"], f"{st['pct_national_phase']}件", [b.ev(el, q3)])
    dt = dept_text(p)
    qs = f"知识产权管理人员{st['ip_staff']}人"
    s = f"{p.short}{dt}，现有{qs}"
    qc = None
    if "commercialization_staff" in st:
        qc = f"专利转化专职人员{st['commercialization_staff']}人"
        s += f"（含{qc}）"
    el = b.para(s + "。")
    a.dept(p.ip_dept, dt, b.ev(el, dt))
    a.fig("ip_staff", None, st["ip_staff"], f"{st['ip_staff']}人", [b.ev(el, qs)])
    if qc:
        a.fig("commercialization_staff", None, st["commercialization_staff"], f"{st['commercialization_staff']}人",
              [b.ev(el, qc)])
    if p.yearly:
        labels = [("patent_grants", "专利授权量（件）"), ("invention_grants", "发明专利授权量（件）"),
                  ("patents_commercialized", "转化实施专利（件）"), ("commercialization_amount", "转化金额（万元）")]
        rows = [["年度"] + [lab for _, lab in labels]]
        for y in p.years:
            rows.append([str(y)] + [fmt.trim(p.yearly[m][y]) for m, _ in labels])
        t = b.table(rows)
        for i, y in enumerate(p.years):
            for j, (m, _) in enumerate(labels):
                a.fig(m, y, p.yearly[m][y], rows[i + 1][j + 1], [b.cell(t, i + 1, j + 1)])


def _standing(p: Profile, b: Builder, a: Acc, num: str, filler: int) -> None:
    b.para(f"第{num}部分 资质荣誉与项目承担情况", "h1")
    for s in p.standings:
        el = b.para(f"{standing_sentence(s)}。")
        a.standing(s, b.ev(el, s.text))
    for pr in p.projects:
        el = b.para(f"{pr.text}。")
        a.project(pr, b.ev(el, pr.text))
    if not p.standings and not p.projects:
        b.para("（无）")


def _patent_list(p: Profile, b: Builder, a: Acc) -> None:
    r = p.rng
    el = b.para("附表：有效发明专利清单", "h1", page_break_before=True)
    a.attach("patent_list", "有效发明专利清单", "page", b.ev(el, "有效发明专利清单"))
    rows = [["序号", "专利名称", "专利号", "类型", "授权公告日"]]
    dom = p.project_name[:4]
    for i in range(p.stock["valid_invention_patents"]):
        y = r.randint(2012, p.spec.year - 1)
        rows.append([str(i + 1), r.choice(TOPICS).format(d=dom), f"ZL{y - 2}1{r.randint(0, 9999999):07d}.{r.randint(0, 9)}",
                     "发明", f"{y}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"])
    b.table(rows, font_pt=9)
