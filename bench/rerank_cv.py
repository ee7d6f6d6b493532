"""The learned ranking by author-grouped cross-validation on the blind corpus's train authors.

Each fold leaves one train author out, teaches the goal-topic model and the reranker on the others (as the
index build does), and recommends for the left-out author's profiles (the profile their author states, the
goal as typed). Reported per setting: a wanted entry in the top 3, recall@5 of the wanted entries, and a top 3
that is all wanted or acceptable. Settings: the vocabulary only (no learned parts), the goal model only, and
the goal model with the reranker. The test authors are not read.

    .venv/bin/python -m bench.rerank_cv
"""
from __future__ import annotations

import json

import numpy as np
import yaml

from index import build, knowledge, paths, rerank
from index.embedding_model import load_model
from index.lexical import BM25
from index.search import Recommender
from index.text import lemmas_many


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


def main() -> int:
    kb = knowledge.load()
    entries = sorted(kb.entries, key=lambda e: e["id"])
    model = load_model()
    vectors = model.encode([build.passage_text(e, kb.topics) for e in entries], prompt_name="passage",
                           normalize_embeddings=True, convert_to_numpy=True).astype("float32")
    faiss_index = build.make_faiss_index(vectors)
    bm25 = BM25.fit(lemmas_many([build.lexical_text(e, kb.topics) for e in entries]))
    authors = yaml.safe_load((paths.CORPUS_DIR / "split.yml").read_text(encoding="utf-8"))["train"]

    def resolve(eid):
        entry = kb.resolve(eid)
        return entry["id"] if entry else eid

    results = {"vocabulary_only": [], "goal_model": [], "goal_model_and_reranker": []}
    for held in authors:
        mine = rerank.corpus_profiles(paths.CORPUS_DIR, [held])
        goal_model, reranker = build._learned(model, entries, kb.topics, faiss_index, bm25,
                                              authors=[a for a in authors if a != held])
        for name, args in (("vocabulary_only", (None, None)), ("goal_model", (goal_model, None)),
                           ("goal_model_and_reranker", (goal_model, reranker))):
            results[name].append(scores(Recommender(entries, kb.topics, faiss_index, bm25, model, *args), mine, resolve))
    summary = {}
    for name, folds in results.items():
        n = sum(f["n"] for f in folds)
        summary[name] = {k: round(sum(f[k] * f["n"] for f in folds) / n, 3) for k in folds[0] if k != "n"} | {"n": n}
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
