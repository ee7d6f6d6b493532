"""Goal-topic accuracy by author-grouped cross-validation on the blind corpus's train authors.

Each fold leaves one train author out, trains index/goal_topics.py on the others (plus the knowledge), and
scores the left-out author's goals: is the author's main topic among the predicted ones (accuracy), and how
many predicted topics are among the author's (precision). The vocabulary matcher alone is the baseline.
The test authors are not read.

    .venv/bin/python -m bench.goal_topics_cv [--c 4]
"""
from __future__ import annotations

import argparse
import json

import numpy as np
import yaml

from index import goal_topics, knowledge, paths
from index.embedding_model import load_model
from index.topics import TopicMatcher


def score(predicted: list[tuple], gold: list[list[str]]) -> dict:
    hit = [bool(g) and g[0] in p for p, g in zip(predicted, gold)]
    any_hit = [bool(set(p) & set(g)) for p, g in zip(predicted, gold)]
    precision = [len(set(p) & set(g)) / len(p) for p, g in zip(predicted, gold) if p]
    return {"main_topic_found": round(float(np.mean(hit)), 3), "any_topic_found": round(float(np.mean(any_hit)), 3),
            "precision": round(float(np.mean(precision)), 3) if precision else None,
            "empty": sum(not p for p in predicted), "n": len(gold)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=goal_topics.C)
    args = parser.parse_args(argv)
    kb = knowledge.load()
    entries = sorted(kb.entries, key=lambda e: e["id"])
    authors = yaml.safe_load((paths.CORPUS_DIR / "split.yml").read_text(encoding="utf-8"))["train"]
    model = load_model()

    def encode(texts):
        return model.encode(texts, prompt_name="query", normalize_embeddings=True, batch_size=32, convert_to_numpy=True)

    matcher = TopicMatcher(kb.topics)
    base = [(t, l, w) for t, l, w in goal_topics.training_examples(entries, kb.topics, paths.CORPUS_DIR, authors=[])]
    base_vectors = encode([t for t, _, _ in base])
    learned_pred, matcher_pred, gold = [], [], []
    for held in authors:
        train = [(t, [k for k in labels if k in kb.topics], goal_topics.CORPUS_WEIGHT)
                 for t, labels in goal_topics.corpus_goals(paths.CORPUS_DIR, [a for a in authors if a != held])]
        held_out = goal_topics.corpus_goals(paths.CORPUS_DIR, [held])
        if not held_out:
            continue
        vectors = np.concatenate([base_vectors, encode([t for t, _, _ in train])]) if train else base_vectors
        clf = goal_topics.GoalTopics.train(base + train, vectors, kb.topics, c=args.c)
        held_vectors = encode([t for t, _ in held_out])
        for (text, labels), vector in zip(held_out, held_vectors):
            learned_pred.append(clf.predict(text, vector))
            matcher_pred.append(matcher.topics_in(text)[:goal_topics.MAX_TOPICS])
            gold.append(labels)
    print(json.dumps({"learned": score(learned_pred, gold), "vocabulary_only": score(matcher_pred, gold),
                      "c": args.c}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
