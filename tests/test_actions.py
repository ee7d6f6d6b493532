"""The custom actions with rasa_sdk's real Tracker and CollectingDispatcher, on a real small index."""
from __future__ import annotations

import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions, intake_form
from index import paths
from tests.conftest import SMALL_SET

DOMAIN = yaml.safe_load((paths.REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))


def tracker(text: str, slots: dict | None = None, requested: str | None = None, intent: str = "inform",
            entities: list | None = None) -> Tracker:
    """A tracker just after the user said `text`, with the question `requested` pending."""
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots or {})
    values["requested_slot"] = requested
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
              {"event": "action", "name": "profile_form"}]  # as Rasa's form sends it to its validation
    return Tracker("test-user", values, {"text": text, "intent": {"name": intent}, "entities": entities or []},
                   events, False, None, {"name": "profile_form"} if requested else {}, "action_listen")


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots, dispatcher.messages


form = intake_form.ValidateProfileForm()


def test_an_impossible_number_is_questioned_not_stored():
    slots, messages = run(form, tracker("200 uur per week", requested="hours_per_week"))
    assert slots.get("hours_per_week") is None
    assert "niet haalbaar" in messages[0]["text"]
    assert slots["requested_slot"] == "role"  # nothing else known yet: the form goes on asking


def greeted(text: str, requested: str | None = None) -> Tracker:
    """The greeting rule answered first (utter_greet), then started or continued the form."""
    t = tracker(text, requested=requested, intent="greet")
    t.events.insert(2, {"event": "action", "name": "utter_greet"})
    return t


def test_facts_said_with_a_greeting_are_read_and_a_bare_greeting_gets_no_second_hello():
    slots, messages = run(form, greeted("hallo, ik ben leraar in Hasselt"))
    assert slots["role"] == "teacher" and slots["home_town"] == "Hasselt"
    assert slots["requested_slot"] != "role"
    slots, messages = run(form, greeted("hallo", requested="hours_per_week"))
    assert not messages and slots["requested_slot"] == "role"  # nothing read, nothing said twice


def test_no_goal_yet_gets_one_more_question_with_examples_then_the_intake_goes_on():
    known = {"role": "teacher", "region": "NL", "sector": "mbo"}
    first = tracker("geen idee nog", slots=known, requested="ambition")
    slots, messages = run(form, first)
    assert slots["requested_slot"] == "ambition" and "ambition" not in (slots.get("declined") or [])
    asked_twice = tracker("weet ik echt niet", slots={**known, "question_streak": {"slot": "ambition", "count": 2}},
                          requested="ambition")
    slots, messages = run(form, asked_twice)
    assert slots["requested_slot"] != "ambition" and "ambition" in slots["declined"]


def test_a_bare_answer_fills_the_requested_slot():
    known = {"role": "teacher", "region": "VL", "sector": "lager", "ambition": "diversiteit in de klas"}
    slots, messages = run(form, tracker("vier", slots=known, requested="hours_per_week"))
    assert slots["hours_per_week"] == 4.0 and not messages
    assert slots["requested_slot"] == "budget_eur"


def test_an_unknown_town_gets_a_friendly_question():
    known = {"role": "teacher", "region": "VL", "sector": "lager", "ambition": "x y", "hours_per_week": 4,
             "budget_eur": 0}
    slots, messages = run(form, tracker("Atlantis", slots=known, requested="home_town"))
    assert slots.get("home_town") is None and "ken de gemeente 'Atlantis' niet" in messages[0]["text"]
    assert slots["requested_slot"] == "home_town"


def test_the_town_tells_the_region():
    slots, _ = run(form, tracker("Hasselt", requested="home_town"))
    assert slots["home_town"] == "Hasselt" and slots["region"] == "VL"


def test_dont_know_skips_the_question_instead_of_repeating_it():
    known = {"role": "teacher", "region": "NL", "sector": "basis", "ambition": "rekenen beter geven",
             "hours_per_week": 2}
    slots, _ = run(form, tracker("weet ik niet", slots=known, requested="budget_eur", intent="dont_know"))
    assert slots["declined"] == ["budget_eur"]
    assert slots["requested_slot"] == "home_town"


def test_online_only_does_not_ask_for_town_or_travel():
    known = {"role": "teacher", "region": "NL", "sector": "basis", "ambition": "rekenen beter geven",
             "hours_per_week": 2, "budget_eur": 100}
    slots, _ = run(form, tracker("alleen online", slots=known, requested="home_town"))
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


# --- intake: ask only what matters ---------------------------------------------------------------------
def test_the_sector_is_asked_after_role_region_and_ambition():
    slots, _ = run(form, tracker("ik ben leraar in Nederland", slots={"ambition": "rekenen beter geven"}))
    assert slots["requested_slot"] == "sector"


def test_a_bare_sector_answer_fills_the_slot():
    slots, _ = run(form, tracker("lager onderwijs", slots={"role": "teacher", "region": "VL", "ambition": "x y"},
                                 requested="sector"))
    assert slots["sector"] == "lager" and slots["requested_slot"] == "hours_per_week"


def test_an_ambition_said_with_other_facts_is_not_asked_again():
    slots, _ = run(form, tracker("ik ben kleuterjuf in Hasselt en wil beter leren omgaan met diversiteit"))
    assert "diversiteit" in slots["ambition"] and slots["region"] == "VL"
    assert slots["requested_slot"] == "hours_per_week"


def test_a_degree_ambition_asks_for_the_diploma_and_a_student_teacher_is_not_asked():
    known = {"role": "teacher", "region": "VL", "sector": "lager"}
    slots, _ = run(form, tracker("ik wil een master halen", slots=known, requested="ambition"))
    assert slots["requested_slot"] == "diploma"
    slots, _ = run(form, tracker("bachelor lager onderwijs", slots={**known, "ambition": "een master halen"},
                                 requested="diploma"))
    assert slots["diploma"] == "bachelor_lager" and slots["requested_slot"] == "hours_per_week"
    student = {**known, "role": "student_teacher"}
    slots, _ = run(form, tracker("ik wil een master halen", slots=student, requested="ambition"))
    assert slots["requested_slot"] == "hours_per_week"  # no diploma yet, no experience: not asked


def test_questions_are_worded_for_who_is_asking():
    _, messages = run(intake_form.AskSector(), tracker("", slots={"role": "counsellor", "region": "NL"}))
    assert "je collega" in messages[0]["text"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert "voortgezet onderwijs" in payloads and all(not p.startswith("/") and "{" not in p for p in payloads)
    _, messages = run(intake_form.AskDiploma(), tracker("", slots={"role": "teacher", "region": "VL"}))
    assert "bachelor kleuteronderwijs" in [b["payload"] for b in messages[0]["buttons"]]


# --- after the recommendations -------------------------------------------------------------------------
SHOWN = ["po-master-professioneel-meesterschap", "po-master-sen", "flx-plg-in-de-school"]
AFTER = {**PROFILE, "region": "NL", "home_town": "Utrecht", "last_recommendations": SHOWN}


def test_recommend_remembers_what_it_showed(small_engine):
    slots, messages = run(actions.ActionRecommend(), tracker("", slots=PROFILE))
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert slots["last_recommendations"] == [r["id"] for r in payload["recommendations"]]


def test_more_about_the_second_gives_summary_facts_unknowns_and_sources():
    slots, messages = run(actions.ActionAboutProgramme(), tracker("vertel meer over de tweede", slots=AFTER,
                                                                  intent="ask_programme"))
    text = messages[0]["text"]
    assert text.startswith("Master Special Educational Needs") and "Utrecht" in text
    assert "Kosten: onbekend" in text and "Bron: " in text and "r. " in text
    assert slots["programme_in_focus"] == "po-master-sen"


@pytest.mark.parametrize("question, expected", [
    ("wat kost de eerste?", "Kosten: € 8300"),
    ("wanneer start de tweede?", "Start: onbekend"),
    ("op welke dag zijn de lessen van nummer 2?", "Lesdag: onbekend"),
    ("waar gaat de tweede door?", "in Utrecht, Leeuwarden"),
    ("welk diploma heb ik nodig voor de tweede?", "Toelating: Pabo-diploma volstaat"),
])
def test_a_factual_question_is_answered_from_the_knowledge_with_its_source(question, expected):
    _, messages = run(actions.ActionAboutProgramme(), tracker(question, slots=AFTER, intent="ask_programme"))
    assert expected in messages[0]["text"] and "Bron: " in messages[0]["text"]


def test_the_lesson_day_is_given_where_the_source_says_it():
    _, messages = run(actions.ActionAboutProgramme(), tracker(
        "en op welke dag?", slots={**AFTER, "programme_in_focus": "uh-master-basisonderwijs"}))
    assert "woensdag" in messages[0]["text"] and "000_cba12d1bb9043b98.txt" in messages[0]["text"]


def test_a_follow_up_without_a_number_is_about_the_programme_in_focus():
    _, messages = run(actions.ActionAboutProgramme(), tracker(
        "en wat kost het?", slots={**AFTER, "programme_in_focus": "po-master-professioneel-meesterschap"}))
    assert "€ 8300" in messages[0]["text"]


def test_before_any_recommendation_a_follow_up_says_so():
    _, messages = run(actions.ActionAboutProgramme(), tracker("vertel meer over de tweede", slots=PROFILE))
    assert "nog geen opleidingen voorgesteld" in messages[0]["text"]


def test_compare_one_and_three():
    _, messages = run(actions.ActionCompare(), tracker("vergelijk 1 en 3", slots=AFTER, intent="compare"))
    text = messages[0]["text"]
    assert "Master Professioneel Meesterschap" in text and "Professionele leergemeenschap" in text
    assert "Master Special" not in text and text.count("Bron: ") == 2
    # the same two as cards for Teams, numbered as in the shown list
    compared = messages[1]["custom"]["comparison"]
    assert compared["labels"] == [1, 3]
    assert all(f"{n}. {i['title']}" in text for n, i in zip((1, 3), compared["recommendations"]))
    assert all(set(i["fit"]) >= {"time", "budget", "travel", "delivery"} and i["sources"] for i in compared["recommendations"])


def test_why_not_explains_the_conflict_of_a_known_programme():
    _, messages = run(actions.ActionWhyNot(), tracker("waarom staat de master basisonderwijs er niet bij?",
                                                      slots=AFTER, intent="ask_why_not"))
    text = messages[0]["text"]
    assert "Master in het basisonderwijs (UHasselt)" in text and "niet bij omdat" in text
    assert "Vlaanderen" in text and "Bron: " in text


def test_why_not_says_when_something_is_not_in_the_sources():
    _, messages = run(actions.ActionWhyNot(), tracker("waarom staat de cursus Engels er niet bij?", slots=AFTER,
                                                      intent="ask_why_not"))
    assert "niet in mijn bronnen" in messages[0]["text"]


def test_why_not_points_at_a_programme_that_is_shown():
    _, messages = run(actions.ActionWhyNot(), tracker("waarom staat de master SEN er niet bij?", slots=AFTER,
                                                      intent="ask_why_not"))
    assert "staat er wel bij, als nummer 2" in messages[0]["text"]


def test_handoff_gives_a_summary_a_counsellor_can_act_on():
    slots, messages = run(actions.ActionHandoff(), tracker("kan ik met iemand praten", intent="human_handoff",
                                                           slots={**AFTER, "declined": ["budget_eur"]}))
    text = messages[0]["text"]
    assert "studiebegeleider" in text and "Utrecht" in text and "4 uur per week" in text
    assert "diversiteit" in text and "Wilde niet zeggen / weet niet: budget" in text
    assert "Master Professioneel Meesterschap" in text
    assert messages[1]["custom"]["handoff"]["shown"] == SHOWN


def test_a_negative_budget_is_questioned_not_stored():
    known = {"role": "teacher", "region": "NL", "sector": "basis", "ambition": "rekenen beter geven",
             "hours_per_week": 2}
    slots, messages = run(form, tracker("-300 euro", slots=known, requested="budget_eur"))
    assert slots.get("budget_eur") is None and "-300 euro kan ik niet gebruiken" in messages[0]["text"]
    assert slots["requested_slot"] == "budget_eur"


# --- issue 8: no loops, say what was understood, answers win, follow-ups across the list ------------------
def test_a_question_is_asked_at_most_twice_then_skipped_with_a_word():
    known = {"role": "teacher", "region": "VL", "sector": "lager", "ambition": "lezen in de klas"}
    first, _ = run(intake_form.AskHours(), tracker("", slots=known, requested="hours_per_week"))
    _, asked = run(intake_form.AskHours(), tracker("", slots={**known, **first}, requested="hours_per_week"))
    assert asked[0]["text"] == intake_form.SLOTS["hours_per_week"].rephrase  # the second time: other words
    second = {**known, "question_streak": {"slot": "hours_per_week", "count": 2}}
    slots, messages = run(form, tracker("hmm tja", slots=second, requested="hours_per_week"))
    assert "hours_per_week" in slots["declined"] and slots["requested_slot"] == "budget_eur"
    assert any("verder zonder je tijd" in m["text"] for m in messages)


def test_several_facts_in_one_message_are_named_back():
    _, messages = run(form, tracker("ik sta voor groep 7 in Tiel en heb 4 uur per week", requested="role"))
    said = " ".join(m["text"] for m in messages)
    assert said.startswith("Genoteerd:") and "Tiel" in said and "4 uur per week" in said and "leraar" in said


def test_a_change_is_acknowledged():
    known = {**PROFILE, "region": "VL"}
    slots, messages = run(form, tracker("en als ik 6 uur heb?", slots=known))
    assert slots["hours_per_week"] == 6 and "Ik pas je tijd aan naar 6 uur per week" in messages[0]["text"]


@pytest.mark.parametrize("text, intent", [("kan ik met iemand praten?", "human_handoff"), ("vergeet mij", "forget_me"),
                                          ("opnieuw beginnen", "restart"), ("Hi, I am a teacher", "english")])
def test_a_clear_request_for_something_else_interrupts_the_question(text, intent):
    from rasa_sdk.interfaces import ActionExecutionRejection

    with pytest.raises(ActionExecutionRejection):
        run(form, tracker(text, slots={"role": "teacher"}, requested="home_town", intent=intent))


@pytest.mark.parametrize("text", ["en die eerste van net, hoeveel uur is dat", "en wat kost de tweede"])  # a23-050
def test_a_question_about_the_list_without_a_question_mark_interrupts_the_question(text):
    from rasa_sdk.interfaces import ActionExecutionRejection

    with pytest.raises(ActionExecutionRejection):
        run(form, tracker(text, slots={**PROFILE, "last_recommendations": LISTED, "wants_degree": True},
                          requested="diploma", intent="ask_programme"))


@pytest.mark.parametrize("intent", ["chitchat", "nlu_fallback", "human_handoff"])
def test_an_answer_wins_over_a_wrong_classification(intent):
    slots, _ = run(form, tracker("ouders die weinig Nederlands spreken", slots={"role": "teacher", "region": "VL"},
                                 requested="ambition", intent=intent))
    assert slots["ambition"] == "ouders die weinig Nederlands spreken"


def test_english_never_gets_the_generic_fallback_and_replies_never_echo_raw_input():
    slots, messages = run(form, tracker("<script>alert(1)</script>", requested="home_town"))
    assert all("<script>" not in m["text"] and "alert" not in m["text"] for m in messages)


LISTED = ["po-master-professioneel-meesterschap", "uh-master-basisonderwijs", "flx-plg-in-de-school"]


@pytest.mark.parametrize("question, expected", [
    ("welke is het goedkoopst?", ["goedkoopst", "onbekend"]),
    ("welke is het dichtst bij Hasselt?", ["dichtst bij Hasselt", "online"]),
    ("Dat is ver. Is er iets dichterbij?", ["Het dichtst bij"]),                                 # a23-015
    ("welke past het best?", ["Het best past nummer 1"]),
    ("welke duurt het kortst?", ["kortst", "onbekend"]),
])
def test_questions_across_the_shown_list_are_answered_from_knowledge(question, expected):
    _, messages = run(actions.ActionAboutProgramme(), tracker(question, slots={**PROFILE, "last_recommendations": LISTED},
                                                               intent="ask_programme"))
    text = messages[0]["text"]
    assert any(word in text for word in expected) and ("Bron:" in text or "onbekend" in text)


def test_a_numbered_one_with_is_daar_iets_is_about_that_one():
    _, messages = run(actions.ActionAboutProgramme(), tracker("die 1ste, wanneer is daar iets van?",   # a24-019
                                                               slots={**PROFILE, "last_recommendations": LISTED},
                                                               intent="ask_programme"))
    assert messages[0]["text"].startswith("Over Master Professioneel Meesterschap") and "Start:" in messages[0]["text"]


def test_a_follow_up_about_lessons_stays_with_the_programme_in_focus():
    focus = {**PROFILE, "last_recommendations": LISTED, "programme_in_focus": "uh-master-basisonderwijs"}
    _, messages = run(actions.ActionAboutProgramme(), tracker("op welke dag zijn de lessen?", slots=focus,
                                                               intent="ask_programme"))
    assert messages[0]["text"].startswith("Over Master") and "woensdag" in messages[0]["text"].lower()


def test_admission_is_checked_against_the_diploma_named():
    focus = {**PROFILE, "last_recommendations": LISTED, "programme_in_focus": "uh-master-basisonderwijs"}
    slots, messages = run(actions.ActionAboutProgramme(), tracker("kan ik met mijn bachelor lager onderwijs instromen?",
                                                                   slots=focus, intent="ask_programme"))
    assert slots["diploma"] == "bachelor_lager" and "Bron:" in messages[0]["text"]


def test_more_options_shows_the_next_results(small_engine):
    slots, messages = run(actions.ActionRecommend(), tracker("", slots=PROFILE))
    shown = slots["last_recommendations"]
    more, messages = run(actions.ActionAboutProgramme(), tracker("heb je nog andere opties?", intent="ask_programme",
                                                                  slots={**PROFILE, **slots}))
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert payload["recommendations"] and not set(r["id"] for r in payload["recommendations"]) & set(shown)
    assert more["last_recommendations"][:len(shown)] == shown


def test_a_question_that_points_back_right_after_the_list_is_about_the_first_and_says_so():
    # a3/a1's teachers: "moet heel de school daaraan meedoen?" as the first question after the list
    _, messages = run(actions.ActionAboutProgramme(), tracker("moet heel de school daaraan meedoen?", slots=AFTER,
                                                              intent="ask_programme"))
    assert "eerste voorstel" in messages[0]["text"]
    first = actions.programmes.knowledge_by_id()[AFTER["last_recommendations"][0]]
    assert first["title"] in messages[1]["text"]


def test_what_is_a_word_is_no_request_for_more_options():
    # a1: "wa is een brugfiguur?" matched "is ... een" and brought five more options
    assert actions._kind_by_words("wa is een brugfiguur?", tracker("", slots=AFTER)) is None
    assert actions._kind_by_words("is er ook iets voor kleuters?", tracker("", slots=AFTER)) == "more"


# --- a role or sector implied by the teacher's own words (intake.profile_guess) --------------------------
HOGESCHOOL = "ik geef hoorcolleges voor 120 studenten op een hogeschool in amsterdam en de helft zit op zijn telefoon"


def answered(text: str, earlier: str, slots: dict, requested: str) -> Tracker:
    """A tracker just after `text`, answering the question `requested` asked after `earlier`."""
    t = tracker(text, slots=slots, requested=requested)
    t.events[0:0] = [{"event": "user", "text": earlier}, {"event": "action", "name": "action_ask_" + requested}]
    return t


def test_a_sector_the_words_imply_is_asked_as_a_confirmation_and_ja_takes_it():
    known = {"role": "teacher", "region": "NL", "ambition": "grote groepen actief krijgen"}
    _, messages = run(intake_form.AskSector(), tracker(HOGESCHOOL, slots=known))
    assert "hoger onderwijs" in messages[0]["text"] and "Klopt dat?" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "ja"
    slots, _ = run(form, answered("ja klopt", HOGESCHOOL, known, "sector"))
    assert slots["sector"] == "hoger" and slots["requested_slot"] == "hours_per_week"
    # "nee" or another sector is not overruled by the guess
    slots, _ = run(form, answered("nee", HOGESCHOOL, known, "sector"))
    assert slots.get("sector") is None and slots["requested_slot"] == "sector"
    slots, _ = run(form, answered("nee, ik werk op een mbo", HOGESCHOOL, known, "sector"))
    assert slots["sector"] == "mbo"
    # words that imply nothing get the plain question
    _, messages = run(intake_form.AskSector(), tracker("hoi", slots={"role": "teacher", "region": "NL"}))
    assert "Klopt dat?" not in messages[0]["text"]
    for greeting in ("hoi", "dag", "hallo"):
        _, messages = run(intake_form.AskRole(), tracker(greeting))
        assert messages[0]["text"] == "Wat is je rol?"


def test_an_admission_question_with_nothing_in_focus_is_about_the_one_degree_route_shown():
    shown = ["flx-kindercoaching", "uh-schakelprogramma-basisonderwijs", "flx-collegiale-consultatie"]  # a1-002
    slots, messages = run(actions.ActionAboutProgramme(), tracker("kan ik daar in met mijn bachelor lager?",
                                                                   slots={**PROFILE, "last_recommendations": shown},
                                                                   intent="ask_programme"))
    text = "\n".join(m["text"] for m in messages)
    assert "Schakelprogramma" in text and "ga ervan uit" in text and "Kindercoaching" not in text
    assert slots["programme_in_focus"] == "uh-schakelprogramma-basisonderwijs" and slots["diploma"] == "bachelor_lager"


def test_compare_with_one_named_right_after_the_list_is_with_the_first():
    _, messages = run(actions.ActionCompare(), tracker("kunde eens vergelijken met die tweede?", slots=AFTER,
                                                       intent="compare"))                          # a9-021
    assert messages[1]["custom"]["comparison"]["labels"] == [1, 2]


@pytest.mark.parametrize("text, shown, labels", [
    ("vergelijk banaba en master", ["uh-master-basisonderwijs", "flx-banaba-buitengewoon-onderwijs-zorgverbreding",
                                    "po-ncoi-instroomprogramma"], [2, 1]),                       # a25-059
    ("vergelijk die premaster met die van de OU", ["po-ou-master-onderwijswetenschappen", "po-hbo-master-pedagogiek",
                                                   "po-ncoi-instroomprogramma"], [3, 1]),        # a25-044
])
def test_compare_two_named_by_their_kind_or_provider(text, shown, labels):
    _, messages = run(actions.ActionCompare(), tracker(text, slots={**AFTER, "last_recommendations": shown},
                                                       intent="compare"))
    assert messages[1]["custom"]["comparison"]["labels"] == labels, messages[0]["text"]


def test_a_how_long_question_with_nothing_in_focus_never_finds_an_unshown_programme():
    shown = ["flx-kindercoaching", "flx-collegiale-consultatie", "flx-plg-in-de-school"]  # found talking to it
    _, messages = run(actions.ActionAboutProgramme(), tracker("en hoe lang duurt het in deeltijd",
                                                               slots={**PROFILE, "last_recommendations": shown},
                                                               intent="ask_programme"))
    assert "Toetsdeskundige" not in "\n".join(m["text"] for m in messages)


# --- a goal told as a situation, without saying "I want to learn" -------------------------------------
STORY = "ik geef nederlands in het aso en mijn klas luistert gewoon niet, ik verlies elke les de controle"


def test_a_situation_told_first_is_offered_back_as_the_goal_and_ja_or_dont_know_takes_it():
    known = {"role": "teacher", "region": "VL", "sector": "secundair"}
    _, messages = run(intake_form.AskAmbition(), tracker(STORY, slots=known))
    assert "ik verlies elke les de controle" in messages[0]["text"] and "Wil je daar iets rond leren?" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "ja"
    for answer in ("ja", "weet ik niet"):  # "weet ik niet" leaves what they told standing
        slots, _ = run(form, answered(answer, STORY, known, "ambition"))
        assert "ik verlies elke les de controle" in slots["ambition"], answer
        assert slots["requested_slot"] != "ambition"
    # their own words replace the situation
    slots, _ = run(form, answered("ik wil leren hoe ik orde hou", STORY, known, "ambition"))
    assert slots["ambition"] == "ik wil leren hoe ik orde hou"
    # who they are is no situation: the plain question
    _, messages = run(intake_form.AskAmbition(), tracker("ik ben leraar secundair in Gent", slots=known))
    assert "Vertel het in je eigen woorden" in messages[0]["text"]


def test_a_goal_with_geen_idee_hoe_is_the_goal_not_a_refusal():
    known = {"role": "teacher", "region": "VL", "sector": "secundair"}
    text = "ik moet ineens computationeel denken geven voor de eindtermen en ik heb geen idee hoe"
    slots, messages = run(form, tracker(text, slots=known, requested="ambition"))
    assert "computationeel denken" in slots["ambition"] and slots["requested_slot"] != "ambition"
    slots, _ = run(form, tracker("geen idee eigenlijk", slots=known, requested="ambition"))
    assert slots.get("ambition") is None and slots["requested_slot"] == "ambition"  # asked once more


def test_a_level_only_one_system_has_tells_the_region():
    slots, _ = run(form, tracker("scheikunde havo", requested="region"))
    assert slots["sector"] == "vo" and slots["region"] == "NL"
    slots, _ = run(form, tracker("ik geef les in het aso", requested="region"))
    assert slots["region"] == "VL"


def test_a_request_for_more_in_words_the_corpus_never_used_shows_more_options(small_engine):
    """No word of "laat nog wat andere dingen zien" is a cue, and the follow-up reader's words alone are unsure;
    its e5 reader knows the meaning: more options, numbered on from the list."""
    shown = list(SMALL_SET[:3])
    slots, messages = run(actions.ActionAboutProgramme(),
                          tracker("laat nog wat andere dingen zien",
                                  slots={**PROFILE, "last_recommendations": shown}, intent="ask_programme"))
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert payload["start"] == 4 and not {i["id"] for i in payload["recommendations"]} & set(shown)


@pytest.mark.parametrize("question, fact", [
    # the dev split's teachers ask without a word of the fact rules (a11-019, a12-041): the learned reader says
    # what is asked, and that fact is the answer, not the whole card
    ("is die in breda of utrecht?", "Waar:"),
    ("tot wanneer kan ik da aanvragen?", "Start:"),
])
def test_a_question_in_other_words_gets_the_fact_it_asks(question, fact):
    focus = {**PROFILE, "last_recommendations": LISTED, "programme_in_focus": "po-master-professioneel-meesterschap"}
    _, messages = run(actions.ActionAboutProgramme(), tracker(question, slots=focus, intent="ask_programme"))
    text = messages[0]["text"]
    assert text.startswith("Over Master") and fact in text and "Kosten:" not in text, text


@pytest.mark.parametrize("text, kind", [
    ("hoe lang duurt de master?", "duration"),                   # a28-038: not the UHasselt master, which was not shown
    ("kan dat met een tweedegraads geschiedenis?", "admission"),  # a28-038, a28-012: the diploma points at nothing
    ("kan ik daar in met een tweedegraads?", "admission"),
])
def test_the_programme_talked_about_stays_meant_when_the_words_fit_it(text, kind):
    shown = ["po-ou-master-onderwijswetenschappen", "po-wo-master-pedagogiek", "po-ou-losse-modules-masterclasses",
             "po-minor-onderwijswetenschappen-pedagogiek", "po-ncoi-instroomprogramma"]
    slots = {"last_recommendations": shown, "shown_count": len(shown), "programme_in_focus": shown[0]}
    entry = actions._programme_meant(tracker(text, slots=slots, intent="ask_programme"), kind)
    assert isinstance(entry, dict) and entry["id"] == shown[0]
