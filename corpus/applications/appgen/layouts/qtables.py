"""Tables of the `questionnaire` layout: financial, IP stock and yearly IP.

Why they are hard on purpose: the merged top header carries the unit (千元 or
万元) far from the numbers, 合计 rows and a 合计 column sum other cells and are
not yearly figures, R&D expense is broken down into 其中 rows, and the years run
across in some applications and down in others. The gold lists only what a
careful reader takes as a claim: per-year figures, stated 利税合计, stated ratios.
"""
from __future__ import annotations

from appgen import fmt
from appgen.acc import Acc
from appgen.doc import Builder
from appgen.profile import Profile


def _amt(u: int, unit: str, style: str) -> str:
    """u = amount in 0.01万元 (100元) steps, written in `unit`."""
    v, k = (u / 10, 1) if unit == "千元" else (u / 100, 2)
    return f"{v:,.{k}f}" if style == "sep" else f"{v:.{k}f}"


def _lines(p: Profile, breakdown: bool) -> list[tuple[str, str | None, str, dict[int, int | str]]]:
    """(label, gold metric or None, kind money/ratio, per-year 0.01万元 ints or ratio texts)."""
    r, ys = p.rng, p.years
    u = {m: {y: round(p.fin[m][y] * 100) for y in ys} for m in p.fin}
    out: list = [(r.choice(["营业收入", "主营业务收入", "销售收入"]), "revenue", "money", u["revenue"])]
    if "rd_expense" in u:
        out.append(("研发费用合计" if breakdown else r.choice(["研发费用", "研究开发费用"]), "rd_expense", "money",
                    u["rd_expense"]))
        if breakdown:
            pers = {y: round(u["rd_expense"][y] * r.uniform(0.45, 0.6)) for y in ys}
            direct = {y: round(u["rd_expense"][y] * r.uniform(0.2, 0.3)) for y in ys}
            other = {y: u["rd_expense"][y] - pers[y] - direct[y] for y in ys}
            out += [("其中：人员人工费用", None, "money", pers), ("　　　直接投入费用", None, "money", direct),
                    ("　　　其他相关费用", None, "money", other)]
        if r.random() < 0.4:
            out.append(("研发费用占营业收入比例（%）", "rd_expense_ratio", "ratio",
                        {y: f"{p.fin['rd_expense'][y] / p.fin['revenue'][y] * 100:.2f}" for y in ys}))
    if "profit_tax" in u:
        if p.split_pt:
            pr = {y: round(p.fin["profit"][y] * 100) for y in ys}
            tx = {y: round(p.fin["tax"][y] * 100) for y in ys}
            out += [("利润总额", "profit", "money", pr),
                    (r.choice(["实缴税金", "税金总额", "上缴税金"]), "tax", "money", tx),
                    ("利税合计", "profit_tax", "money", {y: pr[y] + tx[y] for y in ys})]
        else:
            out.append(("利税总额", "profit_tax", "money", u["profit_tax"]))
    if "ip_expense" in u:
        out.append((r.choice(["知识产权经费", "知识产权费用"]), "ip_expense", "money", u["ip_expense"]))
    if "patent_product_revenue" in u:
        out.append(("专利产品销售收入", "patent_product_revenue", "money", u["patent_product_revenue"]))
        out.append(("专利产品销售收入占营业收入比重（%）", "patent_product_revenue_ratio", "ratio",
                    {y: f"{p.fin['patent_product_revenue'][y] / p.fin['revenue'][y] * 100:.2f}" for y in ys}))
    return out


def _cell(v, kind: str, unit: str, style: str) -> str:
    return v if kind == "ratio" else _amt(v, unit, style)


def _gold(a: Acc, metric: str | None, kind: str, y: int, v, cell: str, ev) -> None:
    if metric is None:
        return
    a.fig(metric, y, float(cell) if kind == "ratio" else v / 100, cell, [ev])


def fin_table(p: Profile, b: Builder, a: Acc) -> None:
    r, ys = p.rng, p.years
    unit = r.choice(["千元", "万元"])
    style = r.choice(["plain", "sep"])
    across = int(p.id[3:]) % 2 == 0  # both table shapes in equal measure
    span = "近三年" if len(ys) == 3 else "近两年"
    if across:  # years across under one merged header, metrics down, a 合计 column
        lines = _lines(p, breakdown=r.random() < 0.6)
        k = len(ys)
        rows = [["指标名称"] + [f"{span}主要经济指标（单位：{unit}）"] * k + ["合计"],
                ["指标名称"] + [f"{y}年" for y in ys] + ["合计"]]
        for lab, _, kind, vals in lines:
            total = "—" if kind == "ratio" else _amt(sum(vals.values()), unit, style)
            rows.append([lab] + [_cell(vals[y], kind, unit, style) for y in ys] + [total])
        t = b.table(rows, merges=[(0, 1, 0, k), (0, 0, 1, 0), (0, k + 1, 1, k + 1)],
                    font_pt=9 if k > 2 else None)
        for i, (_, m, kind, vals) in enumerate(lines):
            for j, y in enumerate(ys):
                _gold(a, m, kind, y, vals[y], rows[i + 2][j + 1], b.cell(t, i + 2, j + 1))
    else:  # years down, metrics across, a 合计 row at the bottom
        lines = _lines(p, breakdown=False)
        k = len(lines)
        rows = [["年度"] + [f"主要经济指标（单位：{unit}）"] * k, ["年度"] + [lab for lab, *_ in lines]]
        for y in ys:
            rows.append([f"{y}年"] + [_cell(vals[y], kind, unit, style) for _, _, kind, vals in lines])
        rows.append(["合计"] + ["—" if kind == "ratio" else _amt(sum(vals.values()), unit, style)
                              for _, _, kind, vals in lines])
        t = b.table(rows, merges=[(0, 1, 0, k), (0, 0, 1, 0)], font_pt=8 if k > 5 else 9)
        for j, (_, m, kind, vals) in enumerate(lines):
            for i, y in enumerate(ys):
                _gold(a, m, kind, y, vals[y], rows[i + 2][j + 1], b.cell(t, i + 2, j + 1))
    if unit == "千元":
        b.para("注：本表金额单位为千元，数据取自经审计的年度财务报表。")


DEPT_BOXES = ["独立设置", "挂靠其他部门", "未设立"]
DEPT_OF = {"independent": "独立设置", "exists": "挂靠其他部门", None: "未设立", "none": "未设立"}


def ip_table(p: Profile, b: Builder, a: Acc) -> None:
    r, st = p.rng, p.stock
    y = p.spec.year - 1
    items: list[tuple[str, str | None, str]] = [("有效专利总数（件）", "valid_patents", str(st["valid_patents"])),
                                                ("有效发明专利（件）", "valid_invention_patents",
                                                 str(st["valid_invention_patents"]))]
    if "pct_national_phase" in st and (st["pct_national_phase"] or r.random() < 0.5):
        items.append(("其中：PCT国家阶段（件）", "pct_national_phase", str(st["pct_national_phase"])))
    if r.random() < 0.5:  # an annual filing count: no claim of the model, a trap for 有效专利
        items.append((f"{y}年专利申请量（件）", None, str(r.randint(20, 160))))
    items.append(("知识产权管理人员（人）", "ip_staff", str(st["ip_staff"])))
    if "commercialization_staff" in st:
        items.append(("其中：专职从事专利转化人员（人）", "commercialization_staff", str(st["commercialization_staff"])))
    chosen = DEPT_OF[p.ip_dept]
    rows = [["知识产权指标", f"截至{y}年12月31日"]] + [[lab, v] for lab, _, v in items]
    rows.append(["知识产权管理机构", " ".join(("☑" if o == chosen else "□") + o for o in DEPT_BOXES)])
    t = b.table(rows)
    for i, (_, m, v) in enumerate(items):
        if m:
            a.fig(m, None, st[m], v, [b.cell(t, i + 1, 1)])
    value = {"独立设置": "independent", "挂靠其他部门": "exists", "未设立": "none"}[chosen]
    a.dept(value, chosen, b.ev(t, "☑" + chosen, len(rows) - 1, 1))


def yearly_table(p: Profile, b: Builder, a: Acc) -> None:
    ys, g = p.years, p.yearly
    labels = [("patent_grants", "专利授权量（件）"), ("invention_grants", "其中：发明专利（件）"),
              ("patents_commercialized", "转让、许可、作价入股专利数（件）"), ("commercialization_amount", "转化合同金额（万元）")]
    rows = [["指标"] + [f"{y}年" for y in ys] + ["年均"]]
    for m, lab in labels:
        rows.append([lab] + [fmt.trim(g[m][y]) for y in ys] + [fmt.trim(sum(g[m].values()) / len(ys))])
    t = b.table(rows)
    for i, (m, _) in enumerate(labels):
        for j, y in enumerate(ys):
            a.fig(m, y, g[m][y], rows[i + 1][j + 1], [b.cell(t, i + 1, j + 1)])
