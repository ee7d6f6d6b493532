"""Numbers of a profile (and of an offer) into coarse bands: the demand log never holds an exact value.

Bands are (key, Dutch label) pairs in order; a value falls into the first band whose upper edge it does not
pass. Unknown stays None ("onbekend" in the report).
"""
from __future__ import annotations

import datetime as _dt

# (key, label, upper edge inclusive)
HOURS = (("h0-2", "tot 2 uur", 2.0), ("h2-4", "2 tot 4 uur", 4.0), ("h4-8", "4 tot 8 uur", 8.0),
         ("h8+", "meer dan 8 uur", float("inf")))
BUDGET = (("b0", "geen budget", 0.0), ("b1-500", "tot € 500", 500.0), ("b500-2000", "€ 500 tot 2000", 2000.0),
          ("b2000+", "meer dan € 2000", float("inf")))
TRAVEL = (("t0", "niet reizen (online)", 0.0), ("t1-15", "tot 15 min", 15.0), ("t15-30", "15 tot 30 min", 30.0),
          ("t30-60", "30 tot 60 min", 60.0), ("t60+", "meer dan 60 min", float("inf")))
KINDS = {"hours": HOURS, "budget": BUDGET, "travel": TRAVEL}
LABELS = {key: label for bands in KINDS.values() for key, label, _ in bands}
UNKNOWN = "onbekend"


def band(kind: str, value) -> str | None:
    """The band key of a number, or None when the value is unknown (or not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number < 0 or number != number:  # negative or NaN: not a value we band
        return None
    return next(key for key, _, upper in KINDS[kind] if number <= upper)


def keys(kind: str) -> list[str]:
    return [key for key, _, _ in KINDS[kind]]


def label(key: str | None) -> str:
    return LABELS.get(key, UNKNOWN) if key else UNKNOWN


def month(today: _dt.date | None = None) -> str:
    """The only time the log keeps: 'YYYY-MM'."""
    today = today or _dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"
