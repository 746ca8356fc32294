"""Wording shared by the layouts: type names, standings, attestations,
commitment letters and the qualitative prose every real application carries."""
from __future__ import annotations

from appgen.acc import Acc
from appgen.doc import Builder
from appgen.profile import DOMAINS, Profile, Standing

TYPE_TEXT = {
    "enterprise": ["企业", "民营企业", "有限责任公司", "股份有限公司", "制造业企业"],
    "university": ["高等学校", "高校", "公办本科高校"],
    "research_institute": ["科研院所", "事业单位（科研院所）", "省属科研院所"],
    "new_rd_institution": ["新型研发机构", "省级新型研发机构"],
}
DEPT = {
    "independent": ["设有独立的知识产权管理部门（知识产权部）", "设立独立的知识产权中心，直属总经理领导",
                    "设有独立的知识产权管理办公室"],
    "exists": ["在技术部下设知识产权管理岗位"],
}


def type_text(p: Profile) -> str:
    return p.rng.choice(TYPE_TEXT[p.atype])


def dept_text(p: Profile) -> str:
    return p.rng.choice(DEPT[p.ip_dept])


def standing_sentence(s: Standing) -> str:
    if s.kind == "award":
        return f"{s.year}年荣获{s.text}"
    if s.kind == "platform":
        return f"{s.year}年获批建设{s.text}"
    if "贯标" in s.text:
        return f"{s.year}年通过{s.text}"
    return f"{s.year}年被认定为{s.text}"


def attest_text(p: Profile) -> tuple[str, str, str]:
    """(sentence, dishonesty quote, abnormal-filing quote, attestation id of the first)."""
    if p.atype in ("university", "research_institute") and p.rng.random() < 0.5:
        q1, a1 = "无严重学术不端等失信行为", "no_academic_misconduct"
    else:
        q1, a1 = "无严重失信行为", "no_serious_dishonesty"
    q2 = "无非正常专利申请行为"
    form = p.rng.choice([
        f"本单位郑重承诺：{q1}、{q2}，所填报内容真实、准确、完整。",
        f"{p.short}近三年{q1}，{q2}（以国家知识产权局通报为准）。",
        f"经自查，本单位{q1}，{q2}。",
    ])
    return form, q1, q2, a1


def write_attest(b: Builder, a: Acc, p: Profile, style: str | None = None) -> None:
    if not p.attest:
        return
    text, q1, q2, a1 = attest_text(p)
    el = b.para(text, style)
    a.attest(a1, b.ev(el, q1))
    a.attest("no_abnormal_patent_filing", b.ev(el, q2))


def commitment_page(b: Builder, a: Acc, p: Profile, signature: str) -> None:
    """A signed commitment letter on its own page (recognizable inside the file)."""
    if not p.commitment_page:
        return
    title = next(n for m, n in p.materials if m == "credit_commitment")
    el = b.para(title, "title", page_break_before=True)
    a.attach("credit_commitment", title, "page", b.ev(el, title))
    b.para(f"本单位自愿申报{p.spec.title}，现郑重承诺如下：")
    b.para("一、所提交的申报材料及相关数据真实、准确、完整，不存在弄虚作假行为；")
    el = b.para("二、本单位无严重失信行为，未被列入严重违法失信名单；无非正常专利申请行为；")
    if p.attest:
        a.attest("no_serious_dishonesty", b.ev(el, "无严重失信行为"))
        a.attest("no_abnormal_patent_filing", b.ev(el, "无非正常专利申请行为"))
    b.para("三、如有违反，愿意承担相应责任，并接受相关部门依法依规作出的处理。")
    b.para(f"承诺单位（盖章）：{p.name}", "right")
    b.para(f"法定代表人（签字）：{p.rep}", "right")
    b.para(signature, "right")


def prose(p: Profile) -> list[str]:
    """Qualitative passages a reviewer reads (研发水平, 合作机制, 工作目标)."""
    r = p.rng
    dom = p.project_name.replace("高价值专利培育示范中心", "").replace("知识产权优势企业培育", "")
    if p.spec.kind in ("brand", "commercialization"):
        dom = r.choice(DOMAINS)
    out = [
        r.choice([
            f"{p.short}长期专注于{dom}领域的技术研发，研发水平处于行业领先地位，正在开展关键核心技术研发并已取得阶段性成果。",
            f"{p.short}围绕{dom}方向建立了稳定的研发团队和产学研合作机制，牵头或参与制定国家、行业标准多项。",
            f"在{dom}领域，{p.short}拥有完整的研发体系，近年来持续加大研发投入，关键技术指标达到国内先进水平。",
        ]),
        r.choice([
            "本项目将建立完善高价值专利培育工作机制，开展专利导航和专利布局，推动专利技术产业化。",
            "项目实施期内，拟围绕关键核心技术形成高质量专利组合，提升专利转化运用水平。",
            "项目将建立专利申请前置评审和质量管控制度，强化研发全过程知识产权管理。",
        ]),
    ]
    if p.spec.kind == "commercialization":
        out[1] = "学校拟设立实体化运行的知识产权运营中心，组建专业化专利转化团队，推动专利技术高效转化实施。"
    return out
