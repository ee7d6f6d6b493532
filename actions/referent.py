"""Which shown programme a follow-up in free words means, learned from the blind corpus.

The exact rules of `actions.programmes` stay first where they are exact: an ordinal ("de tweede", "nummer 3",
"de eerste twee"). For everything else teachers point in their own words: "en die van de hogeschool?",
"waar is die banaba juist?", "hoe zit het met dat netwerk", "en die over ouders?", or with no word at all
("wanneer start die?": the one in focus). A conditional logit ranks the shown programmes: each candidate is a
small vector of evidence (title, provider, place, topic and own-text word matches, accent-folded prefixes,
in focus, shown position, what the rules pick), and a softmax over the candidates says which one is meant.
The train authors annotated each follow-up with the item it points at (`refers_to`); the shown list of each
conversation comes from a train-split run of `bench.blind` (its report, `--out`). The test authors are never
read.

`python -m actions.referent REPORT.json [...]` cross-validates by author (rules alone vs ranker), retrains and
writes actions/referent.json (weights only: serving is numpy).
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from actions import programmes
from index.text import fold
from index.topics import vocabulary_matcher

WEIGHTS = Path(__file__).with_name("referent.json")
POSITIONS = 5
# Two candidates within this probability of each other fit about equally: the question back decides.
TIE_MARGIN = 0.05
# "die", "het", "dat": a pointer back at the one in focus
PRONOUN = re.compile(r"\b(die|dat|da|dit|het|deze|daar|daarvoor|daarin|daaraan|ervan|eraan|hij|ze)\b")
FEATURES = (
    "focus", "focus_no_words", "focus_pronoun", *(f"pos{n}" for n in range(1, POSITIONS + 1)),
    "rule_one", "rule_tied", "title_share", "title_idf", "title_only", "own_only", "prefix_only",
    "place", "provider", "topic", "pointed", "pointed_title",
    # the same word evidence when another programme is in focus: an unpointed word of its text weighs less
    # than "die"/"dat" pointing back ("is dat ook voor secundaire scholen?")
    "title_only_f", "own_only_f", "prefix_only_f",
    # a word that is a whole word of one title, not a prefix of a longer one: "die gedragsspecialist" is the
    # Registeropleiding Gedragsspecialist, not "Cursussen gedrag in de klas"; "die master van de OU" the master,
    # not the masterclasses; pointed ("die website", "die UDL") counts double
    "exact_only", "pointed_exact",
)


# Words of the school a teacher talks about, not of a programme ("moet heel de school daaraan meedoen?")
SCHOOL_WORDS = {"school", "scholen", "team", "klas", "klassen", "leerkracht", "leerkrachten", "leraar", "leraren",
                "kinderen", "leerlingen", "collega", "collegas", "directie", "directeur"}
# "de"/"het" point too loosely ("heel de school"): only these point at a programme
POINTING = {"die", "dat", "deze", "dit", "zo een", "zoeen", "zo'n", "zon", "zulk", "zulke"}


def _query(text: str) -> list[str]:
    return [w for w in dict.fromkeys(programmes._words(text)) if w not in programmes.NOT_A_TITLE_WORD
            and w not in SCHOOL_WORDS and len(w) >= 3 and not w.isdigit() and w not in programmes.ORDINALS]


def candidate_features(text: str, shown: list[str], focus: str | None, entries: dict[str, dict],
                       rule: list[str] | None = None) -> np.ndarray:
    """One row of evidence per shown programme (the order of `shown`), in the order of FEATURES."""
    items = [entries[i] for i in shown if i in entries]
    ids = [e["id"] for e in items]
    query = _query(text)
    folded = fold(text)
    pointed = {m.group(2) for m in programmes.POINTER.finditer(folded) if m.group(1) in POINTING} \
        - programmes.NOT_A_TITLE_WORD - SCHOOL_WORDS
    pronoun = bool(PRONOUN.search(folded))
    topics = set(vocabulary_matcher().topics_in(text)) if query else set()
    titles = {e["id"]: programmes._title_words(e) for e in items}
    own = {e["id"]: programmes._own_words(e) for e in items}
    prefixes = {i: {w[:5] for w in own[i] if len(w) >= 5} for i in ids}
    own_has = {w: [i for i in ids if programmes._matches(w, own[i]) or len(w) >= 6 and any(t.endswith(w) for t in own[i])]
               for w in query}
    prefix_has = {w: [i for i in ids if len(w) >= 5 and w[:5] in prefixes[i]] for w in query}
    exact = {i: programmes.whole_words(titles[i]) for i in ids}
    title_has = programmes.title_hits(query, titles, exact)
    exact_has = {w: [i for i in ids if w in exact[i]] for w in query}
    if rule is None:
        rule = programmes.by_what_it_has(text, shown, focus)
    places_of = {e["id"]: {w for p in e.get("locations") or [] for w in programmes._words(p) if len(w) >= 3} for e in items}
    provider_of = programmes.provider_words(items)
    # a place or provider word counts by how few shown ones have it ("die in Zwolle" when one is in Zwolle)
    place_has = {w: sum(w in places_of[i] for i in ids) for w in query}
    provider_has = {w: sum(w in provider_of[i] for i in ids) for w in query}
    rows = []
    for n, e in enumerate(items):
        i = e["id"]
        places, provider = places_of[i], provider_of[i]
        matched = [w for w in query if i in title_has[w]]
        is_focus = float(i == focus)
        row = {
            "focus": is_focus,
            "focus_no_words": is_focus * (not query),
            "focus_pronoun": is_focus * pronoun,
            f"pos{min(n + 1, POSITIONS)}": 1.0,
            "rule_one": float(rule == [i]),
            "rule_tied": float(len(rule) > 1 and i in rule),
            "title_share": len(matched) / len(query) if query else 0.0,
            "title_idf": sum(math.log(1 + len(ids) / len(title_has[w])) for w in matched) / 3,
            "title_only": float(sum(title_has[w] == [i] for w in query)),
            "own_only": float(sum(own_has[w] == [i] for w in query)),
            "prefix_only": float(sum(prefix_has[w] == [i] for w in query)),
            "place": sum(1 / place_has[w] for w in set(query) & places),
            "provider": sum(1 / provider_has[w] for w in set(query) & provider),
            "topic": float(len(topics & set(e.get("topics") or []))),
            "pointed": float(any(programmes._matches(w, own[i]) for w in pointed)),
            "pointed_title": float(any(programmes._matches(w, titles[i]) for w in pointed)),
            "exact_only": float(sum(exact_has[w] == [i] for w in query)),
            "pointed_exact": float(any(w in exact[i] and len(exact_has.get(w) or [i]) == 1 for w in pointed)),
        }
        for name in ("title_only", "own_only", "prefix_only"):
            row[f"{name}_f"] = row[name] * (focus is not None and not is_focus)
        rows.append([row.get(f, 0.0) for f in FEATURES])
    return np.asarray(rows, dtype=np.float32).reshape(len(items), len(FEATURES))


@lru_cache(maxsize=1)
def _weights() -> np.ndarray | None:
    if not WEIGHTS.exists():
        return None  # no model: the rules alone decide
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if tuple(data.get("features") or ()) != FEATURES:
        return None  # weights of another feature layout: retrain (python -m actions.referent REPORT)
    return np.asarray(data["weights"], dtype=np.float32)


def load() -> None:
    """Read the weights now (the action server does, before it opens its port)."""
    _weights()


def _softmax(scores: np.ndarray) -> np.ndarray:
    """The probability of each candidate under the conditional logit."""
    p = np.exp(scores - scores.max())
    return p / p.sum()


EVIDENCE = [n for n, f in enumerate(FEATURES) if not f.startswith(("focus", "pos"))]
# evidence that names an item: its title, a pointed word, its place, provider or topic, what the rules pick
STRONG = [n for n, f in enumerate(FEATURES) if f in ("rule_one", "rule_tied", "title_share", "title_only", "pointed",
                                                     "pointed_title", "place", "provider", "topic")]


def referred_ids(text: str, shown: list[str], focus: str | None = None, weights=None) -> list[str]:
    """The shown programmes a question about one of them points at, as `programmes.referred_ids` returns
    them: a number first ('de tweede', exact), then a place or provider word only one of them has ('die in
    Zwolle', exact), then the ranker. [one]; two when the best two fit about equally (the caller asks which);
    [] when the one in focus is meant or nothing points at any (the caller falls back as before). Without a
    model the rules decide."""
    numbered = programmes.by_number(text, shown)
    if numbered:
        return numbered
    entries = programmes.knowledge_by_id()
    ids = [i for i in shown if i in entries]
    phrased = _named_by_phrase(text, ids, entries)
    if phrased:
        return [phrased]
    placed = _by_place_or_provider(text, ids, entries)
    if placed:
        named = _named_by_title(text, ids, entries)
        # "die specialist jonge kind, zit die ook in almere?": the title names the one meant and the place is
        # what is asked; "die in Zwolle, is dat een master?" points by the place (train and dev authors)
        if named in placed or named and not _points_by_place(text, placed, entries):
            return [named]
    if len(placed) == 1:
        return placed
    if focus in placed:
        return []  # "is die ook in Utrecht?" when the one in focus is one of those in Utrecht
    w = _weights() if weights is None else weights
    if w is None or not ids:
        return programmes.by_what_it_has(text, shown, focus)
    x = candidate_features(text, ids, focus, entries)
    if placed:  # several in that place or of that provider: the other words may still tell which
        keep = [n for n, i in enumerate(ids) if i in placed]
        ids, x = [ids[n] for n in keep], x[keep]
        if len(ids) > 1 and (x[:, EVIDENCE] == x[0, EVIDENCE]).all():
            return ids[:3]
    if not x[:, STRONG].any():
        # no word of the question names any of them ("wanneer start die?", "moet heel de school daaraan
        # meedoen?": a word of some summary is no pointer): the focus, else the earlier fall-backs
        return []
    p = _softmax(x @ w)
    order = [ids[n] for n in np.argsort(-p, kind="stable")]
    best = order[0]
    if best == focus:
        return []
    second = order[1] if len(order) > 1 else None
    # two that the words fit alike ("die cursus gedrag": "Cursussen gedrag in de klas" and "Registeropleiding
    # Gedragsspecialist") are not told apart by their place in the list: ask which
    if second and second != focus and (p[ids.index(best)] - p[ids.index(second)] < TIE_MARGIN or
                                       (x[ids.index(best), EVIDENCE] == x[ids.index(second), EVIDENCE]).all()):
        if focus in shown and not placed:
            return []  # two others fit alike, the one in focus is still talked about ("kan dat ook ...?")
        return [i for i in order if (x[ids.index(i), EVIDENCE] == x[ids.index(best), EVIDENCE]).all()][:3]
    return [best]


# "die in Zwolle", "dat van de hogeschool", "de uit Gent": a place or provider right after a pointer is the pointer;
# after a verb it is what is asked ("is die in amsterdam?", "zit die ook in almere?")
PLACE_POINTER = re.compile(r"(?<!\bis )(?<!\bzit )(?<!\bligt )(?<!\bwordt )(?<!\bzijn )(?<!\bkomt )(?<!\bgaat )"
                           r"\b(?:die|dat|deze|da|de|het)\s+(?:in|uit|van|te|bij|op)\s+(?:de\s+|het\s+)?([a-z-]+)")


def _short_title(entry: dict) -> str:
    """The name before the title's colon or bracket: "AI Op School", "Route Z", "Cursussen muziek"."""
    short = fold(re.split(r"[:(]", entry.get("title") or "")[0]).strip()
    words = short.split()
    # one word names one only when it is a name, not a kind ("Cursussen (oriëntatie op) leidinggeven")
    if len(words) == 1 and (len(short) < 8 or short in programmes.TYPE_WORDS):
        return ""
    return short


def _named_by_phrase(text: str, ids: list[str], entries: dict[str, dict]) -> str | None:
    """The one shown programme whose short name the question holds as a phrase: "is ai op school ook voor het
    lager?" (every word of it is a stop or school word on its own), "route z, is dat ook voor secundair?"."""
    folded = f" {' '.join(programmes._words(text))} "
    hits = [i for i in ids if (short := " ".join(programmes._words(_short_title(entries[i]))))
            and f" {short} " in folded]
    return hits[0] if len(hits) == 1 else None


def _points_by_place(text: str, placed: list[str], entries: dict[str, dict]) -> bool:
    pointers = {w for m in PLACE_POINTER.finditer(fold(text)) for w in programmes._words(m.group(1))}
    where = {w for i in placed for p in entries[i].get("locations") or [] for w in programmes._words(p)}
    provider = {w for i in placed for w in programmes._words(entries[i].get("provider") or "")}
    return bool(pointers & (where | provider))


def _named_by_title(text: str, ids: list[str], entries: dict[str, dict]) -> str | None:
    """The one shown programme that words of the question name as whole words of its title and of no other
    shown title ('die master eigentijds leren' with the Master Leren & Innoveren also shown), words of places
    and providers left aside ("die van fontys" points by the provider); None when they name none or several."""
    titles = {i: programmes.whole_words(set(programmes._words(entries[i].get("title") or ""))) for i in ids}
    where = {w for i in ids for p in entries[i].get("locations") or [] for w in programmes._words(p)} | \
        {w for i in ids for w in programmes._words(entries[i].get("provider") or "")}
    named = set()
    for w in set(_query(text)) - where:
        holders = [i for i in ids if w in titles[i]]
        if len(holders) == 1:
            named.add(holders[0])
    return named.pop() if len(named) == 1 else None


def named_by_title(text: str, shown: list[str]) -> str | None:
    """`_named_by_title` over the shown programmes (the action's town questions: "die gedragsspecialist, is er
    een in leeuwarden?" is about that one, not a question for all that are given there)."""
    entries = programmes.knowledge_by_id()
    return _named_by_title(text, [i for i in shown if i in entries], entries)


def by_place(text: str, shown: list[str]) -> list[str]:
    """'die in Zwolle', 'die van Windesheim', 'die in hasselt' (UHasselt): the shown programmes that have
    most place or provider words of the question, when not all of them do. Several (the caller asks which)
    when they share them: 'die van de open universiteit' with the OU master and the OU premaster shown."""
    entries = programmes.knowledge_by_id()
    return _by_place_or_provider(text, [i for i in shown if i in entries], entries)


def _by_place_or_provider(text: str, ids: list[str], entries: dict[str, dict]) -> list[str]:
    query = set(_query(text))
    if not query or len(ids) < 2:
        return []
    places, providers = {}, {}
    pointing_providers = programmes.provider_words([entries[i] for i in ids])
    for i in ids:
        e = entries[i]
        # "online" is how it is given, not where: "die van de open universiteit, is dat helemaal online?"
        where = {w for p in e.get("locations") or [] for w in programmes._words(p) if len(w) >= 3} - {"online"}
        provider = pointing_providers[i]
        places[i] = len(query & where)
        # a town inside a provider's name counts: "hasselt" is UHasselt's, "leuven" the KU Leuven's
        providers[i] = sum(any(q == w or len(q) >= 5 and q in w for w in provider) for q in query)
    # a place is the exact pointer; a provider's words ("universiteiten met een wo-master") only without one
    hits = places if any(places.values()) else providers
    best = max(hits.values())
    having = [i for i in ids if hits[i] == best]
    return having if best and len(having) < len(ids) else []


# --- training (python -m actions.referent REPORT.json) ------------------------------------------------------
def examples(report: dict, conversations: list[dict]) -> list[dict]:
    """(text, shown, focus, referent, author) for each follow-up of a train run that points at exactly one
    shown programme in words (ordinals are the rules' and stay exact). The shown list is the run's first
    list until a request for more or a change; the focus is the one the previous follow-up pointed at."""
    from bench.blind import Catalogue  # training only: the scorer's own reading of `refers_to`

    cat = Catalogue()
    by_id = {c["id"]: c for c in conversations}
    rows = []
    for result in report["results"]:
        conv = by_id.get(result["id"])
        shown = [cat.resolve(i) for i in result.get("top5") or []]
        if not conv or not shown:
            continue
        focus = None
        for item in conv.get("after") or []:
            if not isinstance(item, dict):
                continue
            asks, refers = item.get("asks"), item.get("refers_to") or {}
            if asks in ("more", "change", "forget"):
                break
            expected = cat.referents(refers, shown, focus)
            if expected and not {"ordinal", "ordinals"} & set(refers) and asks != "compare":
                # several fit the words the author pointed with: the right answer asks which ("?")
                rows.append({"text": str(item["text"]), "shown": shown, "focus": focus,
                             "referent": expected[0] if len(expected) == 1 else "?",
                             "author": conv.get("_author", "?"), "asks": asks, "how": next(iter(refers))})
            if expected and len(expected) == 1:
                focus = expected[0]
            elif asks in ("cheapest", "closest", "shortest", "best"):
                focus = None  # the run put the answer in focus: not known here
    return rows


def train(rows: list[dict], l2: float = 0.03, steps: int = 800, rate: float = 0.5) -> np.ndarray:
    """Conditional logit by gradient descent: softmax over each follow-up's candidates."""
    entries = programmes.knowledge_by_id()
    data = []
    for r in rows:  # the rows that point at one (a question back is decided by ties, not learned)
        ids = [i for i in r["shown"] if i in entries]
        if r["referent"] in ids:
            data.append((candidate_features(_served_text(r), ids, r["focus"], entries), ids.index(r["referent"])))
    w = np.zeros(len(FEATURES), dtype=np.float64)
    for _ in range(steps):
        grad = l2 * w
        for x, y in data:
            p = _softmax(x @ w)
            grad += (x.T @ p - x[y]) / len(data)
        w -= rate * grad
    return w


def _served_text(r: dict) -> str:
    from actions.actions import WITH_A_DIPLOMA  # training only: the action strips it before reading

    return WITH_A_DIPLOMA.sub("", r["text"]) if r["asks"] == "admission" else r["text"]


def _rule_pick(r: dict) -> str | None:
    """What the rules alone take: their pick, else the one in focus (as `_programme_meant` does)."""
    return _pick(programmes.referred_ids(_served_text(r), r["shown"], r["focus"]), r)


def _ranker_pick(r: dict, w: np.ndarray) -> str | None:
    """What the served reading takes (as `_rule_pick`, the ranker in place of the word rules)."""
    return _pick(referred_ids(_served_text(r), r["shown"], r["focus"], weights=w), r)


def _pick(ids: list[str], r: dict) -> str | None:
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        return "?"
    return r["focus"] or (r["shown"][0] if len(r["shown"]) == 1 else None)


def main(argv=None) -> int:
    import sys

    from bench.blind import load as load_split  # training only

    paths = argv if argv is not None else sys.argv[1:]
    if not paths:
        print("usage: python -m actions.referent REPORT.json [REPORT.json ...]  (bench.blind --split train --out)")
        return 2
    conversations = load_split("train")
    # each train run is a set of shown lists: several runs (other lists, same follow-ups) give more examples
    rows = [row for path in paths for row in examples(json.loads(Path(path).read_text(encoding="utf-8")), conversations)]
    authors = sorted({r["author"] for r in rows})
    out, totals = {}, {"rules": 0, "ranker": 0, "n": 0}
    for held in authors:  # cross-validation by author: how it does on a writer it never saw
        w = train([r for r in rows if r["author"] != held])
        test = [r for r in rows if r["author"] == held]
        rules = sum(_rule_pick(r) == r["referent"] for r in test)
        ranker = sum(_ranker_pick(r, w) == r["referent"] for r in test)
        out[held] = {"follow_ups": len(test), "rules": round(rules / len(test), 3), "ranker": round(ranker / len(test), 3)}
        totals["rules"] += rules
        totals["ranker"] += ranker
        totals["n"] += len(test)
    print(json.dumps({"follow_ups": totals["n"], "rules": round(totals["rules"] / totals["n"], 3),
                      "ranker": round(totals["ranker"] / totals["n"], 3), "by_author": out}, indent=1))
    w = train(rows)
    WEIGHTS.write_text(json.dumps({"features": list(FEATURES), "weights": [round(float(x), 4) for x in w]}, indent=1) + "\n",
                       encoding="utf-8")
    print(f"wrote {WEIGHTS}: " + ", ".join(f"{f} {x:+.2f}" for f, x in zip(FEATURES, w)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
