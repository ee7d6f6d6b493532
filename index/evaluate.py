"""Evaluation on labelled profiles (eval/profiles.jsonl): hit@3, MRR, nDCG@5 and constraint violations,
for the product (hybrid retrieval + constraint fit + mix) and two baselines on the same set: BM25 alone
and dense (e5) alone, each ranking by retrieval only.

Labels: `relevant` maps entry ids to 2 (a counsellor's top-3 choice) or 1 (a reasonable option).
- hit@3: a grade-2 entry among the first three.
- MRR: 1 / rank of the first grade-2 entry (0 when it is not in the top 10).
- nDCG@5: graded (gain 2^grade - 1), ideal ranking from the labels.
- violations: results in the top 5 that have a known blocking conflict (region, audience, budget, travel,
  delivery, time, or a diploma without a bridging route) while a fitting entry was left below or out.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from index import fit as fitting
from index import paths

DEFAULT_SET = paths.REPO_ROOT / "eval" / "profiles.jsonl"
# The product, the two baselines, and two ablations: the product without the topic-vocabulary list, and
# the fused retrieval without constraint fit or mix.
SYSTEMS = {"product": "hybrid", "without_topics": "fusion", "bm25": "lexical", "dense": "dense",
           "fusion_only": "hybrid"}


@dataclass
class Scores:
    hit3: list[float] = field(default_factory=list)
    rr: list[float] = field(default_factory=list)
    ndcg5: list[float] = field(default_factory=list)
    violations: int = 0

    def summary(self) -> dict:
        mean = lambda xs: round(sum(xs) / len(xs), 3) if xs else 0.0  # noqa: E731
        return {"hit@3": mean(self.hit3), "MRR": mean(self.rr), "nDCG@5": mean(self.ndcg5),
                "violations": self.violations, "profiles": len(self.hit3)}


def load_set(path: Path | None = None) -> list[dict]:
    path = path or DEFAULT_SET
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ranking(recommender, profile: dict, system: str, k: int = 10) -> list[str]:
    if system in ("product", "without_topics"):
        return [r["id"] for r in recommender.recommend(profile, top=k, mode=SYSTEMS[system])["recommendations"]]
    return [recommender.entries[c.index]["id"] for c in recommender.retrieve(profile, SYSTEMS[system])[:k]]


def ndcg(ids: list[str], relevant: dict[str, int], k: int = 5) -> float:
    gain = lambda grade: 2 ** grade - 1  # noqa: E731
    dcg = sum(gain(relevant.get(i, 0)) / math.log2(n + 2) for n, i in enumerate(ids[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum(gain(g) / math.log2(n + 2) for n, g in enumerate(ideal))
    return dcg / best if best else 0.0


def blocked_ids(recommender, profile: dict) -> set[str]:
    """Entries with a blocking conflict for this profile (the same for every system ranked)."""
    from index.search import normalise_profile

    profile = normalise_profile(profile)
    return {e["id"] for e in recommender.entries if fitting.fit_entry(e, profile).blocking}


def count_violations(all_ids: set[str], blocked: set[str], ids: list[str], k: int = 5) -> int:
    """Top-k results with a blocking conflict while some fitting entry is not ranked above them."""
    fitting_ids = all_ids - blocked
    return sum(1 for rank, entry_id in enumerate(ids[:k])
               if entry_id in blocked and fitting_ids - set(ids[:rank]))


def run(path: Path | None = None, recommender=None) -> dict[str, dict]:
    from index.search import Recommender

    recommender = recommender or Recommender.load()
    rows = load_set(path)
    results = {name: Scores() for name in SYSTEMS}
    all_ids = {e["id"] for e in recommender.entries}
    for row in rows:
        relevant = row["relevant"]
        blocked = blocked_ids(recommender, row["profile"])
        top_choices = {i for i, g in relevant.items() if g >= 2}
        for name, scores in results.items():
            ids = ranking(recommender, row["profile"], name)
            scores.hit3.append(1.0 if top_choices & set(ids[:3]) else 0.0)
            first = next((n for n, i in enumerate(ids) if i in top_choices), None)
            scores.rr.append(1 / (first + 1) if first is not None else 0.0)
            scores.ndcg5.append(ndcg(ids, relevant))
            scores.violations += count_violations(all_ids, blocked, ids)
    return {name: scores.summary() for name, scores in results.items()}


def format_report(report: dict[str, dict]) -> str:
    lines = ["| system | hit@3 | MRR | nDCG@5 | violations (top 5) | profiles |", "|---|---|---|---|---|---|"]
    for name, s in report.items():
        lines.append(f"| {name} | {s['hit@3']:.3f} | {s['MRR']:.3f} | {s['nDCG@5']:.3f} | {s['violations']} | {s['profiles']} |")
    return "\n".join(lines)
