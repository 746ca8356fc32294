"""Semantic layer: one embedding interface, a lexical default and an optional model.

Why two backends: no Chinese sentence-embedding model can be installed from a
package here, and the one model that ships in a wheel has an English vocabulary
(most Chinese tokens become [UNK]). So the built-in lexical backend (jieba words,
character n-grams and lexicon concepts under TF-IDF) is the real default; the
sentence-transformers backend serves users who place a Chinese model on disk.

Why the configuration chain (explicit args > env > config file > default): the
CLI passes `--model`, a batch server sets env vars, a desk user keeps a config
file; nothing should need code changes to switch backend.

Why backends are cached per (name, model): loading a model takes seconds and
every cache of encoded texts lives on the instance, so a batch must reuse it.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

BACKENDS = ("lexical", "st")
_ALIASES = {"lexical": "lexical", "tfidf": "lexical", "st": "st", "sentence-transformers": "st",
            "sentence_transformers": "st"}
from extractors.semantic.errors import INSTALL_HINT, MODEL_HINT, SemanticBackendError  # noqa: E402,F401  (public API)


@runtime_checkable
class Embedder(Protocol):
    """What the matcher, claims extractor and diff rely on.

    `floors` holds the backend's own similarity floors per use (metric, material,
    program, align, passage): cosine scales differ between TF-IDF and a neural
    model, so callers must not hard-code one number for both.
    """

    name: str
    floors: dict[str, float]

    def encode(self, texts: list[str]) -> Any: ...

    def similarity(self, queries: list[str], docs: list[str]) -> list[list[float]]: ...


def _config_paths() -> list[Path]:
    paths = [Path.cwd() / "shenbao.toml"]
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg) if xdg else Path.home() / ".config"
    paths.append(base / "shenbao" / "config.toml")
    return paths


def _read_config_file() -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10: config files are optional, env and args still work
        return {}
    for path in _config_paths():
        if path.is_file():
            try:
                with open(path, "rb") as fh:
                    data = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise SemanticBackendError(f"配置文件 {path} 无法解析 (cannot parse config file): {exc}") from None
            sem = data.get("semantic") or {}
            if sem:
                return {k: str(v) for k, v in sem.items() if k in ("backend", "model") and v}
    return {}


def resolve_config(name: str | None = None, model: str | None = None) -> tuple[str, str | None]:
    """(backend, model) after the precedence chain; a model alone implies 'st'."""
    cfg = _read_config_file() if not (name and model) else {}
    backend = name or os.environ.get("SHENBAO_BACKEND") or cfg.get("backend")
    model = model or os.environ.get("SHENBAO_MODEL") or cfg.get("model")
    if not backend:
        backend = "st" if model else "lexical"
    key = _ALIASES.get(backend.strip().lower())
    if key is None:
        raise SemanticBackendError(
            f"未知的语义后端 {backend!r}，可选 lexical 或 st (unknown semantic backend; choose lexical or st)")
    return key, (model if key == "st" else None)


@lru_cache(maxsize=8)
def _instance(name: str, model: str | None) -> Embedder:
    if name == "lexical":
        from extractors.semantic.lexical import LexicalEmbedder
        return LexicalEmbedder()
    from extractors.semantic.st_backend import STEmbedder
    return STEmbedder(model)


def get_backend(name: str | None = None, model: str | None = None) -> Embedder:
    """The configured embedder, built once per process per (backend, model)."""
    backend, mdl = resolve_config(name, model)
    return _instance(backend, mdl)


def available_backends() -> dict[str, str]:
    """backend → 'ok' or the reason it cannot run (for `shenbao eval` and doctor output)."""
    out = {"lexical": "ok"}
    try:
        _, mdl = resolve_config("st", None)
        get_backend("st", mdl)
        out["st"] = "ok"
    except SemanticBackendError as exc:
        out["st"] = str(exc)
    return out


__all__ = ["Embedder", "SemanticBackendError", "get_backend", "resolve_config", "available_backends", "BACKENDS"]
