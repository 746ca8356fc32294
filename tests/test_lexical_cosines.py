"""The lexical ranker's cosines, computed without building every document vector (issue 15),
are the very floats of the plain computation: weigh both sides, then _dot."""
from __future__ import annotations

from pathlib import Path

from extractors.readers import read_document
from extractors.semantic import lexical

ROOT = Path(__file__).resolve().parent.parent


def _plain(backend: lexical.LexicalEmbedder, queries: list[str], docs: list[str]) -> list[list[float]]:
    qf, df_ = backend.features(queries), backend.features(docs)
    idf = backend.idf(qf + df_)
    qv = [backend.weigh(f, idf) for f in qf]
    dv = [backend.weigh(f, idf) for f in df_]
    return [[lexical._dot(q, d) for d in dv] for q in qv]


def test_similarity_equals_the_plain_computation_bit_for_bit():
    doc = read_document(ROOT / "corpus" / "applications" / "app001.docx")
    passages = [b.text for b in doc.blocks if b.text.strip()]
    queries = ["近三年研发费用投入占销售收入的比例达3.5%以上",           # short: the query is walked
               "有独立的知识产权管理机构",
               "；".join(passages[:6]),                              # long: the documents are walked
               ""]
    backend = lexical.LexicalEmbedder()
    got = backend.similarity(queries, passages)
    want = _plain(lexical.LexicalEmbedder(), queries, passages)
    assert [[repr(x) for x in row] for row in got] == [[repr(x) for x in row] for row in want]  # repr: exact, type too
    assert any(len(backend.features([q])[0]) > min(len(f) for f in backend.features(passages)) for q in queries)
    assert backend.similarity([], passages) == [] and backend.similarity(queries, []) == [[], [], [], []]
