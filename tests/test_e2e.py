"""End to end over REST: the trained model, the Rasa server and the action server, as in production."""
from __future__ import annotations

import sqlite3

import pytest
import requests

from index import knowledge
from tests.conftest import say

pytestmark = pytest.mark.e2e


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def payload_of(messages: list[dict]) -> dict:
    custom = [m["custom"] for m in messages if "custom" in m]
    assert len(custom) == 1, messages  # exactly one payload per recommendation turn
    return custom[0]


def test_a_dutch_conversation_ends_in_sourced_recommendations(stack):
    user = "kleuterjuf-hasselt"
    assert "Wat is je rol?" in texts(say(stack, user, "Hallo"))
    reply = texts(say(stack, user, "Ik ben kleuterjuf in Hasselt, 6 jaar ervaring, heb ongeveer 4 uur per week"))
    assert "Wat wil je leren" in reply  # role, region (from Hasselt), town and hours are not asked again
    reply = texts(say(stack, user, "Ik wil beter leren omgaan met diversiteit en inclusief onderwijs in mijn klas"))
    assert "kosten" in reply
    assert "reizen" in texts(say(stack, user, "max 500 euro"))
    messages = say(stack, user, "30 minuten")
    payload = payload_of(messages)

    known = knowledge.load().by_id
    ids = [r["id"] for r in payload["recommendations"]]
    assert 3 <= len(ids) <= 5 and set(ids) <= set(known)
    profile = payload["profile"]
    assert profile["role"] == "teacher" and profile["region"] == "VL" and profile["sector"] == "kleuter"
    assert profile["home_town"] == "Hasselt" and profile["experience_years"] == 6
    assert profile["hours_per_week"] == 4 and profile["budget_eur"] == 500 and profile["max_travel_minutes"] == 30
    assert "diversiteit" in profile["ambition"]
    for item in payload["recommendations"]:
        assert set(item["fit"]) >= {"time", "budget", "travel", "delivery"}
        assert set(item["fit"].values()) <= {"ok", "conflict", "unknown"}
        assert item["sources"] and item["reasons"]
        assert {(s["file"], s["lines"]) for s in item["sources"]} == {
            (s["file"], s["lines"]) for s in known[item["id"]]["sources"]}
    assert payload["recommendations"][0]["title"] in texts(messages)
    assert any("elements" in m for m in messages)  # cards


def test_an_impossible_answer_gets_a_question_back(stack):
    user = "absurd"
    say(stack, user, "Hallo")
    say(stack, user, "ik ben leraar in Utrecht")
    say(stack, user, "ik wil meer weten over rekenen en wiskunde")
    reply = texts(say(stack, user, "200 uur per week"))
    assert "niet haalbaar" in reply and "Hoeveel uur per week" in reply


@pytest.mark.parametrize("body, expected", [
    (b"this is not json", "geen geldige JSON"),
    (b'{"sender": "x"}', "tekstbericht"),
    (b'{"message": "hallo"}', "afzender"),
])
def test_malformed_requests_get_a_clear_answer(stack, body, expected):
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", data=body,
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
    assert expected in response.text


def test_forget_me_deletes_the_stored_conversation(stack):
    user = "forget-me-please"
    say(stack, user, "Hallo")
    say(stack, user, "ik ben juf in Zwolle")
    with sqlite3.connect(stack.tracker_db) as db:
        before = db.execute("select count(*) from events where sender_id=? and data like '%Zwolle%'",
                            (user,)).fetchone()[0]
    assert before > 0
    assert "gewist" in texts(say(stack, user, "vergeet mij"))
    with sqlite3.connect(stack.tracker_db) as db:
        after = db.execute("select count(*) from events where sender_id=? and data like '%Zwolle%'",
                           (user,)).fetchone()[0]
    assert after == 0
    reply = texts(say(stack, user, "ik zoek een opleiding"))
    assert "Wat is je rol?" in reply  # nothing of the old profile is left


def test_zz_action_server_down_gets_a_friendly_message_and_loses_nothing(stack):
    """Runs last in this module: it stops the action server."""
    import os
    import signal

    user = "while-down"
    say(stack, user, "Hallo")
    os.killpg(stack.processes["actions"].pid, signal.SIGTERM)
    stack.processes["actions"].wait(timeout=30)
    reply = texts(say(stack, user, "ik ben kleuterjuf in Genk"))
    assert "probeer het over een minuutje opnieuw" in reply
    with sqlite3.connect(stack.tracker_db) as db:
        kept = db.execute("select count(*) from events where sender_id=? and data like '%Genk%'",
                          (user,)).fetchone()[0]
    assert kept > 0  # what the user said is kept for when the service is back
