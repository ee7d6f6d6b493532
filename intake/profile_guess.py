"""Who the teacher is (role, sector), guessed from what they told in their own words, learned from the corpus.

Teachers rarely name their sector in the contract's words. A counsellor hears "ik geef hoorcolleges op een
hogeschool" as higher education, "docent bio op een scholengemeenschap" as secondary school, "combigroep 6/7"
as primary school, and "ik begeleid de nieuwe leerkrachten" as a coach. The patterns of intake.parse read
what is said outright; what is only implied is read by a multinomial logistic regression over hashed words,
prefixes and bigrams of everything the teacher typed before the question would be asked. It is trained on the
train authors' conversations (eval/blind/; the test authors are never read): their first messages, labelled
with the role and sector their author says they state, and their answers to those two questions.

The guess never fills a slot silently: the question is asked as a confirmation ("Zo begrijp ik wat je
vertelde: het gaat om het hoger onderwijs. Klopt dat?"), and "ja" (or "weet ik niet", which leaves what they
told standing) takes it; any other answer is read as usual (actions/intake_form.py). Replacing the question
outright was measured too and lost as many right answers as it gained.

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
BITS = 14
NONE = "none"  # the teacher's words say nothing about it
# Below this probability the question is asked as before. A wrong guess costs the teacher one "nee, ...",
# so the bar is where author-held-out cross-validation (main below) still finds about twice as many right
# guesses as wrong ones among the conversations whose value the patterns of intake.parse miss.
TRUST_FROM = {"role": 0.6, "sector": 0.5}


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


def load() -> None:
    """Read the weights now (the action server does, before it hands freed memory back and opens its port)."""
    for slot in SLOTS:
        _model(slot)


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
    """(features, label, author): each conversation's first messages with the value they state, and the
    answer to the slot's own question with its value. The author's `expect` says what the whole conversation
    states; its first messages are taken to state it when the author wrote no answer for that question (so
    did not expect it to be asked) or when the patterns read it there. Otherwise they are labelled none:
    the value came from the answer, and a guess from these words would be a guess from nothing."""
    from intake import parse  # training only: spaCy

    rows = []
    for c in conversations:
        value = ((c.get("expect") or {}).get("slots") or {}).get(slot)
        value = str(value) if value in contract.SLOTS[slot].values else NONE
        answer = (c.get("answers") or {}).get(slot)
        said = " ".join(str(s if not isinstance(s, dict) else s.get("text", "")) for s in c.get("say") or [])
        if said.strip():
            in_words = not answer or parse.values(parse.expand_abbreviations(said)).get(slot)
            rows.append((features(said), value if in_words else NONE, c.get("_author", "?")))
        if answer and value != NONE:
            rows.append((features(str(answer)), value, c.get("_author", "?")))
    return rows


def main() -> int:
    from index import corpus, paths  # training only
    from intake import parse, understand  # training only: spaCy

    conversations = corpus.conversations(paths.CORPUS_DIR)
    report = {}
    for slot in SLOTS:
        rows = examples(conversations, slot)
        scored = []  # (p, guess, stated value) of each held-out conversation whose value the patterns miss
        for held in sorted({g for _, _, g in rows}):  # cross-validation by author: a writer it never saw
            model = hashed_features.train([r for r in rows if r[2] != held], BITS, 2.0)
            for c in conversations:
                said = " ".join(str(s) for s in c.get("say") or [])
                if c["_author"] != held or parse.values(parse.expand_abbreviations(said)).get(slot):
                    continue
                stated = (c.get("expect") or {}).get("slots") or {}
                probs = hashed_features.softmax(model, features(said), BITS)
                best = max(probs, key=probs.get)
                scored.append((probs[best], understand._regional(slot, best, stated.get("region")), stated.get(slot)))
        by_threshold = {}
        for threshold in (0.4, 0.5, 0.6, 0.7, 0.8):
            guessed = [(g, v) for p, g, v in scored if p >= threshold and g != NONE]
            by_threshold[threshold] = {"guessed": len(guessed), "right": sum(1 for g, v in guessed if g == v),
                                       "wrong": sum(1 for g, v in guessed if v and g != v),
                                       "none_stated": sum(1 for g, v in guessed if not v)}
        report[slot] = {"rows": len(rows), "patterns_miss": len(scored), "by_threshold": by_threshold}
        hashed_features.save(WEIGHTS[slot], hashed_features.train(rows, BITS, 2.0), BITS)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
