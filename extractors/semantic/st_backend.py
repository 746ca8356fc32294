"""Optional backend: a sentence-transformers model the user placed on disk.

Why offline flags before import: huggingface_hub reads HF_HUB_OFFLINE when it
is first imported; set later, a missing file would trigger a download attempt.
A screening tool handling applicants' documents must never call out, so the
flags are set here, `local_files_only` is passed as well, and a model that is
not already on disk is an error naming the three ways to point at one.

Why torch is imported only here and only on construction: the lexical default
must start in a fraction of a second on machines without torch.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from extractors.semantic.errors import INSTALL_HINT, MODEL_HINT, SemanticBackendError
from extractors.semantic.lexical import text_key

_CACHE_MAX = 50_000


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def _import_st():
    _offline()
    try:
        import sentence_transformers  # noqa: F401  (heavy: pulls torch)
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise SemanticBackendError(
            f"未安装 sentence-transformers 或 torch，无法使用 st 后端；请执行 {INSTALL_HINT}，"
            f"或改用默认的 lexical 后端。(sentence-transformers/torch not installed: run {INSTALL_HINT}, "
            f"or use the default lexical backend.) [{exc}]") from None
    return SentenceTransformer


class STEmbedder:
    """Dense, L2-normalized embeddings; cosine similarity; per-text LRU cache."""

    name = "st"
    # Typical for Chinese bge/MiniLM models (cosine of paraphrases ~0.6–0.9);
    # measure with `shenbao eval` on your model and adjust in code if needed.
    floors = {"metric": 0.60, "material": 0.60, "program": 0.55, "align": 0.70, "passage": 0.30}

    def __init__(self, model: str | None):
        if not model:
            raise SemanticBackendError(f"st 后端需要本地模型，但未配置模型。(the st backend needs a local model; "
                                       f"none is configured.) {MODEL_HINT}")
        SentenceTransformer = _import_st()
        path = Path(model).expanduser()
        target = str(path) if path.exists() else model
        try:
            self.model = SentenceTransformer(target, device="cpu", local_files_only=True)
        except Exception as exc:  # missing files surface as OSError/ValueError/HF errors depending on versions
            where = "路径不存在或不是模型目录" if not path.exists() else "目录中的模型无法加载"
            raise SemanticBackendError(
                f"无法离线加载模型 {model!r}（{where}；不会联网下载）。(cannot load model {model!r} offline; "
                f"nothing is downloaded.) {MODEL_HINT} [{type(exc).__name__}: {exc}]") from None
        self.model_name = model
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self.stats = {"encoded": 0, "encode_calls": 0, "cache_hits": 0}

    def encode(self, texts: list[str], cache: dict | None = None) -> list[list[float]]:
        """Vectors for texts, encoding only those in neither the caller's cache nor the LRU."""
        keys = [text_key(t) for t in texts]
        out: list[list[float] | None] = [None] * len(texts)
        todo: dict[str, int] = {}
        for n, k in enumerate(keys):
            ext = ("st", self.model_name, k)
            if cache is not None and ext in cache:
                out[n] = cache[ext]
            elif k in self._cache:
                out[n] = self._cache[k]
                self._cache.move_to_end(k)
            else:
                todo.setdefault(k, n)
                continue
            self.stats["cache_hits"] += 1
        if todo:
            batch = [texts[n] for n in todo.values()]
            vecs = self.model.encode(batch, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            self.stats["encode_calls"] += 1
            self.stats["encoded"] += len(batch)
            for k, v in zip(todo, vecs):
                vec = [float(x) for x in v]
                self._cache[k] = vec
                if len(self._cache) > _CACHE_MAX:
                    self._cache.popitem(last=False)
        for n, k in enumerate(keys):
            if out[n] is None:
                out[n] = self._cache[k]
            if cache is not None:
                cache[("st", self.model_name, k)] = out[n]
        return out  # type: ignore[return-value]

    def similarity(self, queries: list[str], docs: list[str], cache: dict | None = None) -> list[list[float]]:
        import numpy as np

        if not queries or not docs:
            return [[] for _ in queries]
        q = np.asarray(self.encode(queries, cache), dtype=float)
        d = np.asarray(self.encode(docs, cache), dtype=float)
        return (q @ d.T).tolist()
