"""Evaluation on labelled profiles (eval/profiles.jsonl): hit@3, MRR, nDCG@5 and constraint violations,
for the product (hybrid retrieval + constraint fit + mix) and two baselines on the same set: BM25 alone
and dense (e5) alone, each ranking by retrieval only.

Labels: `relevant` maps entry ids to 2 (a counsellor's top-3 choice) or 1 (a reasonable option).
- hit@3: a grade-2 entry among the first three.
- MRR: 1 / rank of the first grade-2 entry (0 when it is not in the top 10).
- nDCG@5: graded (gain 2^grade - 1), ideal ranking from the labels.
- violations: results in the top 5 that have a known blocking conflict (region, audience, budget, travel,
  delivery, time, or a diploma without a bridging route) while a fitting entry was left below or out.
Availability and duplicates (issue 9), for the product lists:
- planned/idea in top 3: the share of top-3 results whose `status` is planned or idea (target 0).
- same thing in top 5: the share of top-5 lists holding two entries about one real-world thing: a project and
  an entry related to it, or two entries related to the same project (`search.project_families`; target 0).
- time known: of the profiles that give their hours, the share where the time fit of at least one top-3
  result is known (ok or conflict); and over all their top-5 results, the share with a known time fit.
Today's availability and what an option asks (issue 18; the date is `LEERWIJZER_TODAY`, index/availability.py):
- past shown as upcoming: the share of top-5 results (and "also in development") whose dated moments are all
  past (a one-off that is over, a programme whose last known intake passed, a plan expected years ago) while
  the payload does not say so (its `now`; target 0).
- ended shown as joinable: the share of those results that are an ended pilot or a plan that is history, not
  marked as such (target 0).
- degree seekers with enrolment in top 3: of the profiles with `wants_degree`, the share whose top 3 holds an
  option to enrol in (`step: enrol`) that is still open and has no blocking conflict.
Rows without a grade-2 label count for nDCG@5 only (without any label: for neither); `profiles` is the
number of rows hit@3 and MRR are averaged over.
Labels: old ids (merged entries) are resolved to the entry that holds them. A row's `in_development` labels
(planned/idea entries a counsellor would mention, not recommend) are scored apart: how often the payload's
"also in development" names one of them.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from index import availability
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
    developing_top3: list[float] = field(default_factory=list)   # per top-3 result: planned/idea?
    same_thing_top5: list[float] = field(default_factory=list)   # per list: two entries about one thing?
    time_known_profile: list[float] = field(default_factory=list)  # per profile with hours
    time_known_item: list[float] = field(default_factory=list)     # per top-5 result of those profiles
    in_development_hit: list[float] = field(default_factory=list)  # per row with in_development labels
    past_as_upcoming: list[float] = field(default_factory=list)    # per shown result: past, said as open?
    ended_as_joinable: list[float] = field(default_factory=list)   # per shown result: ended, said as open?
    degree_enrolment_top3: list[float] = field(default_factory=list)  # per wants_degree profile

    def summary(self) -> dict:
        mean = lambda xs: round(sum(xs) / len(xs), 3) if xs else 0.0  # noqa: E731
        out = {"hit@3": mean(self.hit3), "MRR": mean(self.rr), "nDCG@5": mean(self.ndcg5),
               "violations": self.violations, "profiles": len(self.hit3)}
        if self.same_thing_top5:
            out.update({"planned/idea in top 3": mean(self.developing_top3),
                        "same thing in top 5": mean(self.same_thing_top5),
                        "time known (profiles with hours)": mean(self.time_known_profile),
                        "time known (their top-5 results)": mean(self.time_known_item),
                        "profiles with hours": len(self.time_known_profile),
                        "in development named": mean(self.in_development_hit),
                        "rows with in_development labels": len(self.in_development_hit),
                        "past shown as upcoming (top 5)": mean(self.past_as_upcoming),
                        "ended pilots/plans shown as joinable (top 5)": mean(self.ended_as_joinable),
                        "degree seekers with a fitting enrolment option in top 3": mean(self.degree_enrolment_top3),
                        "degree-seeking profiles": len(self.degree_enrolment_top3)})
        return out


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


def resolve_labels(relevant: dict[str, int], resolve) -> dict[str, int]:
    """Labels on current ids: an old id (alias of a merged entry) counts for the entry that holds it."""
    out: dict[str, int] = {}
    for eid, grade in relevant.items():
        entry = resolve(eid)
        key = entry["id"] if entry else eid
        out[key] = max(out.get(key, 0), grade)
    return out


def _resolver(entries: list[dict]):
    table = {a: e for e in entries for a in (e.get("aliases") or [])}
    table.update({e["id"]: e for e in entries})
    return table.get


def run(path: Path | None = None, recommender=None, judge: Path | None = None) -> dict[str, dict]:
    """`judge`: a knowledge folder whose entries decide what is past or ended (default: the recommender's own),
    so an older engine can be judged by what is now known (e.g. the year of its February intake)."""
    from index import knowledge
    from index.search import Recommender, project_families

    recommender = recommender or Recommender.load()
    rows = load_set(path)
    results = {name: Scores() for name in SYSTEMS}
    all_ids = {e["id"] for e in recommender.entries}
    resolve = _resolver(recommender.entries)
    families = dict(zip((e["id"] for e in recommender.entries), project_families(recommender.entries)))
    status = {e["id"]: e.get("status") for e in recommender.entries}
    judged = knowledge.load(judge).by_alias if judge else {e["id"]: e for e in recommender.entries}
    for row in rows:
        relevant = resolve_labels(row["relevant"], resolve)
        blocked = blocked_ids(recommender, row["profile"])
        top_choices = {i for i, g in relevant.items() if g >= 2}
        for name, scores in results.items():
            ids = ranking(recommender, row["profile"], name)
            if top_choices:  # a row whose only fitting answer is in development has no grade 2 to find
                scores.hit3.append(1.0 if top_choices & set(ids[:3]) else 0.0)
                first = next((n for n, i in enumerate(ids) if i in top_choices), None)
                scores.rr.append(1 / (first + 1) if first is not None else 0.0)
            if relevant:
                scores.ndcg5.append(ndcg(ids, relevant))
            scores.violations += count_violations(all_ids, blocked, ids)
        _availability(recommender, row, results["product"], families, status, resolve, judged)
    return {**{name: scores.summary() for name, scores in results.items()},
            "knowledge": knowledge_figures(recommender.entries)}  # the knowledge the engine under test serves


def _availability(recommender, row: dict, scores: Scores, families: dict, status: dict, resolve,
                  judged: dict) -> None:
    payload = recommender.recommend(row["profile"], top=5)
    items = payload["recommendations"]
    ids = [i["id"] for i in items]
    scores.developing_top3 += [1.0 if status.get(i) in ("planned", "idea") else 0.0 for i in ids[:3]]
    top5 = ids[:5]
    scores.same_thing_top5.append(1.0 if any(families[a] & families[b] for n, a in enumerate(top5)
                                             for b in top5[n + 1:]) else 0.0)
    if row["profile"].get("hours_per_week") is not None:
        known = [i["fit"]["time"] != fitting.UNKNOWN for i in items]
        scores.time_known_profile.append(1.0 if any(known[:3]) else 0.0)
        scores.time_known_item += [1.0 if k else 0.0 for k in known]
    past, ended, degree = payload_shares(payload, judged)
    scores.past_as_upcoming += past
    scores.ended_as_joinable += ended
    if degree is not None:
        scores.degree_enrolment_top3.append(degree)
    wanted = resolve_labels(row.get("in_development") or {}, resolve)
    if wanted:
        named = {i["id"] for i in payload.get("also_in_development") or []}
        scores.in_development_hit.append(1.0 if named & set(wanted) else 0.0)


def payload_shares(payload: dict, by_id: dict) -> tuple[list[float], list[float], float | None]:
    """For one recommendation payload, judged by the entries in `by_id` (their state on LEERWIJZER_TODAY):
    per shown result (top 5 and "also in development"), is it past but said as open, and is it an ended pilot
    or a plan that is history said as open; and, when the profile wants a degree, does the top 3 hold an open
    option to enrol in without a blocking conflict (else None). Shared by `leerwijzer eval` and the dialogue
    measurement (bench/availability_dialogue.py)."""
    items = payload.get("recommendations") or []
    past, ended = [], []
    for item in items[:5] + (payload.get("also_in_development") or []):
        entry = by_id.get(item["id"])
        if entry is None:
            continue
        now, said = availability.state(entry), item.get("now")  # the truth today, and what the payload says
        past.append(1.0 if now in ("past_event", "past_intake", "past_plan") and said != now else 0.0)
        ended.append(1.0 if now in ("ended_pilot", "past_plan") and said != now else 0.0)
    degree = None
    profile = payload.get("profile") or {}
    if profile.get("wants_degree"):
        top3 = [by_id[i["id"]] for i in items[:3] if i["id"] in by_id]
        degree = 1.0 if any(step_of(e) == "enrol" and availability.recommendable(e)
                            and not fitting.fit_entry(e, profile).blocking for e in top3) else 0.0
    return past, ended, degree


# Knowledge without a `step` (before issue 18): the kind of step its type usually means, for measuring only.
TYPE_STEP = {"course": "enrol", "post_initial": "enrol", "bridging": "enrol", "master": "enrol", "network": "enrol",
             "plg_format": "set_up", "school_format": "set_up", "project": "set_up", "resource": "use"}


def step_of(entry: dict) -> str:
    return entry.get("step") or TYPE_STEP.get(entry.get("type"), "use")


def knowledge_figures(entries: list[dict] | None = None) -> dict:
    """Entries per kind of step, and the time estimates: how many, how many rest on figures that all stand in
    their cited lines (or are named as an assumption), and how many name an assumption. Default: knowledge/."""
    from index import knowledge

    entries = entries if entries is not None else knowledge.load().entries
    steps: dict[str, int] = {}
    for entry in entries:
        steps[step_of(entry)] = steps.get(step_of(entry), 0) + 1
    estimates = [e for e in entries if e.get("hours_basis")]
    based = [e for e in estimates if not knowledge.basis_problems(e, knowledge.cited_text(e))]
    return {"entries": len(entries), **{f"step: {k}": v for k, v in sorted(steps.items())},
            "entries with hours_per_week": sum(1 for e in entries if e.get("hours_per_week") is not None),
            "time estimates (hours_basis)": len(estimates),
            "estimates whose figures stand in their cited lines": len(based),
            "estimates naming an assumption": sum(1 for e in estimates if e.get("hours_assumption")),
            "entries with total_hours_min": sum(1 for e in entries if e.get("total_hours_min") is not None),
            "entries with a pace (may be spread)": sum(1 for e in entries if e.get("pace"))}


def format_report(report: dict[str, dict]) -> str:
    lines = ["| system | hit@3 | MRR | nDCG@5 | violations (top 5) | profiles |", "|---|---|---|---|---|---|"]
    for name, s in ((n, s) for n, s in report.items() if n != "knowledge"):
        lines.append(f"| {name} | {s['hit@3']:.3f} | {s['MRR']:.3f} | {s['nDCG@5']:.3f} | {s['violations']} | {s['profiles']} |")
    extra = report.get("product", {})
    if "same thing in top 5" in extra:
        lines += ["", "| product: availability, duplicates, time | value |", "|---|---|"]
        lines += [f"| {key} | {value} |" for key, value in extra.items()
                  if key not in ("hit@3", "MRR", "nDCG@5", "violations", "profiles")]
    if "knowledge" in report:
        lines += ["", "| knowledge | value |", "|---|---|"]
        lines += [f"| {key} | {value} |" for key, value in report["knowledge"].items()]
    return "\n".join(lines)
