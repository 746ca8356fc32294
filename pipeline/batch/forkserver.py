"""The workers' forkserver: what it preloads, the start context, and starting it early.

Why start it early: the forkserver's preload (pipeline.batch.warm: the extractors and the
evidence ranker's jieba dictionary, about 1.4 s of CPU) used to begin only when the first
worker was needed, after this process had imported the batch and report layers and loaded
the guide. Started at the top of `shenbao screen` it runs on the other core meanwhile
(issue 15: a single submission from a fresh command). This module imports nothing of the
project, so starting the server costs no import of its own.
"""
from __future__ import annotations

import multiprocessing as mp

__all__ = ["PRELOAD", "context", "prestart"]

PRELOAD = ["pipeline.batch.warm"]


def context() -> mp.context.BaseContext:
    """forkserver: workers fork from a small, pre-warmed server (the extractors and the
    ranker's jieba dictionary loaded, torch blocked), never from a parent that holds batch
    state; spawn where there is no forkserver."""
    try:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    except ValueError:
        return mp.get_context("spawn")


def prestart() -> bool:
    """Start the forkserver now (it preloads while the caller goes on); True if started or
    already running. The workers started later fork from this same server."""
    if context().get_start_method() != "forkserver":
        return False
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return True
