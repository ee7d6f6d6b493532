"""Locust: each simulated teacher runs one whole Dutch intake plus two follow-ups over REST, with a sender
id of its own, thinking 1 s between messages; then the next teacher starts (new sender).

Run by bench/load.py (`locust --headless ... --host http://127.0.0.1:PORT`), which reads what this file
writes to $LEERWIJZER_LOAD_OUT when locust quits: every request (kind, milliseconds, ok, failure reason)
and, per sender, the texts that got a 200 reply, so the runner can check they all reached the tracker.
The intakes are real conversations from bench/conversations/ (recorded: bench/load_scripts.yml). Their 12
goals repeat, so after the first round the action server's query cache spares the e5 encoding of the goal
that a real teacher's new goal costs (bench/profile_turn.py measures it: "action_recommend, new goal").
"""
from __future__ import annotations

import itertools
import json
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import yaml
from locust import HttpUser, constant, events, task

import settings

HERE = Path(__file__).resolve().parent
_recorded = yaml.safe_load((HERE / "load_scripts.yml").read_text(encoding="utf-8"))
SCRIPTS, FOLLOW_UPS = _recorded["conversations"], _recorded["follow_ups"]
# Replies a user would notice as a failure even though HTTP said 200: the channel guard's apology (nothing
# else answered, e.g. the action server timed out) and a missing search index.
FAILURE_TEXTS = ("er ging aan mijn kant iets mis", "zoekindex is nu niet beschikbaar")
TIMEOUT = 60  # seconds; a turn slower than this counts as failed (a person would have given up)

_next_script = itertools.count()
_samples: list[list] = []  # [kind, ms, ok, reason, finished_at]
_answered: dict[str, list[str]] = {}  # sender -> texts that got a 200 reply, in order
_counts = {"conversations": 0, "intakes_completed": 0, "reached_recommendations": 0, "completed": 0}


@events.init.add_listener
def _loopback_only(environment, **_):
    # A load test is an attack on anything else: refuse every host but this machine's loopback.
    if urlparse(environment.host or "").hostname != "127.0.0.1":
        raise SystemExit(f"refusing to load {environment.host!r}: only http://127.0.0.1:PORT")


@events.request.add_listener
def _record(name, response_time, exception, **_):
    _samples.append([name, round(response_time, 1), exception is None,
                     None if exception is None else str(exception)[:80], time.time()])


@events.quitting.add_listener
def _write(environment, **_):
    out = settings.LOAD_OUT.get()
    if out:
        Path(out).write_text(json.dumps({"samples": _samples, "answered": _answered, "counts": _counts}),
                             encoding="utf-8")


class Teacher(HttpUser):
    wait_time = constant(1)  # think time between messages and between conversations

    @task
    def conversation(self) -> None:
        script = SCRIPTS[next(_next_script) % len(SCRIPTS)]
        sender = f"load-{uuid.uuid4().hex}"
        _counts["conversations"] += 1
        reached, ok = False, True
        for i, text in enumerate(script["intake"]):
            last = i == len(script["intake"]) - 1
            replies = self.say(sender, text, "recommendation turn" if last else "intake")
            ok &= replies is not None
            reached |= any("recommendations" in (r.get("custom") or {}) for r in replies or [])
            self.wait()
        _counts["intakes_completed"] += ok
        _counts["reached_recommendations"] += reached
        for i, text in enumerate(FOLLOW_UPS):
            ok &= self.say(sender, text, "follow-up") is not None
            if i < len(FOLLOW_UPS) - 1:  # after the last one, locust's wait between tasks is the pause
                self.wait()
        _counts["completed"] += ok

    def say(self, sender: str, text: str, kind: str) -> list[dict] | None:
        """One turn; the replies, or None when it failed (HTTP, JSON, no answer, or an apology)."""
        with self.client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text}, name=kind,
                              timeout=TIMEOUT, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            _answered.setdefault(sender, []).append(text)  # the server said it handled it: it must be kept
            try:
                replies = response.json()
            except ValueError:
                response.failure("reply is not JSON")
                return None
            said = " ".join(r.get("text") or "" for r in replies).lower()
            if not replies:
                response.failure("no reply")
                return None
            if any(failure in said for failure in FAILURE_TEXTS):
                response.failure("apology instead of an answer")
                return None
            return replies
