"""`form` layout: a 申报书 made of a cover and tables — key/value identity table,
a financial table with one column per year, an IP table and a 附件清单."""
from __future__ import annotations

from appgen import fmt
from appgen.acc import MONEY_LABELS, Acc
from appgen.common import commitment_page, dept_text, prose, standing_sentence, type_text, write_attest
from appgen.doc import Builder
from appgen.profile import Profile

AREA = {"常州市": "0519", "南京市": "025", "苏州市": "0512", "无锡市": "0510", "南通市": "0513", "徐州市": "0516",
        "扬州市": "0514", "泰州市": "0523", "贵阳市": "0851", "遵义市": "0851", "安顺市": "0851", "毕节市": "0857",
        "杭州市": "0571", "合肥市": "0551", "成都市": "028"}


def render(p: Profile, b: Builder) -> Acc:
    a, r = Acc(p, b), p.rng
    el = b.para(f"{p.spec.title}申报书", "title")
    a.program(b.ev(el, p.spec.title))
    a.attach("application_form", "申报书", "page", b.ev(el, "申报书"))
    b.para(f"项目名称：{p.project_name}")
    el = b.para(f"申报单位：{p.name}（盖章）")
    if p.spec.track_text:
        el = b.para(f"申报类别：{p.spec.track_text}")
        a.track(b.ev(el, p.spec.track_text))
    ds = fmt.cn_date(p.submitted)
    el = b.para(f"申报日期：{ds}")
    a.submitted(ds, b.ev(el, ds))
    b.para(f"{p.spec.title.split('年')[0]}年制", "center")

    n = 1
    b.para(f"{_cn(n)}、申报单位基本情况", "h1", page_break_before=True)
    tt = type_text(p)
    rows = [["单位名称", p.name], ["统一社会信用代码", p.code], ["单位性质", tt], ["注册地址", p.address],
            ["法定代表人", p.rep], ["成立时间", f"{p.founded}年"], ["是否具有独立法人资格", "是"],
            ["联系人", f"{p.rep[0]}{r.choice(['经理', '主任', '老师'])}"], ["联系电话", f"{AREA.get(p.city, '025')}-{r.randint(80000000, 89999999)}"]]
    if r.random() < 0.5:  # two label/value pairs per row
        flat = rows + ([["", ""]] if len(rows) % 2 else [])
        grid = [flat[i] + flat[i + 1] for i in range(0, len(flat), 2)]
        pos = {lab: (i // 2, (i % 2) * 2 + 1) for i, (lab, _) in enumerate(flat)}
    else:
        grid = rows
        pos = {lab: (i, 1) for i, (lab, _) in enumerate(rows)}
    t = b.table(grid)
    a.name(b.cell(t, *pos["单位名称"]))
    a.code(b.cell(t, *pos["统一社会信用代码"]))
    a.atype(tt, b.cell(t, *pos["单位性质"]))
    a.address(b.cell(t, *pos["注册地址"]))
    a.legal("是", b.cell(t, *pos["是否具有独立法人资格"]))

    if p.partners:
        b.para("联合申报单位情况", "h2")
        rows = [["序号", "单位角色", "单位名称"], ["1", "牵头单位", p.name]]
        rows += [[str(i + 2), "参与单位", n_] for i, n_ in enumerate(p.partners)]
        t = b.table(rows)
        a.lead(b.cell(t, 1, 2))
        for i, n_ in enumerate(p.partners):
            a.partner(n_, b.cell(t, i + 2, 2))

    if p.fin:
        n += 1
        b.para(f"{_cn(n)}、近年主要经济指标", "h1")
        _fin_table(p, b, a)

    n += 1
    b.para(f"{_cn(n)}、知识产权工作基础", "h1")
    rows = [["指标", "数量"]]
    keys = []
    st = p.stock
    rows.append(["有效专利数量（件）", str(st["valid_patents"])]); keys.append("valid_patents")
    rows.append(["其中：有效发明专利（件）", str(st["valid_invention_patents"])]); keys.append("valid_invention_patents")
    if "pct_national_phase" in st and (st["pct_national_phase"] or r.random() < 0.5):
        rows.append(["进入国家阶段的PCT专利申请（件）", str(st["pct_national_phase"])]); keys.append("pct_national_phase")
    rows.append(["知识产权专兼职管理人员（人）", str(st["ip_staff"])]); keys.append("ip_staff")
    if "commercialization_staff" in st:
        rows.append(["其中：专职从事专利转化工作的人员（人）", str(st["commercialization_staff"])])
        keys.append("commercialization_staff")
    dt = dept_text(p)
    rows.append(["知识产权管理机构", dt])
    t = b.table(rows)
    for i, k in enumerate(keys):
        a.fig(k, None, st[k], rows[i + 1][1], [b.cell(t, i + 1, 1)])
    a.dept(p.ip_dept, dt, b.cell(t, len(rows) - 1, 1))

    if p.yearly:
        b.para("近三年专利授权及转化情况", "h2")
        labels = {"patent_grants": "专利授权量（件）", "invention_grants": "其中：发明专利授权量（件）",
                  "patents_commercialized": "转化实施专利数（件）", "commercialization_amount": "专利转化金额（万元）"}
        rows = [["指标"] + [f"{y}年" for y in p.years]]
        for k, lab in labels.items():
            rows.append([lab] + [fmt.trim(p.yearly[k][y]) for y in p.years])
        t = b.table(rows)
        for i, k in enumerate(labels):
            for j, y in enumerate(p.years):
                a.fig(k, y, p.yearly[k][y], rows[i + 1][j + 1], [b.cell(t, i + 1, j + 1)])

    n += 1
    b.para(f"{_cn(n)}、荣誉资质及研发平台", "h1")
    if not p.standings:
        b.para("暂无。")
    for i, s in enumerate(p.standings):
        el = b.para(f"{i + 1}. {standing_sentence(s)}。")
        a.standing(s, b.ev(el, s.text))
    n += 1
    b.para(f"{_cn(n)}、承担项目情况", "h1")
    if not p.projects:
        b.para("近三年未承担省级以上知识产权计划项目。")
    for i, pr in enumerate(p.projects):
        el = b.para(f"{i + 1}. {pr.text}。")
        a.project(pr, b.ev(el, pr.text))
    n += 1
    b.para(f"{_cn(n)}、项目基础与建设目标", "h1")
    for t_ in prose(p):
        b.para(t_)
    n += 1
    b.para(f"{_cn(n)}、承诺事项", "h1")
    write_attest(b, a, p)
    b.para("附件清单", "h1")
    for i, (m, name) in enumerate(p.materials):
        el = b.para(f"{i + 1}. {name}")
        a.attach(m, name, "listed", b.ev(el, name))
    commitment_page(b, a, p, ds)
    return a


def _fin_table(p: Profile, b: Builder, a: Acc) -> None:
    r, years = p.rng, p.years
    style = r.choice(["plain", "sep"])
    order = [m for m in ("revenue", "rd_expense", "profit_tax", "ip_expense", "patent_product_revenue") if m in p.fin]
    rows = [["指标"] + [f"{y}年" for y in years]]
    spec: list[tuple[str, str]] = []  # (kind, metric) per row
    for m in order:
        if m == "profit_tax" and p.split_pt:
            for part in ("profit", "tax"):
                rows.append([f"{r.choice(MONEY_LABELS[part])}（万元）"] + [fmt.money_cell(p.fin[part][y], "万元", style) for y in years])
                spec.append(("money", part))
            continue
        rows.append([f"{r.choice(MONEY_LABELS[m])}（万元）"] + [fmt.money_cell(p.fin[m][y], "万元", style) for y in years])
        spec.append(("money", m))
        if m == "rd_expense" and r.random() < 0.5:
            rows.append([f"{rows[-1][0][:-4]}占{rows[1][0][:-4]}比例（%）"] +
                        [f"{p.fin['rd_expense'][y] / p.fin['revenue'][y] * 100:.2f}" for y in years])
            spec.append(("ratio", "rd_expense_ratio"))
        if m == "patent_product_revenue":
            rows.append(["专利产品销售收入占比（%）"] +
                        [f"{p.fin[m][y] / p.fin['revenue'][y] * 100:.2f}" for y in years])
            spec.append(("ratio", "patent_product_revenue_ratio"))
    t = b.table(rows)
    idx = {m: i + 1 for i, (_, m) in enumerate(spec)}
    for i, (kind, m) in enumerate(spec):
        for j, y in enumerate(years):
            cell = rows[i + 1][j + 1]
            val = float(cell.replace(",", "")) if kind == "ratio" else p.fin[m][y]
            a.fig(m, y, val, cell, [b.cell(t, i + 1, j + 1)])
    if p.split_pt:
        for j, y in enumerate(years):
            pr, tx = rows[idx["profit"]][j + 1], rows[idx["tax"]][j + 1]
            a.fig("profit_tax", y, p.fin["profit"][y] + p.fin["tax"][y], f"{pr}+{tx}",
                  [b.cell(t, idx["profit"], j + 1), b.cell(t, idx["tax"], j + 1)], derived=["profit", "tax"])


def _cn(n: int) -> str:
    return "一二三四五六七八九十"[n - 1]
