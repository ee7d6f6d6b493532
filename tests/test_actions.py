"""The custom actions with rasa_sdk's real Tracker and CollectingDispatcher, on a real small index."""
from __future__ import annotations

import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from index import paths
from tests.conftest import SMALL_SET

DOMAIN = yaml.safe_load((paths.REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))


def tracker(text: str, slots: dict | None = None, requested: str | None = None, intent: str = "inform",
            entities: list | None = None, set_now: dict | None = None) -> Tracker:
    """A tracker just after the user said `text`; `set_now` are slots the NLU filled from this message."""
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots or {})
    values.update(set_now or {})
    values["requested_slot"] = requested
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (set_now or {}).items()]
    return Tracker("test-user", values, {"text": text, "intent": {"name": intent}, "entities": entities or []},
                   events, False, None, {"name": "profile_form"} if requested else {}, "action_listen")


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots, dispatcher.messages


form = actions.ValidateProfileForm()


def test_an_impossible_number_is_questioned_not_stored():
    slots, messages = run(form, tracker("200 uur per week", requested="hours_per_week",
                                        set_now={"hours_per_week": 200.0}))
    assert slots["hours_per_week"] is None
    assert "niet haalbaar" in messages[0]["text"]
    assert slots["requested_slot"] == "role"  # nothing else known yet: the form goes on asking


def test_a_bare_answer_fills_the_requested_slot():
    known = {"role": "teacher", "region": "VL", "ambition": "diversiteit in de klas"}
    slots, messages = run(form, tracker("vier", slots=known, requested="hours_per_week"))
    assert slots["hours_per_week"] == 4.0 and not messages
    assert slots["requested_slot"] == "budget_eur"


def test_an_unknown_town_gets_a_friendly_question():
    known = {"role": "teacher", "region": "VL", "ambition": "x y", "hours_per_week": 4, "budget_eur": 0}
    slots, messages = run(form, tracker("Atlantis", slots=known, requested="home_town"))
    assert slots["home_town"] is None and "ken de gemeente 'Atlantis' niet" in messages[0]["text"]
    assert slots["requested_slot"] == "home_town"


def test_the_town_tells_the_region():
    slots, _ = run(form, tracker("Hasselt", requested="home_town", set_now={"home_town": "Hasselt"}))
    assert slots["home_town"] == "Hasselt" and slots["region"] == "VL"


def test_dont_know_skips_the_question_instead_of_repeating_it():
    known = {"role": "teacher", "region": "NL", "ambition": "rekenen beter geven", "hours_per_week": 2}
    slots, _ = run(form, tracker("weet ik niet", slots=known, requested="budget_eur", intent="dont_know"))
    assert slots["declined"] == ["budget_eur"]
    assert slots["requested_slot"] == "home_town"


def test_online_only_does_not_ask_for_town_or_travel():
    known = {"role": "teacher", "region": "NL", "ambition": "rekenen beter geven", "hours_per_week": 2,
             "budget_eur": 100}
    slots, _ = run(form, tracker("alleen online", slots=known, requested="home_town",
                                 set_now={"delivery": "online"}))
    assert slots["requested_slot"] is None  # complete: the form ends and recommendations follow


@pytest.fixture
def small_engine(monkeypatch, small_recommender):
    monkeypatch.setattr(actions, "_recommender", small_recommender)
    actions._ready.set()
    yield small_recommender
    actions._ready.clear()


PROFILE = {"role": "teacher", "region": "VL", "sector": "kleuter", "hours_per_week": 4.0, "budget_eur": 500.0,
           "ambition": "ik wil samen met collega's leren omgaan met diversiteit in mijn klas",
           "home_town": "Hasselt", "max_travel_minutes": 30.0}


def test_recommend_sends_text_cards_and_the_payload(small_engine):
    slots, messages = run(actions.ActionRecommend(), tracker("", slots=PROFILE))
    payload = next(m["custom"] for m in messages if m.get("custom"))
    ids = [r["id"] for r in payload["recommendations"]]
    assert ids and set(ids) <= set(SMALL_SET)
    assert payload["profile"]["home_town"] == "Hasselt" and payload["profile"]["hours_per_week"] == 4.0
    assert all(set(r["fit"]) >= {"time", "budget", "travel", "delivery"} for r in payload["recommendations"])
    assert all(r["sources"] and 1 <= len(r["reasons"]) <= 3 for r in payload["recommendations"])
    # a Flemish kleuterjuf gets Flemish options first
    assert all(r["fit"]["region"] == "ok" for r in payload["recommendations"][:3])
    text = next(m["text"] for m in messages if m.get("text"))
    assert payload["recommendations"][0]["title"] in text
    assert any(m.get("elements") for m in messages)  # cards for the widget


def test_recommend_says_so_when_the_index_is_unavailable(monkeypatch):
    monkeypatch.setattr(actions, "_recommender", None)
    actions._ready.set()
    try:
        _, messages = run(actions.ActionRecommend(), tracker("", slots=PROFILE))
    finally:
        actions._ready.clear()
    assert "niet beschikbaar" in messages[0]["text"] and "profiel blijft bewaard" in messages[0]["text"]
