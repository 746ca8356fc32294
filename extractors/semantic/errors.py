"""The semantic layer's error and the hints its messages give.

Why a leaf module: the backends raise it and the package's entry points re-export it;
kept apart, the backends do not import the package that imports them.
"""
from __future__ import annotations

INSTALL_HINT = "pip install torch==2.13.0 && pip install -e '.[semantic]'"
MODEL_HINT = ("用 --model PATH、环境变量 SHENBAO_MODEL，或配置文件 shenbao.toml / ~/.config/shenbao/config.toml "
              "中 [semantic] model = \"/path/to/model\" 指定本地模型目录 "
              "(point at a local model directory with --model PATH, env SHENBAO_MODEL, or [semantic] model in "
              "shenbao.toml / ~/.config/shenbao/config.toml)")


class SemanticBackendError(RuntimeError):
    """A backend that cannot be used; the message says how to fix it (Chinese + English)."""
