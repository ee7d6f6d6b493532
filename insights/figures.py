"""The report's numbers, from demand-log rows and the offer, in one pass over the rows. Every figure that
counts conversations goes through insights.anonymity (groups under 5 are folded into "overig")."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from insights import anonymity, bands
from insights.anonymity import OTHER
from insights.store import shown_items, split
from insights.supply import REGIONS, Supply
from intake import contract

FIT_WORDS = {"time": "tijd", "budget": "budget", "travel": "reistijd", "delivery": "vorm (online/ter plaatse)",
             "region": "regio", "audience": "doelgroep", "admission": "toelating (diploma)"}
SECTOR_WORDS = {**contract.SECTORS, "lerarenopleiding": "lerarenopleiding"}


@dataclass
class GapRow:
    topic: str
    label: str
    demand: int          # conversations that asked for the topic
    offered: int         # enrol-able entries on the topic in the region

    @property
    def per_offer(self) -> float:
        return self.demand / max(self.offered, 1) if self.offered else float(self.demand)


@dataclass
class Figures:
    conversations: int
    months: tuple[str, str] | None
    demand: list[tuple[str, str, int]] = field(default_factory=list)     # (topic, label, n), all regions
    gap: dict[str, list[GapRow]] = field(default_factory=dict)          # region -> rows, folded
    blockers: list[tuple[str, int]] = field(default_factory=list)       # (Dutch word, conversations)
    nothing_fits: list[tuple[str, int, int]] = field(default_factory=list)  # (region / sector, n, nothing)
    nothing_fits_total: tuple[int, int] = (0, 0)
    hours: list[tuple[str, int, int]] = field(default_factory=list)     # (band label, asked, offered entries)
    budget: list[tuple[str, int, int]] = field(default_factory=list)
    top_entries: list[tuple[str, str, int]] = field(default_factory=list)  # (id, title, conversations)

    @property
    def enough(self) -> bool:
        return anonymity.enough(self.conversations)

    def scarce(self, region: str | None = None, top: int = 3) -> list[GapRow]:
        """Topics with most demand per offered entry (no offer at all first)."""
        rows = [r for reg, rs in self.gap.items() if region in (None, reg) for r in rs if r.topic != OTHER]
        rows.sort(key=lambda r: (r.offered > 0, -r.per_offer, -r.demand))
        return rows[:top]


def build(rows: Iterable[dict], supply: Supply, k: int = anonymity.K) -> Figures:
    n = 0
    months: set[str] = set()
    topics_all: Counter = Counter()
    topics_region = {r: Counter() for r in REGIONS}
    blockers: Counter = Counter()
    groups: dict[str, list[int]] = {}
    hours: Counter = Counter()
    budget: Counter = Counter()
    shown: Counter = Counter()
    nothing = 0
    for row in rows:
        n += 1
        months.add(row["month"])
        keys = split(row.get("topics"), ",")
        topics_all.update(keys)
        if row.get("region") in topics_region:
            topics_region[row["region"]].update(keys)
        fits = bool(row.get("anything_fits"))
        if not fits:
            nothing += 1
            if row.get("blocked_by"):
                blockers[row["blocked_by"]] += 1
        region = contract.REGIONS.get(row.get("region"), "regio onbekend")
        sector = SECTOR_WORDS.get(row.get("sector"), "niveau onbekend")
        group = groups.setdefault(f"{region} / {sector}", [0, 0])
        group[0] += 1
        group[1] += 0 if fits else 1
        hours[row.get("hours") or bands.UNKNOWN] += 1
        budget[row.get("budget") or bands.UNKNOWN] += 1
        shown.update({entry_id for entry_id, _ in shown_items(row)})  # once per conversation
    figures = Figures(conversations=n, months=(min(months), max(months)) if months else None)
    if not anonymity.enough(n, k):
        return figures  # fewer than k conversations in all: nothing is shown
    figures.demand = [(t, _label(supply, t), c) for t, c in anonymity.fold(topics_all, k)]
    for region in REGIONS:
        figures.gap[region] = [GapRow(t, _label(supply, t), c, supply.offered(t, region) if t != OTHER else 0)
                               for t, c in anonymity.fold(topics_region[region], k)]
    figures.blockers = [(FIT_WORDS.get(b, b), c) for b, c in anonymity.fold(blockers, k)]
    figures.nothing_fits = anonymity.fold_shares({g: (a, b) for g, (a, b) in groups.items()}, k)
    figures.nothing_fits_total = (n, nothing)
    figures.hours = _bands("hours", hours, supply.hours, k)
    figures.budget = _bands("budget", budget, supply.budget, k)
    figures.top_entries = [(e, supply.title(e) if e != OTHER else OTHER, c) for e, c in anonymity.fold(shown, k)][:15]
    return figures


def _label(supply: Supply, topic: str) -> str:
    return OTHER if topic == OTHER else supply.label(topic)


def _bands(kind: str, asked: Counter, offered: Counter, k: int) -> list[tuple[str, int, int]]:
    order = bands.keys(kind) + [bands.UNKNOWN]
    folded = dict(anonymity.fold(asked, k, keep_order=order))
    rows = [(bands.label(b) if b != bands.UNKNOWN else bands.UNKNOWN, folded.get(b, 0), offered.get(b, 0))
            for b in order]
    if OTHER in folded:
        rows.append((OTHER, folded[OTHER], 0))
    return rows
