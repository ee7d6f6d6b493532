"""The offer, from knowledge/: which entries a teacher can enrol in or use (status offered, or a pilot that
takes participants: index.search.ENROLABLE), per topic and region, and the time and money they ask.

The offer is public knowledge, not personal data: it is never folded.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from insights import bands

ENROLABLE = ("offered", "pilot")  # the same as index.search.ENROLABLE (tests/test_insights.py checks)
REGIONS = ("VL", "NL")


@dataclass
class Supply:
    topics: dict[str, str]                                   # key -> Dutch label
    entries: dict[str, dict]                                 # id -> entry (all statuses)
    per_topic: dict[str, Counter] = field(default_factory=dict)  # region -> topic -> offered entries
    hours: Counter = field(default_factory=Counter)          # band -> offered entries
    budget: Counter = field(default_factory=Counter)

    def label(self, topic: str) -> str:
        return self.topics.get(topic, topic)

    def title(self, entry_id: str) -> str:
        entry = self.entries.get(entry_id)
        return entry["title"] if entry else entry_id

    def offered(self, topic: str, region: str | None = None) -> int:
        regions = [region] if region in REGIONS else list(REGIONS)
        if region in REGIONS:
            return self.per_topic[region][topic]
        # both regions: an entry for both counts once
        return len({e["id"] for e in self.entries.values() if is_offered(e) and topic in (e.get("topics") or [])
                    and (e.get("region") in regions or e.get("region") == "both")})


def is_offered(entry: dict) -> bool:
    return entry.get("status", "offered") in ENROLABLE


def build(entries: list[dict], topics: dict[str, str]) -> Supply:
    supply = Supply(topics=topics, entries={e["id"]: e for e in entries},
                    per_topic={r: Counter() for r in REGIONS})
    for entry in entries:
        if not is_offered(entry):
            continue
        for region in REGIONS:
            if entry.get("region") in (region, "both"):
                supply.per_topic[region].update(set(entry.get("topics") or []))
        supply.hours[bands.band("hours", entry.get("hours_per_week")) or bands.UNKNOWN] += 1
        supply.budget[bands.band("budget", entry.get("cost_eur")) or bands.UNKNOWN] += 1
    return supply


@lru_cache(maxsize=4)
def load(knowledge_dir: Path | None = None) -> Supply:
    import yaml

    from index import paths

    folder = Path(knowledge_dir) if knowledge_dir else paths.KNOWLEDGE_DIR
    vocabulary = yaml.safe_load((folder / "topics.yml").read_text(encoding="utf-8"))["topics"]
    entries = []
    for path in sorted(folder.glob("*.yml")):
        if path.name != "topics.yml":
            entries += yaml.safe_load(path.read_text(encoding="utf-8")).get("entries") or []
    return build(entries, {k: v.get("label", k) for k, v in vocabulary.items()})
