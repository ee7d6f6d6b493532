"""What a question about the shown list asks, learned from the blind corpus.

After the recommendations teachers ask in their own words: "is er meer", "zijn er ook losse korte dingen",
"kan ik ook gaan kijken bij een ervaren collega" (more options), "is die website gratis" (price), "waar is die
banaba juist?" (place), "kan dat als student?" (admission). The exact cues of intake.cues ("goedkoopst",
"vergelijk") still decide when they are present; for everything else a multinomial logistic regression over
hashed word features decides, trained on the follow-ups of the corpus's train authors, each labelled by its
author with what it asks (eval/blind/BRIEF.md). The test authors are never read.

`python -m intake.followup_kind` cross-validates by author, retrains and writes intake/followup_kind.json
(weights only: serving is the standard library).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from intake import hashed_features

WEIGHTS = Path(__file__).with_name("followup_kind.json")
BITS = 14
# The kinds the answer depends on (BRIEF.md's `asks`); "other" is whatever none of these is.
KINDS = ("detail", "price", "start", "duration", "place", "admission", "language", "compare", "cheapest",
         "closest", "shortest", "best", "more", "change", "done", "handoff", "forget", "other")
# Below this probability the learned kind is not trusted, and the question is read as before (a detail
# question about the programme meant). Chosen by author-held-out cross-validation (main below).
TRUST_FROM = 0.5


def features(text: str) -> list[str]:
    words = hashed_features.words(text)
    out = [f"W={w}" for w in words]
    out += [f"P={w[:5]}" for w in words if len(w) > 5]  # "goedkoper"/"goedkoopste", "instromen"/"instroom"
    out += [f"B={a}_{b}" for a, b in zip(words, words[1:])]
    out += [f"F={'_'.join(words[:2])}", f"F1={words[0] if words else ''}", f"N={min(len(words), 8) // 2}",
            f"Q={'?' in (text or '')}"]
    return out


@lru_cache(maxsize=1)
def _model() -> hashed_features.Model:
    return hashed_features.load(WEIGHTS)  # no model: every question is read by its cues alone


def load() -> None:
    """Read the weights now (the action server does, before it hands freed memory back and opens its port)."""
    _model()


def probabilities(text: str) -> dict[str, float]:
    return _softmax(_model(), features(text))


def _softmax(model: hashed_features.Model, feats: list[str]) -> dict[str, float]:
    return hashed_features.softmax(model, feats, BITS)


def predict(text: str) -> tuple[str | None, float]:
    """The kind this question most likely asks and its probability; (None, 0) without a model."""
    probs = probabilities(text)
    if not probs:
        return None, 0.0
    kind = max(probs, key=probs.get)
    return kind, probs[kind]


def trusted(text: str) -> str | None:
    kind, p = predict(text)
    return kind if p >= TRUST_FROM else None


# --- training (python -m intake.followup_kind) -------------------------------------------------------------
def examples(conversations: list[dict]) -> list[tuple[list[str], str, str]]:
    return [(features(str(f["text"])), f["asks"], c.get("_author", "?"))
            for c in conversations for f in c.get("after") or []
            if isinstance(f, dict) and f.get("asks") in KINDS and f.get("text")]


def train(rows, c: float = 4.0) -> hashed_features.Model:
    return hashed_features.train(rows, BITS, c)


def main() -> int:
    from index import corpus, paths  # training only

    rows = examples(corpus.conversations(paths.CORPUS_DIR))
    authors = sorted({g for _, _, g in rows})
    report = {}
    for held in authors:  # cross-validation by author: how it does on a writer it never saw
        model = train([r for r in rows if r[2] != held])
        right = trusted_right = trusted_n = 0
        for feats, label, group in rows:
            if group != held:
                continue
            probs = _softmax(model, feats)
            best = max(probs, key=probs.get)
            right += best == label
            if probs[best] >= TRUST_FROM:
                trusted_n += 1
                trusted_right += best == label
        n = sum(1 for r in rows if r[2] == held)
        report[held] = {"questions": n, "accuracy": round(right / n, 3), "trusted": round(trusted_n / n, 3),
                        "trusted_accuracy": round(trusted_right / max(1, trusted_n), 3)}
    print(json.dumps({"questions": len(rows), "by_author": report}, indent=1))
    model = train(rows)
    hashed_features.save(WEIGHTS, model, BITS)
    print(f"wrote {WEIGHTS} ({sum(len(w) for w in model[1])} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
