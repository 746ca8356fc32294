"""What a command does not need, it does not import (issue 15: start-up is most of a
guide's and a single submission's time). Checked in fresh interpreters."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _loaded(imports: str, watch: tuple[str, ...]) -> list[str]:
    probe = f"import sys\n{imports}\nprint(' '.join(m for m in {watch!r} if m in sys.modules))"
    p = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout.split()


@pytest.mark.parametrize("imports, absent", [
    # guide extraction reads documents and builds a schema: no report or claims model
    ("import extractors.readers, extractors.guide.extract, extractors.guide.checkup",
     ("models.report", "models.claims")),
    # the cache lookup and the console script's fast path: no model, no typer
    ("import pipeline.schema.cache, pipeline.cli_fast, pipeline.cli_out, pipeline.schema.yaml_scalar, evaluation.cli",
     ("pydantic", "typer", "click", "rich", "models.schema")),
    # starting the workers' forkserver imports nothing of the project
    ("import pipeline.batch.forkserver", ("pydantic", "models", "extractors", "pipeline.batch.worker")),
])
def test_not_imported(imports: str, absent: tuple[str, ...]):
    assert _loaded(imports, absent) == []
