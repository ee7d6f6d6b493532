"""End to end over REST: the trained model, the Rasa server and the action server, as in production."""
from __future__ import annotations

import sqlite3

import pytest
import requests

from bot.identity import rest
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
                            (rest(user),)).fetchone()[0]
    assert before > 0
    assert "gewist" in texts(say(stack, user, "vergeet mij"))
    with sqlite3.connect(stack.tracker_db) as db:
        after = db.execute("select count(*) from events where sender_id=? and data like '%Zwolle%'",
                           (rest(user),)).fetchone()[0]
    assert after == 0
    reply = texts(say(stack, user, "ik zoek een opleiding"))
    assert "Wat is je rol?" in reply  # nothing of the old profile is left


def test_follow_ups_after_the_recommendations(stack):
    user = "follow-ups"
    say(stack, user, "Hallo")
    messages = say(stack, user, "ik ben juf in Tilburg, groep 5, ik wil beter omgaan met gedrag in de klas, "
                                "4 uur per week, max 500 euro, 30 minuten")
    first = payload_of(messages)  # everything said at once: no question, straight to recommendations
    shown = [r["title"] for r in first["recommendations"]]
    assert first["profile"]["sector"] == "basis" and first["profile"]["region"] == "NL"

    reply = texts(say(stack, user, "vertel meer over de tweede"))
    assert reply.startswith(shown[1]) and "Bron: " in reply
    reply = texts(say(stack, user, "wat kost de eerste?"))
    assert f"Over {shown[0]}" in reply and "Kosten: " in reply and "Bron: " in reply
    reply = texts(say(stack, user, "vergelijk 1 en 3"))
    assert shown[0] in reply and shown[2] in reply and shown[1] not in reply
    reply = texts(say(stack, user, "waarom staat de master basisonderwijs er niet bij?"))
    assert "Master in het basisonderwijs (UHasselt)" in reply and "Vlaanderen" in reply

    changed = payload_of(say(stack, user, "en als ik 6 uur heb?"))
    assert changed["profile"]["hours_per_week"] == 6 and changed["profile"]["home_town"] == "Tilburg"
    changed = payload_of(say(stack, user, "mag ook online"))
    assert changed["profile"]["delivery"] == "any" and changed["profile"]["hours_per_week"] == 6

    reply = texts(say(stack, user, "kan ik met iemand praten?"))
    assert "studiebegeleider" in reply and "Tilburg" in reply and "6 uur per week" in reply
    assert "Daar kan ik je niet goed mee helpen" in texts(say(stack, user, "wat is het weer morgen?"))
    assert "we beginnen opnieuw" in texts(say(stack, user, "opnieuw"))


def test_a_province_something_shorter_and_thanks_after_the_list(stack):
    # dev6: "Is er ook iets in Friesland?" (a26-030) got other options, "en is er ook iets korters" (a26-003) too,
    # and "Dank u wel" (a26-050) "Sorry, dat begreep ik niet"
    user = "province-shorter-thanks"
    say(stack, user, "Hallo")
    first = payload_of(say(stack, user, "ik ben juf in Tilburg, groep 5, ik wil beter omgaan met gedrag in de klas, "
                                        "4 uur per week, max 500 euro, 30 minuten"))
    shown = [r["title"] for r in first["recommendations"]]
    reply = texts(say(stack, user, "Is er ook iets in Friesland?"))
    assert "In Friesland" in reply and any(title in reply for title in shown) and "Nog meer opties" not in reply
    reply = texts(say(stack, user, "en is er ook iets korters"))
    assert ("Het kortst duurt" in reply or "de duur (onbekend)" in reply) and "Nog meer opties" not in reply
    reply = texts(say(stack, user, "Dank u wel"))
    assert reply and "begreep ik niet" not in reply


def test_a_counsellor_describes_a_colleague(stack):
    user = "counsellor"
    reply = texts(say(stack, user, "ik zoek iets voor een collega die kleuterjuf is in Genk en meer wil weten "
                                   "over taalontwikkeling"))
    assert "Hoeveel uur per week" in reply  # role, region, sector, town and ambition are all known


def test_a_student_teacher_is_asked_for_the_sector_but_not_for_experience_or_diploma(stack):
    user = "student"
    assert "Wat wil je leren" in texts(say(stack, user, "ik ben student aan de lerarenopleiding in Gent"))
    reply = texts(say(stack, user, "later wil ik een master halen in de pedagogiek"))
    assert "Voor welk onderwijs studeer je?" in reply
    reply = texts(say(stack, user, "secundair onderwijs"))
    assert "Hoeveel uur per week" in reply and "diploma" not in reply and "ervaring" not in reply


def test_repairs_for_a_negative_budget_and_an_unknown_town(stack):
    user = "repairs"
    say(stack, user, "ik ben leerkracht lager onderwijs in Vlaanderen en wil werken aan klasmanagement")
    say(stack, user, "3 uur per week")
    reply = texts(say(stack, user, "-300 euro"))
    assert "kan ik niet gebruiken" in reply
    assert "gemeente" in texts(say(stack, user, "0 euro"))
    reply = texts(say(stack, user, "Atlantis"))
    assert "ken de gemeente 'Atlantis' niet" in reply
    assert "reizen" in texts(say(stack, user, "Gent"))


def test_logs_carry_no_message_text_or_profile_values(stack):
    """Runs after the conversations above: nothing they said is in the servers' logs."""
    logs = "".join(path.read_text(errors="replace") for path in stack.log_dir.glob("*.log"))
    assert logs  # the servers did log
    for said in ("Tilburg", "gedrag in de klas", "taalontwikkeling", "Atlantis", "klasmanagement", "Zwolle"):
        assert said not in logs, said
