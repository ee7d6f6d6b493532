"""2,000+ generated bad requests against the REST webhook of the real stack (issue 11).

What a user (or a broken integration) would notice: every bad request gets a clear 4xx, never a server
error; the server is still up afterwards and still knows the conversations; nothing the requests said
ends up in the logs; replies never echo markup back.
"""
from __future__ import annotations

import json
import random
import string
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.conftest import say

pytestmark = pytest.mark.e2e

MARK = "Zqxfuzzmark"  # a made-up word: if it shows up in a log, user text reached the log


def _deep(depth: int) -> str:
    return '{"sender": "deep", "message": ' + "[" * depth + "]" * depth + "}"


def bad_requests(seed: int = 11) -> list[tuple[str, dict, bytes]]:
    """(kind, headers, body) for the webhook: malformed, wrong types, missing fields, odd senders, huge text."""
    rnd = random.Random(seed)
    json_type = {"Content-Type": "application/json"}
    cases: list[tuple[str, dict, bytes]] = []

    def add(kind, body, headers=json_type):
        cases.append((kind, headers, body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")))

    for i in range(400):  # not JSON at all, or cut off
        length = rnd.randint(0, 200)
        add("invalid-json", bytes(rnd.getrandbits(8) for _ in range(length)))
        add("truncated-json", json.dumps({"sender": f"t{i}", "message": f"{MARK} hallo"})[:rnd.randint(1, 30)])
    odd_values = [None, 0, 1.5, True, [], {}, ["a"], {"a": 1}, "", "   ", -1, 10 ** 30]
    for i in range(300):  # wrong types and missing fields
        body: dict = {}
        if rnd.random() < 0.7:
            body["sender"] = rnd.choice(odd_values + [f"w{i}"])
        if rnd.random() < 0.7:
            body["message"] = rnd.choice(odd_values + [f"{MARK} ik ben leraar"])
        if isinstance(body.get("sender"), str) and body["sender"].strip() and isinstance(body.get("message"), str) \
                and body["message"].strip():
            body["message"] = rnd.choice(odd_values[:-2])  # keep it a bad request
        add("wrong-types", json.dumps(body))
        add("not-an-object", json.dumps(rnd.choice([[body], "tekst", 42, None])))
    for depth in (100, 1000, 10_000, 100_000):
        for _ in range(5):
            add("deeply-nested", _deep(depth))
    for i in range(200):  # sender ids that are too long are refused, not cut
        add("long-sender", json.dumps({"sender": "x" * rnd.randint(129, 10_000) + str(i), "message": f"{MARK} hoi"}))
    for i in range(150):  # other content types, empty bodies
        add("wrong-content-type", f"sender=s{i}&message={MARK}", {"Content-Type": "application/x-www-form-urlencoded"})
        add("empty", b"")
    for i in range(150):  # valid shape, hostile content: a real turn each
        text = rnd.choice([
            f"{MARK} " + "a" * 100_000,
            f"{MARK} <img src=x onerror=alert({i})> <script>alert(1)</script>",
            f"{MARK} \x00\x01\x02\x1b[31m rood \x7f\u202e omgekeerd \ud7ff",
            f"{MARK} ' OR 1=1; DROP TABLE events; --",
            f"{MARK} [klik](javascript:alert(1)) ![x](https://evil.example/x.png)",
            f"{MARK} {{{{7*7}}}} ${{jndi:ldap://x}} %s%s%n",
            "".join(rnd.choice(string.printable) for _ in range(rnd.randint(1, 300))) + f" {MARK}",
        ])
        sender = rnd.choice([f"fuzz-{i}", f"../fuzz-{i}", f"../../etc/passwd-{i}", f"🙂-{i}", f"عربي-{i}",
                             f"fuzz {i}\t\n", f"%2e%2e%2f{i}"])
        add("hostile-text", json.dumps({"sender": sender, "message": text}))
    return cases


def test_two_thousand_bad_requests_get_clear_answers(stack):
    cases = bad_requests()
    assert len(cases) >= 2000
    url = f"{stack.rasa_url}/webhooks/rest/webhook"

    def send(case):
        kind, headers, body = case
        response = requests.post(url, data=body, headers=headers, timeout=120)
        return kind, response.status_code, response.text

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(send, cases))

    server_errors = [(kind, status) for kind, status, _ in results if status >= 500]
    assert not server_errors, server_errors[:10]
    for kind, status, body in results:
        if kind == "hostile-text":
            assert status == 200, (kind, status, body[:200])
            replies = " ".join(m.get("text") or "" for m in json.loads(body))
            assert replies  # every message gets an answer
            assert "<" not in replies and ">" not in replies and "javascript:" not in replies, replies[:300]
        else:
            assert status in (400, 405, 413, 415), (kind, status, body[:200])
            if status == 400:
                assert "Stuur JSON" in body or "te lang" in body or "ontbreekt" in body, body[:200]

    # still up, still the same conversations, and nothing the requests said is in the logs
    assert any("?" in (m.get("text") or "") for m in say(stack, "fuzz-after", "ik ben leraar in Gent"))
    logs = "".join(path.read_text(errors="replace") for path in stack.log_dir.glob("*.log"))
    assert MARK not in logs and MARK.lower() not in logs.lower()
