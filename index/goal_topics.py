"""Which topics a goal in a teacher's own words is about, learned from examples.

"mijn groep is onrustig, ze maken ruzie op de speelplaats" names no topic term, yet it is about behaviour;
"wiskunde" in a diploma or "feedback" in passing is not a goal about STEM or testing. The vocabulary of
knowledge/topics.yml (index.topics) only sees words, so a one-vs-rest logistic regression decides instead,
over the e5 query vector of the goal (its meaning) and the vocabulary's hits (its exact words). It is trained
at index build (index/build.py) on:
- the goals of the blind corpus's train authors (eval/blind/split.yml), with the topics their authors gave;
- the knowledge entries (title and summary -> their topics) and the vocabulary's terms (term -> topic), so
  that every topic has examples, also the ones no teacher in the corpus asked about.
The test authors are never read here. At serving time it is a matrix product (numpy), no sklearn.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from index import corpus
from index.topics import TopicMatcher

# A topic is the goal's when the classifier gives it this probability; the best topic also at FLOOR when
# nothing reaches THRESHOLD (a goal is nearly always about something). At most MAX_TOPICS.
THRESHOLD = 0.5
FLOOR = 0.3
RELATIVE = 0.8  # a second topic needs this share of the first one's probability, unless the goal names it
# "professionalisering algemeen" is what every goal is about: it says nothing about which entries fit
GENERAL = {"professionalisering"}
MAX_TOPICS = 3
CENTROID_SCALE = 10.0  # cosine similarities span ~0.7-0.9: scaled so the model can weigh them
CORPUS_WEIGHT = 3.0   # a teacher's goal counts more than an entry's summary: it is how users write
C = 4.0               # inverse regularisation, chosen by author-grouped cross-validation (bench/goal_topics_cv)
FILE = "goal_topics.npz"


def corpus_goals(corpus_dir: Path, authors: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """(goal text, topics) from the blind corpus (default: the train split)."""
    return [(corpus.goal_text(c), list((c.get("expect") or {}).get("goal_topics") or []))
            for c in corpus.conversations(corpus_dir, authors)
            if (c.get("expect") or {}).get("goal_topics") and corpus.goal_text(c)]


def knowledge_examples(entries: list[dict], topics: dict) -> list[tuple[str, list[str]]]:
    examples = [(f"{e['title']}. {e.get('summary') or ''}", list(e.get("topics") or [])) for e in entries]
    for key, topic in topics.items():
        for term in [topic.get("label", key), *topic.get("terms", [])]:
            examples.append((term, [key]))
    return examples


class GoalTopics:
    def __init__(self, keys: list[str], weights: np.ndarray, bias: np.ndarray, matcher: TopicMatcher,
                 centroids: np.ndarray):
        self.keys, self.weights, self.bias, self.matcher = keys, weights, bias, matcher
        self.centroids = centroids  # per topic, the mean e5 vector of its examples (unit length)
        self.position = {k: i for i, k in enumerate(keys)}

    def features(self, text: str, vector: np.ndarray) -> np.ndarray:
        """The goal's e5 vector, its closeness to each topic's examples, and the vocabulary's hits."""
        hits = np.zeros(len(self.keys), dtype="float32")
        for rank, key in enumerate(self.matcher.topics_in(text or "")):
            if key in self.position:
                hits[self.position[key]] = 1.0 / (1 + rank)
        vector = np.asarray(vector, dtype="float32").ravel()
        return np.concatenate([vector, CENTROID_SCALE * (self.centroids @ vector), hits])

    def probabilities(self, text: str, vector: np.ndarray) -> dict[str, float]:
        logits = self.features(text, vector) @ self.weights.T + self.bias
        return dict(zip(self.keys, (1.0 / (1.0 + np.exp(-logits))).tolist()))

    def predict(self, text: str, vector: np.ndarray) -> tuple[str, ...]:
        """The goal's topics, most likely first (empty for an empty goal)."""
        if not (text or "").strip():
            return ()
        ranked = sorted(((k, p) for k, p in self.probabilities(text, vector).items() if k not in GENERAL),
                        key=lambda kv: -kv[1])
        named = set(self.matcher.topics_in(text))
        best = ranked[0][1] if ranked else 0.0
        chosen = [k for k, p in ranked if p >= THRESHOLD and p >= RELATIVE * best or k in named and p >= FLOOR][:MAX_TOPICS]
        if not chosen and ranked and ranked[0][1] >= FLOOR:
            chosen = [ranked[0][0]]
        return tuple(chosen)

    # --- training and storage ------------------------------------------------------------------------
    @classmethod
    def train(cls, examples: list[tuple[str, list[str], float]], vectors: np.ndarray, topics: dict,
              c: float = C) -> "GoalTopics":
        """examples: (text, topics, weight); vectors: their e5 query vectors, row by row."""
        from sklearn.linear_model import LogisticRegression  # training only: serving needs numpy alone

        keys = sorted(topics)
        matcher = TopicMatcher(topics)
        centroids = np.zeros((len(keys), vectors.shape[1]), dtype="float32")
        for row, key in enumerate(keys):
            members = [v for (_, labels, _), v in zip(examples, vectors) if key in labels]
            if members:
                mean = np.mean(members, axis=0)
                centroids[row] = mean / (np.linalg.norm(mean) or 1.0)
        model = cls(keys, np.zeros((len(keys), vectors.shape[1] + 2 * len(keys)), dtype="float32"),
                    np.zeros(len(keys), dtype="float32"), matcher, centroids)
        x = np.stack([model.features(text, v) for (text, _, _), v in zip(examples, vectors)])
        sample_weight = np.array([w for _, _, w in examples])
        for row, key in enumerate(keys):
            y = np.array([key in labels for _, labels, _ in examples])
            if y.all() or not y.any():
                model.bias[row] = 10.0 if y.all() else -10.0
                continue
            clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
            clf.fit(x, y, sample_weight=sample_weight)
            model.weights[row], model.bias[row] = clf.coef_[0], clf.intercept_[0]
        return model

    def save(self, directory: Path) -> None:
        np.savez(directory / FILE, keys=np.array(self.keys), weights=self.weights, bias=self.bias,
                 centroids=self.centroids)

    @classmethod
    def load(cls, directory: Path, topics: dict) -> "GoalTopics | None":
        path = directory / FILE
        if not path.exists():
            return None
        data = np.load(path)
        if "centroids" not in data:
            return None  # an index built before the centroids: serve by the vocabulary until it is rebuilt
        return cls([str(k) for k in data["keys"]], data["weights"], data["bias"], TopicMatcher(topics), data["centroids"])


def training_examples(entries: list[dict], topics: dict, corpus_dir: Path,
                      authors: list[str] | None = None) -> list[tuple[str, list[str], float]]:
    examples = [(t, labels, 1.0) for t, labels in knowledge_examples(entries, topics)]
    examples += [(t, [k for k in labels if k in topics], CORPUS_WEIGHT) for t, labels in corpus_goals(corpus_dir, authors)]
    return [e for e in examples if e[1]]
