"""Submission Document -> ApplicationClaims, every claim with evidence.

Why a pipeline of small passes over shared units: each claim family has its
own cues, but all of them quote the same sentences and table rows, so units
are built once and each pass only decides what it recognizes.
"""
from __future__ import annotations

from models.claims import ApplicationClaims
from models.document import Document

from extractors.claims.attest import find_attachments, find_attestations, find_ip_department, mark_attachment_tables
from extractors.claims.figures import extract_figures
from extractors.claims.cover import date_fallback, title_fallbacks
from extractors.claims.identity import (
    Identity, apply_pairs, finish_joint, infer_type_from_name, prose_fallbacks, running_fallbacks, type_from_prose,
)
from extractors.claims.pairs import all_pairs
from extractors.claims.spans import Unit, row_unit, sentence_units
from extractors.claims.standing import find_projects, find_standings


def table_rows(doc: Document) -> list[Unit]:
    rows = []
    for t in doc.tables:
        for r in range(len(t.rows)):
            u = row_unit(doc, t.index, r)
            u.extra.update(table=t.index, row=r, header=" ".join(t.rows[0]) if r else "")
            rows.append(u)
    return rows


def extract_claims(doc: Document) -> ApplicationClaims:
    """All claims the document states; nothing it does not state."""
    out = ApplicationClaims(file=doc.source)
    out.warnings.extend(doc.warnings)  # what the reader noticed (a page without text) reaches the report
    units = sentence_units(doc)
    paragraphs = [u for u in units if u.kind == "sentence"]
    rows = table_rows(doc)
    mark_attachment_tables(doc, rows)

    idn = Identity(doc, out)
    pairs = all_pairs(doc)
    try:
        apply_pairs(idn, pairs)
        prose_fallbacks(idn, paragraphs + [u for u in units if u.kind == "cell"])
        title_fallbacks(idn, doc, units)
        running_fallbacks(idn, doc)
        date_fallback(idn, paragraphs)
        type_from_prose(idn, paragraphs)
        infer_type_from_name(idn)
        finish_joint(idn)
    except Exception as exc:  # one bad field must not lose the rest of the claims
        out.warnings.append(f"基本信息抽取出错：{type(exc).__name__}: {exc}")

    try:
        figs, conflicts, warns = extract_figures(doc, units)
        out.figures = figs
        out.conflicts.extend(conflicts)
        out.warnings.extend(warns)
    except Exception as exc:
        out.warnings.append(f"数据抽取出错：{type(exc).__name__}: {exc}")

    for name, fn in (
        ("standings", lambda: find_standings(doc, units + rows)),
        ("projects", lambda: find_projects(doc, units, rows)),
        ("attestations", lambda: find_attestations(doc, units)),
        ("attachments", lambda: find_attachments(doc, units, rows)),
    ):
        try:
            setattr(out, name, fn())
        except Exception as exc:
            out.warnings.append(f"{name}抽取出错：{type(exc).__name__}: {exc}")
    try:
        out.ip_department = find_ip_department(doc, units + rows, pairs)
    except Exception as exc:
        out.warnings.append(f"知识产权管理机构抽取出错：{type(exc).__name__}: {exc}")
    out.warnings = list(dict.fromkeys(out.warnings))
    return out
