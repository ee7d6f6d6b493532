"""Issue 18's shares through the dialogue: the scripted conversations (bench/conversations/*.yml) talk to the
running assistant, and the last recommendation payload of each is scored as `leerwijzer eval` scores a
labelled profile (index/evaluate.py `payload_shares`): past shown as upcoming, ended pilots or plans shown as
joinable (over the top 5), and, for conversations whose profile wants a degree, an open enrolment option in
the top 3. What is past is decided by the knowledge in `--judge` on LEERWIJZER_TODAY.

    LEERWIJZER_TODAY=2026-12-05 .venv/bin/python -m bench.availability_dialogue     # starts the stack
    .venv/bin/python -m bench.availability_dialogue --url http://localhost:5005 --token ...
"""
from __future__ import annotations

import argparse
from pathlib import Path

from bench.conversations import Client, load, run_one, stack_or_url, topics_by_id
from index import evaluate, knowledge


class CapturingClient(Client):
    """A REST client that keeps the last recommendation payload each conversation received."""

    def __init__(self, url: str, token: str | None = None):
        super().__init__(url, token)
        self.last: dict[str, dict] = {}

    def say(self, sender: str, text: str) -> list[dict]:
        replies = super().say(sender, text)
        for reply in replies:
            if "recommendations" in (reply.get("custom") or {}):
                self.last[sender] = reply["custom"]
        return replies


def measure(client: CapturingClient, conversations: list[dict], judged: dict) -> dict:
    topics_of = topics_by_id()
    past, ended, degree, missed = [], [], [], []
    for conversation in conversations:
        run_one(client, conversation, topics_of)
    for sender, payload in client.last.items():
        p, e, d = evaluate.payload_shares(payload, judged)
        past += p
        ended += e
        if d is not None:
            degree.append(d)
        if any(p + e) or d == 0.0:
            missed.append(sender.split("-")[1] + "-" + sender.split("-")[2])  # "eval-vl-003-1a2b..." -> vl-003
    mean = lambda xs: round(sum(xs) / len(xs), 3) if xs else 0.0  # noqa: E731
    return {"conversations": len(conversations), "with recommendations": len(client.last),
            "shown results judged": len(past), "past shown as upcoming (top 5)": mean(past),
            "ended pilots/plans shown as joinable (top 5)": mean(ended),
            "degree seekers with a fitting enrolment option in top 3": mean(degree),
            "degree-seeking conversations": len(degree), "conversations with a miss": " ".join(sorted(missed))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Rasa server (default: start the stack on free ports)")
    parser.add_argument("--token", help="Rasa API token (with --url)")
    parser.add_argument("--judge", help="knowledge folder that decides what is past (default: knowledge/)")
    args = parser.parse_args(argv)
    judged = knowledge.load(Path(args.judge) if args.judge else None).by_alias
    with stack_or_url(args.url, args.token, "availability") as (url, token):
        summary = measure(CapturingClient(url, token), load(), judged)
    for key, value in summary.items():
        print(f"{key:58} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
