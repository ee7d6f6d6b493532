"""Rows without real users: from the synthetic profiles in eval/ (only their `profile`, never the labels),
run through the real recommender, and generated rows for the benchmark."""
from __future__ import annotations

import json
import random
from pathlib import Path

import insights.supply  # by its full name: `supply` is the parameter holding the loaded offer
from insights import bands, rows
from intake import contract

EVAL_PROFILES = Path(__file__).resolve().parent.parent / "eval" / "profiles.jsonl"


def eval_profiles(path: Path = EVAL_PROFILES) -> list[dict]:
    return [json.loads(line)["profile"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def eval_rows(recommender=None, path: Path = EVAL_PROFILES, month: str | None = None) -> list[dict]:
    """One row per eval profile, recommended for by the real engine (as the dialogue does, top 5)."""
    if recommender is None:
        from index.search import Recommender

        recommender = Recommender.load()
    return [rows.row_from(p, recommender.recommend(p, top=5), month=month) for p in eval_profiles(path)]


def generated_rows(n: int, seed: int = 12, supply=None) -> list[dict]:
    """n plausible rows (for the benchmark): topics, profile bands and shown offered entries drawn at random."""
    rng = random.Random(seed)
    supply = supply or insights.supply.load()
    topics = sorted(supply.topics)
    offered = sorted(i for i, e in supply.entries.items() if insights.supply.is_offered(e))
    sectors = sorted(rows.SECTORS)
    fits = ["ok"] * 6 + ["time", "budget", "travel", "delivery", "audience", "time+budget"]
    months = [f"2026-{m:02d}" for m in range(1, 13)]

    def maybe(kind):
        return rng.choice(bands.keys(kind) + [None])

    out = []
    for _ in range(n):
        shown = rng.sample(offered, 5)
        verdicts = [rng.choice(fits) for _ in shown]
        fitted = any(v == "ok" for v in verdicts)
        out.append({"month": rng.choice(months), "role": rng.choice(list(contract.ROLES)),
                    "region": rng.choice(["VL", "NL"]), "sector": rng.choice(sectors),
                    "topics": ",".join(sorted(rng.sample(topics, rng.choice([0, 1, 1, 2, 3])))),
                    "hours": maybe("hours"), "budget": maybe("budget"), "travel": maybe("travel"),
                    "delivery": rng.choice(list(contract.DELIVERY) + [None]),
                    "shown": "|".join(f"{i}:{v}" for i, v in zip(shown, verdicts)),
                    "anything_fits": fitted,
                    "blocked_by": None if fitted else rng.choice(["time", "budget", "travel", "delivery"])})
    return out
