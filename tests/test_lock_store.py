"""The cluster's lock store (bot/lock_store.py) on a real Redis: a crashed server's claim on a conversation
lapses after its short lease, a live turn keeps its conversation however long it runs, and two servers
issuing tickets at once never overwrite each other. Runs tests/lock_scenarios.py in the Rasa environment."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time

import pytest

from bot import stack
from index.paths import REPO_ROOT

LEASE = 2.0  # short, so the scenarios take seconds; the cluster runs with 10


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.skip("Debian's redis-server is missing: `make test` installs it (as root)")
    port, password = stack.free_port(), secrets.token_urlsafe(16)
    conf = tmp_path_factory.mktemp("redis") / "redis.conf"
    conf.write_text(f"bind 127.0.0.1\nport {port}\nsave \"\"\nappendonly no\nrequirepass {password}\n")
    server = subprocess.Popen(["redis-server", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "--no-auth-warning", "-a", password, "ping"],
                             capture_output=True, text=True).stdout.strip() != "PONG":
            assert time.time() < deadline, "redis-server did not start"
            time.sleep(0.1)
        yield port, password
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def scenarios(redis_port):
    port, password = redis_port
    env = {**os.environ, "LEERWIJZER_LOCK_LEASE": str(LEASE), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([str(stack.RASA.parent / "python"), "-m", "tests.lock_scenarios", str(port), password],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_crashed_servers_claim_lapses_after_its_lease_not_rasas_minute(scenarios):
    assert scenarios["lease"] == LEASE
    crash = scenarios["crashed_server"]
    assert LEASE * 0.9 <= crash["acquired_after"] < 3 * LEASE  # it did wait for the claim, then only that
    assert not crash["left_in_redis"]  # the conversation's lock is gone once its last message is served


def test_a_live_turn_longer_than_the_lease_keeps_its_conversation(scenarios):
    times = scenarios["live_long_turn"]
    assert times["a_done"] - times["a_got"] >= 3 * LEASE
    assert times["b_got"] >= times["a_done"]  # the next message of that conversation waited for the turn


def test_two_servers_issuing_tickets_at_once_never_share_or_lose_one(scenarios):
    burst = scenarios["concurrent_tickets"]
    assert len(set(burst["tickets"])) == 40
    assert sorted(burst["stored"]) == sorted(burst["tickets"])
