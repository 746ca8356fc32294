"""Submission-folder mode (--per-folder): a separate attachment file counts as its material.

app150 is a dossier application whose gold (corpus/applications/app150.gold.yaml)
expects 信用承诺书 (credit_commitment) missing against cz2023_hvp; a folder that adds
a separate commitment file must no longer be flagged, the same folder without it must.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from pipeline.batch.run import BatchOptions, load_guide, run_batch
from pipeline.batch.folders import pick_main

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
APP = CORPUS / "applications" / "app150.docx"


@pytest.fixture(scope="module")
def guide():
    return load_guide(CORPUS / "guides" / "cz2023_hvp" / "gold.yaml")


def _commitment(path: Path, sentence: str = "本单位承诺所提交的申报材料真实、准确、完整，如有虚假，愿承担相应责任。") -> None:
    d = docx.Document()
    d.add_heading("信用承诺书", level=1)
    d.add_paragraph(sentence)
    d.add_paragraph("常州嘉德机器人集团有限公司（盖章）")
    d.save(str(path))


def _build(root: Path) -> Path:
    apps = root / "apps"
    a, b = apps / "A", apps / "B"
    a.mkdir(parents=True)
    b.mkdir()
    shutil.copy(APP, a / "申报书.docx")
    _commitment(a / "附件2.docx")  # neutral file name: only the title says what it is
    (a / "附件3.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf\n")  # unreadable: a warning, not a crash
    (a / "营业执照.jpg").write_bytes(b"\xff\xd8\xff\xe0 not read")  # an image: recognized by its name
    shutil.copy(APP, b / "申报书.docx")
    return apps


def _options(guide, out: Path) -> BatchOptions:
    return BatchOptions(guide=guide, out_dir=out, workers=0, progress=False, folders_as_submissions=True)


def _reports(out: Path) -> dict[str, dict]:
    data = {}
    for f in out.glob("*.json"):
        r = json.loads(f.read_text(encoding="utf-8"))
        data[r["file"]] = r
    return data


def test_attachment_file_counts_as_material(tmp_path, guide):
    apps = _build(tmp_path)
    out = tmp_path / "out"
    result = run_batch([apps], _options(guide, out))
    assert sorted(r.file for r in result.rows) == ["apps/A", "apps/B"]  # one row per folder
    reports = _reports(out)
    a, b = reports["apps/A"], reports["apps/B"]
    assert "信用承诺书" in b["missing_materials"]
    assert "信用承诺书" not in a["missing_materials"]
    check = next(c for c in a["checks"] if c.get("kind") == "material" and "信用承诺" in json.dumps(c, ensure_ascii=False))
    quotes = [(e["file"], e["quote"]) for e in check["evidence"]]
    assert ("apps/A/附件2.docx", "信用承诺书") in quotes
    assert any("附件3.pdf" in w for w in a["warnings"])
    assert not any("营业执照.jpg" in w for w in a["warnings"])
    assert not any("附件" in w for w in b["warnings"])


def test_resume_skips_unchanged_and_rescreens_changed_attachment(tmp_path, guide):
    apps = _build(tmp_path)
    out = tmp_path / "out"
    run_batch([apps], _options(guide, out))
    again = run_batch([apps], _options(guide, out))
    assert (again.processed, again.cached) == (0, 2)
    _commitment(apps / "A" / "附件2.docx", "本单位郑重承诺：申报材料均真实有效。")
    changed = run_batch([apps], _options(guide, out))
    assert (changed.processed, changed.cached) == (1, 1)
    assert "信用承诺书" not in _reports(out)["apps/A"]["missing_materials"]
    (apps / "A" / "附件2.docx").unlink()  # the commitment removed: the folder is re-screened and flagged
    removed = run_batch([apps], _options(guide, out))
    assert (removed.processed, removed.cached) == (1, 1)
    # 附件3.pdf could not be read and may hold the commitment: not called missing, sent to a person (issue 14)
    check = next(c for c in _reports(out)["apps/A"]["checks"]
                 if c["kind"] == "material" and "信用承诺书" in c["explanation"])
    assert check["status"] == "review" and "未读取" in check["explanation"]
    (apps / "A" / "附件3.pdf").unlink()  # nothing unread any more: the commitment is missing
    run_batch([apps], _options(guide, out))
    assert "信用承诺书" in _reports(out)["apps/A"]["missing_materials"]


def test_main_document_choice(tmp_path):
    files = []
    for name, size in [("附件1-营业执照.pdf", 5000), ("项目申请书.docx", 100), ("审计报告.pdf", 9000)]:
        p = tmp_path / name
        p.write_bytes(b"x" * size)
        files.append((p, name))
    assert pick_main(files)[1] == "项目申请书.docx"  # named beats larger
    unnamed = [f for f in files if f[1] != "项目申请书.docx"]
    assert pick_main(unnamed)[1] == "审计报告.pdf"  # else the largest .docx/.pdf
    img = tmp_path / "scan.jpg"
    img.write_bytes(b"\xff\xd8\xff" * 10)
    assert pick_main([(img, "scan.jpg")]) is None


def test_without_flag_every_file_is_a_row(tmp_path, guide):
    apps = _build(tmp_path)
    out = tmp_path / "out"
    opts = BatchOptions(guide=guide, out_dir=out, workers=0, progress=False)
    result = run_batch([apps], opts)
    assert sorted(r.file for r in result.rows) == ["apps/A/申报书.docx", "apps/A/附件2.docx", "apps/A/附件3.pdf",
                                                   "apps/B/申报书.docx"]


def test_a_material_only_listed_in_a_folder_submission_is_marked_listed_only(tmp_path, guide):
    """Issue 16.8: the 申报书 lists a material the folder holds no file for: 仅列于清单, not present;
    the unreadable attachment is the first warning of the report."""
    from pipeline.batch.worker import listed_only
    from models.claims import Attachment

    atts = listed_only([Attachment(name="审计报告", material="audit_report", found="listed"),
                        Attachment(name="信用承诺书", material="credit_commitment", found="listed"),
                        Attachment(name="信用承诺书", material="credit_commitment", found="file")])
    assert [a.found for a in atts] == ["listed_only", "listed", "file"]
    apps = _build(tmp_path)
    out = tmp_path / "out"
    run_batch([apps], _options(guide, out))
    a = _reports(out)["apps/A"]
    assert "附件3.pdf" in a["warnings"][0]
    listed = [c for c in a["checks"] if c.get("kind") == "material" and "仅列于清单" in c["explanation"]]
    assert all(c["status"] == "review" for c in listed)
    page = next(p for p in out.glob("*.html") if p.name != "index.html" and "apps/A" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    assert 0 <= html.index("请先注意") < html.index('<div class="check')  # above every check
