"""The learned ranking by author-grouped cross-validation on the blind corpus's train authors.

Each fold leaves one train author out, teaches the goal-topic model and the reranker on the others (as the
index build does), and recommends for the left-out author's profiles (the profile their author states, the
goal as typed). Reported per setting: a wanted entry in the top 3, recall@5 of the wanted entries, and a top 3
that is all wanted or acceptable. Settings: the vocabulary only (no learned parts), the goal model only, the
goal model with the reranker (as before the query map), the query map alone (index/query_adapter.py), the goal
model with the query map (no reranker: what the fourth session's fusion weight and soft gate were measured on),
and all three (the product). The test authors are not read.

    .venv/bin/python -m bench.rerank_cv [--settings query_map product]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle

import numpy as np
import yaml

from index import build, goal_topics, knowledge, paths, query_adapter, rerank
from index.embedding_model import load_model
from index.lexical import BM25
from index.search import Recommender
from index.text import lemmas_many


class Memoised:
    """The e5 model, each text embedded once: every fold embeds the same knowledge and goals again."""

    def __init__(self, model):
        self.model, self.seen = model, {}

    def encode(self, texts, prompt_name=None, **options):
        single = isinstance(texts, str)
        texts = [texts] if single else list(texts)
        new = [t for t in dict.fromkeys(texts) if (prompt_name, t) not in self.seen]
        if new:
            for text, vector in zip(new, self.model.encode(new, prompt_name=prompt_name, **options)):
                self.seen[(prompt_name, text)] = vector
        vectors = np.stack([self.seen[(prompt_name, t)] for t in texts])
        return vectors[0] if single else vectors


def memoised_training() -> None:
    """Each goal model and query map trained once per set of authors. The folds nest (held out H, then A
    inside it), so the model without {H, A} is needed in both H's and A's fold: 28 distinct trainings of
    each instead of 49. Keyed on the training data itself, so a hit is the very model training would give."""
    for owner in (goal_topics.GoalTopics, query_adapter.QueryAdapter):
        train = owner.train.__func__
        cache: dict = {}

        def cached(cls, *args, _train=train, _cache=cache, **options):
            key = hashlib.sha256(pickle.dumps((args, sorted(options.items())))).hexdigest()
            if key not in _cache:
                _cache[key] = _train(cls, *args, **options)
            return _cache[key]

        owner.train = classmethod(cached)


def scores(recommender: Recommender, profiles: list[dict], resolve) -> dict:
    hit, recall, sensible = [], [], []
    for item in profiles:
        top = [resolve(i["id"]) for i in recommender.recommend(item["profile"], top=5)["recommendations"]]
        wanted = {resolve(i) for i in item["wanted"]}
        ok = wanted | {resolve(i) for i in item["acceptable"]}
        hit.append(bool(wanted & set(top[:3])))
        recall.append(len(wanted & set(top[:5])) / len(wanted))
        sensible.append(all(i in ok for i in top[:3]))
    return {"wanted_in_top3": round(float(np.mean(hit)), 3), "recall_at_5": round(float(np.mean(recall)), 3),
            "top3_all_sensible": round(float(np.mean(sensible)), 3), "n": len(profiles)}


SETTINGS = ("vocabulary_only", "goal_model", "goal_model_and_reranker", "query_map", "goal_model_and_query_map",
            "product")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", nargs="+", choices=SETTINGS, default=SETTINGS)
    settings = parser.parse_args(argv).settings
    memoised_training()
    kb = knowledge.load()
    entries = sorted(kb.entries, key=lambda e: e["id"])
    model = Memoised(load_model())
    vectors = model.encode([build.passage_text(e, kb.topics) for e in entries], prompt_name="passage",
                           normalize_embeddings=True, convert_to_numpy=True).astype("float32")
    faiss_index = build.make_faiss_index(vectors)
    bm25 = BM25.fit(lemmas_many([build.lexical_text(e, kb.topics) for e in entries]))
    authors = yaml.safe_load((paths.CORPUS_DIR / "split.yml").read_text(encoding="utf-8"))["train"]

    def resolve(eid):
        entry = kb.resolve(eid)
        return entry["id"] if entry else eid

    results = {name: [] for name in settings}
    for held in authors:
        mine = rerank.corpus_profiles(paths.CORPUS_DIR, [held])
        others = [a for a in authors if a != held]
        goal_model, old_reranker, reranker, adapter = None, None, None, None
        if {"goal_model", "goal_model_and_reranker"} & set(settings):
            goal_model, old_reranker, _ = build._learned(model, entries, kb.topics, faiss_index, bm25, authors=others,
                                                         adapt=False)
        if {"query_map", "goal_model_and_query_map", "product"} & set(settings):
            goal_model, reranker, adapter = build._learned(model, entries, kb.topics, faiss_index, bm25, authors=others)
        arguments = {"vocabulary_only": (None, None, None), "goal_model": (goal_model, None, None),
                     "goal_model_and_reranker": (goal_model, old_reranker, None), "query_map": (None, None, adapter),
                     "goal_model_and_query_map": (goal_model, None, adapter),
                     "product": (goal_model, reranker, adapter)}  # the product: goal model, query map, reranker
        for name in settings:
            recommender = Recommender(entries, kb.topics, faiss_index, bm25, model, *arguments[name])
            results[name].append(scores(recommender, mine, resolve))
    summary = {}
    for name, folds in results.items():
        n = sum(f["n"] for f in folds)
        summary[name] = {k: round(sum(f[k] * f["n"] for f in folds) / n, 3) for k in folds[0] if k != "n"} | {"n": n}
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
