"""Rasa custom actions: the intake form's extraction and validation, recommendations, and forgetting.

Values are read with bot.nlu.constraints (the same parser the Rasa NLU component uses), checked for
plausibility, and turned into a friendly question when they are impossible. Logs carry slot names and
counts, never message text or profile values (teachers' profiles are personal data).
"""
from __future__ import annotations

import logging
import sys
import threading
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import phrasing
from bot.nlu import constraints
from index import geo
from index.search import PROFILE_FIELDS, normalise_profile

log = logging.getLogger(__name__)

FORM_SLOTS = ["role", "region", "ambition", "hours_per_week", "budget_eur", "home_town", "max_travel_minutes"]
# Plausible ranges; outside them we ask again instead of storing a wrong value.
LIMITS = {"hours_per_week": (0.5, 40, "uur per week"), "budget_eur": (0, 100_000, "euro"),
          "max_travel_minutes": (0, 240, "minuten"), "experience_years": (0, 50, "jaar")}
OUT_OF_RANGE = {
    "hours_per_week": "{value} uur per week naast je werk lijkt me niet haalbaar. Hoeveel uur per week heb je echt, tussen een half uur en 40 uur?",
    "budget_eur": "Een budget van {value} euro kan ik niet gebruiken. Hoeveel euro mag het kosten? (0 als er geen budget is)",
    "max_travel_minutes": "{value} minuten reizen is wel erg veel. Hoeveel minuten wil je maximaal reizen, tot 4 uur?",
    "experience_years": "{value} jaar ervaring lijkt me niet te kloppen. Hoeveel jaar sta je al voor de klas?",
}


# --- the recommender is loaded once, in the background, when the action server starts ---------------
_recommender = None
_recommender_error: Optional[str] = None
_ready = threading.Event()


def _load_recommender() -> None:
    global _recommender, _recommender_error
    try:
        from index.search import Recommender

        constraints.nlp()  # spaCy and the gazetteer, so the first form answer is not slow
        _recommender = Recommender.load()
    except Exception as exc:  # keep serving the dialogue; recommendations say what is wrong
        _recommender_error = str(exc)
        log.exception("search index could not be loaded")
    finally:
        _ready.set()


def recommender():
    """The loaded recommender, or None (with the reason logged) if the index cannot be served."""
    if not _ready.is_set() and not _loader.is_alive():
        _load_recommender()
    _ready.wait(timeout=600)
    return _recommender


_loader = threading.Thread(target=_load_recommender, name="load-index", daemon=True)
if "rasa_sdk" in sys.argv[0]:  # in the action server, load the model and index while Rasa starts up
    _loader.start()


def profile_from(tracker: Tracker) -> Dict[str, Any]:
    return normalise_profile({k: tracker.get_slot(k) for k in PROFILE_FIELDS})


def _user_text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text  # button payloads carry their values as entities


class ValidateProfileForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_profile_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        """Ask only what matters for this person: skip what they declined, and travel when online."""
        declined = set(tracker.get_slot("declined") or [])
        slots = [s for s in domain_slots if s not in declined]
        if tracker.get_slot("delivery") == "online":
            slots = [s for s in slots if s not in ("home_town", "max_travel_minutes")]
        return slots

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        declined_before = list(tracker.get_slot("declined") or [])
        events = await super().run(dispatcher, tracker, domain)
        declined = list(tracker.slots.get("declined") or [])
        if declined != declined_before:  # rasa_sdk only returns slots of the form; keep this one too
            events.insert(0, SlotSet("declined", declined))
        return events

    async def next_requested_slot(self, dispatcher, tracker, domain) -> Optional[EventType]:
        """Always decide the next question here (rasa_sdk leaves it to Rasa when nothing was skipped)."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return SlotSet("requested_slot", next((s for s in required if tracker.slots.get(s) is None), None))

    # Extraction: a bare answer to the question just asked, or "weet ik niet".
    def _extract(self, slot: str, tracker: Tracker) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        text = _user_text(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "dont_know" or (text and constraints.says_dont_know(text)):
            declined = list(tracker.get_slot("declined") or [])
            return {"declined": declined + [slot]} if slot not in declined else {}
        if not text or tracker.get_slot(slot) is not None and slot != "ambition":
            return {}
        value = constraints.values(text, requested_slot=slot).get(slot)
        if slot == "home_town" and value is None:
            return {slot: text.strip()}  # validated below: unknown towns get a friendly question
        return {slot: value} if value is not None else {}

    async def extract_role(self, dispatcher, tracker, domain):
        return self._extract("role", tracker)

    async def extract_region(self, dispatcher, tracker, domain):
        return self._extract("region", tracker)

    async def extract_hours_per_week(self, dispatcher, tracker, domain):
        return self._extract("hours_per_week", tracker)

    async def extract_budget_eur(self, dispatcher, tracker, domain):
        return self._extract("budget_eur", tracker)

    async def extract_home_town(self, dispatcher, tracker, domain):
        return self._extract("home_town", tracker)

    async def extract_max_travel_minutes(self, dispatcher, tracker, domain):
        return self._extract("max_travel_minutes", tracker)

    # Validation.
    def _in_range(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        low, high, _unit = LIMITS[slot]
        try:
            number = float(value)
        except (TypeError, ValueError):
            return {slot: None}
        if not low <= number <= high:
            dispatcher.utter_message(text=OUT_OF_RANGE[slot].format(value=phrasing.number(number)))
            return {slot: None}
        return {slot: number}

    def validate_hours_per_week(self, value, dispatcher, tracker, domain):
        return self._in_range("hours_per_week", value, dispatcher)

    def validate_budget_eur(self, value, dispatcher, tracker, domain):
        return self._in_range("budget_eur", value, dispatcher)

    def validate_max_travel_minutes(self, value, dispatcher, tracker, domain):
        return self._in_range("max_travel_minutes", value, dispatcher)

    def validate_experience_years(self, value, dispatcher, tracker, domain):
        return self._in_range("experience_years", value, dispatcher)

    def validate_home_town(self, value, dispatcher, tracker, domain):
        place = geo.find_place(str(value))
        if place is None:
            dispatcher.utter_message(text=f"Ik ken de gemeente '{value}' niet. Kun je de naam van je "
                                          "gemeente of een grotere stad in de buurt geven?")
            return {"home_town": None}
        if place.region is None:
            dispatcher.utter_message(text=f"{value} ligt buiten Vlaanderen en Nederland. Ik ken alleen het "
                                          "aanbod voor Vlaamse en Nederlandse leraren. In welke gemeente woon je?")
            return {"home_town": None}
        slots: Dict[Text, Any] = {"home_town": value}
        if not tracker.get_slot("region"):
            slots["region"] = place.region  # Hasselt -> VL: no need to ask
        return slots

    def validate_ambition(self, value, dispatcher, tracker, domain):
        text = str(value or "").strip()
        if constraints.says_dont_know(text):
            declined = list(tracker.get_slot("declined") or [])
            return {"ambition": None, "declined": declined + ["ambition"]}
        if len(text.split()) < 2 or text.startswith("/"):
            dispatcher.utter_message(text="Vertel me iets meer: wat wil je leren, of waar wil je beter in worden?")
            return {"ambition": None}
        return {"ambition": text}


class ActionRecommend(Action):
    def name(self) -> Text:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        profile = profile_from(tracker)
        engine = recommender()
        if engine is None:
            dispatcher.utter_message(text="Sorry, mijn zoekindex is nu niet beschikbaar, dus ik kan geen "
                                          "suggesties geven. Je profiel blijft bewaard: probeer het zo meteen opnieuw.")
            return []
        payload = engine.recommend(profile, top=5)
        log.info("recommendation turn: %d results, %d profile fields known",
                 len(payload["recommendations"]), sum(v is not None for v in profile.values()))
        for message in phrasing.recommendation_messages(payload):
            dispatcher.utter_message(**message)
        dispatcher.utter_message(json_message=payload)
        return [SlotSet("requested_slot", None)]


class ActionForgetMe(Action):
    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text="Ik heb je gegevens gewist: je profiel en wat je me vertelde zijn weg. "
                                      "Je kunt altijd opnieuw beginnen.")
        return [ActiveLoop(None), AllSlotsReset()]
