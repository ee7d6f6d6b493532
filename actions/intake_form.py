"""The intake form: one validation action that reads every message with the pending question known, and
one ask action per question, all from the profile contract (intake.contract).

Per message (ValidateProfileForm.run):
1. A clear request for something else (a person, restart, stop, forget-me, help, English, a question about
   programmes) is rejected, so Rasa's rules for it run at once.
2. Otherwise intake.understand reads it: new values, clear changes, the goal, wishes, a declined question.
3. One reply says what was taken ("Genoteerd: ..."), what changed ("Ik pas je tijd aan naar ..."), or
   asks again for an impossible value; a message that answered nothing gets a short "sorry" and the ask
   action repeats the question (rephrased the second time). A question is asked at most twice in a row,
   then skipped ("ik ga verder zonder ...").
4. The next question follows from the contract's order and what matters for this person.
Logs carry slot names and counts, never message text or profile values.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection

from intake import contract, cues, profile_guess, understand
from intake.contract import SLOTS, describe

log = logging.getLogger(__name__)

# Intents that interrupt the intake when the words leave no doubt (see intake.cues and the NLU component).
ESCAPE_INTENTS = {"human_handoff", "restart", "forget_me", "goodbye", "help", "english", "ask_insights",
                  "ask_overview"}
FOLLOW_UP_INTENTS = {"ask_programme", "compare", "ask_why_not"}
# A question word makes a message a question without its "?" (phone typing rarely adds one)
QUESTION_WORD = re.compile(r"\b(wat|wa|wanneer|waar|hoeveel|hoelang|welke|wie|waarom|hoe)\b")
GREETING = "utter_greet"
# A degree has admission rules on diplomas: only then does the diploma change the result.
DEGREE_AMBITION = re.compile(r"\b(master|diploma|graad|banaba|schakel\w*|pre-?master|bachelor|universit\w*)", re.I)


def user_text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def user_texts(tracker: Tracker, latest: bool = True) -> List[str]:
    """The teacher's messages in this conversation (since a restart), with or without the message being
    answered now."""
    texts = []
    for event in tracker.events:
        if event.get("event") in ("restart", "session_started"):
            texts = []
        elif event.get("event") == "user" and not (event.get("text") or "").startswith("/"):
            texts.append(event.get("text") or "")
    return texts if latest else texts[:-1]


def implied(slot: str, tracker: Tracker, latest: bool = True) -> Optional[str]:
    """The value the teacher's words so far imply: a role or sector guessed from all they typed
    (intake.profile_guess), or the goal from the situation they told (intake.understand.situation)."""
    if slot == "ambition":
        return understand.situation(user_texts(tracker, latest))
    if slot not in profile_guess.SLOTS:
        return None
    return understand.implied(slot, " ".join(user_texts(tracker, latest)), tracker.get_slot("region"))


def intent_of(tracker: Tracker) -> tuple[Optional[str], float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def profile_of(tracker: Tracker) -> Dict[str, Any]:
    return contract.normalise_profile({k: tracker.get_slot(k) for k in contract.PROFILE_FIELDS})


def answers_a_message(tracker: Tracker) -> bool:
    """Is the form running on a new user message (not on its way back after e.g. 'help')? Rasa sends the
    validation a tracker that ends with the form's own ActionExecuted; what came before it decides. The
    greeting rule answers "hallo, ik ben juf in Gent" before it starts the form: that message is still read."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in ("profile_form", GREETING, None):
            return event.get("name") == "action_listen"
    return False


def just_greeted(tracker: Tracker) -> bool:
    """The greeting rule has already answered this message (utter_greet ran before the form)."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") not in ("profile_form", None):
            return event.get("name") == GREETING
    return False


def just_set(tracker: Tracker) -> tuple:
    """The profile slots the previous message filled (what a correction such as "of nee, 750" is about)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if len(users) < 2:
        return ()
    between = tracker.events[users[-2]:users[-1]]
    return tuple(dict.fromkeys(e["name"] for e in between
                               if e.get("event") == "slot" and e.get("name") in SLOTS and e.get("value") is not None))


def wants_a_degree(profile: Dict[str, Any]) -> bool:
    if profile.get("role") == "student_teacher":
        return False  # no teacher's diploma yet: admission stays "unknown" rather than asked
    return profile.get("wants_degree") is True or bool(DEGREE_AMBITION.search(profile.get("ambition") or ""))


def questions_for(profile: Dict[str, Any], declined: List[str]) -> List[str]:
    """The questions that matter for this person, in the contract's order."""
    online_only = profile.get("delivery") == "online" and contract.hard(profile, "delivery")
    asked = []
    for slot in contract.FORM_SLOTS:
        if slot in declined:
            continue
        if slot in ("home_town", "max_travel_minutes") and online_only:
            continue
        if slot == "diploma" and not wants_a_degree(profile):
            continue
        if slot == "region" and profile.get("home_town"):
            continue  # a known town without region is outside VL/NL and was refused
        asked.append(slot)
    return asked


def next_question(profile: Dict[str, Any], declined: List[str]) -> Optional[str]:
    return next((s for s in questions_for(profile, declined) if profile.get(s) is None), None)


def short(text: str, limit: int = 80) -> str:
    """A goal as said back: cleaned, and cut at a word with '…' when long."""
    text = understand.clean(text)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def acknowledgement(reading: understand.Reading) -> Optional[str]:
    """'Genoteerd: leraar, lager onderwijs, Genk, 4 uur per week.' after a message that filled two or more
    slots, and 'Ik pas je tijd aan naar 6 uur per week.' for every change, so a misreading is seen."""
    parts = []
    shown = {k: v for k, v in reading.set.items() if k in SLOTS and k not in ("preferences",)}
    if reading.ambition and not reading.ambition_extended and not reading.changed.get("ambition"):
        shown.setdefault("ambition", reading.ambition)
    if len(shown) >= 2:
        words = [f"leerdoel '{short(v)}'" if k == "ambition" else describe(k, v) for k, v in shown.items()]
        parts.append("Genoteerd: " + ", ".join(words) + ". Klopt iets niet? Zeg het gerust, bijvoorbeeld 'nee, 2 uur'.")
    for slot, (_old, new) in reading.changed.items():
        parts.append(f"Ik pas {SLOTS[slot].label} aan naar {describe(slot, new)}.")
    for slot, said in reading.ranges.items():
        value = reading.set.get(slot, reading.changed.get(slot, (None, None))[1])
        if value is not None:
            parts.append(f"Je zei '{said}': ik reken met het midden, {describe(slot, value)}.")
    if reading.ambition_extended:
        parts.append("Ik voeg dat toe aan je leerdoel.")
    if reading.preferences is not None:
        wishes = [SLOTS[s].label for s in reading.preferences]
        if wishes:
            parts.append("Ik lees " + " en ".join(wishes) + " als een voorkeur: wat daar niet aan voldoet, "
                         "zet ik lager in plaats van het weg te laten.")
    return " ".join(parts) or None


# "geen idee nog" to the goal: the goal steers every recommendation, so it is asked once more, with examples,
# before the intake goes on without it (other questions are skipped at once).
GOAL_NOT_YET = "Geen probleem, dat hoeft nog niet precies. Misschien helpt een voorbeeld:"

OUT_OF_RANGE = {
    "hours_per_week": "{value} uur per week naast je werk lijkt me niet haalbaar. Hoeveel uur per week heb je echt, tussen een half uur en 40 uur?",
    "budget_eur": "Een budget van {value} euro kan ik niet gebruiken. Hoeveel euro mag het kosten? (0 als er geen budget is)",
    "max_travel_minutes": "{value} minuten reizen is wel erg veel. Hoeveel minuten wil je maximaal reizen, tot 4 uur?",
    "experience_years": "{value} jaar ervaring lijkt me niet te kloppen. Hoeveel jaar sta je al voor de klas?",
}


class ValidateProfileForm(Action):
    """The form's validation: all of the intake's understanding, in one place (see the module doc)."""

    def name(self) -> Text:
        return "validate_profile_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        profile = profile_of(tracker)
        declined = list(tracker.get_slot("declined") or [])
        pending = tracker.get_slot("requested_slot") if tracker.active_loop.get("name") else None
        events: List[EventType] = []
        progressed = False
        if answers_a_message(tracker):
            text, (intent, confidence) = user_text(tracker), intent_of(tracker)
            reading = understand.read(text, pending, profile, intent, just_set(tracker))  # once per message
            self._take_implied(reading, text, pending, tracker)
            if self._interrupts(text, intent, confidence, pending, reading):
                raise ActionExecutionRejection(self.name(), "a request of its own")
            if not reading.understood and just_greeted(tracker):
                reading = understand.Reading()  # a bare "hallo": greeted already, nothing to add
            elif reading.declined == "ambition" and not self._asked_too_often(tracker, "ambition"):
                dispatcher.utter_message(text=GOAL_NOT_YET)  # the ask action follows with its examples
            else:
                events += self._apply(reading, profile, declined, dispatcher)
                progressed = bool(reading.set or reading.changed or reading.ambition)
                self._reply(reading, intent, pending, profile, declined, dispatcher, tracker)
            log.info("intake turn: %d set, %d changed, declined=%s", len(reading.set), len(reading.changed),
                     bool(reading.declined))
        question = next_question(profile, declined)
        if pending and question == pending and self._asked_too_often(tracker, pending):
            later = next_question(profile, declined + [pending])
            if progressed and later:
                question = later  # they are telling other things: ask this one again later, not a third time now
            else:
                declined.append(pending)
                dispatcher.utter_message(text=f"Ik ga verder zonder {SLOTS[pending].label}; je kunt het later nog "
                                              "altijd zeggen.")
                question = next_question(profile, declined)
        if declined != list(tracker.get_slot("declined") or []):
            events.append(SlotSet("declined", declined))
        # Always at least one slot event: Rasa's form would otherwise reject a turn that filled nothing and
        # hand it to other policies, which is how answers used to be lost.
        events.append(SlotSet("question_streak", tracker.get_slot("question_streak")))
        events.append(SlotSet("requested_slot", question))
        return events

    @staticmethod
    def _interrupts(text: str, intent: Optional[str], confidence: float, pending: Optional[str],
                    reading: understand.Reading) -> bool:
        if not pending:
            return False  # activation after the recommendations: the form only updates the profile
        if intent in ESCAPE_INTENTS:
            if cues.escape(text) or cues.is_english(text):
                return True
            # a classifier's guess never restarts or erases a conversation; the others need certainty
            return intent not in ("restart", "forget_me") and confidence >= 0.9 and not reading.understood
        if intent in FOLLOW_UP_INTENTS:
            # typed without "?" too: "en die eerste van net, hoeveel uur is dat" while the diploma was asked
            # after a master wish (a23-050 had its question read as a failed answer, twice)
            return not reading.understood and ("?" in text or bool(QUESTION_WORD.search(text.lower())))
        return False

    @staticmethod
    def _take_implied(reading: understand.Reading, text: str, pending: Optional[str], tracker: Tracker) -> None:
        """The question was asked as "zo begrijp ik wat je vertelde: ... Klopt dat?": a "ja" (or "weet ik niet",
        which leaves what they told standing) takes the value their words implied; any other answer is read
        as usual. The question was asked that way exactly when the words before this message imply a value."""
        if not pending or pending in reading.set or pending in reading.changed:
            return
        if not (understand.confirms(text) or reading.declined == pending):
            return
        value = implied(pending, tracker, latest=False)
        if value and pending == "ambition":
            reading.ambition = value
            reading.declined = None
        elif value:
            reading.set[pending] = value
            reading.declined = None

    @staticmethod
    def _apply(reading: understand.Reading, profile: Dict[str, Any], declined: List[str],
               dispatcher: CollectingDispatcher) -> List[EventType]:
        events = []
        for slot, value in reading.filled().items():
            profile[slot] = value
            events.append(SlotSet(slot, value))
            if slot in declined:
                declined.remove(slot)  # said after all
        if reading.ambition:
            profile["ambition"] = reading.ambition
            events.append(SlotSet("ambition", reading.ambition))
            if "ambition" in declined:
                declined.remove("ambition")
        if reading.preferences is not None:
            profile["preferences"] = reading.preferences
            events.append(SlotSet("preferences", reading.preferences))
        if reading.declined and reading.declined not in declined:
            declined.append(reading.declined)
        if profile.get("home_town") and not profile.get("region"):
            from index import geo

            place = geo.find_place(profile["home_town"])
            if place and place.region:
                profile["region"] = place.region
                events.append(SlotSet("region", place.region))
            elif place:  # Wallonia, Germany...: not a town whose offer we know
                dispatcher.utter_message(text="Die gemeente ligt buiten Vlaanderen en Nederland. Ik ken alleen het "
                                              "aanbod voor Vlaamse en Nederlandse leraren. In welke gemeente woon je?")
                profile["home_town"] = None
                events.append(SlotSet("home_town", None))
        return events

    @staticmethod
    def _reply(reading: understand.Reading, intent: Optional[str], pending: Optional[str], profile: Dict[str, Any],
               declined: List[str], dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        said = acknowledgement(reading)
        if said:
            dispatcher.utter_message(text=said)
        for slot, value in reading.out_of_range.items():
            dispatcher.utter_message(text=OUT_OF_RANGE[slot].format(value=contract.number_text(value)))
        if reading.unknown_town:
            dispatcher.utter_message(text=f"Ik ken de gemeente '{reading.unknown_town}' niet. Kun je een grotere "
                                          "gemeente of stad in de buurt noemen?")
        if reading.understood or not pending:
            if not pending and not reading.understood and tracker.get_slot("last_recommendations"):
                dispatcher.utter_message(response="utter_anything_else")
            return
        if reading.junk:
            dispatcher.utter_message(text="Dat kan ik niet lezen als antwoord.")
        elif intent == "greet":
            dispatcher.utter_message(text="Hallo!")
        elif intent == "thank":
            dispatcher.utter_message(text="Graag gedaan!")
        elif intent == "chitchat":
            dispatcher.utter_message(text="Daar kan ik je niet mee helpen, wel met een opleiding die bij je past.")
        elif pending == "ambition":
            dispatcher.utter_message(text="Ik heb nog niet goed begrepen wat je wilt leren.")
        else:
            dispatcher.utter_message(text="Sorry, dat begreep ik niet helemaal.")

    @staticmethod
    def _asked_too_often(tracker: Tracker, slot: str) -> bool:
        streak = tracker.get_slot("question_streak") or {}
        return streak.get("slot") == slot and int(streak.get("count") or 0) >= contract.MAX_ASKS


class AskQuestion(Action):
    """Asks one question of the contract: the question the first time, a rephrasing with examples and quick
    replies the second time; wording for a counsellor or a student where it differs."""

    slot = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        spec = SLOTS[self.slot]
        streak = tracker.get_slot("question_streak") or {}
        count = int(streak.get("count") or 0) + 1 if streak.get("slot") == self.slot else 1
        text = spec.question if count == 1 else spec.rephrase
        text = self.personal(text, tracker, count)
        choices = self.quick_replies(tracker)
        value = implied(self.slot, tracker) if spec.confirm else None
        if value:  # their words imply it: ask them to confirm rather than to say it again
            text = spec.confirm.format(value=spec.values[value] if spec.values else short(value))
            choices = [("Ja", "ja")] + [c for c in choices if c[1] != "weet ik niet"]
        buttons = [{"title": t, "payload": p} for t, p in choices]
        dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet("question_streak", {"slot": self.slot, "count": count})]

    def personal(self, text: str, tracker: Tracker, count: int) -> str:
        return text

    def quick_replies(self, tracker: Tracker) -> list:
        return list(SLOTS[self.slot].quick_replies)


SECTOR_CHOICES = {
    "VL": [("Kleuteronderwijs", "kleuteronderwijs"), ("Lager onderwijs", "lager onderwijs"),
           ("Secundair onderwijs", "secundair onderwijs"), ("Buitengewoon onderwijs", "buitengewoon onderwijs"),
           ("Hoger onderwijs", "hoger onderwijs")],
    "NL": [("Basisonderwijs (po)", "basisonderwijs"), ("Voortgezet onderwijs", "voortgezet onderwijs"),
           ("Mbo", "mbo"), ("Speciaal onderwijs (so/vso/sbo)", "speciaal onderwijs"), ("Hoger onderwijs", "hoger onderwijs")],
}
DIPLOMA_CHOICES = {
    "VL": [("Bachelor kleuteronderwijs", "bachelor kleuteronderwijs"), ("Bachelor lager onderwijs", "bachelor lager onderwijs"),
           ("Bachelor secundair onderwijs", "bachelor secundair onderwijs"), ("Master", "master")],
    "NL": [("Pabo", "pabo"), ("Hbo-bachelor", "hbo-bachelor"), ("Wo-bachelor", "wo-bachelor"), ("Master", "master")],
}


class AskSector(AskQuestion):
    slot = "sector"

    def personal(self, text, tracker, count):
        if count > 1:
            return text
        return {"counsellor": "In welk onderwijs werkt je collega?", "student_teacher": "Voor welk onderwijs studeer je?",
                "school_leader": "Wat voor school leid je: welk onderwijs?"}.get(tracker.get_slot("role"), text)

    def quick_replies(self, tracker):
        region = tracker.get_slot("region")
        choices = SECTOR_CHOICES.get(region) or SECTOR_CHOICES["VL"][:4] + SECTOR_CHOICES["NL"][:4]
        return choices + [("Maakt niet uit", "weet ik niet")]


class AskDiploma(AskQuestion):
    slot = "diploma"

    def personal(self, text, tracker, count):
        return text.replace("heb je", "heeft je collega") if tracker.get_slot("role") == "counsellor" else text

    def quick_replies(self, tracker):
        choices = DIPLOMA_CHOICES.get(tracker.get_slot("region")) or DIPLOMA_CHOICES["VL"][:2] + DIPLOMA_CHOICES["NL"]
        return choices + [("Weet ik niet", "weet ik niet")]


class AskAmbition(AskQuestion):
    slot = "ambition"

    def personal(self, text, tracker, count):
        if tracker.get_slot("role") == "counsellor" and count == 1:
            return text.replace("Wat wil je leren", "Wat wil je collega leren")
        return text


# The other questions need nothing but the contract's wording.
class AskRole(AskQuestion):
    slot = "role"


class AskRegion(AskQuestion):
    slot = "region"


class AskHours(AskQuestion):
    slot = "hours_per_week"


class AskBudget(AskQuestion):
    slot = "budget_eur"


class AskTown(AskQuestion):
    slot = "home_town"


class AskTravel(AskQuestion):
    slot = "max_travel_minutes"
