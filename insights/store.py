"""The demand log: one SQLite file next to the tracker store (var/insights.db for the single stack).

A row is one conversation's first list of recommendations, in words no person can be found by: topic keys,
role, region, sector, bands, the delivery wish, the shown ids with their fit, whether anything fitted, the
constraint that blocked most often, and the month. The table has a random key and no rowid, so not even the
order in which rows were written is kept (it could be set beside the tracker store's timestamps).

Every value is checked against a narrow alphabet before it is written (no spaces, so never a sentence); which
values are allowed at all is decided in insights/rows.py.
"""
from __future__ import annotations

import os
import re
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Iterable, Iterator

import settings

FIELDS = ("month", "role", "region", "sector", "topics", "hours", "budget", "travel", "delivery", "shown",
          "anything_fits", "blocked_by")
SCHEMA = """CREATE TABLE IF NOT EXISTS demand (
    k BLOB PRIMARY KEY,          -- random: rows are kept in no particular order
    month TEXT NOT NULL,         -- YYYY-MM, never finer
    role TEXT, region TEXT, sector TEXT,
    topics TEXT NOT NULL,        -- topic keys of the ambition, comma-separated
    hours TEXT, budget TEXT, travel TEXT, delivery TEXT,
    shown TEXT NOT NULL,         -- id:ok or id:time+budget..., '|'-separated
    anything_fits INTEGER NOT NULL,
    blocked_by TEXT
) WITHOUT ROWID"""
SAFE = re.compile(r"[A-Za-z0-9_:+|,.\-]*")
MONTH = re.compile(r"\d{4}-\d{2}")


def default_path() -> Path:
    """$LEERWIJZER_INSIGHTS_DB, else insights.db in $LEERWIJZER_VAR (var/ of the checkout): beside tracker.db."""
    return settings.INSIGHTS_DB.get() or settings.VAR.get() / "insights.db"


def check(row: dict) -> tuple:
    """The row as a tuple in FIELDS order, or ValueError when a value is not of the allowed shape."""
    values = []
    for name in FIELDS:
        value = row.get(name)
        if name == "anything_fits":
            value = int(bool(value))
        elif name == "month":
            if not isinstance(value, str) or not MONTH.fullmatch(value):
                raise ValueError("month must be YYYY-MM")
        elif value is not None:
            if not isinstance(value, str) or len(value) > 2000 or not SAFE.fullmatch(value):
                raise ValueError(f"{name}: not a key")
        if name in ("topics", "shown") and value is None:
            value = ""
        values.append(value)
    return tuple(values)


class DemandStore:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        connection = sqlite3.connect(self.path, timeout=10)
        if new:
            os.chmod(self.path, 0o600)
        connection.execute(SCHEMA)
        return connection

    def record(self, row: dict) -> None:
        self.record_many([row])

    def record_many(self, rows: Iterable[dict]) -> int:
        checked = [(secrets.token_bytes(8), *check(row)) for row in rows]
        with closing(self._connect()) as connection, connection:
            connection.executemany(f"INSERT INTO demand (k, {', '.join(FIELDS)}) VALUES "
                                   f"(?, {', '.join('?' for _ in FIELDS)})", checked)
        return len(checked)

    def rows(self) -> Iterator[dict]:
        if not self.path.exists():
            return iter(())
        with closing(self._connect()) as connection:
            found = connection.execute(f"SELECT {', '.join(FIELDS)} FROM demand").fetchall()
        return (dict(zip(FIELDS, values)) for values in found)

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with closing(self._connect()) as connection:
            return connection.execute("SELECT COUNT(*) FROM demand").fetchone()[0]


def split(value: str | None, sep: str) -> list[str]:
    return [part for part in (value or "").split(sep) if part]


def shown_items(row: dict) -> list[tuple[str, list[str]]]:
    """[(entry id, [conflicting fit keys])] of a row ('ok' is an empty list)."""
    items = []
    for part in split(row.get("shown"), "|"):
        entry_id, _, fit = part.partition(":")
        items.append((entry_id, [] if fit in ("", "ok") else fit.split("+")))
    return items
