"""Rasa custom actions after the intake: recommendations, follow-ups (about one programme, across the shown
list, comparisons, why-not), the handoff to a person, and forgetting. The intake form itself is in
actions/intake_form.py. Facts come from knowledge/ with their source lines, or are said to be unknown. Logs
carry counts, never message text or profile values (teachers' profiles are personal data).
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, AllSlotsReset, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import demand, forget, handoff, phrasing, programmes, referent
from bot import memory
from actions.intake_form import profile_of, user_text
from index import availability, geo
from index.fit import fit_entry
from index.search import IN_DEVELOPMENT, PAYLOAD_FIT_KEYS
from intake import contract, cues, followup_kind, parse, understand

log = logging.getLogger(__name__)
RESULTS_PER_TURN = 5

# --- the recommender is loaded once, in the background, when the action server starts ---------------
_recommender = None
_recommender_error: Optional[str] = None
_ready = threading.Event()


def _load_recommender() -> None:
    global _recommender, _recommender_error
    try:
        from index.search import Recommender

        parse.nlp()  # spaCy and the gazetteer, so the first form answer is not slow
        _recommender = Recommender.load()
    except Exception as exc:  # keep serving the dialogue; recommendations say what is wrong
        _recommender_error = str(exc)
        log.exception("search index could not be loaded")
    finally:
        memory.give_back()  # what loading the parser, gazetteer and index freed
        _ready.set()


def recommender():
    """The loaded recommender, or None (with the reason logged) if the index cannot be served. A rebuilt index
    (knowledge changed, `leerwijzer index build`) is taken at the next recommendation, without a restart."""
    if not _ready.is_set() and not _loader.is_alive():
        _load_recommender()
    _ready.wait(timeout=600)
    _reload_if_rebuilt()
    return _recommender


_reloading = threading.Lock()


def _reload_if_rebuilt() -> None:
    global _recommender
    current = _recommender
    if current is None or not current.rebuilt() or not _reloading.acquire(blocking=False):
        return  # another turn is reloading it: this one is answered from the index it has
    try:
        from index.search import Recommender

        # the same e5 model: only the index is new (and the old one is freed with the old recommender)
        _recommender = Recommender.load(build_dir=current.build_dir, model=current.model, build_if_needed=False)
        log.info("search index reloaded: %s entries", len(_recommender.entries))
        current = None  # the old index is unreachable now: its memory goes back
        memory.give_back()
    except Exception:  # a half-swapped or broken build: keep serving the one that works, until the next build
        log.exception("a rebuilt search index could not be loaded; serving the previous one")
        from index.build import current_meta

        current.meta = current_meta(current.build_dir)
    finally:
        _reloading.release()


_loader = threading.Thread(target=_load_recommender, name="load-index", daemon=True)


def start_loading() -> None:
    """Called by the action server (actions/server.py): load the model and index while Rasa starts up."""
    if not _loader.is_alive() and not _ready.is_set():
        _loader.start()


class ActionRecommend(Action):
    def name(self) -> Text:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        profile = profile_of(tracker)
        fingerprint = json.dumps(profile, sort_keys=True, default=str)
        if tracker.get_slot("last_recommendations") and fingerprint == tracker.get_slot("recommended_for"):
            return []  # nothing changed since the last list; the form already said what can be asked
        engine = await asyncio.to_thread(recommender)  # the first call may wait for the index: off the event loop
        if engine is None:
            dispatcher.utter_message(text="Sorry, mijn zoekindex is nu niet beschikbaar, dus ik kan geen "
                                          "suggesties geven. Je profiel blijft bewaard: probeer het zo meteen opnieuw.")
            return []
        payload = phrasing.annotate(engine.recommend(profile, top=RESULTS_PER_TURN))
        demand.record(tracker, profile, payload)  # the anonymous demand log: topic keys and bands, no person
        log.info("recommendation turn: %d results, %d profile fields known",
                 len(payload["recommendations"]), sum(v is not None for v in profile.values()))
        for message in phrasing.recommendation_messages(payload):
            dispatcher.utter_message(**message)
        dispatcher.utter_message(json_message=payload)
        shown = [item["id"] for item in payload["recommendations"]]
        return [SlotSet("requested_slot", None), SlotSet("last_recommendations", shown),
                SlotSet("programme_in_focus", None), SlotSet("shown_count", len(shown)),
                SlotSet("recommended_for", fingerprint)]


class ActionSessionStart(Action):
    """Rasa's session start, plus the first message of every conversation in every channel: this is a machine,
    not a person, and how to reach one (EU AI Act art. 50). Slots are not carried over (domain.yml)."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response="utter_disclosure")
        return [SessionStarted(), ActionExecuted("action_listen")]


class ActionForgetMe(Action):
    """The tracker store deletes the stored conversation (bot/tracker_store.py); this erases the printable
    overviews the widget made in it (bot/overview.py, on the page server), tells the widget to clear its
    session storage ({"forgotten": true}), and says what stays out of our reach."""

    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        erased = await forget.overviews(tracker.sender_id)
        dispatcher.utter_message(response="utter_forgotten")
        if not erased:
            dispatcher.utter_message(text=phrasing.OVERVIEWS_NOT_ERASED)
        said = [r.get("text") for r in (domain.get("responses") or {}).get("utter_forgotten") or []]
        # the widget clears its session storage and shows only this confirmation (bot/web/leerwijzer.js)
        dispatcher.utter_message(json_message={"forgotten": True, "text": said[0] if said else ""})
        return [ActiveLoop(None), AllSlotsReset()]


# --- after the recommendations --------------------------------------------------------------------------
NOTHING_SHOWN = ("Ik heb je nog geen opleidingen voorgesteld. Vertel me eerst wat je zoekt, dan kunnen we er "
                 "daarna samen dieper op ingaan.")


def _shown(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot("last_recommendations") or [])


def _titles() -> Dict[str, str]:
    return {i: e["title"] for i, e in programmes.knowledge_by_id().items()}


# "kan ik daar in met mijn bachelor lager?": the diploma said is no pointer to a programme
WITH_A_DIPLOMA = re.compile(r"\b(met|zonder|als|tijdens|na|naast)\s+(mijn|mijne|mn|m'n|een|ne|haar|zijn|het|de)?\s*(diploma\s+)?"
                            # ("kan ik daar in met een tweedegraads?", a28-012: not the STEM project's "tweede")
                            r"(bachelor|master|pabo|hbo|wo|banaba|educatieve|student|diploma|\w+diploma|\w*graads|pdg|"
                            r"lerarenopleiding|\w*bevoegdheid)\b"
                            r"(\s+(?!(in|direct|meteen|instromen|starten|beginnen|naar|bij|die|de|het|dat)\b)\w+){0,2}", re.I)


def _programme_meant(tracker: Tracker, kind: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The programme the last message is about: one it numbers or names among those shown (by title,
    provider, place or topic); else the one in focus ("die", "het", "de lessen"); else the only one shown.
    A programme from the whole knowledge only when its title is clearly named ("de master SEN"), never from
    words like "lessen" or "dag". Several shown ones that fit equally: a list (the caller asks which)."""
    known = programmes.knowledge_by_id()
    text = user_text(tracker)
    if kind == "admission":
        text = WITH_A_DIPLOMA.sub("", text)
    shown = _shown(tracker)
    focus = tracker.get_slot("programme_in_focus")
    # a number or a place only one has is exact; other words are weighed by the learned ranker (actions.referent)
    ids = referent.referred_ids(text, shown, focus if focus in shown else None)
    if len(ids) > 1:
        return [known[i] for i in ids if i in known]
    if ids:
        return known.get(ids[0])
    focus = focus or (shown[0] if len(shown) == 1 else None)
    if focus and (not programmes.names_a_title(text) or programmes.title_holds_what_is_named(text, known.get(focus))):
        # "hoe lang duurt de master?" while the OU master is talked about (a28-038): that master, not another
        # master of the whole knowledge
        return known.get(focus)
    entry = programmes.by_title(text, list(known.values()))
    if entry:
        return entry
    if focus:
        return known.get(focus)
    if shown and POINTS_BACK.search(text.lower()):
        # "moet heel de school daaraan meedoen?" right after the list: the first one, and the reply says so
        first = known.get(shown[0])
        return {**first, "_assumed_first": True} if first else None
    return None


def _town_asked(text: str) -> Optional[str]:
    """The town a where-question asks about ("is die ook in Utrecht?"), not where the teacher comes from
    ("waar kan ik die volgen vanuit haarlem")."""
    lower = text.lower()
    return next((f.value for f in parse.parse(text) if f.entity == "home_town"
                 and not re.search(r"\b(vanuit|uit|van|vanaf)\s+$", lower[:f.start])), None)


# Words that point back at something shown without naming it: with nothing in focus, the first is meant
POINTS_BACK = re.compile(r"\b(dat|da|dit|die|daar|daaraan|daarin|daarvoor|daarvan|daarmee|het|deze|ervan|eraan)\b")


class ActionAboutProgramme(Action):
    """'vertel meer over de tweede' (summary, facts, fit, unknowns, sources) or a factual question about a
    programme ('wat kost de eerste?', 'wanneer start het?'), answered from knowledge/ with its source."""

    def name(self) -> Text:
        return "action_about_programme"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        text = user_text(tracker)
        kind = cues.followup(text) or _kind_by_words(text, tracker)
        learned = None  # what the learned reader says is asked, read once: it names a kind or, below, a fact
        if kind is None:
            learned = followup_kind.trusted(text, _question_vector(text))
            kind = _learned_kind(learned, text, tracker)
        if kind == "compare":
            return _compare(dispatcher, tracker)
        pointed = _points_at(text, _shown(tracker)) if kind in ABOUT_ONE else []
        if len(pointed) == 1:
            # "en is de Open Universiteit goedkoper?", "is de tweede korter?": about that one, not the whole list
            return _about_one(dispatcher, tracker, pointed[0], ABOUT_ONE[kind])
        if pointed:  # two shown ones of the Open Universiteit: ask which
            return _ask_which(dispatcher, tracker, pointed)
        if kind in ACROSS_THE_LIST:
            if not _shown(tracker):
                dispatcher.utter_message(text=NOTHING_SHOWN)
                return []
            await asyncio.to_thread(recommender)  # never wait for the index on the event loop (health checks)
            return ACROSS_THE_LIST[kind](dispatcher, tracker, text)
        entry = _programme_meant(tracker, kind)
        asked = programmes.facts_asked(text)
        if not asked and kind is None and learned in KIND_FACTS:
            # "is die in breda of utrecht?", "tot wanneer kan ik da aanvragen?": no word the fact rules know, but
            # the learned reader knows what is asked: that fact, not the whole card
            asked = [KIND_FACTS[learned]]
        if kind == "admission" and "admission" not in asked:
            asked.insert(0, "admission")  # "kan dat als student?": for each shown one when none is meant
        if isinstance(entry, list):  # "die in Hasselt" when two shown ones are in Hasselt: ask which
            return _ask_which(dispatcher, tracker, [e["id"] for e in entry])
        assumed = isinstance(entry, dict) and entry.pop("_assumed_first", False)
        if kind == "admission" and (entry is None or assumed):
            # "kan ik daar in met mijn bachelor lager?" with nothing in focus: admission rules belong to a degree
            # route, so when only one shown programme has them, that is the one meant (and the reply names it)
            ruled = [e for e in _shown_entries(tracker) if _has_admission_rule(e)]
            if len(ruled) == 1:
                dispatcher.utter_message(text=phrasing.ASSUMED_ONE.format(title=ruled[0]["title"]))
                return _admission(dispatcher, tracker, ruled[0], text)
        if assumed and asked:
            entry = None  # "wanneer start het?" with nothing in focus: each one's start says more than the first's
        if entry is None and asked and _shown(tracker):
            # "op welke dag zijn de lessen?" with nothing in focus: the answer for each programme shown
            lines = [f"{n}. {e['title']} ({phrasing.availability(e)}): "
                     + "; ".join(phrasing.fact(e, which, _titles()) for which in asked)
                     for n, e in enumerate(_shown_entries(tracker), 1)]
            dispatcher.utter_message(text="\n".join(lines) + "\nVraag gerust 'vertel meer over de tweede' voor de bronnen.")
            return []
        if entry is None:
            if not _shown(tracker):
                dispatcher.utter_message(text=NOTHING_SHOWN)
            else:
                dispatcher.utter_message(text="Over welke van de voorstellen gaat het? Zeg bijvoorbeeld "
                                              "'vertel meer over de tweede' of 'wat kost nummer 1?'.")
            return []
        if assumed:
            dispatcher.utter_message(text=phrasing.ASSUMED_FIRST)
        if kind == "language":
            return _language(dispatcher, entry)
        if kind == "admission":
            return _admission(dispatcher, tracker, entry, text)
        if asked:
            lines = [f"Over {entry['title']} ({phrasing.availability(entry)}):"]
            town = _town_asked(text) if "where" in asked else None
            if town:
                lines.append(phrasing.town_answer(entry, town))
            lines += [phrasing.fact(entry, which, _titles()) for which in asked]
        else:
            fit = fit_entry(entry, profile_of(tracker))
            lines = [phrasing.title_line(entry), entry.get("summary") or ""]
            lines += [phrasing.fact(entry, which, _titles()) for which in ("where", "duration", "cost", "start", "admission")]
            lines += phrasing.fit_notes(fit)
        lines.append(programmes.sources_line(entry))
        dispatcher.utter_message(text="\n".join(line for line in lines if line))
        log.info("programme question answered (%d facts)", len(asked))
        return [SlotSet("programme_in_focus", entry["id"])]


# A question across the list ("goedkoper", "korter") that points at one shown programme asks
# this fact of that one.
# Not "dichtst bij Hasselt": the town there is where from, not which one.
ABOUT_ONE = {"cheapest": "cost", "shortest": "duration"}


def _points_at(text: str, shown: List[str]) -> List[str]:
    """The shown programmes a comparative question numbers or names by place or provider, exactly: one, or
    several that share the place or provider (then it is not a question across the whole list either)."""
    numbered = programmes.by_number(text, shown)
    if numbered:
        return numbered if len(numbered) == 1 else []
    return referent.by_place(text, shown)[:3]


def _ask_which(dispatcher, tracker, ids: List[str]) -> List[EventType]:
    known, shown = programmes.knowledge_by_id(), _shown(tracker)
    options = " of ".join(f"nummer {shown.index(i) + 1} ({known[i]['title']})" for i in ids[:3] if i in shown)
    dispatcher.utter_message(text=f"Over welke gaat het: {options}?")
    return []


def _about_one(dispatcher, tracker, eid: str, fact: str) -> List[EventType]:
    entry = programmes.knowledge_by_id()[eid]
    lines = [f"Over {_position(tracker, entry)}{entry['title']} ({phrasing.availability(entry)}):",
             phrasing.fact(entry, fact, _titles()), programmes.sources_line(entry)]
    dispatcher.utter_message(text="\n".join(line for line in lines if line))
    return [SlotSet("programme_in_focus", eid)]


# --- questions across the shown list: each answer names its source, or says what is unknown ---------------
def _shown_entries(tracker: Tracker) -> List[Dict[str, Any]]:
    known = programmes.knowledge_by_id()
    return [known[i] for i in _shown(tracker) if i in known]


def _position(tracker: Tracker, entry: Dict[str, Any]) -> str:
    shown = _shown(tracker)
    return f"nummer {shown.index(entry['id']) + 1}, " if entry["id"] in shown else ""


def _unknown_for(entries: List[Dict[str, Any]], what: str) -> str:
    if not entries:
        return ""
    return f" Van {', '.join(e['title'] for e in entries[:4])} zegt de bron {what} niet."


def _lowest(dispatcher, tracker, field: str, noun: str, lead: str, value) -> List[EventType]:
    """The shown programme with the lowest known `field` (price, duration); unknowns are named, not guessed."""
    entries = _shown_entries(tracker)
    known = sorted((e for e in entries if e.get(field) is not None), key=lambda e: e[field])
    unknown = [e for e in entries if e.get(field) is None]
    if not known:
        dispatcher.utter_message(text=f"Dat weet ik niet: de bronnen noemen voor geen van de voorstellen {noun} (onbekend).")
        return []
    best = known[0]
    dispatcher.utter_message(text=f"{lead} {_position(tracker, best)}{best['title']} ({phrasing.availability(best)}): "
                                  f"{value(best)}."
                                  + _unknown_for(unknown, noun) + "\n" + programmes.sources_line(best))
    return [SlotSet("programme_in_focus", best["id"])]


def _cheapest(dispatcher, tracker, text) -> List[EventType]:
    return _lowest(dispatcher, tracker, "cost_eur", "de prijs", "Van de voorstellen met een bekende prijs is het goedkoopst",
                   lambda e: phrasing.fact(e, "cost").removeprefix("Kosten: "))


def _shortest(dispatcher, tracker, text) -> List[EventType]:
    return _lowest(dispatcher, tracker, "duration_months", "de duur", "Het kortst duurt",
                   lambda e: f"{phrasing.number(e['duration_months'])} maanden")


def _nearest(dispatcher, tracker, text) -> List[EventType]:
    named = next((f.text for f in parse.parse(text) if f.entity == "home_town"), None)
    province = geo.province_in(text)
    if named and province and named.lower() != province[0].lower():
        province = None  # a town named beside a province word: the town ("Zeeland" is also a village in Brabant)
    named = None if province else named
    town = named or (province[1] if province else tracker.get_slot("home_town"))
    home = geo.find_place(town)
    if home is None:
        dispatcher.utter_message(text="Vanaf welke gemeente? Zeg bijvoorbeeld 'welke is het dichtst bij Gent?'.")
        return []
    entries = _shown_entries(tracker)
    online = [e for e in entries if e.get("delivery") == "online"]
    distances = []
    for e in entries:
        times = [(geo.travel_minutes(home, p), name) for name in e.get("locations") or []
                 if (p := geo.find_place(name)) is not None]
        if times:
            distances.append((min(times), e))
    unknown = [e for e in entries if e not in online and all(e is not d[1] for d in distances)]
    lines = []
    inside = [e for (_, place), e in distances if province and province[2] and geo.find_place(place).province == province[2]]
    if province and distances:
        # "is er iets in Zeeland?": the shown ones given in the province, or else the nearest to its seat
        lines.append(f"In {province[0]}: " + "; ".join(f"{_position(tracker, e)}{e['title']}" for e in inside) + "."
                     if inside else f"In {province[0]} zelf geen van de voorstellen.")
    if distances and not inside:
        (minutes, place), best = min(distances, key=lambda d: d[0][0])
        near = f"{province[0]} (gemeten vanaf {town})" if province else town
        lines.append(f"Het dichtst bij {near} is {_position(tracker, best)}{best['title']} "
                     f"({phrasing.availability(best)}): in {place}, ongeveer {minutes} minuten reizen (een schatting).")
    if online:
        lines.append(f"Vanaf {town} zonder reizen, want volledig online: " + "; ".join(e["title"] for e in online) + ".")
    if not distances and not online:
        lines.append("Dat weet ik niet: de bronnen noemen voor geen van de voorstellen een plaats (onbekend).")
    elif unknown:
        lines.append(_unknown_for(unknown, "de plaats").strip())
    focus = inside[0] if inside else min(distances, key=lambda d: d[0][0])[1] if distances else (online[0] if online else None)
    if focus:
        lines.append(programmes.sources_line(focus))
    dispatcher.utter_message(text="\n".join(lines))
    return [SlotSet("programme_in_focus", focus["id"])] if focus else []


def _best(dispatcher, tracker, text) -> List[EventType]:
    entries = _shown_entries(tracker)
    profile = profile_of(tracker)
    best = entries[0]
    fit = fit_entry(best, profile)
    why = ("Het sluit inhoudelijk het best aan bij je leerdoel"
           + (" en botst met geen van je voorwaarden." if not fit.conflicts else
              ", al past het niet op: " + ", ".join(phrasing.FIT_WORDS.get(c, c) for c in fit.conflicts) + ".")
           + phrasing.ended_note(best))
    dispatcher.utter_message(text=f"Het best past nummer 1, {best['title']} ({phrasing.availability(best)}). {why} Wil je het vergelijken met een "
                                  "ander? Zeg bijvoorbeeld 'vergelijk 1 en 2'.\n" + programmes.sources_line(best))
    return [SlotSet("programme_in_focus", best["id"])]


def _kind_by_words(text: str, tracker: Tracker) -> Optional[str]:
    """A question across the list that its words tell, once something is shown: a town without a pointer to one
    of them ("zit er een in Nijmegen?") asks which is nearest that town, and when shown ones are given there
    ("is er iets in zwolle?") which those are; "is er ook iets voor kleuters?", "niks specifiek over lezen?" ask
    for more options on that."""
    shown, lower = _shown(tracker), text.lower()
    if not shown:
        return None
    focus = tracker.get_slot("programme_in_focus")
    pointing = focus in shown and POINTS_BACK.search(lower)  # "is die in breda?": that one

    def town_named() -> bool:  # spaCy reads the text only when the cheaper checks leave the question open
        return any(f.entity == "home_town" for f in parse.parse(text))

    # "is er iets in zwolle?": the shown ones given there; "die gedragsspecialist, is er een in leeuwarden?",
    # "die cursussen voor intern begeleiders, is er iets in groningen?" point at one by its title first: a
    # question about where that one is (not about other options)
    if POINTED_FIRST.match(lower) and referent.named_by_title(text, shown):
        return None
    if not pointing and geo.province_in(text) and not programmes.by_number(text, shown):
        return "nearest"  # "is er iets in Zeeland?" (a26-038): the shown ones in the province, or the nearest to it
    placed = referent.by_place(text, shown)
    if placed and REFINE.search(lower) and town_named():
        return "in_town"
    if not pointing and not placed and not programmes.referred_ids(text, shown) and town_named():
        return "nearest"
    # "is er een startdatum?", "is er een toelatingsvoorwaarde?" ask a fact, not for more options; "die 1ste,
    # wanneer is daar iets van?" (dev5) asks about the one it numbers
    if REFINE.search(lower) and not DEFINITION.match(lower) and not programmes.facts_asked(text) \
            and not programmes.by_number(text, shown):
        return "more"
    return None


# What a learned follow-up kind (intake.followup_kind) is answered with. The other kinds (detail, price,
# start, ...) are about one programme: the facts the question's words ask for are given, or, when its words ask
# none the rules know, the fact of its learned kind (KIND_FACTS, keys of programmes.FACT_QUESTIONS).
KIND_FACTS = {"place": "where", "start": "start", "price": "cost", "duration": "duration"}
LEARNED_KINDS = {"more": "more", "cheapest": "cheapest", "closest": "nearest", "shortest": "shortest",
                 "best": "best", "admission": "admission", "language": "language", "compare": "compare"}


def _learned_kind(learned: Optional[str], text: str, tracker: Tracker) -> Optional[str]:
    """'zijn er ook losse korte dingen', 'kan dat als student?': the kind the corpus taught (`learned`, when the
    model is sure enough). A question that numbers a shown programme ('is 1 ook voor vo?') stays about that one."""
    kind = LEARNED_KINDS.get(learned)
    if kind in ACROSS_THE_LIST and programmes.referred_ids(text, _shown(tracker)):
        return None
    return kind


def _question_vector(text: str):
    """The question's e5 query vector, for the follow-up reader's second opinion (intake.followup_kind); None
    while no index is loaded (never waits for one: the words then decide alone)."""
    engine = _recommender if _ready.is_set() else None
    return engine.query_vector(text)[0] if engine is not None else None


# "die gedragsspecialist, ...", "en de cursus passend onderwijs, ...": the question starts by pointing at one
POINTED_FIRST = re.compile(r"^\W*(en |maar |ok\w*,? )?(die|dat|de|het|deze|da)\b")
# "wat is een plg?", "wa is een brugfiguur?": a question about a word, not a request for more options
DEFINITION = re.compile(r"^\W*(en |maar )?(wat|wa|hoe|waar|wie|wanneer|welke)\b")
# "is er (ook/nog/dan) iets ...", "niks (specifiek) over ...", "bestaat er ...", "zijn er geen ...": more options;
# also "hebt ge iets over ...", "bestaan er geen modules ...", "zijn er ook kortere dingen ...", "is er ook zo'n
# ... in limburg" (train and dev authors: these got the card of a shown one instead of other options)
REFINE = re.compile(r"\b(is|zijn|bestaat|bestaan|heb je|hebt ge|hebt u|heeft u|hebben jullie|ken je|kent ge) (er |daar )?(dan )?"
                    r"(ook |nog |dan |echt |misschien |ergens |geen |ook geen )*"
                    r"((korte|kortere|goedkope|goedkopere|gratis|online|andere|losse) )?"
                    r"(iets|zoiets|niks|niets|geen|een|ne|nen|zo'?n|zulke|ander\w*|korter\w*|goedkoper\w*|opleidingen|cursussen|"
                    r"vormingen|modules|projecten|dingen|opties|zaken|nascholingen)\b|"
                    # "en iets waarbij we in duo's werken?" (dev4)
                    r"^\W*(en |maar )?(niks|niets|geen|iets) (anders|specifiek\w*|meer|over|rond|voor|met|van|buiten|"
                    r"waarbij|waarin|waarmee|om)\b")


def _refinement(text: str) -> str:
    """What a request for more adds to the goal ('is er ook iets specifiek voor kleuters?' -> 'kleuters')."""
    facts = parse.parse(text)
    words = [w for w in understand.content_words(understand.goal_text(text, facts))
             if w not in ("specifiek", "specifieker", "anders", "echt", "bestaat", "iets", "niks", "niets", "andere", "opties")]
    return " ".join(words)


def _more(dispatcher, tracker, text) -> List[EventType]:
    engine = recommender()
    if engine is None:
        dispatcher.utter_message(text="Sorry, mijn zoekindex is nu niet beschikbaar.")
        return []
    shown = _shown(tracker)
    profile = profile_of(tracker)
    extra = _refinement(text)
    if extra:  # "niks specifiek over lezen?": this search leans on what was added; the goal itself stays
        profile["ambition"] = f"{extra}. {profile.get('ambition') or ''}".strip(". ")
    payload = engine.recommend(profile, top=len(shown) + RESULTS_PER_TURN)
    payload["recommendations"] = [i for i in payload["recommendations"] if i["id"] not in shown][:RESULTS_PER_TURN]
    asked = set(understand.topics_in(extra)) if extra else set()
    known = programmes.knowledge_by_id()
    if asked and payload["recommendations"] and not any(asked & set(known.get(i["id"], {}).get("topics") or [])
                                                        for i in payload["recommendations"]):
        # "zijn er ook korte cursussen over diversiteit?" when the one on diversity is shown already: say that
        # nothing more is about it, rather than list others as if they were
        payload["refinement_gap"] = [engine.topics.get(t, {}).get("label", t) for t in sorted(asked)]
    for said in ("other_region", "also_in_development"):  # named with the first list already
        payload.pop(said, None)
    phrasing.annotate(payload)
    payload["start"] = len(shown) + 1  # cards (widget, Teams) number on from the first list, as the text does
    if not payload["recommendations"]:
        dispatcher.utter_message(text="Meer opties heb ik niet voor deze vraag. Omschrijf je leerdoel eens anders, "
                                      "of pas een voorwaarde aan.")
        return []
    for message in phrasing.recommendation_messages(payload, more=True, start=len(shown) + 1):
        dispatcher.utter_message(**message)
    dispatcher.utter_message(json_message=payload)
    new = shown + [i["id"] for i in payload["recommendations"]]
    return [SlotSet("last_recommendations", new), SlotSet("shown_count", len(new))]


def _in_town(dispatcher, tracker, text) -> List[EventType]:
    """'is er iets in zwolle?' when shown ones are given there: which, with where else they are given."""
    known = programmes.knowledge_by_id()
    ids = referent.by_place(text, _shown(tracker))
    town = next(f.value for f in parse.parse(text) if f.entity == "home_town")
    lines = [f"Ja, in {town}:"] + [f"{_position(tracker, known[i])}{known[i]['title']} ({phrasing.availability(known[i])}). "
                                    + phrasing.fact(known[i], "where", _titles()) for i in ids[:3]]
    lines += [programmes.sources_line(known[i]) for i in ids[:3]]
    dispatcher.utter_message(text="\n".join(lines))
    return [SlotSet("programme_in_focus", ids[0])]


ACROSS_THE_LIST = {"cheapest": _cheapest, "nearest": _nearest, "shortest": _shortest, "best": _best, "more": _more,
                   "in_town": _in_town}


def _language(dispatcher, entry) -> List[EventType]:
    said = re.search(r"\b(engelstalig|in het engels|english|franstalig|in het frans|nederlandstalig)\b",
                     f"{entry.get('summary') or ''} {entry.get('title')}", re.I)
    where = {"VL": "Vlaams", "NL": "Nederlands", "both": "Vlaams en Nederlands"}.get(entry.get("region"), "")
    text = (f"Volgens de bron: {said.group(0)}." if said else
            f"De taal van de lessen is onbekend: de bron zegt het niet. Het is {where} aanbod, in het Nederlands beschreven.")
    dispatcher.utter_message(text=f"Over {entry['title']} ({phrasing.availability(entry)}): {text}\n"
                                  f"{programmes.sources_line(entry)}")
    return [SlotSet("programme_in_focus", entry["id"])]


def _has_admission_rule(entry: Dict[str, Any]) -> bool:
    rule = entry.get("admission") or {}
    return bool(rule.get("text") or rule.get("diplomas") or rule.get("bridging"))


def _admission(dispatcher, tracker, entry, text) -> List[EventType]:
    profile = profile_of(tracker)
    said = parse.values(text, requested_slot="diploma").get("diploma")
    diploma = said or profile.get("diploma")
    events: List[EventType] = [SlotSet("programme_in_focus", entry["id"])]
    if said:
        events.append(SlotSet("diploma", said))
    rule = (entry.get("admission") or {})
    if diploma is None:
        answer = phrasing.fact(entry, "admission", _titles()) + " Welk diploma heb je?"
    else:
        fit = fit_entry(entry, {**profile, "diploma": diploma})
        verdict = fit.values.get("admission")
        name = contract.describe("diploma", diploma)
        if verdict == "ok":
            answer = f"Ja: met een {name} voldoe je aan de toelating die de bron noemt."
        elif verdict == "conflict" and fit.bridging:
            answer = (f"Niet rechtstreeks met een {name}; je kunt instappen via "
                      f"{_titles().get(fit.bridging, fit.bridging)}.")
        elif verdict == "conflict":
            answer = f"Met een {name} voldoe je niet aan de toelating die de bron noemt."
        else:
            answer = f"Onbekend: de bron noemt geen diplomaregel die ik met een {name} kan vergelijken."
        answer += " " + (f"Toelating volgens de bron: {rule.get('text')}" if rule.get("text") else "")
    dispatcher.utter_message(text=f"Over {entry['title']} ({phrasing.availability(entry)}): {answer.strip()}\n"
                                  f"{programmes.sources_line(entry)}")
    return events


class ActionCompare(Action):
    def name(self) -> Text:
        return "action_compare"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        return _compare(dispatcher, tracker)


def _compare(dispatcher, tracker) -> List[EventType]:
    """'vergelijk 1 en 3', 'wat is het verschil tussen de eerste twee': side by side, with sources."""
    shown = _shown(tracker)
    if not shown:
        dispatcher.utter_message(text=NOTHING_SHOWN)
        return []
    text = user_text(tracker)
    ids = programmes.referred_ids(text, shown)
    if len(ids) < 2:
        ids = _each_named(text, shown) or ids
    focus = tracker.get_slot("programme_in_focus")
    if len(ids) == 1 and focus in shown and focus != ids[0]:
        ids = [focus, ids[0]]  # "wat is het verschil met de derde?": the one just discussed and the third
    elif len(ids) == 1 and focus not in shown and ids[0] != shown[0]:
        ids = [shown[0], ids[0]]  # "kunde eens vergelijken met die tweede?" right after the list: with the first
    if len(ids) < 2:
        dispatcher.utter_message(text="Welke twee wil je vergelijken? Zeg bijvoorbeeld 'vergelijk 1 en 3'.")
        return []
    known, profile = programmes.knowledge_by_id(), profile_of(tracker)
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
    # the same two in the recommendation shape: Teams shows them side by side (bot/cards.py)
    compared = {"recommendations": [_compared(e, profile) for e in entries]}
    if all(label.isdigit() for label in labels):
        compared["labels"] = [int(label) for label in labels]
    dispatcher.utter_message(json_message={"comparison": compared})
    return []


# "vergelijk banaba en master", "ncoi of ou": the two sides of a comparison, each read on its own
COMPARE_SIDES = re.compile(r"\s*\b(?:en|of|met|versus|vs|tegenover)\b\s*|,")


def _each_named(text: str, shown: list) -> list:
    """The shown ones named one per side of 'X en Y' ('vergelijk die premaster met die van de OU', a25):
    the whole question names one, or both in one breath; each side alone names its own. [] unless two do."""
    ids = []
    for side in COMPARE_SIDES.split(text):
        named = programmes.referred_ids(side, shown) if side.strip() else []
        if len(named) == 1 and named[0] not in ids:
            ids.append(named[0])
    return ids if len(ids) >= 2 else []


def _compared(entry: dict, profile: dict) -> dict:
    fit = fit_entry(entry, profile)
    item = {key: entry.get(key) for key in ("id", "title", "type", "provider", "status", "data_year")}
    item["fit"] = {key: fit.values.get(key, "unknown") for key in PAYLOAD_FIT_KEYS}
    item["does_not_fit"] = [fit.notes.get(key, key) for key in fit.conflicts]
    item["reasons"] = []
    item["sources"] = [{"file": s["file"], "lines": s["lines"]} for s in entry.get("sources", [])]
    return phrasing.annotate({"recommendations": [item]})["recommendations"][0]


class ActionWhyNot(Action):
    """'waarom staat X er niet bij?': find X in the knowledge by its title and explain its fit."""

    def name(self) -> Text:
        return "action_why_not"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        shown = _shown(tracker)
        entry = programmes.by_title(user_text(tracker), list(programmes.knowledge_by_id().values()))
        if entry is None:
            dispatcher.utter_message(text="Dat vind ik niet in mijn bronnen, dus ik kan het niet aanraden of "
                                          "beoordelen. Ik ken alleen het aanbod dat in mijn bronnen beschreven staat.")
            return []
        if entry["id"] in shown:
            dispatcher.utter_message(text=f"{entry['title']} staat er wel bij, als nummer {shown.index(entry['id']) + 1}.")
            return [SlotSet("programme_in_focus", entry["id"])]
        fit = fit_entry(entry, profile_of(tracker))
        if not availability.recommendable(entry):  # an open lesson in May, asked about in December
            text = f"{phrasing.title_line(entry)} staat er niet bij omdat het voorbij is."
        elif entry.get("status") in IN_DEVELOPMENT:
            text = (f"{phrasing.title_line(entry)} staat er niet bij omdat je je er niet voor kunt inschrijven: "
                    f"het is {phrasing.availability(entry)}. Ik noem zoiets hooguit apart, als 'ook in ontwikkeling'.")
        elif fit.conflicts:
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
        profile = profile_of(tracker)
        # "ik ben zorgco in Lommel, kan ik iemand spreken?": what was said with the request is kept too
        said = understand.read(user_text(tracker), None, profile).filled()  # facts only: the request is no goal
        profile.update(said)
        titles = _titles()
        shown = [titles.get(i, i) for i in _shown(tracker)]
        summary = phrasing.profile_summary(profile, list(tracker.get_slot("declined") or []), shown)
        payload = {"handoff": {"profile": profile, "shown": _shown(tracker), "summary": summary}}
        # Posted as a card to the counsellors' Teams conversation when one is configured (actions/handoff.py);
        # the teacher is told truthfully whether it went out.
        outcome = await handoff.send(payload, tracker.sender_id)
        intro = phrasing.HANDOFF_INTRO[outcome]
        dispatcher.utter_message(text=f"{intro}\n{summary}\n"
                                      "Wil je intussen verder zoeken, zeg dan gewoon wat je zoekt.")
        dispatcher.utter_message(json_message=payload)
        log.info("handoff requested (%d profile fields known): %s", sum(v is not None for v in profile.values()), outcome)
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(k, v) for k, v in said.items()]
