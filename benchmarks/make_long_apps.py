"""Long applications for the batch benchmark (a script; output is not committed).

    python benchmarks/make_long_apps.py [--n 6] [--out benchmarks/long] [--patents 250-400]
    python benchmarks/make_long_apps.py --n 8 --patents 35-45 --out /tmp/twenty   # 20-22 pages each (issue 15)

Why: issue 4's speed target is about 20-page submissions whose patent lists
run over several pages; the labeled corpus holds short ones. Each file here
is a 申报书 with a cover, a key/value table, a financial table, ten pages of
narrative and a patent list of 250-400 rows, converted to PDF by LibreOffice.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
PARA = ("公司围绕主导产品持续开展关键核心技术攻关，建立了覆盖研发立项、专利挖掘、申请前评估和质量管控的全流程管理制度，"
        "设立独立的知识产权部，配备专职人员，定期开展专利导航和风险预警分析，推动专利技术产业化和标准化。")


def build(i: int, out: Path, patents: tuple[int, int] = (250, 400)) -> Path:
    rng = random.Random(i)
    d = Document()
    d.add_heading(f"2023年度市高价值专利培育示范中心建设项目申报书（长文本样例{i}）", 0)
    t = d.add_table(rows=0, cols=2)
    for k, v in (("单位名称", f"常州长篇样例科技有限公司{i}"), ("统一社会信用代码", "91320412MA1XXXXXXX"),
                 ("单位性质", "企业"), ("注册地址", "江苏省常州市武进区常武中路18号"), ("申报日期", "2023年6月15日")):
        r = t.add_row().cells
        r[0].text, r[1].text = k, v
    fin = d.add_table(rows=1, cols=4)
    for c, h in zip(fin.rows[0].cells, ("指标（万元）", "2020年", "2021年", "2022年")):
        c.text = h
    for label in ("营业收入", "研发费用", "利税总额", "知识产权费用"):
        r = fin.add_row().cells
        r[0].text = label
        for j in range(3):
            r[j + 1].text = f"{rng.randint(1000, 90000):,}"
    for s in range(12):
        d.add_heading(f"{'一二三四五六七八九十'[s % 10]}、建设基础与任务（{s + 1}）", 1)
        for _ in range(6):
            d.add_paragraph(PARA * rng.randint(2, 4))
    d.add_heading("附件：有效专利清单", 1)
    pl = d.add_table(rows=1, cols=5)
    for c, h in zip(pl.rows[0].cells, ("序号", "专利名称", "专利号", "类型", "授权日")):
        c.text = h
    for k in range(rng.randint(*patents)):
        r = pl.add_row().cells
        r[0].text, r[1].text = str(k + 1), f"一种新能源汽车零部件的制造方法及装置{k}"
        r[2].text, r[3].text, r[4].text = f"ZL2020{rng.randint(10**7, 10**8 - 1)}.{k % 10}", rng.choice(["发明", "实用新型"]), "2021-05-18"
    path = out / f"long_{i:02d}.docx"
    d.save(path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description="生成长篇申报书（基准测试用）")
    ap.add_argument("--n", type=int, default=6)
    ap.add_argument("--out", type=Path, default=HERE / "long")
    ap.add_argument("--patents", default="250-400", help="rows of the patent list, LO-HI (35-45: 20-22 pages)")
    args = ap.parse_args()
    patents = tuple(int(x) for x in args.patents.split("-"))
    args.out.mkdir(parents=True, exist_ok=True)
    docs = [build(i, args.out, patents) for i in range(args.n)]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("需要 LibreOffice（soffice）把 DOCX 转成 PDF")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{prof}", "--convert-to", "pdf",
                        "--outdir", str(args.out), *map(str, docs)], check=True, capture_output=True, timeout=600)
    for p in docs:
        p.unlink()  # the benchmark screens the PDFs
    print(f"{len(docs)} 份长篇申报书 PDF 已写入 {args.out}")


if __name__ == "__main__":
    main()
