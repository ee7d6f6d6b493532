"""Does a value the parser found really state a fact about the teacher? Learned from the blind corpus.

intake.parse finds every span that can be a value ("4 ..." -> 4 years, "een half ..." -> 30 minutes, "in mijn
klas" -> on site). Whether it is one depends on the words around it, and teachers vary those endlessly:
"ik heb 4 leerlingen met dyslexie", "een half jaar stage", "50 euro per leerling voor de schoolreis", "op
woensdag werk ik". Hand-written exceptions did not carry over to other writers, so a logistic regression
decides, over hashed features of the candidate: its slot, the words left and right of it, its own words, and
how it relates to the pending question, and the classes of the words in its sentence (teaching, this school,
studying, pupils, ...: WORD_CLASSES), which carry over to writers whose exact words it has not seen. Turning the
span into a value stays code (intake.parse), and a value code computed from outright words (`sure`) is kept.

Trained on the train authors of eval/blind (labels: the values each author says the message states, and
what it does not) and on the 192 scripted conversations (bench/conversations); the test authors are never
read. `python -m intake.fact_filter` retrains and writes intake/fact_filter.json (weights only: both
processes read it with the standard library). Answers to the pending question are not filtered: the
question decides those.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from intake import hashed_features

WEIGHTS = Path(__file__).with_name("fact_filter.json")
BITS = 18
WINDOW = 4
KEEP_FROM = 0.5   # a place name the town rules do not take is the teacher's town from this probability
# Any other parsed value is dropped only below this: by author-held-out cross-validation on 1,385 candidates
# (48 stating no value), 0.5 dropped 8 of 48 false values but 112 of 1,337 true ones; 0.1 drops 1 and none
DROP_BELOW = 0.1
HOME_TOWN_KM = 12  # a place this close to the town the author meant is the same place (a district)
FILTERED = ("experience_years", "hours_per_week", "budget_eur", "max_travel_minutes", "delivery", "home_town",
            "diploma", "sector", "role", "region")


def _words(text: str) -> list[str]:
    # a year is not a count: "sinds 2012" states years taught, "sinds 3 weken" does not
    return [re.sub(r"\d+([.,]\d+)?", "#", re.sub(r"\b(19[5-9]\d|20[0-4]\d)\b", "Y", w))
            for w in re.findall(r"[a-zà-ÿ0-9'/.,€-]+", text.lower())]


# Word classes seen within CLASS_WINDOW words of a candidate. The exact words left and right (WINDOW) are too
# sparse to carry over to a new writer: one says "voor de klas", the next "in 't onderwijs", "als juf" or "lkr";
# a class feature lets what was learned from one stand for all. The lists are vocabulary, not rules: the model
# weighs them per slot.
CLASS_WINDOW = 8
WORD_CLASSES = {
    "teach": ("onderwijs", "klas", "lesgeven", "lesgeef", "les", "ervaring", "vak", "leerjaar", "kleuterklas", "groep",
              "lkr", "sta", "stond", "gestaan", "geef", "gaf", "lesgegeven", "interim", "werkzaam", "beroep"),
    "self": ("ik", "'k", "mijn", "mn", "m'n", "me", "mij", "kben", "kzit", "ikzelf"),
    "here": ("deze", "onze", "hier", "ons", "huidige", "dezelfde"),
    "study": ("pabo", "student", "studente", "stage", "stagiair", "stagiaire", "opleiding", "studie", "studeer", "lio",
              "lerarenopleiding", "bachelor", "master", "afgestudeerd", "diploma"),
    "others": ("collega", "collega's", "sommigen", "we", "wij", "ze", "zij", "hij", "team", "iedereen", "leerkrachten"),
    "pupils": ("leerlingen", "lln", "kinderen", "kids", "kleuters", "jongeren", "pubers", "zoon", "dochter", "oud",
               "leeftijd"),
    "moment": ("geleden", "over", "na", "binnen", "nog", "duurt", "lang", "volgend", "vorig", "later"),
    "job": ("was", "werkte", "gewerkt", "bedrijfsleven", "accountant", "daarvoor", "hiervoor", "vroeger", "voordien"),
    "lead": ("directeur", "directrice", "adjunct", "ib'er", "ib", "zorgco", "zorgcoördinator", "coördinator",
             "teamleider", "schoolleider", "mentor"),
}
# The end of a word for someone who teaches: "groepsleerkracht", "kleuterjuf", "wiskundeleraar", "hbo-docent" (also
# read by intake.parse, which imports this module)
TEACHER_WORD_ENDINGS = ("leerkracht", "leraar", "lerares", "juf", "meester", "docent", "onderwijzer", "onderwijzeres",
                        "lesgever", "kleuterleidster")


def _classes(words: list[str]) -> set[str]:
    out = {name for name, members in WORD_CLASSES.items() if any(w in members for w in words)}
    if any(w.endswith(TEACHER_WORD_ENDINGS) for w in words):
        out.add("teach")
    return out


def features(entity: str, text: str, start: int, end: int, explicit: bool, pending: str | None,
             weak: bool = False) -> list[str]:
    left, span, right = _words(text[:start])[-WINDOW:], _words(text[start:end]), _words(text[end:])[:WINDOW]
    relation = "none" if pending is None else "same" if pending == entity else "other"
    out = [f"E={entity}", f"E={entity}|X={explicit}", f"E={entity}|P={relation}", f"E={entity}|W={weak}",
           f"E={entity}|CAP={text[start:start + 1].isupper()}", f"E={entity}|FIRST={not left}",
           f"E={entity}|LEN={min(len(_words(text)), 12) // 4}"]
    out += [f"E={entity}|S={w}" for w in span]
    for i, w in enumerate(reversed(left), 1):
        out += [f"E={entity}|L={w}", f"E={entity}|L{i}={w}"]
    for i, w in enumerate(right, 1):
        out += [f"E={entity}|R={w}", f"E={entity}|R{i}={w}"]
    if left:
        out.append(f"E={entity}|L1S={left[-1]}_{span[0] if span else ''}")
    if right:
        out.append(f"E={entity}|SR1={span[-1] if span else ''}_{right[0]}")
    # word classes: left and right in the sentence the candidate stands in, and the whole message
    sentence_left = re.split(r"[.!?\n]", text[:start])[-1]
    sentence_right = re.split(r"[.!?\n]", text[end:])[0]
    out += [f"E={entity}|LC={c}" for c in _classes(_words(sentence_left)[-CLASS_WINDOW:])]
    out += [f"E={entity}|RC={c}" for c in _classes(_words(sentence_right)[:CLASS_WINDOW])]
    out += [f"E={entity}|MC={c}" for c in _classes(_words(text))]
    return out


def _hash(feature: str) -> int:
    return hashed_features.column(feature, BITS)


def load() -> None:
    """Read the weights now (the action server does, before it hands freed memory back and opens its port)."""
    _weights()


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[int, float], float]:
    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, 10.0  # no model: keep everything, as before it existed
    return {int(k): v for k, v in data["weights"].items()}, float(data["bias"])


def probability(entity: str, text: str, start: int, end: int, explicit: bool, pending: str | None,
                weak: bool = False) -> float:
    weights, bias = _weights()
    z = bias + sum(weights.get(_hash(f), 0.0) for f in features(entity, text, start, end, explicit, pending, weak))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


# A bare number that counts what follows it is no answer to a number question, even while one is pending:
# "vooral 3 vmbo-t", "2 vwo", "een stuk of 5 slimme kids", "team van 14" (a number with
# its unit, "3 uur", is never bare; "3 met moeite" is an answer, so "met" is not among these words).
COUNTS_WHAT_FOLLOWS = re.compile(r"^\s*(?:e|de|ste)?\s*(?:vmbo\S*|havo|vwo|mbo|atheneum|gymnasium|klas\w*|leerjaar|"
                                 r"leerlingen|lln|kids|kinderen|studenten|collega'?s|jongens|meisjes|slimme|groepen|"
                                 r"vakken|keer)\b", re.I)
NUMBER_ANSWERS = ("hours_per_week", "budget_eur", "max_travel_minutes", "experience_years")
COUNTED_BEFORE = re.compile(r"\b(?:team|klas|groep|school|sectie)\s+van\s*$", re.I)
UNIT = re.compile(r"\d\s*(?:u|uur|uren|h|euro|eur|€|min|minuten|km|kilometer)\b|€|\b(?:uur|uren|euro|minuten|kwartier)\b",
                  re.I)


def keep(fact, text: str, pending: str | None) -> bool:
    """Keep a parsed fact unless the model is sure enough it states no value. Answers to the pending
    question, and facts that cover the whole message (a bare 'geen budget'), are kept, unless the number
    counts something else (COUNTS_WHAT_FOLLOWS). A weak candidate (no rule vouches for it) is kept only
    when the model judges it more likely a value than not."""
    if fact.entity == pending and fact.entity in NUMBER_ANSWERS and _counts_something(fact, text):
        return False
    if fact.entity not in FILTERED or fact.entity == pending or (fact.start == 0 and fact.end >= len(text) and not fact.weak) \
            or fact.sure:
        return True
    p = probability(fact.entity, text, fact.start, fact.end, fact.explicit, pending, fact.weak)
    return p >= (KEEP_FROM if fact.weak else DROP_BELOW)


def _counts_something(fact, text: str) -> bool:
    """An answer read from a number without its unit ("2 vwo" to the hours question) that counts something."""
    if UNIT.search(text):
        return False
    number = re.search(r"\d+(?:[.,]\d+)?", text[fact.start:fact.end])
    if not number:
        return False
    start, end = fact.start + number.start(), fact.start + number.end()
    return bool(COUNTS_WHAT_FOLLOWS.match(text[end:]) or COUNTED_BEFORE.search(text[:start]))



# --- training (python -m intake.fact_filter) ---------------------------------------------------------------
def _same(expected, got, slot: str | None = None) -> bool:
    if slot == "home_town":  # a district of the town ("Borgerhout" for Antwerpen) is the same place for travel
        from index import geo  # training only

        return geo.same_place(str(expected), str(got), HOME_TOWN_KM)
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return abs(float(got) - float(expected)) <= max(2.0, 0.02 * float(expected))
        except (TypeError, ValueError):
            return False
    return str(expected).strip().lower().split("-")[0] == str(got).strip().lower().split("-")[0]


def examples(conversations: list[dict]):
    """(features, label, group) for every candidate the parser finds in the authors' messages."""
    from intake import parse
    from intake.understand import clean

    for conversation in conversations:
        stated = dict((conversation.get("expect") or {}).get("slots") or {})
        partial = conversation.get("_partial_slots")
        messages = [(m, None) for m in conversation.get("say") or []]
        for slot, said in (conversation.get("answers") or {}).items():
            messages += [(m, slot if slot in FILTERED else None) for m in (said if isinstance(said, list) else [said])]
        traps = [str(t.get("text") or "").lower() for t in (conversation.get("expect") or {}).get("not_slots") or []]
        for message, pending in messages:
            text = clean(str(message))
            lower = text.lower()
            for fact in parse.parse(text, pending, all_towns=True):
                if fact.entity not in FILTERED or fact.entity == pending:
                    continue
                expected = stated.get(fact.entity)
                if fact.entity == "max_travel_minutes" and "max_travel_km" in stated:
                    continue
                in_trap = any(t and (i := lower.find(t)) >= 0 and i <= fact.start and fact.end <= i + len(t) + 1
                              for t in traps)
                if in_trap and not (expected is not None and _same(expected, fact.value, fact.entity)):
                    label = 0  # the author marked these words as stating no value
                elif expected is None:
                    if partial:
                        continue
                    label = 0
                elif _same(expected, fact.value, fact.entity):
                    label = 1
                else:
                    continue  # a value the author gives differently (a correction later on): no label
                yield (features(fact.entity, text, fact.start, fact.end, fact.explicit, pending, fact.weak), label,
                       conversation.get("_author", "?"))


def train(rows, c: float = 1.0) -> tuple[dict[int, float], float]:
    from sklearn.linear_model import LogisticRegression

    x = hashed_features.matrix(rows, BITS)
    y = [label for _, label, _ in rows]
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    clf.fit(x, y)
    coef = clf.coef_[0]
    return {int(i): round(float(coef[i]), 5) for i in x.indices if abs(coef[i]) > 1e-6}, float(clf.intercept_[0])


def _score(weights, bias, rows) -> dict:
    tp = fp = fn = tn = 0
    for feats, label, _ in rows:
        z = bias + sum(weights.get(_hash(f), 0.0) for f in feats)
        kept = z >= math.log(KEEP_FROM / (1 - KEEP_FROM))
        tp += kept and label
        fp += kept and not label
        fn += (not kept) and label
        tn += (not kept) and not label
    return {"true_kept": tp, "false_kept": fp, "true_dropped": fn, "false_dropped": tn,
            "false_values_dropped": round(tn / max(1, tn + fp), 3), "true_values_kept": round(tp / max(1, tp + fn), 3)}


def main() -> int:
    from bench.blind import _from_192, load

    conversations = load("train") + _from_192()
    rows = list(examples(conversations))
    authors = sorted({g for _, _, g in rows})
    folds = {}
    for held in authors:  # cross-validation by author: how it does on a writer it never saw
        weights, bias = train([r for r in rows if r[2] != held])
        folds[held] = _score(weights, bias, [r for r in rows if r[2] == held])
    print(json.dumps({"candidates": len(rows), "positives": sum(r[1] for r in rows), "by_author": folds}, indent=1))
    weights, bias = train(rows)
    WEIGHTS.write_text(json.dumps({"bias": bias, "bits": BITS, "weights": {str(k): v for k, v in sorted(weights.items())}},
                                  separators=(",", ":")), encoding="utf-8")
    print(f"wrote {WEIGHTS} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
