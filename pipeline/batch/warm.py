"""Imported by the forkserver before it forks any worker (preload).

Why: every worker forked from a warm server shares jieba's dictionary and the
imported extractors copy-on-write, so starting or recycling a worker costs
milliseconds instead of the ~1 s and ~85 MB a fresh jieba load costs. torch is
blocked first: nothing in screening needs it and importing it costs ~4 s and
~400 MB per process. Import side effects are the purpose of this module.
"""
from __future__ import annotations

import importlib

from pipeline.batch.worker import block_torch

block_torch()

try:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
except Exception:  # pragma: no cover - jieba is a dependency; warm-up is best effort
    pass

for _name in ("pypdfium2", "docx", "extractors.readers", "extractors.claims", "extractors.guide", "pipeline.screen.matcher"):
    try:
        importlib.import_module(_name)
    except Exception:
        pass

try:  # the lexical evidence ranker loads jieba's user words once, here, not per worker
    from pipeline.batch.worker import torch_needed

    if not torch_needed():
        from extractors.semantic import get_backend

        get_backend().similarity(["研发投入占销售收入比例"], ["近三年研发费用占销售收入的比例"])
except Exception:
    pass
