"""Who the teacher is (role, sector), guessed from what they told in their own words, learned from the corpus.

Teachers rarely name their sector in the contract's words. A counsellor hears "ik geef hoorcolleges op een
hogeschool" as higher education, "docent bio op een scholengemeenschap" as secondary school, "combigroep 6/7"
as primary school, and "ik begeleid de nieuwe leerkrachten" as a coach. The patterns of intake.parse read
what is said outright; what is only implied is read by a multinomial logistic regression over hashed words,
prefixes and bigrams of everything the teacher typed before the question would be asked. It is trained on the
train authors' conversations (eval/blind/; the test authors are never read): their first messages, labelled
with the role and sector their author says they state, and their answers to those two questions.

The guess is only used instead of asking, and only from a probability chosen by author-held-out
cross-validation; the reply says what was assumed so that a wrong guess is one "nee, ..." away
(actions/intake_form.py).

`python -m intake.profile_guess` cross-validates by author, retrains and writes intake/profile_guess.json
(weights only: serving is the standard library).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from intake import contract, hashed_features

WEIGHTS = {"role": Path(__file__).with_name("profile_guess_role.json"),
           "sector": Path(__file__).with_name("profile_guess_sector.json")}
SLOTS = tuple(WEIGHTS)
BITS = 16
NONE = "none"  # the teacher's words say nothing about it
# Below this probability the question is asked as before. Chosen by author-held-out cross-validation so that
# fewer than about one in twenty guesses is wrong (main below prints the figures for each threshold).
TRUST_FROM = {"role": 0.6, "sector": 0.6}


def features(text: str) -> list[str]:
    words = hashed_features.words(text)
    out = [f"W={w}" for w in words]
    # "hogeschooldocent", "scholengemeenschap", "kleuterjuf": the start and end of long compounds
    out += [f"P={w[:5]}" for w in words if len(w) > 6] + [f"S={w[-6:]}" for w in words if len(w) > 8]
    out += [f"B={a}_{b}" for a, b in zip(words, words[1:])]
    return out


@lru_cache(maxsize=None)
def _model(slot: str) -> hashed_features.Model:
    return hashed_features.load(WEIGHTS[slot])  # no model: the question is asked, as before it existed


def guess(slot: str, text: str) -> tuple[str | None, float]:
    """The value of slot the text implies and its probability; (None, p) when it implies none or the
    model is not sure enough to skip the question."""
    probs = hashed_features.softmax(_model(slot), features(text), BITS)
    if not probs:
        return None, 0.0
    value = max(probs, key=probs.get)
    if value == NONE or probs[value] < TRUST_FROM[slot] or value not in contract.SLOTS[slot].values:
        return None, probs[value]
    return value, probs[value]


# --- training (python -m intake.profile_guess) ------------------------------------------------------------
def examples(conversations: list[dict], slot: str) -> list[tuple[list[str], str, str]]:
    """(features, label, author): each conversation's first messages with the value its author says they
    state (or none), and the answer to the slot's own question with its value."""
    rows = []
    for c in conversations:
        stated = (c.get("expect") or {}).get("slots") or {}
        value = stated.get(slot)
        label = str(value) if value in contract.SLOTS[slot].values else NONE
        said = " ".join(str(s if not isinstance(s, dict) else s.get("text", "")) for s in c.get("say") or [])
        if said.strip():
            rows.append((features(said), label, c.get("_author", "?")))
        answer = (c.get("answers") or {}).get(slot)
        if answer and label != NONE:
            rows.append((features(str(answer)), label, c.get("_author", "?")))
    return rows


def main() -> int:
    from index import corpus, paths  # training only

    conversations = corpus.conversations(paths.CORPUS_DIR)
    report = {}
    for slot in SLOTS:
        rows = examples(conversations, slot)
        authors = sorted({g for _, _, g in rows})
        scored = []  # (p, predicted, label) of every held-out row
        for held in authors:  # cross-validation by author: how it does on a writer it never saw
            model = hashed_features.train([r for r in rows if r[2] != held], BITS, 2.0)
            for feats, label, group in rows:
                if group == held:
                    probs = hashed_features.softmax(model, feats, BITS)
                    best = max(probs, key=probs.get)
                    scored.append((probs[best], best, label))
        by_threshold = {}
        for threshold in (0.4, 0.5, 0.6, 0.7, 0.8):
            filled = [(b, l) for p, b, l in scored if p >= threshold and b != NONE]
            wrong = sum(1 for b, l in filled if b != l)
            stated = sum(1 for _, _, l in scored if l != NONE)
            by_threshold[threshold] = {"filled": len(filled), "wrong": wrong,
                                       "wrong_share": round(wrong / max(1, len(filled)), 3),
                                       "right_of_stated": round((len(filled) - wrong) / max(1, stated), 3)}
        report[slot] = {"rows": len(rows), "by_threshold": by_threshold}
        model = hashed_features.train(rows, BITS, 2.0)
        hashed_features.save(WEIGHTS[slot], model, BITS)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
