"""Which retrieved entries a counsellor would put first, learned from the blind corpus's train authors.

Retrieval (dense + BM25 + topics) finds what is near the words of a goal; which of those a counsellor would
show depends on more: the goal's topics as the goal model reads them, the teacher's region, sector and role,
what the entry asks (a master for someone who wants a degree), whether it can still be joined, and the
constraints. Hand-set weights for these did not carry over to other writers, so a logistic regression over
those features, trained on the entries each train author wants in the top 3 (and, weaker, the acceptable
ones), orders the candidates. Conflicts still rank below every fitting entry (index.search); the score orders
within. Serving is a dot product (numpy); training (at index build) uses scikit-learn.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from index import availability, corpus
from index.steps import wants_enrolment

FILE = "rerank.npz"
CANDIDATES = 60          # retrieved entries scored per profile (training and serving)
ACCEPTABLE_WEIGHT = 0.3  # an acceptable entry is a weaker positive than a wanted one
C = 1.0
TYPES = ("course", "post_initial", "bridging", "master", "plg_format", "school_format", "network", "project",
         "resource")
STATUSES = ("offered", "pilot", "planned", "idea", "ended")
FIT_KEYS = ("time", "budget", "travel", "delivery", "region", "audience", "admission")
STEPS = ("enrol", "set_up", "use", "ask")
NAMES = (["dense", "lexical", "fused", "topic_prob_max", "topic_prob_sum", "topic_word", "region_same", "region_both",
          "sector_exact", "sector_any_listed", "role_listed", "year_2015", "has_bridging", "wants_degree"]
         + [f"type_{t}" for t in TYPES] + [f"degree_{t}" for t in TYPES] + [f"status_{s}" for s in STATUSES]
         + [f"conflict_{k}" for k in FIT_KEYS] + [f"unknown_{k}" for k in FIT_KEYS]
         + [f"step_{k}" for k in STEPS] + [f"enrolment_wanted_{k}" for k in STEPS] + ["recommendable_today"])


def features(entry: dict, profile: dict, dense_rank, lexical_rank, fused: float, goal_probs: dict,
             word_topics: set, fit, today) -> np.ndarray:
    topics = entry.get("topics") or []
    probs = [goal_probs.get(t, 0.0) for t in topics] or [0.0]
    audience = entry.get("audience") or {}
    sectors, roles = audience.get("sectors") or [], audience.get("roles") or []
    wants_degree = bool(profile.get("wants_degree"))
    row = [
        1.0 / (1 + dense_rank) if dense_rank is not None else 0.0,
        1.0 / (1 + lexical_rank) if lexical_rank is not None else 0.0,
        fused * 30,
        max(probs), min(2.0, sum(probs)),
        float(bool(word_topics & set(topics))),
        float(entry.get("region") == profile.get("region")),
        float(entry.get("region") == "both"),
        float(profile.get("sector") in sectors),
        float(bool(sectors)),
        float(profile.get("role") in roles),
        float(str(entry.get("data_year") or "").startswith("2015")),
        float(bool(fit.bridging)),
        float(wants_degree),
    ]
    row += [float(entry.get("type") == t) for t in TYPES]
    row += [float(entry.get("type") == t and wants_degree) for t in TYPES]
    row += [float((entry.get("status") or "offered") == s) for s in STATUSES]
    row += [float(fit.values.get(k) == "conflict") for k in FIT_KEYS]
    row += [float(fit.values.get(k, "unknown") == "unknown") for k in FIT_KEYS]
    enrolment = wants_enrolment(profile)
    row += [float(entry.get("step") == k) for k in STEPS]
    row += [float(entry.get("step") == k and enrolment) for k in STEPS]
    row.append(float(availability.recommendable(entry, today)))
    return np.array(row, dtype="float32")


class Reranker:
    def __init__(self, weights: np.ndarray, bias: float, mean: np.ndarray, scale: np.ndarray):
        self.weights, self.bias, self.mean, self.scale = weights, bias, mean, scale

    def score(self, x: np.ndarray) -> float:
        return float(((x - self.mean) / self.scale) @ self.weights + self.bias)

    def save(self, directory: Path) -> None:
        np.savez(directory / FILE, weights=self.weights, bias=np.array([self.bias]), mean=self.mean, scale=self.scale,
                 names=np.array(NAMES))

    @classmethod
    def load(cls, directory: Path) -> "Reranker | None":
        path = directory / FILE
        if not path.exists():
            return None
        data = np.load(path)
        if [str(n) for n in data["names"]] != NAMES:
            return None  # built by another version of the features: serve without it until rebuilt
        return cls(data["weights"], float(data["bias"][0]), data["mean"], data["scale"])

    @classmethod
    def train(cls, rows: list[np.ndarray], labels: list[int], weights: list[float], c: float = C) -> "Reranker":
        from sklearn.linear_model import LogisticRegression  # training only

        x = np.stack(rows)
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
        clf = LogisticRegression(C=c, max_iter=3000)
        clf.fit((x - mean) / scale, labels, sample_weight=weights)
        return cls(clf.coef_[0].astype("float32"), float(clf.intercept_[0]), mean.astype("float32"),
                   scale.astype("float32"))


def corpus_profiles(corpus_dir: Path, authors: list[str] | None = None) -> list[dict]:
    """Each train conversation as (author, profile, wanted, acceptable): the profile from what its author says
    it states, the goal from what the teacher typed before the questions and to the goal question."""
    out = []
    for conversation in corpus.conversations(corpus_dir, authors):
        expect = conversation.get("expect") or {}
        if expect.get("wanted"):
            profile = {**(expect.get("slots") or {}), "ambition": corpus.goal_text(conversation)}
            out.append({"author": conversation["_author"], "profile": profile, "wanted": list(expect["wanted"]),
                        "acceptable": list(expect.get("acceptable") or [])})
    return out


def training_rows(recommender, profiles: list[dict], goal_probs: list[dict]):
    """Feature rows, labels and weights for the retrieved candidates of each profile."""
    from index.fit import fit_entry
    from intake.contract import normalise_profile

    rows, labels, weights = [], [], []
    for item, probs in zip(profiles, goal_probs):
        profile = normalise_profile(item["profile"])
        wanted, acceptable = set(item["wanted"]), set(item["acceptable"])
        word_topics = set(recommender.topic_matcher.topics_in(profile.get("ambition") or ""))
        for cand in recommender.retrieve(profile)[:CANDIDATES]:
            entry = recommender.entries[cand.index]
            ids = {entry["id"], *(entry.get("aliases") or [])}
            fit = fit_entry(entry, profile)
            rows.append(features(entry, profile, cand.dense_rank, cand.lexical_rank, cand.fused, probs, word_topics, fit,
                                 availability.today()))
            labels.append(int(bool(ids & (wanted | acceptable))))
            weights.append(1.0 if ids & wanted else ACCEPTABLE_WEIGHT if ids & acceptable else 1.0)
    return rows, labels, weights
