"""Rasa custom actions: the intake form's extraction and validation, recommendations, and forgetting.

Values are read with bot.nlu.constraints (the same parser the Rasa NLU component uses), checked for
plausibility, and turned into a friendly question when they are impossible. Logs carry slot names and
counts, never message text or profile values (teachers' profiles are personal data).
"""
from __future__ import annotations

import logging
import re
import sys
import threading
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import phrasing, programmes
from bot.nlu import constraints
from index import geo
from index.fit import fit_entry
from index.search import PROFILE_FIELDS, normalise_profile

log = logging.getLogger(__name__)

FORM_SLOTS = ["role", "region", "ambition", "sector", "diploma", "hours_per_week", "budget_eur", "home_town",
              "max_travel_minutes"]
SECTORS = {"kleuter", "lager", "basis", "secundair", "vo", "mbo", "hoger"}
# A degree has admission rules on diplomas: only then does the diploma change the result.
DEGREE_AMBITION = re.compile(r"\b(master|diploma|graad|banaba|schakel\w*|pre-?master|bachelor|universit\w*)",
                             re.IGNORECASE)
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
        if not wants_a_degree(tracker):
            slots = [s for s in slots if s != "diploma"]
        return slots

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        declined_before = list(tracker.get_slot("declined") or [])
        asked = tracker.get_slot("requested_slot")
        events = await super().run(dispatcher, tracker, domain)
        declined = list(tracker.slots.get("declined") or [])
        if declined != declined_before:  # rasa_sdk only returns slots of the form; keep this one too
            events.insert(0, SlotSet("declined", declined))
        if asked and tracker.slots.get(asked) is not None and not any(
                e.get("event") == "slot" and e.get("name") == asked for e in events):
            # Already answered in an earlier turn (e.g. while a part was down): confirm it, so the form
            # goes on to the next question instead of rejecting this turn.
            events.insert(0, SlotSet(asked, tracker.slots.get(asked)))
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

    async def extract_sector(self, dispatcher, tracker, domain):
        return self._extract("sector", tracker)

    async def extract_diploma(self, dispatcher, tracker, domain):
        return self._extract("diploma", tracker)

    async def extract_ambition(self, dispatcher, tracker, domain):
        """An ambition said alongside other facts; the answer to the ambition question itself is Rasa's
        from_text mapping."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if tracker.get_slot("requested_slot") == "ambition" or intent not in ("inform", "start_search", "greet"):
            return {}
        ambition = constraints.ambition_in(_user_text(tracker))
        return {"ambition": ambition} if ambition and ambition != tracker.get_slot("ambition") else {}

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

    def validate_sector(self, value, dispatcher, tracker, domain):
        return {"sector": value if value in SECTORS else None}

    def validate_diploma(self, value, dispatcher, tracker, domain):
        return {"diploma": value if value in phrasing.DIPLOMA_WORDS else None}

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
        shown = [item["id"] for item in payload["recommendations"]]
        return [SlotSet("requested_slot", None), SlotSet("last_recommendations", shown),
                SlotSet("programme_in_focus", None)]


class ActionForgetMe(Action):
    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text="Ik heb je gegevens gewist: je profiel en wat je me vertelde zijn weg. "
                                      "Je kunt altijd opnieuw beginnen.")
        return [ActiveLoop(None), AllSlotsReset()]


def wants_a_degree(tracker: Tracker) -> bool:
    if tracker.get_slot("role") == "student_teacher":
        return False  # no teacher's diploma yet: admission stays "unknown" rather than asked
    return tracker.get_slot("wants_degree") is True or bool(DEGREE_AMBITION.search(tracker.get_slot("ambition") or ""))


# --- the questions whose wording and choices depend on who is asking -----------------------------------
SECTOR_CHOICES = {
    "VL": [("Kleuteronderwijs", "kleuteronderwijs"), ("Lager onderwijs", "lager onderwijs"),
           ("Secundair onderwijs", "secundair onderwijs"), ("Hoger onderwijs", "hoger onderwijs")],
    "NL": [("Basisonderwijs (po)", "basisonderwijs"), ("Voortgezet onderwijs", "voortgezet onderwijs"),
           ("Mbo", "mbo"), ("Hoger onderwijs", "hoger onderwijs")],
}
DIPLOMA_CHOICES = {
    "VL": [("Bachelor kleuteronderwijs", "bachelor kleuteronderwijs"), ("Bachelor lager onderwijs", "bachelor lager onderwijs"),
           ("Bachelor secundair onderwijs", "bachelor secundair onderwijs"), ("Master", "master")],
    "NL": [("Pabo", "pabo"), ("Hbo-bachelor", "hbo-bachelor"), ("Wo-bachelor", "wo-bachelor"), ("Master", "master")],
}


def _buttons(choices: list[tuple[str, str]], decline: str) -> list[dict]:
    return [{"title": title, "payload": payload} for title, payload in choices] + [
        {"title": decline, "payload": "weet ik niet"}]


class ActionAskSector(Action):
    def name(self) -> Text:
        return "action_ask_sector"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        question = {"counsellor": "In welk onderwijs werkt je collega?",
                    "student_teacher": "Voor welk onderwijs studeer je?",
                    "school_leader": "Wat voor school leid je: welk onderwijs?"}.get(
            tracker.get_slot("role"), "In welk onderwijs sta je voor de klas?")
        region = tracker.get_slot("region")
        choices = SECTOR_CHOICES.get(region) or SECTOR_CHOICES["VL"][:3] + SECTOR_CHOICES["NL"][:3]
        dispatcher.utter_message(text=question, buttons=_buttons(choices, "Maakt niet uit"))
        return []


class ActionAskDiploma(Action):
    def name(self) -> Text:
        return "action_ask_diploma"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        whose = "heeft je collega" if tracker.get_slot("role") == "counsellor" else "heb je"
        choices = DIPLOMA_CHOICES.get(tracker.get_slot("region")) or DIPLOMA_CHOICES["VL"][:2] + DIPLOMA_CHOICES["NL"]
        dispatcher.utter_message(text=f"Een master of schakeltraject vraagt een diploma. Welk diploma {whose}?",
                                 buttons=_buttons(choices, "Weet ik niet"))
        return []


# --- after the recommendations --------------------------------------------------------------------------
NOTHING_SHOWN = ("Ik heb je nog geen opleidingen voorgesteld. Vertel me eerst wat je zoekt, dan kunnen we er "
                 "daarna samen dieper op ingaan.")


def _shown(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot("last_recommendations") or [])


def _titles() -> Dict[str, str]:
    return {i: e["title"] for i, e in programmes.knowledge_by_id().items()}


def _programme_meant(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The programme the last message is about: one it names or numbers, else the one in focus, else the
    only one shown; a title from the whole knowledge when the user names one that was not shown."""
    known = programmes.knowledge_by_id()
    text = _user_text(tracker)
    ids = programmes.referred_ids(text, _shown(tracker))
    if ids:
        return known.get(ids[0])
    entry = programmes.by_title(text, list(known.values()))
    if entry:
        return entry
    focus = tracker.get_slot("programme_in_focus") or (_shown(tracker)[0] if len(_shown(tracker)) == 1 else None)
    return known.get(focus) if focus else None


class ActionAboutProgramme(Action):
    """'vertel meer over de tweede' (summary, facts, fit, unknowns, sources) or a factual question about a
    programme ('wat kost de eerste?', 'wanneer start het?'), answered from knowledge/ with its source."""

    def name(self) -> Text:
        return "action_about_programme"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        entry = _programme_meant(tracker)
        if entry is None:
            if not _shown(tracker):
                dispatcher.utter_message(text=NOTHING_SHOWN)
            else:
                dispatcher.utter_message(text="Over welke van de voorstellen gaat het? Zeg bijvoorbeeld "
                                              "'vertel meer over de tweede' of 'wat kost nummer 1?'.")
            return []
        asked = programmes.facts_asked(_user_text(tracker))
        if asked:
            lines = [f"Over {entry['title']}:"] + [phrasing.fact(entry, which, _titles()) for which in asked]
        else:
            fit = fit_entry(entry, profile_from(tracker))
            lines = [phrasing.title_line(entry), entry.get("summary") or ""]
            lines += [phrasing.fact(entry, which, _titles()) for which in ("where", "duration", "cost", "start", "admission")]
            lines += phrasing.fit_notes(fit)
        lines.append(programmes.sources_line(entry))
        dispatcher.utter_message(text="\n".join(line for line in lines if line))
        log.info("programme question answered (%d facts)", len(asked))
        return [SlotSet("programme_in_focus", entry["id"])]


class ActionCompare(Action):
    def name(self) -> Text:
        return "action_compare"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        shown = _shown(tracker)
        if not shown:
            dispatcher.utter_message(text=NOTHING_SHOWN)
            return []
        ids = programmes.referred_ids(_user_text(tracker), shown)
        if len(ids) < 2:
            dispatcher.utter_message(text="Welke twee wil je vergelijken? Zeg bijvoorbeeld 'vergelijk 1 en 3'.")
            return []
        known, profile = programmes.knowledge_by_id(), profile_from(tracker)
        entries = [known[i] for i in ids[:2]]
        labels = [f"{shown.index(e['id']) + 1 if e['id'] in shown else '?'}" for e in entries]
        lines = [f"Vergelijking van {labels[0]} en {labels[1]}:"]
        lines += [f"{label}. {phrasing.title_line(e)}" for label, e in zip(labels, entries)]
        for which in ("where", "duration", "cost", "start", "admission"):
            for label, e in zip(labels, entries):
                lines.append(f"{label}. {phrasing.fact(e, which, _titles())}")
        for label, e in zip(labels, entries):
            conflicts = fit_entry(e, profile).conflicts
            lines.append(f"{label}. Past bij jou: " + ("ja, geen bekende bezwaren" if not conflicts else
                                                        "niet op " + ", ".join(phrasing.FIT_WORDS.get(c, c) for c in conflicts)))
        lines += [programmes.sources_line(e) for e in entries]
        dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionWhyNot(Action):
    """'waarom staat X er niet bij?': find X in the knowledge by its title and explain its fit."""

    def name(self) -> Text:
        return "action_why_not"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        shown = _shown(tracker)
        entry = programmes.by_title(_user_text(tracker), list(programmes.knowledge_by_id().values()))
        if entry is None:
            dispatcher.utter_message(text="Dat vind ik niet in mijn bronnen, dus ik kan het niet aanraden of "
                                          "beoordelen. Ik ken alleen het aanbod dat in mijn bronnen beschreven staat.")
            return []
        if entry["id"] in shown:
            dispatcher.utter_message(text=f"{entry['title']} staat er wel bij, als nummer {shown.index(entry['id']) + 1}.")
            return [SlotSet("programme_in_focus", entry["id"])]
        fit = fit_entry(entry, profile_from(tracker))
        if fit.conflicts:
            reasons = [f"- {fit.notes.get(k, phrasing.FIT_WORDS.get(k, k))}" for k in fit.conflicts]
            text = f"{phrasing.title_line(entry)} staat er niet bij omdat het niet past bij wat je vertelde:\n" + "\n".join(reasons)
        else:
            text = (f"{phrasing.title_line(entry)} botst niet met je voorwaarden, maar andere opties sloten "
                    "inhoudelijk beter aan bij wat je wilt leren. Vraag gerust 'vertel meer over' deze opleiding.")
        dispatcher.utter_message(text=f"{text}\n{programmes.sources_line(entry)}")
        return [SlotSet("programme_in_focus", entry["id"])]


class ActionHandoff(Action):
    """A person takes over: a summary of the profile that a counsellor can act on (text for the user,
    and the same as a custom payload a channel such as Teams can route to a counsellor)."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        profile = profile_from(tracker)
        titles = _titles()
        shown = [titles.get(i, i) for i in _shown(tracker)]
        summary = phrasing.profile_summary(profile, list(tracker.get_slot("declined") or []), shown)
        dispatcher.utter_message(text="Ik geef je vraag door aan een studiebegeleider. Die krijgt deze samenvatting, "
                                      f"zodat je niet alles opnieuw hoeft te vertellen:\n{summary}\n"
                                      "Wil je intussen verder zoeken, zeg dan gewoon wat je zoekt.")
        dispatcher.utter_message(json_message={"handoff": {"profile": profile, "shown": _shown(tracker),
                                                           "summary": summary}})
        log.info("handoff requested (%d profile fields known)", sum(v is not None for v in profile.values()))
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
