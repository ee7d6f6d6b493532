"""A recommendation turn (profile + payload) into one demand-log row.

Only values from closed lists get in: topic keys of the vocabulary (found in the ambition; the text itself
is dropped here), the contract's roles, regions, sectors and delivery forms, band keys, knowledge ids, fit
keys. Everything else (home town, ambition text, experience, diploma, anything unexpected) is left out.
"""
from __future__ import annotations

import re
from collections import Counter

from insights import bands
from intake import contract

SECTORS = set(contract.SECTORS) | {"lerarenopleiding"}  # the knowledge's audience sectors
FIT_KEYS = ("time", "budget", "travel", "delivery", "region", "audience", "admission")
ENTRY_ID = re.compile(r"[a-z0-9-]{1,120}")


def _one_of(value, allowed) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def topic_keys(ambition: str | None, vocabulary: set[str] | None = None) -> list[str]:
    """Vocabulary topic keys the ambition is about (sorted); the text is not kept."""
    from index.topics import vocabulary_matcher

    if not ambition:
        return []
    found = vocabulary_matcher().topics_in(ambition)
    return sorted(k for k in found if vocabulary is None or k in vocabulary)


def conflicts_of(item: dict) -> list[str]:
    fit = item.get("fit") or {}
    return [key for key in FIT_KEYS if fit.get(key) == "conflict"]


def row_from(profile: dict, payload: dict, month: str | None = None, topics: list[str] | None = None) -> dict:
    """The row for one shown list. `topics` (keys) may be given; else they are read from the ambition."""
    items = [i for i in payload.get("recommendations") or [] if ENTRY_ID.fullmatch(str(i.get("id", "")))]
    shown = []
    blocking: Counter = Counter()
    for item in items:
        conflicts = conflicts_of(item)
        blocking.update(conflicts)
        shown.append(f"{item['id']}:{'+'.join(conflicts) or 'ok'}")
    relax = [k for k in payload.get("relax") or [] if k in FIT_KEYS]
    if relax:
        blocked_by = relax[0]
    elif blocking:
        top = max(blocking.values())
        blocked_by = next(k for k in FIT_KEYS if blocking.get(k) == top)
    else:
        blocked_by = None
    keys = topics if topics is not None else topic_keys(profile.get("ambition"))
    return {
        "month": month or bands.month(),
        "role": _one_of(profile.get("role"), contract.ROLES),
        "region": _one_of(profile.get("region"), contract.REGIONS),
        "sector": _one_of(profile.get("sector"), SECTORS),
        "topics": ",".join(k for k in keys if re.fullmatch(r"[a-z0-9_]{1,60}", k)),
        "hours": bands.band("hours", profile.get("hours_per_week")),
        "budget": bands.band("budget", profile.get("budget_eur")),
        "travel": bands.band("travel", profile.get("max_travel_minutes")),
        "delivery": _one_of(profile.get("delivery"), contract.DELIVERY),
        "shown": "|".join(shown),
        "anything_fits": bool(items) and not payload.get("nothing_fits"),
        "blocked_by": blocked_by,
    }
