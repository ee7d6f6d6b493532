"""Where one turn's time goes, without load: the recorded intakes (bench/load_scripts.yml) plus the two
follow-ups, one message at a time, each part timed on its own.

    .venv/bin/python -m bench.profile_turn                   # starts the stack on free ports
    .venv/bin/python -m bench.profile_turn --url http://127.0.0.1:5005 --token T \\
        [--action-url http://127.0.0.1:5055/webhook --action-secret S] [--no-retrieval]

Parts, each from the outside so the product is measured as it runs (nothing in it is changed):
- full turn: POST /webhooks/rest/webhook (NLU + policies + action calls + tracker store);
- NLU: POST /model/parse on the same text (the whole NLU pipeline, no tracker);
- policy prediction: POST /conversations/<id>/predict on the tracker after the turn, less a tracker read
  (GET tracker: the store read and serialisation /predict also does), times the predictions the turn made
  (its actions chosen by a policy, action_listen included);
- action server: its /webhook called directly with the tracker after the turn, for every custom action
  the turn ran (the form's validation and the action asking the next question for each intake answer);
  action_recommend also with a goal it has not encoded yet (the real recommendation turn's case);
- retrieval: Recommender.recommend in this process on each conversation's final profile, warm (the
  goal's query vector cached, as on a second call) and with a new goal (the e5 query encoding included,
  onnxruntime on one thread, as in the action server).
Results: bench/results/profile_turn.json and a Markdown table. Message texts are the scripted ones.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import requests
import yaml

import settings
from bench.load import RESULTS, SCRIPTS, loopback, token_of, tracker
from bot.identity import rest

SECRET_HEADER = "X-Leerwijzer-Secret"
# Rasa's own actions: run inside the Rasa server, no action server call.
RASA_ACTIONS = {"action_listen", "action_session_start", "action_restart", "action_default_fallback",
                "action_deactivate_loop", "action_revert_fallback_events", "action_two_stage_fallback",
                "action_default_ask_affirmation", "action_default_ask_rephrase", "action_back",
                "action_unlikely_intent", "action_extract_slots"}


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - start) * 1000


class Profiler:
    def __init__(self, host: str, token: str | None, action_url: str | None, action_secret: str | None):
        self.host, self.action_url = host, action_url
        self.params = {"token": token} if token else {}
        self.action_headers = {SECRET_HEADER: action_secret} if action_secret else {}
        self.samples: dict[str, list[float]] = {}
        self.turns: list[dict] = []
        self.final_trackers: list[dict] = []
        self.domain = self.version = None
        self.custom: set[str] = set()

    def add(self, part: str, ms: float) -> None:
        self.samples.setdefault(part, []).append(ms)

    def load_domain(self) -> None:
        response = requests.get(f"{self.host}/domain", params=self.params, headers={"Accept": "application/json"},
                                timeout=30)
        response.raise_for_status()
        self.domain = response.json()
        self.version = requests.get(f"{self.host}/version", timeout=10).json().get("version")
        forms = set(self.domain.get("forms") or {})
        self.custom = {a for a in self.domain.get("actions") or []
                       if not a.startswith("utter_") and a not in RASA_ACTIONS and a not in forms}

    def conversation(self, messages: list[tuple[str, str]]) -> None:
        sender = f"profile-{uuid.uuid4().hex}"
        seen = 0
        for kind, text in messages:
            _, parse_ms = timed(self._post, "/model/parse", {"text": text})
            self.add("NLU parse (/model/parse)", parse_ms)
            response, turn_ms = timed(requests.post, f"{self.host}/webhooks/rest/webhook",
                                      json={"sender": sender, "message": text}, timeout=120)
            response.raise_for_status()
            self.add(f"full turn: {kind}", turn_ms)
            state, read_ms = timed(tracker, self.host, self.params.get("token"), sender)
            self.add("tracker read (GET tracker)", read_ms)
            events, seen = state["events"][seen:], len(state["events"])
            _, predict_ms = timed(self._post, f"/conversations/{rest(sender)}/predict", None)
            self.add("policy prediction (/predict)", predict_ms)
            actions_ms = 0.0
            for name in self.calls(events):
                ms = self.run_action(name, state, sender)
                if ms is None:
                    continue
                if name == "action_recommend":  # the replay finds the goal's query vector cached
                    self.add("action server: action_recommend, goal cached", ms)
                    if kind == "recommendation turn":  # the real turn met a goal it had not encoded yet
                        new_goal = self.run_action(name, state, sender, new_goal=True)
                        ms = ms if new_goal is None else new_goal
                        self.add("action server: action_recommend, new goal", ms)
                else:  # the ask actions are alike: one row
                    self.add("action server: " + ("action_ask_*" if name.startswith("action_ask_") else name), ms)
                actions_ms += ms
            # /predict also reads the tracker from the store and serialises it: that part is not the policies
            predictions = sum(1 for e in events if e.get("event") == "action" and e.get("policy"))
            self.turns.append({"kind": kind, "turn_ms": turn_ms, "parse_ms": parse_ms, "predictions": predictions,
                               "policy_ms": max(predict_ms - read_ms, 0.0), "actions_ms": actions_ms})
        self.final_trackers.append(state)

    def calls(self, events: list[dict]) -> list[str]:
        """The action server calls a turn made: its custom actions, the form's validation, and the custom
        action that asks the form's next question (the form runs it without logging it as an action)."""
        forms, calls = self.domain.get("forms") or {}, []
        for e in events:
            name = e.get("name")
            if e.get("event") == "action" and name in self.custom:
                calls.append(name)
            elif e.get("event") == "action" and name in forms and f"validate_{name}" in self.custom:
                calls.append(f"validate_{name}")
            elif e.get("event") == "slot" and name == "requested_slot":
                ask = f"action_ask_{e.get('value')}"
                calls += [ask] if ask in self.custom else []
        return calls

    def run_action(self, name: str, state: dict, sender: str, new_goal: bool = False) -> float | None:
        if not self.action_url:
            return None
        state = copy.deepcopy(state)
        if name == "action_recommend":  # it answers "nothing changed" for a profile it already served
            state["slots"]["recommended_for"] = None
        if new_goal:  # a goal text the action server has not encoded yet (its query vectors are cached)
            state["slots"]["ambition"] = f"{state['slots'].get('ambition') or 'nascholing'} ({uuid.uuid4().hex[:6]})"
        body = {"next_action": name, "sender_id": sender, "tracker": state, "domain": self.domain,
                "version": self.version}
        response, ms = timed(requests.post, self.action_url, json=body, headers=self.action_headers, timeout=120)
        if response.status_code == 400:  # rasa_sdk: the action rejected this replay (e.g. a form validation)
            print(f"{name}: replay rejected: {response.text[:200]}", file=sys.stderr)
            return None
        response.raise_for_status()
        return ms

    def _post(self, path: str, body) -> dict:
        response = requests.post(f"{self.host}{path}", params=self.params, json=body, timeout=120)
        response.raise_for_status()
        return response.json()


def retrieval(trackers: list[dict], rounds: int = 5) -> dict[str, list[float]]:
    """Recommender.recommend on the conversations' final profiles, in this process (same index and model as the
    action server: e5 in onnxruntime, one thread): warm, and with a goal it has not encoded yet."""
    from rasa_sdk import Tracker

    from actions.intake_form import profile_of
    from index.search import Recommender

    engine = Recommender.load()
    profiles = [profile_of(Tracker.from_dict(state)) for state in trackers]
    out: dict[str, list[float]] = {"retrieval in process: warm": []}
    for profile in profiles:
        engine.recommend(profile, top=5)
        out["retrieval in process: warm"] += [timed(engine.recommend, profile, top=5)[1] for _ in range(rounds)]
    for profile in profiles:
        engine._query_cache.clear()  # as for a goal never seen before
        out.setdefault("retrieval in process: new goal", []).append(timed(engine.recommend, profile, top=5)[1])
    return out


def stats(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(float(np.percentile(values, 50)), 1),
            "p95_ms": round(float(np.percentile(values, 95)), 1), "mean_ms": round(float(np.mean(values)), 1)}


def breakdown(turns: list[dict]) -> dict:
    """Mean per kind of turn: the parts measured, and the rest (tracker store, lock, events, HTTP)."""
    out = {}
    for kind in dict.fromkeys(t["kind"] for t in turns):
        ts = [t for t in turns if t["kind"] == kind]
        mean = lambda key: float(np.mean([t[key] for t in ts]))  # noqa: E731
        predictions = mean("predictions")
        parts = {"turn_ms": mean("turn_ms"), "nlu_ms": mean("parse_ms"),
                 "policies_ms": float(np.mean([t["predictions"] * t["policy_ms"] for t in ts])),
                 "action_calls_ms": mean("actions_ms")}
        parts["rest_ms"] = parts["turn_ms"] - parts["nlu_ms"] - parts["policies_ms"] - parts["action_calls_ms"]
        out[kind] = {"turns": len(ts), "predictions_per_turn": round(predictions, 1),
                     **{k: round(v, 1) for k, v in parts.items()}}
    return out


def markdown(report: dict) -> str:
    lines = ["| part | n | p50 | p95 |", "|---|---|---|---|"]
    lines += [f"| {part} | {s['n']} | {s['p50_ms']:.0f} ms | {s['p95_ms']:.0f} ms |"
              for part, s in report["parts"].items()]
    lines += ["", "| turn (mean) | turn | NLU | policies | action calls | rest (tracker store, lock, events, HTTP) |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {kind} ({b['turns']}) | {b['turn_ms']:.0f} ms | {b['nlu_ms']:.0f} ms | {b['policies_ms']:.0f} ms "
              f"({b['predictions_per_turn']} x) | {b['action_calls_ms']:.0f} ms | {b['rest_ms']:.0f} ms |"
              for kind, b in report["breakdown"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Rasa server on 127.0.0.1 (default: start the stack)")
    parser.add_argument("--token", help="Rasa API token (default: the stack's, $LEERWIJZER_API_TOKEN or var/)")
    parser.add_argument("--action-url", help="the action server's /webhook (known when the stack is started here)")
    parser.add_argument("--action-secret", default=settings.ACTION_SECRET.get() or None)
    parser.add_argument("--no-retrieval", action="store_true", help="skip loading the index in this process")
    parser.add_argument("--out", default=str(RESULTS / "profile_turn.json"))
    args = parser.parse_args(argv)
    recorded = yaml.safe_load(SCRIPTS.read_text(encoding="utf-8"))
    scripts, follow_ups = recorded["conversations"], recorded["follow_ups"]
    running = None
    if args.url:
        loopback(args.url)
        if args.action_url:
            loopback(args.action_url)
    else:
        from bot import stack as stack_module

        base = Path(tempfile.mkdtemp(prefix="leerwijzer-profile-"))
        print("starting the stack...", flush=True)
        running = stack_module.start(tracker_db=base / "tracker.db", log_dir=base / "logs", with_web=False)
        args.url = running.rasa_url
        args.action_url = f"http://127.0.0.1:{running.action_port}/webhook"
        args.action_secret = getattr(running, "action_secret", None) or args.action_secret
    token = args.token or token_of(running)
    profiler = Profiler(loopback(args.url), token, args.action_url, args.action_secret)
    try:
        profiler.load_domain()
        profiler.conversation([("warm-up", "hallo")])  # the first turn after a start loads lazily
        profiler.samples.clear()
        profiler.turns.clear()
        profiler.final_trackers.clear()
        for script in scripts:
            intake = script["intake"]
            messages = [("intake", t) for t in intake[:-1]] + [("recommendation turn", intake[-1])]
            profiler.conversation(messages + [("follow-up", t) for t in follow_ups])
    finally:
        if running:
            running.stop()
    samples = dict(profiler.samples)
    if not args.no_retrieval:
        samples.update(retrieval(profiler.final_trackers))
    report = {"conversations": len(scripts), "machine": {"cpus": os.cpu_count()},
              "parts": {part: stats(v) for part, v in samples.items()}, "breakdown": breakdown(profiler.turns)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
