"""`questionnaire` layout (dev): a 申报表 printed from a government form template.

Why it exists: the first dev layouts taught the extractor one key/value table
shape and plain year columns. Real 申报表 differ: choices are checkbox rows
(☑新建项目 □升级项目) where the unchecked options are traps, label/value pairs
alternate in one row with merged value cells, the financial table has a merged
top header over the years, 合计 rows and a 合计 column that are not yearly
figures, amounts may be in 千元, attachments are a 序号/材料名称/页码 table with
rows marked 无 (listed but not supplied), and dates are sometimes only a month.
"""
from __future__ import annotations

from appgen import fmt
from appgen.acc import Acc
from appgen.common import attest_text, commitment_page, prose, type_text
from appgen.doc import Builder
from appgen.layouts.form import AREA
from appgen.layouts.qtables import fin_table, ip_table, yearly_table
from appgen.profile import Profile

TYPE_BOXES = [("university", "高校"), ("research_institute", "科研院所"), ("enterprise", "企业"),
              ("new_rd_institution", "新型研发机构"), (None, "其他")]
TRACK_BOXES = {"新建项目": ["新建项目", "升级项目"],
               "技术创新类": ["技术创新类", "产业链协同攻关类"], "产业链协同攻关类": ["技术创新类", "产业链协同攻关类"],
               "高校院所知识产权运营能力提升": ["高校院所知识产权运营能力提升", "产业知识产权运营中心发展"]}
MATERIAL_NAMES = {"credit_commitment": "信用承诺书", "construction_plan": "建设实施方案",
                  "cooperation_agreement": "联合申报协议"}
EXTRA_ABSENT = ["科技查新报告", "研发费用专项审计报告", "专利权质押登记证明", "省级以上获奖证书"]
LEVEL = {"national": "国家级", "provincial": "省级", "city": "市级"}
KIND = {"title": "资质认定", "award": "奖项", "platform": "研发平台"}


def boxes(options: list[str], chosen: str | None) -> str:
    return " ".join(("☑" if o == chosen else "□") + o for o in options)


def render(p: Profile, b: Builder) -> Acc:
    a, r = Acc(p, b), p.rng
    form_name = r.choice(["申报表", "申请表"])
    el = b.para(f"{p.spec.title}{form_name}", "title")
    a.program(b.ev(el, p.spec.title))
    a.attach("application_form", form_name, "page", b.ev(el, form_name))
    b.para("填表说明：1.请在符合条件的选项前“□”内打“√”（电子填报显示为“☑”）；2.表中金额除注明单位外均以万元为单位；"
           "3.所填数据应与审计报告一致，涉及多年的指标按自然年度填写。")
    b.para(f"申报单位（公章）：{p.name}")
    if p.spec.track_text:
        el = b.para("申报类别：" + boxes(TRACK_BOXES[p.spec.track_text], p.spec.track_text))
        a.track(b.ev(el, "☑" + p.spec.track_text))
    el = b.para("申报方式：" + boxes(["独立申报", "联合申报"], "联合申报" if p.partners else "独立申报"))

    b.para("一、申报单位基本信息", "h1")
    tt = type_text(p)
    label = dict(TYPE_BOXES)[p.atype]
    staff = r.randint(120, 2400) if p.is_enterprise else r.randint(300, 3000)
    rows = [["单位名称", p.name, "统一社会信用代码", p.code],
            ["注册地址", p.address, p.address, p.address],
            ["法定代表人", p.rep, "成立时间", f"{p.founded}年{r.randint(1, 12)}月"],
            ["单位性质"] + [boxes([t for _, t in TYPE_BOXES], label)] * 3,
            ["是否具有独立法人资格", "☑是 □否", "职工总数", f"{staff}人"],
            ["联系人", f"{p.rep[0]}{r.choice(['经理', '主任', '老师'])}", "联系电话",
             f"{AREA.get(p.city, '025')}-{r.randint(80000000, 89999999)}"]]
    t = b.table(rows, merges=[(1, 1, 1, 3), (3, 1, 3, 3)])
    a.name(b.cell(t, 0, 1))
    a.code(b.cell(t, 0, 3))
    a.address(b.cell(t, 1, 1))
    a.atype(label, b.ev(t, "☑" + label, 3, 1))
    a.legal("是", b.ev(t, "☑是", 4, 1))
    if p.is_enterprise and r.random() < 0.5:
        b.para(f"主营业务：{tt}，主要从事{p.project_name[:4]}相关产品的研发、生产和销售。")

    if p.partners:
        b.para("联合申报单位", "h2")
        rows = [["序号", "单位名称", "在联合体中的角色"], ["1", p.name, "牵头单位"]]
        rows += [[str(i + 2), n_, "成员单位"] for i, n_ in enumerate(p.partners)]
        t = b.table(rows)
        a.lead(b.cell(t, 1, 1))
        for i, n_ in enumerate(p.partners):
            a.partner(n_, b.cell(t, i + 2, 1))

    n = iter("二三四五六七八九")
    if p.fin:
        b.para(f"{next(n)}、主要经济指标", "h1")
        fin_table(p, b, a)
    b.para(f"{next(n)}、知识产权基础", "h1")
    ip_table(p, b, a)
    if p.yearly:
        yearly_table(p, b, a)

    b.para(f"{next(n)}、资质荣誉及研发平台", "h1")
    rows = [["序号", "名称", "类别", "级别", "获得时间"]]
    for i, s in enumerate(p.standings):
        when = f"{s.year}年" if r.random() < 0.5 else f"{s.year}.{r.randint(1, 12):02d}"
        rows.append([str(i + 1), s.text, KIND[s.kind], LEVEL.get(s.level, "—"), when])
    if not p.standings:
        rows.append(["—", "无", "—", "—", "—"])
    t = b.table(rows)
    for i, s in enumerate(p.standings):
        a.standing(s, [b.cell(t, i + 1, 1), b.cell(t, i + 1, 4)])

    b.para(f"{next(n)}、近五年承担项目情况", "h1")
    rows = [["序号", "项目名称", "级别", "立项年度", "承担方式", "实施状态"]]
    for i, pr in enumerate(p.projects):
        rows.append([str(i + 1), pr.name, LEVEL.get(pr.level, "—"), str(pr.year),
                     "牵头" if pr.role == "lead" else "参与", _status(pr)])
    if not p.projects:
        rows.append(["—", "无", "—", "—", "—", "—"])
    t = b.table(rows)
    for i, pr in enumerate(p.projects):
        a.project(pr, [b.cell(t, i + 1, 1), b.cell(t, i + 1, 3), b.cell(t, i + 1, 5)], year=pr.year)

    b.para(f"{next(n)}、项目基础与建设目标（限500字）", "h1")
    b.table([["\n".join(prose(p))]])

    b.para(f"{next(n)}、申报单位承诺", "h1")
    if p.attest:
        _, q1, q2, a1 = attest_text(p)
        el = b.para(f"本单位承诺：☑近三年{q1} ☑{q2} ☑所填报信息真实、准确、完整")
        a.attest(a1, b.ev(el, q1))
        a.attest("no_abnormal_patent_filing", b.ev(el, q2))

    b.para(f"{next(n)}、附件目录", "h1")
    rows = [["序号", "材料名称", "页码"]]
    page = 3
    listed = list(p.materials)
    absent = [MATERIAL_NAMES[m] for m in p.spec.materials if m not in {x for x, _ in p.materials}]
    absent += r.sample(EXTRA_ABSENT, r.randint(1, 2))
    slots = listed + [(None, x) for x in absent]
    for i, (m, name) in enumerate(slots):
        if m is None:
            rows.append([str(i + 1), name, "无"])
        else:
            span = r.randint(1, 6)
            rows.append([str(i + 1), name, f"{page}" if span == 1 else f"{page}-{page + span - 1}"])
            page += span
    t = b.table(rows)
    for i, (m, name) in enumerate(slots):
        if m is not None:
            a.attach(m, name, "listed", b.cell(t, i + 1, 1))

    style = "dot" if p.scenario.startswith("fail_late") else r.choice(["month", "month", "dot", "dot", "dot", "cn"])
    ds = {"month": fmt.month_only, "dot": fmt.dot_date, "cn": fmt.cn_date}[style](p.submitted)
    el = b.para(f"申报单位（盖章）            填报日期：{ds}", "right")
    if style != "month":  # a month alone states no day: no submission date in the gold
        a.submitted(ds, b.ev(el, ds))
    else:
        b.features.add("month_only_date")
    commitment_page(b, a, p, ds)
    return a


def _status(pr) -> str:
    if pr.status == "ongoing":
        return "在研"
    if pr.status == "accepted":
        return "已验收"
    return "未验收，尾款未拨付" if "尚未验收" in pr.text else "已验收，尾款未拨付"
