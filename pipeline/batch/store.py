"""SQLite results store (DIR/results.sqlite): what makes a batch resumable.

Why SQLite: one embedded file next to the reports, atomic commits, and the
parent streams each result into it as it arrives, so a run killed at any point
loses at most the files in flight and the parent's memory stays flat however
large the batch. Results are keyed by (relative path, SHA-256 of content,
configuration fingerprint): an unchanged file screened against the same guide
and options is never screened twice; a changed file or guide is.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    rel TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    config TEXT NOT NULL,
    decision TEXT NOT NULL,
    error_code TEXT,
    report TEXT NOT NULL,
    pages INTEGER,
    elapsed REAL,
    finished_at REAL,
    PRIMARY KEY (rel, sha256, config)
);
CREATE TABLE IF NOT EXISTS names (
    rel TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
"""


class ResultStore:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "ResultStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # results -------------------------------------------------------------
    def get(self, rel: str, sha256: str, config: str) -> dict | None:
        row = self.db.execute(
            "SELECT report, pages, elapsed FROM results WHERE rel=? AND sha256=? AND config=?",
            (rel, sha256, config)).fetchone()
        if row is None:
            return None
        return {"report": row[0], "pages": row[1], "elapsed": row[2]}

    def put(self, rel: str, sha256: str, config: str, report_json: str, pages: int | None, elapsed: float) -> None:
        data = json.loads(report_json)
        error = data.get("error") or {}
        self.db.execute(
            "INSERT OR REPLACE INTO results VALUES (?,?,?,?,?,?,?,?,?)",
            (rel, sha256, config, data.get("decision", "error"), error.get("code"), report_json, pages, elapsed,
             time.time()))
        self.db.commit()

    def latest(self) -> dict[str, str]:
        """rel → the report JSON of its most recent result, whatever file version or settings."""
        rows = self.db.execute(
            "SELECT rel, report FROM results r WHERE finished_at = "
            "(SELECT MAX(finished_at) FROM results WHERE rel = r.rel) ORDER BY rel")
        return {rel: report for rel, report in rows}

    def forget(self, rel: str, sha256: str, config: str) -> None:
        self.db.execute("DELETE FROM results WHERE rel=? AND sha256=? AND config=?", (rel, sha256, config))
        self.db.commit()

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    # output names --------------------------------------------------------
    def names(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT rel, name FROM names"))

    def save_names(self, names: dict[str, str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", sorted(names.items()))
        self.db.commit()
