"""Held-out `portal_export` layout: a printout of an online declaration system.

No extraction rule may be tuned on it. It differs on purpose: 【…】 section
labels, four-column label/value grids, dates as 2023/06/15, a directly stated
ratio column labelled 研究开发费用总额占同期销售收入总额的比例, 诚信承诺书, and
attachments shown as upload status lines.
"""
from __future__ import annotations

from appgen import fmt
from appgen.acc import Acc
from appgen.common import commitment_page, dept_text, prose, standing_sentence, type_text, write_attest
from appgen.doc import Builder
from appgen.profile import Profile


def render(p: Profile, b: Builder) -> Acc:
    a, r = Acc(p, b), p.rng
    ds = fmt.slash_date(p.submitted)
    b.para(f"申报编号：SB{p.spec.year}{r.randint(100000, 999999)}    打印状态：已提交", "right")
    el = b.para(f"{p.spec.title}申报表", "title")
    a.program(b.ev(el, p.spec.title))
    a.attach("application_form", "申报表", "page", b.ev(el, "申报表"))
    b.para("【申报信息】", "h2")
    rows = [["申报项目", p.spec.title, "申报类型", p.spec.track_text or "—"],
            ["项目名称", p.project_name, "提交时间", f"{ds} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}"]]
    t = b.table(rows)
    if p.spec.track_text:
        a.track(b.cell(t, 0, 3))
    a.submitted(ds, b.ev(t, ds, 1, 3))

    b.para("【单位基本信息】", "h2")
    tt = type_text(p)
    rows = [["单位名称", p.name, "统一社会信用代码", p.code],
            ["单位类型", tt, "是否独立法人", "是"],
            ["注册地址", p.address, "法定代表人", p.rep],
            ["所属地区", f"{p.province}{p.city if p.city != p.province else ''}", "成立日期", f"{p.founded}/{r.randint(1, 12):02d}/{r.randint(1, 28):02d}"]]
    t = b.table(rows)
    a.name(b.cell(t, 0, 1))
    a.code(b.cell(t, 0, 3))
    a.atype(tt, b.cell(t, 1, 1))
    a.legal("是", b.cell(t, 1, 3))
    a.address(b.cell(t, 2, 1))
    if p.partners:
        b.para("【联合申报单位】", "h2")
        rows = [["角色", "单位名称"], ["牵头", p.name]] + [["参与", n_] for n_ in p.partners]
        t = b.table(rows)
        a.lead(b.cell(t, 1, 1))
        for i, n_ in enumerate(p.partners):
            a.partner(n_, b.cell(t, i + 2, 1))

    if p.fin:
        b.para("【财务信息】（金额单位：万元）", "h2")
        ys = p.years
        hdr = ["年度", "销售收入总额"]
        ms = ["revenue"]
        if "rd_expense" in p.fin:
            hdr += ["研究开发费用总额", "研究开发费用总额占同期销售收入总额的比例（%）"]
            ms += ["rd_expense", "rd_expense_ratio"]
        if "profit_tax" in p.fin:
            hdr.append("利税总额")
            ms.append("profit_tax")
        if "ip_expense" in p.fin:
            hdr.append("知识产权经费投入")
            ms.append("ip_expense")
        if "patent_product_revenue" in p.fin:
            hdr += ["专利产品销售收入", "专利产品销售收入占比（%）"]
            ms += ["patent_product_revenue", "patent_product_revenue_ratio"]
        rows = [hdr]
        for y in ys:
            row = [f"{y}"]
            for m in ms:
                if m.endswith("_ratio"):
                    num = "rd_expense" if m == "rd_expense_ratio" else "patent_product_revenue"
                    row.append(f"{p.fin[num][y] / p.fin['revenue'][y] * 100:.2f}")
                else:
                    row.append(f"{p.fin[m][y]:.2f}")
            rows.append(row)
        t = b.table(rows, font_pt=8)
        for i, y in enumerate(ys):
            for j, m in enumerate(ms):
                cell = rows[i + 1][j + 1]
                val = float(cell) if m.endswith("_ratio") else p.fin[m][y]
                a.fig(m, y, val, cell, [b.cell(t, i + 1, j + 1)])

    b.para("【知识产权信息】", "h2")
    st = p.stock
    dt = dept_text(p)
    items = [("有效专利总数（件）", "valid_patents"), ("有效发明专利数（件）", "valid_invention_patents")]
    if "pct_national_phase" in st:
        items.append(("PCT国家阶段申请（件）", "pct_national_phase"))
    items.append(("知识产权工作人员（人）", "ip_staff"))
    if "commercialization_staff" in st:
        items.append(("专利转化专职人员（人）", "commercialization_staff"))
    flat = [[lab, str(st[k])] for lab, k in items] + [["知识产权管理机构", dt]]
    if len(flat) % 2:
        flat.append(["", ""])
    rows = [flat[i] + flat[i + 1] for i in range(0, len(flat), 2)]
    t = b.table(rows)
    for i, (lab, k) in enumerate(items + [("知识产权管理机构", "dept")]):
        rr, cc = i // 2, (i % 2) * 2 + 1
        if k == "dept":
            a.dept(p.ip_dept, dt, b.cell(t, rr, cc))
        else:
            a.fig(k, None, st[k], rows[rr][cc], [b.cell(t, rr, cc)])
    if p.yearly:
        labels = [("patent_grants", "专利授权数"), ("invention_grants", "发明专利授权数"),
                  ("patents_commercialized", "专利转化数量"), ("commercialization_amount", "转化金额（万元）")]
        rows = [["年度"] + [lab for _, lab in labels]]
        rows += [[f"{y}"] + [fmt.trim(p.yearly[m][y]) for m, _ in labels] for y in p.years]
        t = b.table(rows)
        for i, y in enumerate(p.years):
            for j, (m, _) in enumerate(labels):
                a.fig(m, y, p.yearly[m][y], rows[i + 1][j + 1], [b.cell(t, i + 1, j + 1)])

    b.para("【资质荣誉】", "h2")
    rows = [["序号", "名称", "获得年份"]]
    for i, s in enumerate(p.standings):
        rows.append([str(i + 1), s.text, str(s.year)])
    if len(rows) == 1:
        rows.append(["—", "无", "—"])
    t = b.table(rows)
    for i, s in enumerate(p.standings):
        a.standing(s, b.cell(t, i + 1, 1))
    b.para("【在研及已承担项目】", "h2")
    for pr in p.projects:
        el = b.para(f"◆ {pr.text}")
        a.project(pr, b.ev(el, pr.text))
    if not p.projects:
        b.para("◆ 无")
    b.para("【项目简介】", "h2")
    for t_ in prose(p):
        b.para(t_)
    write_attest(b, a, p)
    b.para("【附件上传】", "h2")
    for m, n_ in p.materials:
        el = b.para(f"{n_}（已上传）")
        a.attach(m, n_, "listed", b.ev(el, n_))
    commitment_page(b, a, p, ds)
    return a
