"""The blind corpus (eval/blind/): conversations written by authors who never saw the code, scored end to end.

Each conversation types its `say` messages, answers the questions the assistant asks from its `answers`
(or "weet ik niet"), then asks its `after` follow-ups, each annotated with what it asks and which shown item
it points at (eval/blind/BRIEF.md). The split is by author (eval/blind/SPLIT.md): the test split is frozen,
so for it only the figures are printed, never a message or a conversation id.

    .venv/bin/python -m bench.blind --split train              # starts the stack, runs a1 a3 a4 a6, prints
    .venv/bin/python -m bench.blind --split train --problems   # and each conversation's problems (train only)
    .venv/bin/python -m bench.blind --split dev                # authors added later, scored before anything is
                                                               # tuned on them (then read like train)
    .venv/bin/python -m bench.blind --split test               # the frozen split: figures only
    .venv/bin/python -m bench.blind --set192                   # the 192 scripted conversations, same figures

Reported: reach, slot accuracy per slot, false fills (a value taken where the author states none), traps
fallen into, goal topic accuracy, recall@5 of the wanted entries, a wanted entry in the top 3, a top 3 that
is all sensible (wanted or acceptable), follow-ups resolved and answered right, median turns, loops, and
latency per turn kind.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.conversations import Client, _same, stack_or_url
from bench.conversations import load as load_192
from index import corpus, geo
from intake import contract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "blind"
SPLITS = corpus.split(CORPUS)
MAX_TURNS = 30
# The profile slots scored; the first four are always asked about, the rest only when said.
SCORED = ("role", "region", "sector", "diploma", "experience_years", "hours_per_week", "budget_eur", "home_town",
          "max_travel_minutes", "delivery", "wants_degree")
# What the reply must hold for a fact question to count as answered (or the honest "unknown").
UNKNOWN_WORDS = ("onbekend", "niet bekend", "weet ik niet", "zegt de bron", "noemt de bron", "noemen", "staat niet")
# An answer that corrects the one before it (eval/blind/BRIEF.md lists answers "if asked again"; some authors listed
# their own correction there: "2 uur", "nee wacht, 3 uur")
CORRECTS = re.compile(r"^\W*(nee+|neen|wacht|sorry|oeps|correctie|ik bedoel|of nee|euh nee)\b", re.I)
SINGLE = {"detail", "price", "start", "duration", "place", "admission", "language"}
ASK_WHICH = ("over welke", "welke bedoel", "welke van de", "welke twee")
# Words too common in titles and questions to single out one item ("die cursus over ...").
COMMON = {"over", "voor", "naar", "door", "zijn", "deze", "welke", "waar", "wanneer", "hoeveel", "kost", "kosten",
          "duurt", "onderwijs", "leraren", "leerkrachten", "school", "scholen", "eigen", "rond"}


@dataclass
class Result:
    id: str
    author: str
    reached: bool = False
    turns_to_recommendations: int | None = None
    loop: bool = False
    handoff: bool = False
    slots: dict = field(default_factory=dict)          # slot -> (right: bool)
    false_fills: list = field(default_factory=list)    # slots filled where none was stated
    opportunities: int = 0                             # scored slots the author states nothing for
    traps: int = 0
    traps_fallen: int = 0
    goal_topics: list = field(default_factory=list)
    topic_hit: bool | None = None
    recall5: float | None = None
    hit3: bool | None = None
    sensible3: bool | None = None
    top5: list = field(default_factory=list)
    followups: list = field(default_factory=list)      # dicts: asks, applicable, resolved, right, note
    latency: dict = field(default_factory=lambda: defaultdict(list))
    error: str | None = None


def load(split: str) -> list[dict]:
    authors = [*SPLITS["train"], *SPLITS["test"]] if split == "all" else SPLITS.get(split, [])
    return corpus.conversations(CORPUS, authors)


def _text(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


class Catalogue:
    """The knowledge as the scorer needs it: ids (aliases resolved), topics, provider, places, facts."""

    def __init__(self):
        from index import knowledge

        self.knowledge = knowledge.load()

    def resolve(self, eid: str) -> str:
        entry = self.knowledge.resolve(eid)
        return entry["id"] if entry else eid

    def entry(self, eid: str) -> dict:
        return self.knowledge.resolve(eid) or {}

    def referents(self, refers_to: dict, shown: list[str], focus: str | None) -> list[str] | None:
        """The shown ids the follow-up points at; None when it points at none by design."""
        if not refers_to:
            return None
        if "ordinal" in refers_to:
            n = int(refers_to["ordinal"])
            return [shown[n - 1]] if 1 <= n <= len(shown) else []
        if "ordinals" in refers_to:
            return [shown[int(n) - 1] for n in refers_to["ordinals"] if 1 <= int(n) <= len(shown)]
        if refers_to.get("focus"):
            return [focus] if focus else []

        def words(value):
            return [w for w in re.findall(r"[a-zà-ÿ0-9]+", str(value).lower()) if len(w) > 2]

        found = []
        for eid in shown:
            e = self.entry(eid)
            if "provider" in refers_to:
                hay = (e.get("provider") or "").lower()
                ok = all(w in hay for w in words(refers_to["provider"]))
            elif "place" in refers_to:
                ok = str(refers_to["place"]).lower() in [p.lower() for p in e.get("locations") or []] or \
                    str(refers_to["place"]).lower() in (e.get("provider") or "").lower()
            elif "topic" in refers_to:
                ok = refers_to["topic"] in (e.get("topics") or [])
            elif "title_words" in refers_to:
                ok = all(w in e.get("title", "").lower() for w in words(refers_to["title_words"]))
            else:
                ok = False
            if ok:
                found.append(eid)
        return found

    def singled_out(self, text: str, candidates: list[str]) -> str | None:
        """The one candidate the teacher's own words name, when the annotation fits several.

        An author writes `{topic: gedrag}` for "die gedragsspecialist, waar kan dat?" while two shown items are
        about behaviour; the words name one of them. A candidate is named when a word of the question (4+
        letters) begins or ends a word of its title and of no other candidate's title ("opleiding" ends
        "registeropleiding"; "gedrag" is one title's word and begins the other's, so it names neither).
        None when no candidate or more than one is named that way: then only asking which one is right.
        """
        said = {w for w in re.findall(r"[a-zà-ÿ0-9]+", text.lower()) if len(w) >= 4 and w not in COMMON}

        def named(eid):
            title = re.findall(r"[a-zà-ÿ0-9]+", self.entry(eid).get("title", "").lower())
            return {w for w in said if any(t.startswith(w) or t.endswith(w) for t in title)}

        words = {eid: named(eid) for eid in candidates}
        own = [eid for eid in candidates
               if words[eid] - set().union(*(words[o] for o in candidates if o != eid))]
        return own[0] if len(own) == 1 else None


def _fact_answered(asks: str, entry: dict, reply: str) -> bool:
    """Does the reply give the asked fact of this entry, or say honestly that it is unknown?"""
    lower = reply.lower()
    unknown = any(w in lower for w in UNKNOWN_WORDS)
    if asks == "price":
        cost = entry.get("cost_eur")
        return (cost is not None and contract.number_text(cost).replace(",", "") in lower.replace(".", "").replace(",", "")) or unknown \
            or "kost" in lower and bool(entry.get("cost_note"))
    if asks == "start":
        return any(str(s).lower()[:6] in lower for s in entry.get("start") or []) or unknown or "start" in lower
    if asks == "place":
        return any(p.lower() in lower for p in entry.get("locations") or []) or unknown or "online" in lower
    if asks == "admission":
        return "toelating" in lower or "diploma" in lower or unknown
    return True


def run_one(client: Client, conv: dict, cat: Catalogue) -> Result:
    result = Result(conv["id"], conv.get("_author", ""))
    expect = conv.get("expect") or {}
    sender = f"blind-{uuid.uuid4().hex[:12]}"
    answers = {k: (v if isinstance(v, list) else [v]) for k, v in (conv.get("answers") or {}).items()}
    used = Counter()
    turns = 0
    state = {"shown": [], "first": None}

    def send(text: str, kind: str) -> list[dict]:
        nonlocal turns
        started = time.perf_counter()
        replies = client.say(sender, str(text))
        elapsed = (time.perf_counter() - started) * 1000
        turns += 1
        got_payload = False
        for reply in replies:
            custom = reply.get("custom") or {}
            if "recommendations" in custom:
                got_payload = True
                ids = [item["id"] for item in custom["recommendations"]]
                if custom.get("start") and state["shown"]:
                    state["shown"] = state["shown"] + ids
                else:
                    state["shown"] = ids
                if state["first"] is None:
                    state["first"] = custom
                    result.reached, result.turns_to_recommendations = True, turns
            if "handoff" in custom:
                result.handoff = True
        result.latency["recommendation" if got_payload and kind == "intake" else kind].append(elapsed)
        streak = (client.tracker(sender).get("slots") or {}).get("question_streak") or {}
        if int(streak.get("count") or 0) >= 3:
            result.loop = True
        return replies

    try:
        for text in conv.get("say") or []:
            send(text, "intake")
        nudged = 0
        while not result.reached and not result.handoff and turns < MAX_TURNS:
            tracker = client.tracker(sender)
            slot = (tracker.get("slots") or {}).get("requested_slot")
            if (tracker.get("active_loop") or {}).get("name") and slot:
                if used[slot] < len(answers.get(slot, [])):
                    reply = answers[slot][used[slot]]
                    used[slot] += 1
                else:
                    reply = "weet ik niet"
                send(reply, "intake")
                # an answer the author corrects in the next item ("2 uur", then "nee wacht, 3 uur") is typed
                # right after it, as it was meant; only a different answer waits for the question again
                while used[slot] < len(answers.get(slot, [])) and CORRECTS.match(str(answers[slot][used[slot]])):
                    send(answers[slot][used[slot]], "intake")
                    used[slot] += 1
            elif nudged < 2:
                nudged += 1
                send("ik zoek een opleiding", "intake")
            else:
                break
        slots = client.tracker(sender).get("slots") or {}
        if result.reached:
            for item in conv.get("after") or []:
                _followup(client, sender, item, send, state, cat, result)
    except Exception as exc:  # a failed conversation is a result, not a crash of the run
        result.error = f"{type(exc).__name__}: {exc}"[:300]
        return result

    stated = dict(expect.get("slots") or {})
    # an answer is typed only when its question is asked: a value that only an unsent answer states was never
    # said to the assistant, so it is neither expected nor a chance for a false fill
    unsent = {slot for slot in answers if not used[slot]}
    if "max_travel_minutes" in unsent:
        unsent |= {"max_travel_km", "delivery"} - set(answers)
    if "ambition" in unsent:
        unsent |= {"wants_degree"} - set(answers)
    if "home_town" in unsent and "region" not in answers:
        unsent.add("region")
    for slot in unsent:
        stated.pop(slot, None)
    if "max_travel_km" in stated:
        stated["max_travel_minutes"] = contract.km_to_minutes(float(stated.pop("max_travel_km")))
    for slot in SCORED:
        got = slots.get(slot)
        if slot in stated and stated[slot] is not None:
            want = stated[slot]
            right = _same(want, got) or (slot == "max_travel_minutes" and got is not None and abs(float(got) - float(want)) <= 2)
            if slot == "home_town" and isinstance(got, str) and isinstance(want, str):
                right = geo.same_place(want, got)  # a district of the town is the same place for travel
            result.slots[slot] = (right, want, got)
        elif not conv.get("_partial_slots") and slot not in unsent:
            result.opportunities += 1
            if got not in (None, "", [], False) and not (slot == "delivery" and got == "any"):
                result.false_fills.append((slot, got))
    for trap in expect.get("not_slots") or []:
        result.traps += 1
        slot = trap.get("slot")
        if slot in SCORED and slots.get(slot) is not None and not _same(stated.get(slot), slots.get(slot)):
            result.traps_fallen += 1
    payload = state["first"]
    if payload:
        result.goal_topics = list(payload.get("goal_topics") or [])
        wanted_topics = list(expect.get("goal_topics") or [])
        if wanted_topics:
            result.topic_hit = wanted_topics[0] in result.goal_topics
        top = [cat.resolve(item["id"]) for item in payload.get("recommendations", [])]
        result.top5 = top[:5]
        wanted = [cat.resolve(i) for i in expect.get("wanted") or []]
        acceptable = {cat.resolve(i) for i in expect.get("acceptable") or []} | set(wanted)
        if wanted:
            result.recall5 = len(set(wanted) & set(top[:5])) / len(set(wanted))
            result.hit3 = bool(set(wanted) & set(top[:3]))
            result.sensible3 = bool(top[:3]) and all(i in acceptable for i in top[:3])
    return result


def _followup(client, sender, item, send, state, cat: Catalogue, result: Result) -> None:
    text = item["text"] if isinstance(item, dict) else str(item)
    asks = (item.get("asks") if isinstance(item, dict) else None) or "other"
    refers_to = (item.get("refers_to") if isinstance(item, dict) else None) or {}
    before = client.tracker(sender).get("slots") or {}
    shown = list(state["shown"])
    expected = cat.referents(refers_to, shown, before.get("programme_in_focus"))
    replies = send(text, "followup")
    reply = _text(replies)
    lower = reply.lower()
    after = client.tracker(sender).get("slots") or {}
    focus = after.get("programme_in_focus")
    record = {"asks": asks, "applicable": True, "resolved": False, "right": False}
    asked_which = any(w in lower for w in ASK_WHICH)
    payloads = [r.get("custom") or {} for r in replies]
    if asks == "other":
        record["applicable"] = False
    elif expected is not None and not expected:
        record["applicable"] = False  # points at an item that was not shown: nothing to resolve
    elif expected is not None and len(expected) > 1 and asks != "compare":
        # Two fit the annotation: asking which is right; so is answering the one the question's words name.
        one = cat.singled_out(text, expected)
        about_it = bool(one) and not asked_which and (
            focus == one or cat.entry(one).get("title", "\0").lower() in lower)
        record["resolved"] = asked_which or about_it
        record["right"] = asked_which or about_it and (asks not in SINGLE or _fact_answered(asks, cat.entry(one), reply))
        record["strict"] = asked_which
    elif asks in SINGLE:
        target = expected[0] if expected else (focus if focus in shown else None)
        record["resolved"] = expected is None or focus == expected[0] or \
            (cat.entry(expected[0]).get("title", "\0").lower() in lower)
        entry = cat.entry(target) if target else {}
        record["right"] = record["resolved"] and bool(entry) and not asked_which and _fact_answered(asks, entry, reply)
    elif asks == "compare":
        titles = [cat.entry(i).get("title", "").lower() for i in (expected or [])]
        record["resolved"] = len(titles) >= 2 and all(t and t in lower for t in titles) or \
            any("comparison" in p for p in payloads)
        record["right"] = record["resolved"]
    elif asks in ("cheapest", "closest", "shortest", "best"):
        named = [i for i in shown if cat.entry(i).get("title", "\0").lower() in lower]
        record["resolved"] = bool(named) or "onbekend" in lower or "weet ik niet" in lower
        record["right"] = record["resolved"] and not asked_which
    elif asks == "more":
        record["resolved"] = record["right"] = any("recommendations" in p for p in payloads) or "meer opties heb ik niet" in lower
    elif asks == "change":
        record["resolved"] = record["right"] = any("recommendations" in p for p in payloads) or before != after
    elif asks == "done":
        record["resolved"] = record["right"] = bool(reply) and not asked_which and "?" not in reply.split("\n")[-1][-3:] \
            and not any("recommendations" in p for p in payloads)
    elif asks == "handoff":
        record["resolved"] = record["right"] = any("handoff" in p for p in payloads)
    elif asks == "forget":
        record["resolved"] = record["right"] = "gewist" in lower
    else:
        record["applicable"] = False
    record["text"], record["reply"] = text, reply[:240]
    result.followups.append(record)


def _share(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 3) if values else None


def summarise(results: list[Result]) -> dict:
    reached = [r for r in results if r.reached]
    per_slot = defaultdict(list)
    for r in results:
        for slot, (right, _, _) in r.slots.items():
            per_slot[slot].append(right)
    all_slots = [v for values in per_slot.values() for v in values]
    followups = [f for r in results for f in r.followups if f["applicable"]]
    latency = defaultdict(list)
    for r in results:
        for kind, values in r.latency.items():
            latency[kind] += values

    def pct(values, q):
        values = sorted(values)
        return round(values[min(len(values) - 1, int(q * len(values)))]) if values else None

    return {
        "conversations": len(results),
        "user_messages_sent": sum(len(v) for r in results for v in r.latency.values()),
        "reach_recommendations": _share(r.reached or r.handoff for r in results),
        "median_turns_to_recommendations": statistics.median([r.turns_to_recommendations for r in reached]) if reached else None,
        "loops": sum(r.loop for r in results),
        "slot_accuracy": _share(all_slots),
        "slot_accuracy_per_slot": {s: f"{_share(v)} ({len(v)})" for s, v in sorted(per_slot.items())},
        "false_fills": _share([1] * sum(len(r.false_fills) for r in results)
                              + [0] * (sum(r.opportunities for r in results) - sum(len(r.false_fills) for r in results))),
        "false_fills_by_slot": dict(Counter(s for r in results for s, _ in r.false_fills)),
        "traps_fallen_into": f"{sum(r.traps_fallen for r in results)}/{sum(r.traps for r in results)}",
        "goal_topic_accuracy": _share(r.topic_hit for r in results),
        "recall_at_5": _share(r.recall5 for r in results),
        "wanted_in_top3": _share(r.hit3 for r in results),
        "top3_all_sensible": _share(r.sensible3 for r in results),
        "followups_applicable": len(followups),
        "followups_resolved": _share(f["resolved"] for f in followups),
        "followups_right": _share(f["right"] for f in followups),
        # The scorer before 2026-12-06 (ninth session): where the annotation fits several shown items, only
        # "which one?" counted, also when the question's words named one. Kept to compare with older figures.
        "followups_right_strict": _share(f.get("strict", f["right"]) for f in followups),
        "followups_right_by_kind": {k: f"{_share(f['right'] for f in followups if f['asks'] == k)} "
                                       f"({sum(f['asks'] == k for f in followups)})"
                                    for k in sorted({f["asks"] for f in followups})},
        "latency_ms_p50_p95": {k: f"{pct(v, .5)} / {pct(v, .95)}" for k, v in sorted(latency.items())},
        "errors": sum(r.error is not None for r in results),
    }


def problems(r: Result) -> list[str]:
    out = []
    if r.error:
        out.append(r.error)
    if not r.reached and not r.handoff:
        out.append("no recommendations")
    if r.loop:
        out.append("loop")
    wrong = {s: f"{want!r}->{got!r}" for s, (right, want, got) in r.slots.items() if not right}
    if wrong:
        out.append(f"slots {wrong}")
    if r.false_fills:
        out.append(f"false fills {r.false_fills}")
    if r.topic_hit is False:
        out.append(f"goal topics {r.goal_topics}")
    if r.hit3 is False:
        out.append(f"top5 {r.top5}")
    for f in r.followups:
        if f["applicable"] and not f["right"]:
            out.append(f"followup {f['asks']} {f['text']!r} -> {f['reply'][:120]!r}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="train")
    parser.add_argument("--set192", action="store_true", help="score the 192 scripted conversations instead")
    parser.add_argument("--only", nargs="*", help="conversation ids (train split only)")
    parser.add_argument("--problems", action="store_true", help="print each conversation's problems (not for test)")
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--out", help="write the figures (and, for train, the results) as JSON")
    args = parser.parse_args(argv)
    frozen = args.split in ("test", "all") and not args.set192
    if frozen and (args.problems or args.only):
        parser.error("the test split is frozen: only its figures are printed")
    conversations = _from_192() if args.set192 else load(args.split)
    if args.only:
        conversations = [c for c in conversations if c["id"] in set(args.only)]
    with stack_or_url(args.url, args.token, "blind") as (url, token):
        client, cat = Client(url, token), Catalogue()
        started = time.perf_counter()
        results = [run_one(client, c, cat) for c in conversations]
        summary = summarise(results)
        summary["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.problems:
        for r in results:
            found = problems(r)
            if found:
                print(f"- {r.id}: " + "; ".join(found))
    if args.out:
        data = {"summary": summary}
        if not frozen:
            data["results"] = [{**r.__dict__, "latency": dict(r.latency)} for r in results]
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


def _from_192() -> list[dict]:
    """The 192 scripted conversations in the blind format (their `topic` is the goal's main topic)."""
    out = []
    for c in load_192():
        expect = c.get("expect") or {}
        after = [{"text": a["text"] if isinstance(a, dict) else a, "asks": "other", "refers_to": {}}
                 for a in c.get("after") or []]
        out.append({"id": c["id"], "_author": "192", "_partial_slots": True, "say": c.get("say") or [], "answers": c.get("answers") or {},
                    "after": after, "expect": {"slots": expect.get("slots") or {},
                                               "goal_topics": [expect["topic"]] if expect.get("topic") else []}})
    return out


if __name__ == "__main__":
    sys.exit(main())
