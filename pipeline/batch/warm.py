"""Imported by the forkserver before it forks any worker (preload).

Why: every worker forked from a warm server shares the imported extractors and the
evidence ranker's jieba dictionary copy-on-write, so starting or recycling a worker
costs milliseconds instead of the seconds and ~85 MB a fresh load costs. torch is
blocked first: nothing in screening needs it and importing it costs ~4 s and
~400 MB per process. Import side effects are the purpose of this module.

Why not jieba's global dictionary (jieba.initialize()): screening never segments with
it — the evidence ranker has its own tokenizer (extractors.semantic.lexical) and the
spaCy layer that uses the global one is off the screening path — and loading it cost
every batch about 1.5 s of CPU before the first file (issue 15).
"""
from __future__ import annotations

import importlib

from pipeline.batch.worker import block_torch

block_torch()

try:
    import jieba

    jieba.setLogLevel(60)
except Exception:  # pragma: no cover - jieba is a dependency; warm-up is best effort
    pass

for _name in ("pypdfium2", "docx", "extractors.readers", "extractors.claims", "extractors.guide", "pipeline.screen.matcher"):
    try:
        importlib.import_module(_name)
    except Exception:
        pass

try:  # the lexical evidence ranker loads jieba's dictionary and user words once, here, not per worker
    from pipeline.batch.worker import torch_needed

    if not torch_needed():
        from extractors.semantic import get_backend

        get_backend().similarity(["研发投入占销售收入比例"], ["近三年研发费用占销售收入的比例"])
except Exception:
    pass
