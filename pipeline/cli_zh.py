"""Chinese for typer's and click's own command-line messages, from pipeline/data/cli_messages.yaml.

Why a patch (installed at start-up, applied to typer's rich layer when typer first
imports it): typer renders its panels (Error, Options …), the help hint and
the usage errors of its vendored click in English, with no translation hook; staff who
mistype an option must read Chinese like the rest of the tool. `install()` swaps the
panel titles and wraps the error renderer so the message is translated by the patterns
of the data file (an unknown message stays as it is), and shows boolean flags as flags
(`--per-folder`, not `--per-folder <bool>`). Every hook is looked up defensively: a typer
that lacks one keeps its English, the tool keeps working.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

DATA = Path(__file__).parent / "data" / "cli_messages.yaml"


@lru_cache(maxsize=1)
def _table() -> dict:
    with open(DATA, encoding="utf-8") as fh:
        return safe_load(fh)


def translate(message: str) -> str:
    """The Chinese of one English usage message; unchanged when no pattern knows it."""
    for pattern, repl in _table()["messages"]:
        m = re.fullmatch(pattern, message.strip(), flags=re.S)
        if m:
            return m.expand(repl)
    return message


def _patch_rich_utils(rich_utils) -> None:
    """Panel titles, the help hint and usage errors of typer's rich layer in Chinese."""
    t = _table()
    titles = t["titles"]
    for name, english in (("ERRORS_PANEL_TITLE", "Error"), ("OPTIONS_PANEL_TITLE", "Options"),
                          ("ARGUMENTS_PANEL_TITLE", "Arguments"), ("COMMANDS_PANEL_TITLE", "Commands"),
                          ("ABORTED_TEXT", "Aborted.")):
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, titles[english])
    if hasattr(rich_utils, "RICH_HELP"):
        rich_utils.RICH_HELP = t["rich_help"]
    original = getattr(rich_utils, "rich_format_error", None)
    if original is not None and not getattr(original, "_shenbao", False):
        def rich_format_error(self, _original=original):
            english = self.format_message()
            self.format_message = lambda: translate(english)  # the instance only, for this rendering
            return _original(self)
        rich_format_error._shenbao = True
        rich_utils.rich_format_error = rich_format_error


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches typer.rich_utils when typer first imports it (for help or an error).

    Why not import it at start-up: it pulls in rich's markdown and syntax layers, about
    0.15 s that a command which succeeds (a cached `shenbao guide`) never needs (issue 15)."""

    def find_spec(self, name, path=None, target=None):
        if name != _RICH_UTILS:
            return None
        sys.meta_path.remove(self)  # find the real spec, then wrap its loader once
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module, _exec=original_exec):
            _exec(module)
            try:
                _patch_rich_utils(module)
            except Exception:  # noqa: BLE001 - typer is importing this inside its error handler:
                pass          # a failed translation must leave its English message intact

        loader.exec_module = exec_module
        return spec


_RICH_UTILS = "typer.rich_utils"


def install() -> None:
    try:
        from typer import core
    except ImportError:  # pragma: no cover - typer always present with the CLI
        return
    t = _table()
    loaded = sys.modules.get(_RICH_UTILS)
    if loaded is not None:
        _patch_rich_utils(loaded)
    elif not any(isinstance(f, _PatchOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())
    command = getattr(core, "TyperCommand", None)
    helper = getattr(command, "get_help_option", None)
    if helper is not None and not getattr(helper, "_shenbao", False):
        def get_help_option(self, ctx, _helper=helper):
            opt = _helper(self, ctx)
            if opt is not None:
                opt.help = t["help_option"]
            return opt
        get_help_option._shenbao = True
        command.get_help_option = get_help_option
        group = getattr(core, "TyperGroup", None)
        if group is not None and getattr(group, "get_help_option", None) is helper:
            group.get_help_option = get_help_option
    option = getattr(core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if shown is not None and not getattr(shown, "_shenbao", False):
        def display_type_rich(self, ctx, _shown=shown):
            return None if getattr(self, "is_flag", False) and not getattr(self, "metavar", None) else _shown(self, ctx)
        display_type_rich._shenbao = True
        option.display_type_rich = display_type_rich
