"""The `shenbao` console script (pyproject: shenbao = "evaluation.cli:app").

`app` is the typer application of evaluation.commands (pipeline.cli's commands plus
`eval`), loaded on first use. Why not that object itself: importing typer, click, rich
and pydantic costs about 0.4 s of CPU before any command runs. Called as the console
script, `app()` first lets pipeline.cli_fast answer a repeated `shenbao guide FILE` from
the guide cache without those imports, and start a plain `shenbao screen`'s forkserver
before them (issue 15); every other command line, and every other use of `app`
(typer's CliRunner, `app.command(...)`), goes to the typer app.
"""
from __future__ import annotations

import sys

__all__ = ["app", "main", "typer_app"]


def typer_app():
    """The typer application with every command (imported on first call)."""
    from evaluation.commands import app as typer_application

    return typer_application


class _ConsoleScript:
    """Calls go through pipeline.cli_fast first; attributes are the typer app's."""

    def __call__(self, *args, **kwargs):
        if not args and not kwargs:  # the console script: the command line is sys.argv
            from pipeline.cli_fast import cached_guide, prestart_for

            status = cached_guide(sys.argv[1:])
            if status is not None:
                return status
            prestart_for(sys.argv[1:])
        return typer_app()(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(typer_app(), name)


app = _ConsoleScript()


def main() -> None:
    sys.exit(app())


if __name__ == "__main__":  # pragma: no cover
    main()
