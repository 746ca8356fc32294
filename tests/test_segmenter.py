"""jieba's dictionary: read fast (extractors.segmenter), loaded once per batch, only where used (issue 15)."""
from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_fast_cache_load_builds_the_same_dictionary():
    from extractors.segmenter import jieba as load_jieba

    jieba = load_jieba()
    assert jieba.marshal is not marshal and jieba.marshal.dump is marshal.dump
    fast = jieba.Tokenizer()
    fast.initialize()  # writes jieba's cache if there is none yet, else reads it
    fast = jieba.Tokenizer()
    fast.initialize()  # read from the cache, at once
    shim, jieba.marshal = jieba.marshal, marshal
    try:
        plain = jieba.Tokenizer()
        plain.initialize()  # jieba's own marshal.load(file)
    finally:
        jieba.marshal = shim
    assert fast.total == plain.total and fast.FREQ == plain.FREQ
    text = "申报单位近三年研发费用占销售收入的比例不低于百分之三"
    assert fast.lcut(text) == plain.lcut(text)


def test_the_forkserver_preload_loads_the_rankers_dictionary_not_the_global_one():
    """Screening segments only with the evidence ranker's tokenizer: the preload loads
    that one for every worker and leaves jieba's global dictionary (1.5 s) unloaded."""
    probe = ("import pipeline.batch.warm, jieba\n"
             "from extractors.semantic import lexical\n"
             "print(jieba.dt.initialized, lexical._tokenizer.cache_info().currsize)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("SHENBAO_MODEL", None)
    p = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["False", "1"]
