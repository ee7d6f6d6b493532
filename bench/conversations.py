"""Conversation evaluation: scripted teachers talk to the running assistant over REST, end to end.

The conversations (bench/conversations/*.yml) were written from how Flemish and Dutch teachers talk, not
from the training data. Each one types its `say` messages first, whatever is asked; then answers each
question the assistant asks from its `answers` (or "weet ik niet"); then asks its `after` follow-ups.
The pending question is read from the tracker, as a person reads it from the screen.

    .venv/bin/python -m bench.conversations                 # starts the stack, runs all, prints the table
    .venv/bin/python -m bench.conversations --only vl-001 nl-004 --verbose
    .venv/bin/python -m bench.conversations --url http://localhost:5005   # against a running server

Reported: share reaching recommendations, median turns to them, loops (a question asked three times in a
row), slot accuracy, share with the goal kept, share with the expected topic in the top 3, reply checks.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

from bot.identity import rest

HERE = Path(__file__).resolve().parent
SETS = sorted((HERE / "conversations").glob("*.yml"))
MAX_TURNS = 30
TOLERANCE = 0.01


@dataclass
class Result:
    id: str
    reached: bool = False
    turns_to_recommendations: int | None = None
    loop: bool = False
    handoff: bool = False
    slots_right: int = 0
    slots_checked: int = 0
    wrong_slots: dict = field(default_factory=dict)
    ambition_kept: bool | None = None
    ambition: str | None = None
    topic_in_top3: bool | None = None
    replies_right: int = 0
    replies_checked: int = 0
    failed_replies: list = field(default_factory=list)
    expect_recommendations: bool = True
    error: str | None = None


def load(paths=SETS) -> list[dict]:
    conversations = []
    for path in paths:
        conversations += yaml.safe_load(path.read_text(encoding="utf-8"))
    return conversations


class Client:
    def __init__(self, url: str, token: str | None = None):
        self.url, self.token = url.rstrip("/"), token

    def say(self, sender: str, text: str) -> list[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                 timeout=120)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        params = {"token": self.token} if self.token else {}
        response = requests.get(f"{self.url}/conversations/{rest(sender)}/tracker", params=params, timeout=30)
        response.raise_for_status()
        return response.json()


@contextmanager
def stack_or_url(url: str | None, token: str | None, name: str):
    """(url, token) of the Rasa server to talk to: the one given, or the whole stack started on free ports
    (tracker and logs in a temporary folder), stopped afterwards."""
    if url:
        yield url, token
        return
    from bot import stack as stack_module  # deliberately lazy: only a run without --url starts the stack

    base = Path(tempfile.mkdtemp(prefix=f"leerwijzer-{name}-"))
    running = stack_module.start(tracker_db=base / "tracker.db", log_dir=base / "logs")
    try:
        yield running.rasa_url, running.api_token
    finally:
        running.stop()


def _text(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def _check_reply(item, replies, result: Result) -> None:
    if isinstance(item, dict) and item.get("expect_any"):
        result.replies_checked += 1
        text = _text(replies).lower()
        if any(word.lower() in text for word in item["expect_any"]):
            result.replies_right += 1
        else:
            result.failed_replies.append({"said": item["text"], "expected_any": item["expect_any"],
                                          "got": _text(replies)[:300]})


def _same(expected, got) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return abs(float(got) - float(expected)) <= TOLERANCE
        except (TypeError, ValueError):
            return False
    if isinstance(expected, str) and isinstance(got, str):
        return expected.strip().lower() == got.strip().lower()
    return expected == got


def run_one(client: Client, conversation: dict, topics_of: dict, verbose: bool = False) -> Result:
    result = Result(conversation["id"])
    expect = conversation.get("expect") or {}
    result.expect_recommendations = expect.get("recommendations", True)
    sender = f"eval-{conversation['id']}-{uuid.uuid4().hex[:8]}"
    answers = {k: (v if isinstance(v, list) else [v]) for k, v in (conversation.get("answers") or {}).items()}
    used = {k: 0 for k in answers}
    turns, last_payload = 0, None

    def send(item) -> list[dict]:
        nonlocal turns, last_payload
        text = item["text"] if isinstance(item, dict) else str(item)
        replies = client.say(sender, text)
        turns += 1
        for reply in replies:
            custom = reply.get("custom") or {}
            if "recommendations" in custom:
                last_payload = custom
                if not result.reached:
                    result.reached, result.turns_to_recommendations = True, turns
            if "handoff" in custom:
                result.handoff = True
        streak = (client.tracker(sender).get("slots") or {}).get("question_streak") or {}
        if int(streak.get("count") or 0) >= 3:
            result.loop = True
        if verbose:
            print(f"  > {text}\n    " + _text(replies).replace("\n", "\n    "))
        _check_reply(item, replies, result)
        return replies

    try:
        for item in conversation.get("say") or []:
            send(item)
        nudged = 0
        while not result.reached and not result.handoff and turns < MAX_TURNS:
            tracker = client.tracker(sender)
            slot = (tracker.get("slots") or {}).get("requested_slot")
            if (tracker.get("active_loop") or {}).get("name") and slot:
                if slot in answers and used[slot] < len(answers[slot]):
                    reply = answers[slot][used[slot]]
                    used[slot] += 1
                else:
                    reply = "weet ik niet"
                send(reply)
            elif nudged < 2:  # the assistant waits: a person would say what they came for
                nudged += 1
                send("ik zoek een opleiding")
            else:
                break
        if result.reached:
            for item in conversation.get("after") or []:
                send(item)
        slots = client.tracker(sender).get("slots") or {}
    except Exception as exc:  # a failed conversation is a result, not a crash of the whole run
        result.error = f"{type(exc).__name__}: {exc}"[:300]
        return result

    for slot, expected in (expect.get("slots") or {}).items():
        result.slots_checked += 1
        if _same(expected, slots.get(slot)):
            result.slots_right += 1
        else:
            result.wrong_slots[slot] = {"expected": expected, "got": slots.get(slot)}
    if "soft" in expect:
        result.slots_checked += 1
        if set(expect.get("soft") or []) == set(slots.get("preferences") or []):
            result.slots_right += 1
        else:
            result.wrong_slots["preferences"] = {"expected": expect.get("soft"), "got": slots.get("preferences")}
    ambition = (slots.get("ambition") or "").lower()
    result.ambition = slots.get("ambition")
    if expect.get("ambition_has") or expect.get("ambition_not"):
        result.ambition_kept = (all(w.lower() in ambition for w in expect.get("ambition_has") or [])
                                and not any(w.lower() in ambition for w in expect.get("ambition_not") or []))
    if expect.get("topic") and result.expect_recommendations:
        top3 = [item["id"] for item in (last_payload or {}).get("recommendations", [])[:3]]
        result.topic_in_top3 = any(expect["topic"] in topics_of.get(i, ()) for i in top3)
    if expect.get("handoff") and not result.handoff:
        result.wrong_slots["handoff"] = {"expected": True, "got": False}
    return result


def summarise(results: list[Result]) -> dict:
    wanted = [r for r in results if r.expect_recommendations]
    reached = [r for r in wanted if r.reached]
    turns = [r.turns_to_recommendations for r in reached]
    kept = [r.ambition_kept for r in results if r.ambition_kept is not None]
    topics = [r.topic_in_top3 for r in results if r.topic_in_top3 is not None]
    checked = sum(r.slots_checked for r in results)
    replies = sum(r.replies_checked for r in results)
    handoffs = [r for r in results if not r.expect_recommendations]
    return {
        "conversations": len(results),
        "reach_recommendations": round(len(reached) / len(wanted), 3) if wanted else None,
        "median_turns_to_recommendations": statistics.median(turns) if turns else None,
        "loops": sum(r.loop for r in results),
        "slot_accuracy": round(sum(r.slots_right for r in results) / checked, 3) if checked else None,
        "ambition_kept": round(sum(kept) / len(kept), 3) if kept else None,
        "topic_in_top3": round(sum(topics) / len(topics), 3) if topics else None,
        "reply_checks": round(sum(r.replies_right for r in results) / replies, 3) if replies else None,
        "handoffs_honoured": f"{sum(r.handoff for r in handoffs)}/{len(handoffs)}",
        "errors": sum(r.error is not None for r in results),
    }


def topics_by_id() -> dict:
    from index import knowledge

    return {i: tuple(e.get("topics") or ()) for i, e in knowledge.load().by_id.items()}


def run(client: Client, conversations: list[dict], verbose: bool = False) -> tuple[dict, list[Result]]:
    topics_of = topics_by_id()
    results = []
    for conversation in conversations:
        if verbose:
            print(f"-- {conversation['id']}")
        results.append(run_one(client, conversation, topics_of, verbose))
    return summarise(results), results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Rasa server (default: start the stack on free ports)")
    parser.add_argument("--token", help="Rasa API token (with --url; the started stack's token otherwise)")
    parser.add_argument("--only", nargs="*", help="conversation ids")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--out", default=str(HERE / "results" / "conversations.json"))
    args = parser.parse_args(argv)
    conversations = load()
    if args.only:
        conversations = [c for c in conversations if c["id"] in set(args.only)]
    with stack_or_url(args.url, args.token, "eval") as (url, token):
        started = time.perf_counter()
        summary, results = run(Client(url, token), conversations, args.verbose)
        summary["seconds"] = round(time.perf_counter() - started, 1)
    for key, value in summary.items():
        print(f"{key:34} {value}")
    failures = [r for r in results if not r.reached and r.expect_recommendations or r.wrong_slots or r.loop
                or r.ambition_kept is False or r.topic_in_top3 is False or r.failed_replies or r.error]
    print(f"\n{len(failures)} conversations with a problem:")
    for r in failures:
        problems = []
        if r.error:
            problems.append(r.error)
        if r.expect_recommendations and not r.reached:
            problems.append("no recommendations")
        if r.loop:
            problems.append("loop")
        if r.wrong_slots:
            problems.append("slots " + json.dumps(r.wrong_slots, ensure_ascii=False))
        if r.ambition_kept is False:
            problems.append(f"goal {r.ambition!r}")
        if r.topic_in_top3 is False:
            problems.append("topic not in top 3")
        if r.failed_replies:
            problems.append("replies " + json.dumps(r.failed_replies, ensure_ascii=False)[:400])
        print(f"- {r.id}: " + "; ".join(problems))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "results": [r.__dict__ for r in results]}, ensure_ascii=False,
                              indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
