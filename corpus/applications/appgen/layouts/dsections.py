"""Sections of the `dossier` layout: finances, the IP summary table, staff and
the 附件 sections of 第二部分.

Why the traps: a 知识产权情况一览表 ends in a 合计 that adds PCT applications and
software copyrights to the patents, so only a row stated as 有效专利合计 is the
valid-patent count; staff written 专职2人、兼职3人 are both 专兼职管理人员 (the
gold ip_staff is the sum, original as written); units sit in every cell
(3.2亿元 | 3,850.6万元) rather than in a header; an attachment section that
says 暂缺/后补 supplies nothing.
"""
from __future__ import annotations

from appgen import fmt
from appgen.acc import MONEY_LABELS, Acc
from appgen.doc import Builder
from appgen.profile import DOMAINS, Profile

PENDING = ["（暂缺，{why}后补。）", "该材料暂缺，{why}后补。", "（后补）{why}后补交。"]
WHY = {"construction_plan": "建设方案正在按专家意见修改完善，", "cooperation_agreement": "待联合体各方盖章",
       "audit_report": "年度审计工作尚未完成，", "credit_commitment": "待法定代表人签字"}


def _money(p: Profile, m: str, y: int, unit: str, style: str) -> str:
    return fmt.money(p.fin[m][y], unit, style)


def finance(p: Profile, b: Builder, a: Acc, refs: dict[str, int]) -> None:
    r, ys = p.rng, p.years
    rows: list[tuple[str, str, list[str]]] = []  # (label, metric, written values)
    for m in ("revenue", "rd_expense", "profit_tax", "ip_expense", "patent_product_revenue"):
        if m not in p.fin:
            continue
        if m == "profit_tax" and p.split_pt:
            for part in ("profit", "tax"):
                rows.append((r.choice(MONEY_LABELS[part]), part, [_money(p, part, y, "万元", "sep") for y in ys]))
            continue
        unit = {"revenue": r.choice(["亿元", "亿元", "万元"]), "ip_expense": r.choice(["万元", "元"])}.get(m, "万元")
        style = r.choice(["plain", "sep"])
        rows.append((r.choice(MONEY_LABELS[m]), m, [_money(p, m, y, unit, style) for y in ys]))
        if m == "rd_expense" and r.random() < 0.4:
            rows.append((f"{rows[-1][0]}占{rows[0][0]}比例", "rd_expense_ratio",
                         [f"{p.fin['rd_expense'][y] / p.fin['revenue'][y] * 100:.2f}%" for y in ys]))
    evs: dict[tuple[str, int], object] = {}
    if r.random() < 0.55:  # a short table, the unit written in every cell
        grid = [["指标"] + [f"{y}年" for y in ys]] + [[lab] + vals for lab, _, vals in rows]
        t = b.table(grid)
        for i, (_, m, _) in enumerate(rows):
            for j, y in enumerate(ys):
                evs[m, y] = b.cell(t, i + 1, j + 1)
        b.features.add("units_in_cells")
    else:  # one line per indicator: 营业收入：2023年3.2亿元；2024年3.8亿元；2025年4.5亿元。
        for lab, m, vals in rows:
            el = b.para(f"{lab}：" + "；".join(f"{y}年{v}" for y, v in zip(ys, vals)) + "。")
            for y, v in zip(ys, vals):
                evs[m, y] = b.ev(el, f"{y}年{v}")
    for _, m, vals in rows:
        for y, v in zip(ys, vals):
            val = float(v[:-1]) if m.endswith("_ratio") else p.fin[m][y]
            a.fig(m, y, val, v, [evs[m, y]])
    if p.split_pt:
        for y in ys:
            pv, tv = (next(vals for _, m, vals in rows if m == part)[ys.index(y)] for part in ("profit", "tax"))
            a.fig("profit_tax", y, p.fin["profit"][y] + p.fin["tax"][y], f"{pv}+{tv}", [evs["profit", y], evs["tax", y]],
                  derived=["profit", "tax"])
    if "audit_report" in refs:
        b.para(f"（以上数据摘自经审计的年度财务报表，详见附件{refs['audit_report']}。）")


def _needs_valid_total(p: Profile) -> bool:
    """Scenarios that turn on the valid-patent count state it as 有效专利合计."""
    return (any(w in p.scenario for w in ("patent", "halving", "pct")) or p.spec.key == "gz_hvp"
            or p.stock["valid_invention_patents"] < 50)


def ip_section(p: Profile, b: Builder, a: Acc, refs: dict[str, int]) -> None:
    r, st = p.rng, p.stock
    vp, vi, pct = st["valid_patents"], st["valid_invention_patents"], st.get("pct_national_phase", 0)
    design = r.randint(0, (vp - vi) // 6)
    util = vp - vi - design
    stated_total = _needs_valid_total(p) or r.random() < 0.4
    in_cell = r.random() < 0.4
    c = (lambda n: f"{n}件") if in_cell else str  # noqa: E731
    lst = refs.get("patent_list")
    items: list[tuple[str, int, str | None, str]] = [
        ("发明专利（有效）", vi, "valid_invention_patents", f"代表性专利见附件{lst}" if lst else ""),
        ("实用新型（有效）", util, None, "")]
    if design:
        items.append(("外观设计（有效）", design, None, ""))
    if stated_total:
        items.append(("有效专利合计", vp, "valid_patents", ""))
    if pct or ("pct_national_phase" in st and r.random() < 0.3):
        items.append(("PCT（进入国家阶段）", pct, "pct_national_phase", "不计入有效专利"))
    if not stated_total:
        if not pct or r.random() < 0.5:  # so the plain 合计 never equals the valid-patent count
            items.append(("计算机软件著作权", r.randint(3, 40), None, "登记数"))
        items.append(("合计", sum(n for lab, n, *_ in items), None, ""))
    y = p.spec.year - 1
    b.para(f"知识产权情况一览表（截至{y}年12月31日）", "center")
    grid = [["类别", "数量" if in_cell else "数量（件）", "说明"]] + [[lab, c(n), note] for lab, n, _, note in items]
    t = b.table(grid)
    for i, (_, n, m, _) in enumerate(items):
        if m:
            a.fig(m, None, n, grid[i + 1][1], [b.cell(t, i + 1, 1)])
    b.features.add("ip_summary_table")
    _staff(p, b, a)


def _staff(p: Profile, b: Builder, a: Acc) -> None:
    """专职2人、兼职3人 → ip_staff 5 (the guides count 专兼职管理人员)."""
    from appgen.common import dept_text

    r, st = p.rng, p.stock
    n, cs = st["ip_staff"], st.get("commercialization_staff")
    full = r.randint(min(cs or 1, n - 1), n - 1)
    style = "split" if p.scenario.startswith("fail_ip_staff") else r.choice(["split", "split", "total", "plain"])
    if style == "split":
        q = orig = f"专职{full}人、兼职{n - full}人"
        s = f"知识产权管理人员：{q}"
        b.features.add("staff_split")
    elif style == "total":
        q, orig = f"知识产权管理人员{n}人", f"{n}人"
        s = f"{q}（其中专职{full}人、兼职{n - full}人）"
    else:
        q, orig = f"知识产权专兼职管理人员{n}人", f"{n}人"
        s = q
    qc = f"专职从事专利转化运营{cs}人" if cs is not None else None
    if qc:
        s += f"，其中{qc}"
    dt = dept_text(p)
    el = b.para(f"知识产权管理机构：{dt}；{s}。")
    a.dept(p.ip_dept, dt, b.ev(el, dt))
    a.fig("ip_staff", None, n, orig, [b.ev(el, q)])
    if qc:
        a.fig("commercialization_staff", None, cs, f"{cs}人", [b.ev(el, qc)])


def yearly(p: Profile, b: Builder, a: Acc) -> None:
    g = p.yearly
    b.para("近三年专利授权及转化情况：", None)
    for y in p.years:
        qs = {"patent_grants": f"专利授权{fmt.trim(g['patent_grants'][y])}件",
              "invention_grants": f"其中发明专利{fmt.trim(g['invention_grants'][y])}件",
              "patents_commercialized": f"转化实施专利{fmt.trim(g['patents_commercialized'][y])}件",
              "commercialization_amount": f"转化合同金额{fmt.money(g['commercialization_amount'][y], '万元')}"}
        el = b.para(f"{y}年：{qs['patent_grants']}（{qs['invention_grants']}），{qs['patents_commercialized']}，"
                    f"{qs['commercialization_amount']}。")
        for m, q in qs.items():
            orig = q[q.index(next(ch for ch in q if ch.isdigit())):]
            a.fig(m, y, g[m][y], orig, [b.ev(el, q)])


def attachment_section(p: Profile, b: Builder, a: Acc, x, ds: str) -> None:
    r = p.rng
    title = x.name
    if x.material == "audit_report":  # 附件3：2025年度审计报告（摘要）
        y = p.spec.year - 1
        title = {"年度审计报告": f"{y}年度审计报告", "财务审计报告": f"{y}年度财务审计报告"}.get(x.name, x.name) + "（摘要）"
    el = b.para(f"附件{x.num}：{title}", "h2", page_break_before=True)
    if x.pending:
        b.para(r.choice(PENDING).format(why=WHY.get(x.material, "")))
        b.features.add("pending_attachment")
        return
    a.attach(x.material, x.name, "page", b.ev(el, x.name))
    for line in _content(p, x.material):
        b.para(line)
    if x.material == "credit_commitment":
        _commitment(p, b, a, ds)


def _content(p: Profile, m: str) -> list[str]:
    r, y = p.rng, p.spec.year - 1
    pref = "黔" if p.province == "贵州省" else "苏"
    if m == "business_license":
        return (["（营业执照副本复印件，加盖单位公章）", f"登记机关：{p.city}市场监督管理局"] if p.is_enterprise else
                ["（事业单位法人证书复印件，加盖单位公章）", f"发证机关：{p.province}事业单位登记管理局"])
    if m == "audit_report":
        return [f"审计机构：{r.choice(['天衡', '苏亚金诚', '公证天业', '立信中联'])}会计师事务所（特殊普通合伙）",
                f"报告文号：{pref}审字〔{y + 1}〕第{r.randint(100, 999)}号", "审计意见：标准无保留意见",
                f"（后附资产负债表、利润表、现金流量表摘要页，共{r.randint(3, 8)}页）"]
    if m == "patent_list":
        dom = r.choice(DOMAINS)
        return ["（仅列示代表性专利，专利证书复印件另附电子版）",
                *(f"{i + 1}. 一种{dom}{w}，专利号ZL20{r.randint(15, 22)}1{r.randint(0, 9999999):07d}.{r.randint(0, 9)}"
                  for i, w in enumerate(r.sample(["控制方法", "检测装置", "制备方法", "连接结构", "热管理系统"], 3)))]
    if m == "construction_plan":
        return ["一、建设目标：围绕核心技术形成高质量专利组合，建立专利导航和布局工作机制。",
                "二、建设内容：专利挖掘与布局、质量管控、转化运用、人才培养。",
                "三、进度安排：分三个阶段实施，各阶段设置可考核的指标。", "四、保障措施：组织保障、资金保障、制度保障。"]
    if m == "cooperation_agreement":
        return ["协议各方：牵头单位及全部参与单位（名单见申报书第一部分）", "各方约定：共同开展关键技术攻关与专利布局，"
                "明确任务分工、知识产权归属及收益分配。", "（各方盖章页附后）"]
    if m == "attachments":
        return ["1. 资质荣誉证书复印件", "2. 知识产权管理制度文件", "3. 其他佐证材料"]
    return []


def _commitment(p: Profile, b: Builder, a: Acc, ds: str) -> None:
    from appgen.common import attest_text

    b.para(f"本单位自愿申报{p.spec.title}，现郑重承诺：")
    if p.attest:
        _, q1, q2, a1 = attest_text(p)
        el = b.para(f"一、本单位{q1}，{q2}；")
        a.attest(a1, b.ev(el, q1))
        a.attest("no_abnormal_patent_filing", b.ev(el, q2))
    b.para("二、所提交的全部申报材料真实、准确、完整，如有不实，愿承担相应责任。")
    b.para(f"承诺单位（盖章）：{p.name}", "right")
    b.para(ds, "right")
