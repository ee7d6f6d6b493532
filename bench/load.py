"""Load benchmark: locust users run whole Dutch intakes plus two follow-ups against 127.0.0.1, in steps.

    .venv/bin/python -m bench.load                          # starts the stack; 10, 30, 50 users, 60 s each
    .venv/bin/python -m bench.load --steps 10 --seconds 20
    .venv/bin/python -m bench.load --url http://127.0.0.1:5005 [--token T]   # a running server (loopback only)
    .venv/bin/python -m bench.load --cluster                # `make cluster`'s parts, through its nginx
    .venv/bin/python -m bench.load --record                 # re-record bench/load_scripts.yml

Per step: requests, failures, p50/p95/p99, requests/s (first request sent to last answered), and per kind of
turn (intake, recommendation turn, follow-up). After each step every sender's tracker is read: a message
that got a 200 reply but is not in the tracker as a `user` event is a lost event. When this runner started
the stack it also reports the CPU seconds the Rasa and action servers used per request (where the 2 cores
go). Results: bench/results/load.json and a Markdown table. Where one turn's time goes: bench/profile_turn.py.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import requests
import yaml

import settings
from bot.identity import rest

HERE = Path(__file__).resolve().parent
LOCUSTFILE = HERE / "locustfile.py"
SCRIPTS = HERE / "load_scripts.yml"
RESULTS = HERE / "results"
FOLLOW_UPS = ["welke is het goedkoopst?", "vertel meer over de eerste"]  # asked after every intake
# Real conversations of 7-9 turns that reach recommendations (bench/results/conversations.json), Flemish and
# Dutch, some with an answer that does not fit the question first.
RECORD_IDS = ["vl-021", "vl-022", "vl-024", "vl-026", "vl-043", "vl-092", "vl-095",
              "nl-021", "nl-022", "nl-024", "nl-029", "nl-037"]


def loopback(url: str) -> str:
    """http://127.0.0.1:PORT for a loopback URL; anything else is refused (this is a load generator)."""
    parsed = urlparse(url)
    if parsed.scheme != "http" or parsed.hostname not in ("127.0.0.1", "localhost") or not parsed.port:
        raise SystemExit(f"refusing to load {url!r}: only http://127.0.0.1:PORT (or localhost)")
    return f"http://127.0.0.1:{parsed.port}"


def token_of(stack=None) -> str | None:
    """The Rasa API token (tracker reads need it once the API is closed): the stack's when this runner
    started it, else $LEERWIJZER_API_TOKEN or the one `make run` generated into var/ (read, never made)."""
    if stack is not None:
        return getattr(stack, "api_token", None) or None
    if settings.API_TOKEN.get():
        return settings.API_TOKEN.get()
    from bot.stack import VAR

    path = VAR / "api_token"
    return path.read_text().strip() if path.exists() else None


def tracker(host: str, token: str | None, sender: str) -> dict:
    params = {"include_events": "ALL", **({"token": token} if token else {})}
    response = requests.get(f"{host}/conversations/{rest(sender)}/tracker", params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def lost_events(host: str, token: str | None, answered: dict[str, list[str]]) -> dict:
    """Messages answered with 200 that are missing from their tracker, in order (the user events may hold
    one more: a message cut off when the step ended is still handled by the server)."""
    lost, checked, unreadable = 0, 0, 0
    for sender, texts in answered.items():
        try:
            events = tracker(host, token, sender).get("events") or []
        except requests.RequestException:
            unreadable += 1
            lost += len(texts)
            continue
        said, at, found = [e.get("text") for e in events if e.get("event") == "user"], 0, 0
        for text in texts:  # in the order sent
            if text in said[at:]:
                at, found = said.index(text, at) + 1, found + 1
        lost += len(texts) - found
        checked += len(texts)
    return {"senders": len(answered), "messages_checked": checked, "lost_events": lost,
            "unreadable_trackers": unreadable}


def warm_up(host: str) -> None:
    """One recorded conversation, one message at a time: the servers' first turns load things lazily (and
    the first recommendation waits for the index), which is start-up time, not load."""
    recorded = yaml.safe_load(SCRIPTS.read_text(encoding="utf-8"))
    sender = f"load-warm-up-{os.getpid()}"
    for text in recorded["conversations"][0]["intake"] + recorded["follow_ups"]:
        requests.post(f"{loopback(host)}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                      timeout=300).raise_for_status()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children, from /proc (Linux)."""
    total, todo, tick = 0.0, [pid], os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def _ms(values: list[float], p: float) -> float | None:
    return round(float(np.percentile(values, p)), 1) if values else None


def summarise(samples: list[list]) -> dict:
    """samples: [kind, ms, ok, reason, finished_at] per request."""
    times = [s[1] for s in samples]
    failures = [s for s in samples if not s[2]]
    first = min((s[4] - s[1] / 1000 for s in samples), default=0.0)
    span = max((s[4] for s in samples), default=0.0) - first
    out = {"requests": len(samples), "failures": len(failures),
           "p50_ms": _ms(times, 50), "p95_ms": _ms(times, 95), "p99_ms": _ms(times, 99),
           "max_ms": round(max(times), 1) if times else None,
           "requests_per_s": round(len(samples) / span, 2) if span > 0 else None,
           "failure_reasons": {}, "by_kind": {}}
    for s in failures:
        out["failure_reasons"][s[3]] = out["failure_reasons"].get(s[3], 0) + 1
    for kind in sorted({s[0] for s in samples}):
        kt = [s[1] for s in samples if s[0] == kind]
        out["by_kind"][kind] = {"requests": len(kt), "p50_ms": _ms(kt, 50), "p95_ms": _ms(kt, 95)}
    return out


def run_step(host: str, users: int, seconds: int, token: str | None, workdir: Path, stack=None,
             tracker_host: str | None = None) -> dict:
    """One headless locust run of `users` users (all started within 1 s) for `seconds`, then the tracker
    check. stack: the running bot.stack.Stack or bot.cluster.Cluster, when known, for its servers' CPU use
    and restarts. tracker_host: where trackers are read (behind the cluster's nginx only the webhooks are
    open, so a Rasa server's own address; all share one tracker store)."""
    host = loopback(host)
    out, log = workdir / f"locust-{users}.json", workdir / f"locust-{users}.log"
    cmd = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
           "-r", str(users), "-t", f"{seconds}s", "--host", host, "--stop-timeout", "0", "--only-summary",
           "--loglevel", "WARNING"]
    env = {**os.environ, settings.LOAD_OUT.name: str(out)}
    pids = {name: proc.pid for name, proc in stack.processes.items()} if stack is not None else {}
    restarts = dict(getattr(stack, "restarts", {}))
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    load_before = os.getloadavg()[0]  # the machine is shared: say how busy it already was
    with open(log, "w") as fh:
        # locust exits 1 when a request failed; the figures below say so, so its code is not checked
        subprocess.run(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, timeout=seconds + 180, check=False)
    # a server restarted during the step has a new process: its CPU use is then unknown
    cpu = {name: round(cpu_seconds(pid) - cpu_before[name], 1) if stack.processes[name].pid == pid else None
           for name, pid in pids.items()}
    if not out.exists():
        raise RuntimeError(f"locust wrote no results; see {log}:\n{log.read_text()[-2000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    time.sleep(2)  # a message cut off at the end of the step may still be in the server: let it finish
    result = {"users": users, "seconds": seconds, "load_average_before": round(load_before, 2),
              **summarise(data["samples"]), **data["counts"],
              **lost_events(loopback(tracker_host or host), token, data["answered"])}
    if stack is not None:  # the supervisor restarting a server under load is a finding, not noise
        result["server_restarts"] = {n: c - restarts.get(n, 0) for n, c in getattr(stack, "restarts", {}).items()
                                     if c - restarts.get(n, 0)}
    if cpu:
        result["cpu_s"] = cpu
        # per kind of server: the cluster's rasa-1 and rasa-2 together are its Rasa CPU per request
        by_kind: dict[str, float | None] = {}
        for name, c in cpu.items():
            kind = name.split("-")[0]
            so_far = by_kind.get(kind, 0.0)
            by_kind[kind] = None if c is None or so_far is None else so_far + c
        result["cpu_ms_per_request"] = {k: None if c is None else round(c * 1000 / max(result["requests"], 1), 1)
                                        for k, c in by_kind.items()}
    return result


def markdown(steps: list[dict]) -> str:
    lines = ["| users | requests | failures | p50 | p95 | p99 | requests/s | conversations (intake done / "
             "recommendations) | lost events | load average before |", "|---|---|---|---|---|---|---|---|---|---|"]
    for s in steps:
        lines.append(f"| {s['users']} | {s['requests']} | {s['failures']} | {_fmt(s['p50_ms'])} | "
                     f"{_fmt(s['p95_ms'])} | {_fmt(s['p99_ms'])} | {s['requests_per_s']} | {s['conversations']} "
                     f"({s['intakes_completed']} / {s['reached_recommendations']}) | {s['lost_events']} | "
                     f"{s['load_average_before']} |")
    with_cpu = any("cpu_ms_per_request" in s for s in steps)
    lines += ["", "| users | " + " | ".join(f"{k} p50 / p95" for k in _kinds(steps)) +
              (" | Rasa CPU ms/request | actions CPU ms/request |" if with_cpu else " |"),
              "|---|" + "---|" * (len(_kinds(steps)) + 2 * with_cpu)]
    for s in steps:
        kinds = " | ".join(f"{_fmt(s['by_kind'].get(k, {}).get('p50_ms'))} / "
                           f"{_fmt(s['by_kind'].get(k, {}).get('p95_ms'))}" for k in _kinds(steps))
        cpu = s.get("cpu_ms_per_request", {})
        lines.append(f"| {s['users']} | {kinds} |" +
                     (f" {cpu.get('rasa') or '-'} | {cpu.get('actions') or '-'} |" if with_cpu else ""))
    return "\n".join(lines)


def _kinds(steps: list[dict]) -> list[str]:
    return sorted({k for s in steps for k in s["by_kind"]})


def _fmt(ms: float | None) -> str:
    if ms is None:
        return "-"
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


def record(url: str, token: str | None, ids: list[str] = RECORD_IDS) -> list[dict]:
    """Run the chosen conversations once, as bench.conversations drives them (answering the question the
    assistant asks), and keep the messages sent up to the first recommendations: fixed intakes that locust
    can replay without reading the tracker."""
    from bench.conversations import Client, load, run_one

    class Recording(Client):
        def say(self, sender, text):
            replies = super().say(sender, text)
            if not self.reached:
                self.sent.append(text)
                self.reached = any("recommendations" in (r.get("custom") or {}) for r in replies)
            return replies

    kept = []
    for conversation in [c for c in load() if c["id"] in ids]:
        client = Recording(url, token)
        client.sent, client.reached = [], False
        result = run_one(client, {**conversation, "after": []}, {})
        if client.reached and not result.error:
            kept.append({"id": conversation["id"], "intake": client.sent})
        else:
            print(f"{conversation['id']}: no recommendations reached; left out", file=sys.stderr)
    return kept


def write_scripts(scripts: list[dict]) -> None:
    header = ("# Intakes replayed by bench/locustfile.py: real conversations from bench/conversations/, the messages\n"
              "# sent up to the first recommendations. Recorded by `.venv/bin/python -m bench.load --record`;\n"
              "# record again when the intake asks its questions in another order.\n")
    body = yaml.safe_dump({"follow_ups": FOLLOW_UPS, "conversations": scripts}, allow_unicode=True,
                          sort_keys=False, width=120)
    SCRIPTS.write_text(header + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Rasa server on 127.0.0.1 (default: start the stack)")
    parser.add_argument("--token", help="Rasa API token (default: the stack's, $LEERWIJZER_API_TOKEN or var/)")
    parser.add_argument("--steps", default="10,30,50", help="users per step, e.g. 10,30,50")
    parser.add_argument("--seconds", type=int, default=60, help="length of each step")
    parser.add_argument("--cluster", action="store_true",
                        help="start the cluster (bot/cluster: PostgreSQL, Redis, 2 Rasa + 2 action servers, nginx)")
    parser.add_argument("--record", action="store_true", help="re-record bench/load_scripts.yml and stop")
    parser.add_argument("--out", default=str(RESULTS / "load.json"))
    args = parser.parse_args(argv)
    steps = [int(n) for n in args.steps.split(",") if n.strip()]
    if args.url:
        loopback(args.url)
    workdir = Path(tempfile.mkdtemp(prefix="leerwijzer-load-"))
    running, tracker_host = None, None
    if args.cluster:
        from bot import cluster as cluster_module

        print("starting the cluster...", flush=True)
        workdir.chmod(0o755)  # PostgreSQL runs as its own user and must reach its data folder inside
        running = cluster_module.start(base=workdir / "cluster")
        args.url, tracker_host = running.url, running.rasa_url(0)
    elif not args.url:
        from bot import stack as stack_module

        print("starting the stack...", flush=True)
        running = stack_module.start(tracker_db=workdir / "tracker.db", log_dir=workdir / "logs", with_web=False)
        args.url = running.rasa_url
    token = args.token or token_of(running)
    host = loopback(args.url)
    try:
        if args.record:
            scripts = record(host, token)
            if len(scripts) < len(RECORD_IDS) // 2:  # keep the last good recording rather than a broken one
                print(f"only {len(scripts)} intakes reached recommendations; {SCRIPTS} left as it was",
                      file=sys.stderr)
                return 1
            write_scripts(scripts)
            print(f"recorded {len(scripts)} intakes into {SCRIPTS}")
            return 0
        warm_up(host)
        results = []
        for users in steps:
            print(f"step: {users} users for {args.seconds} s ...", flush=True)
            results.append(run_step(host, users, args.seconds, token, workdir, running, tracker_host))
            print(json.dumps({k: v for k, v in results[-1].items() if k != "by_kind"}), flush=True)
    finally:
        if running:
            running.stop()
    report = {"machine": {"cpus": os.cpu_count()}, "think_time_s": 1, "target": "cluster" if args.cluster else "stack",
              "steps": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nlocust and server logs: {workdir}\n\n" + markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
