"""Follow-ups answered about the programme the teacher means, in the train authors' own words: the learned
referent ranker (actions/referent.py) where the words vary, the exact readings (a number, a place or
provider only one shown programme has) where they are exact, and a fact question that is not a request for
more options. Real knowledge entries, rasa_sdk's real Tracker and dispatcher."""
from __future__ import annotations

import pytest

from actions import actions, referent
from tests.test_actions import PROFILE, run, tracker


def ask(text: str, shown: list[str], focus: str | None = None):
    slots = {**PROFILE, "last_recommendations": shown, "programme_in_focus": focus}
    return run(actions.ActionAboutProgramme(), tracker(text, slots=slots, intent="ask_programme"))


@pytest.mark.parametrize("text, shown, focus, meant", [
    # a10-031: a title word without a pointer moves away from the one in focus
    ("en hospiteren, mag ik dat gewoon zelf vragen?",
     ["flx-hospiteren", "flx-kindercoaching", "flx-kijken-doet-leren", "flx-fopem-overzicht-leraren-klasvrij",
      "flx-leren-op-niveau-scholengemeenschap"], "flx-kindercoaching", "flx-hospiteren"),
    # a8: "master pedagogiek" is the hbo-master, not the premaster whose title also has "pedagogiek"
    ("is die master pedagogiek in tilburg?",
     ["po-hbo-master-pedagogiek", "po-premaster-wo-onderwijs", "po-cur-passend-onderwijs", "po-cur-ib-rt",
      "po-minor-onderwijswetenschappen-pedagogiek"], None, "po-hbo-master-pedagogiek"),
    # a6: the thing talked about ("kindercoaching") over a title sharing "school"
    ("Hoe ging dat bij die school met kindercoaching, wie gaf die vorming?",
     ["flx-kindercoaching", "uh-master-basisonderwijs", "uh-schakelprogramma-basisonderwijs",
      "flx-regels-schoolweek-en-lesdag", "flx-kijken-doet-leren"], None, "flx-kindercoaching"),
])
def test_a_follow_up_in_free_words_is_answered_about_the_programme_meant(text, shown, focus, meant):
    slots, messages = ask(text, shown, focus)
    assert slots.get("programme_in_focus") == meant
    assert "Over welke gaat het" not in messages[-1]["text"]


def test_a_question_about_the_one_in_focus_stays_with_it():
    # a9-059: "ouders" is in several titles, but "en gaat dat ook over ..." is about the one just discussed
    shown = ["flx-ouderdiversiteit-visievorming", "flx-klasvrije-dag-met-ouders-en-ondersteuners",
             "flx-brugfiguur-en-stedelijke-partners", "flx-leren-op-niveau-scholengemeenschap",
             "flx-nascholing-op-aanvraag-hogescholen"]
    assert referent.referred_ids("en gaat dat ook over ouders die geen Nederlands spreken?", shown,
                                 "flx-ouderdiversiteit-visievorming") == []


def test_a_town_in_the_providers_name_points_at_that_programme():
    # a9-058's list: "die in hasselt" is one of the two UHasselt ones, not "which is nearest Hasselt" (answered
    # before with "Dat weet ik niet: de bronnen noemen voor geen van de voorstellen een plaats")
    shown = ["uh-schakelprogramma-basisonderwijs", "uh-master-basisonderwijs", "po-ou-master-onderwijswetenschappen",
             "po-ou-losse-modules-masterclasses", "pp-onderzoeksscholen"]
    _, messages = ask("en die in hasselt, moet ik daar elke week naartoe?", shown)
    assert messages[-1]["text"].startswith("Over welke gaat het: nummer 1") and "nummer 2" in messages[-1]["text"]
    slots, messages = ask("en die in hasselt, moet ik daar elke week naartoe?", shown[1:])
    assert slots.get("programme_in_focus") == "uh-master-basisonderwijs"


def test_is_one_of_them_cheaper_answers_the_price_of_that_one():
    # a6-056: "is de Open Universiteit goedkoper?" asks the OU master's price, honestly unknown, with its source
    shown = ["po-master-sen", "po-ou-master-onderwijswetenschappen", "po-hbo-master-pedagogiek"]
    slots, messages = ask("En is de Open Universiteit goedkoper?", shown)
    text = messages[-1]["text"]
    assert slots.get("programme_in_focus") == "po-ou-master-onderwijswetenschappen"
    assert "Master Onderwijswetenschappen (Open Universiteit)" in text and "Kosten: onbekend" in text
    assert "Bron: " in text
    # a6-056's own list has two Open Universiteit ones: the question asks which
    shown = ["po-ou-master-onderwijswetenschappen", "po-premaster-wo-onderwijs", "po-minor-onderwijswetenschappen-pedagogiek",
             "po-ou-losse-modules-masterclasses", "po-wo-master-onderwijskunde"]
    _, messages = ask("En is de Open Universiteit goedkoper?", shown)
    assert messages[-1]["text"].startswith("Over welke gaat het: nummer 1") and "nummer 4" in messages[-1]["text"]


def test_is_there_a_start_date_asks_the_start_not_for_more_options():
    # a8-055: "of is er een startdatum" is a question about the one in focus, not "are there other options"
    shown = ["po-ou-losse-modules-masterclasses", "po-ou-master-onderwijswetenschappen", "uh-master-basisonderwijs"]
    slots, messages = ask("kan ik zomaar beginnen of is er een startdatum", shown, "uh-master-basisonderwijs")
    text = "\n".join(m.get("text") or "" for m in messages)
    assert "februari 2026" in text and "Nog meer opties" not in text


@pytest.mark.parametrize("text, shown, meant", [
    # dev (a11-001): a whole title word, not the prefix "gedrag" of another title, names it
    ("die gedragsspecialist, hoe lang ben je daar mee bezig? als het 3 jaar is haak ik af haha",
     ["po-cur-gedrag", "po-cur-ontwikkeling-kind", "po-reg-gedragsspecialist", "po-reg-kindercoach-schoolcoach",
      "med-plg-docententeam"], "po-reg-gedragsspecialist"),
])
def test_a_whole_title_word_names_the_programme(text, shown, meant):
    slots, messages = ask(text, shown)
    assert slots.get("programme_in_focus") == meant, messages[-1]["text"]
    assert "Over welke gaat het" not in messages[-1]["text"]


@pytest.mark.parametrize("text", ["en mag ik daar met mijn kleuterdiploma in?",   # dev2 a16-001
                                  "kan ik die volgen met mijne bachelor lager?"])  # dev2 a15-058
def test_the_diploma_in_an_admission_question_points_at_no_title(text):
    # "kleuter" and "lager" are in the DIGISTEM module's title: the diploma named is the teacher's, not a pointer
    shown = ["uh-master-basisonderwijs", "po-ou-losse-modules-masterclasses", "uh-schakelprogramma-basisonderwijs",
             "pp-digistem-curriculummodule", "po-ou-master-onderwijswetenschappen"]
    slots, messages = ask(text, shown, "uh-schakelprogramma-basisonderwijs")
    assert slots.get("programme_in_focus") == "uh-schakelprogramma-basisonderwijs", messages[-1]["text"]


@pytest.mark.parametrize("text", [
    "zijn er ook kortere dingen over toetsen en analyseren?",  # a11-019
])
def test_asking_whether_there_is_something_else_fetches_more_options(text):
    # it got the card of a shown programme instead of other options
    shown = ["flx-ouderdiversiteit-visievorming", "flx-klasvrije-dag-met-ouders-en-ondersteuners",
             "flx-brugfiguur-en-stedelijke-partners"]
    _, messages = ask(text, shown)
    assert any("recommendations" in (m.get("custom") or m.get("json_message") or {}) for m in messages), messages


@pytest.mark.parametrize("text, shown, focus, meant", [
    # the title names the one meant and the town is what is asked (a17-006, a10-038)
    ("die specialist jonge kind, zit die ook in almere?",
     ["po-reg-coordinator-taal", "po-cur-jonge-kind", "po-hbo-master-pedagogiek", "po-reg-specialist-jonge-kind"],
     "po-reg-coordinator-taal", "po-reg-specialist-jonge-kind"),
    ("en die master eigentijds leren, is die in amsterdam?",
     ["med-master-ontwerpen-van-eigentijds-leren", "po-master-leren-en-innoveren", "po-hbo-master-pedagogiek"],
     "po-master-leren-en-innoveren", "med-master-ontwerpen-van-eigentijds-leren"),
    # "master" in a provider's description ("universiteiten met een wo-master ...") points at nothing (a6-007)
    ("Kan ze met haar pabo direct in die master SEN instromen?",
     ["po-master-sen", "po-premaster-wo-onderwijs", "po-hbo-master-pedagogiek"], "po-premaster-wo-onderwijs", "po-master-sen"),
    # a whole title word over a title that starts with it: "(methode)school" is no "schoolvoorbeelden" (a13-037)
    ("die schoolvoorbeelden, wanneer is dat dit jaar?",
     ["flx-hospiteren", "flx-bouwstenen-dagroutines", "flx-schoolvoorbeelden-ucll"], "flx-hospiteren", "flx-schoolvoorbeelden-ucll"),
    # a name of stop and school words, as a phrase (a21-043)
    ("is ai op school ook voor het lager?",
     ["pp-ai-op-school-platform", "pp-effectief-in-frans", "pp-stem-didactiek-blended"], "pp-effectief-in-frans",
     "pp-ai-op-school-platform"),
])
def test_a_title_named_in_the_question_wins_over_the_town_asked_and_the_focus(text, shown, focus, meant):
    entries = referent.programmes.knowledge_by_id()
    shown = [next(i for i in entries if i.startswith(s)) for s in shown]
    focus = next(i for i in entries if i.startswith(focus))
    meant = next(i for i in entries if i.startswith(meant))
    assert referent.referred_ids(text, shown, focus) == [meant]


def test_a_town_asked_of_one_named_by_its_title_answers_where_that_one_is():
    # dev2 (a16-037) and dev4: the one named is answered about, the shown ones in a town only when none is named
    shown = ["po-cur-gedrag", "po-reg-gedragsspecialist", "po-cur-didactiek-pedagogiek", "po-reg-kindercoach-schoolcoach",
             "po-hbo-master-pedagogiek"]
    slots, messages = ask("die gedragsspecialist, is er een in leeuwarden?", shown)
    text = messages[-1]["text"]
    assert text.startswith("Over Registeropleiding Gedragsspecialist") and "Ja, in Leeuwarden." in text
    assert "Nog meer opties" not in text and slots.get("programme_in_focus") == "po-reg-gedragsspecialist"
    slots, messages = ask("is er iets in leeuwarden?", shown)
    assert messages[-1]["text"].startswith("Ja, in Leeuwarden:") and "nummer 2, Registeropleiding Gedragsspecialist" in messages[-1]["text"]


@pytest.mark.parametrize("text", [
    "en zijn er ook korte cursussen over lezen?",     # a22-022
    "en voor muziek, bestaat daar ook zoiets?",       # a22-040
    "hm ok. nog iets anders voor frans?",             # a22-023
    "en iets waarbij we in de school zelf in duo's werken?",  # a22-056
])
def test_a_request_for_other_options_in_the_fourth_dev_split(text):
    assert actions.REFINE.search(text.lower()) or actions.cues.followup(text) == "more"


def test_a_town_asked_of_the_one_in_focus_is_answered_yes_or_no_first():
    # dev4 (a22, a20): "is die ook in Breda?" got the list of places only; the teacher asked yes or no
    shown = ["po-cur-gedrag", "po-reg-gedragsspecialist"]
    _, messages = ask("is die ook in Breda?", shown, "po-reg-gedragsspecialist")
    assert "Niet in Breda, volgens de bron." in messages[-1]["text"] and "Utrecht" in messages[-1]["text"]
    _, messages = ask("waar kan ik die volgen vanuit haarlem", shown, "po-reg-gedragsspecialist")
    assert "Haarlem" not in messages[-1]["text"]  # where from is no place asked about


def test_more_on_a_topic_with_nothing_more_on_it_says_so():
    # found talking to it (eighth session): with the one course on diversity shown, "zijn er ook korte cursussen
    # over diversiteit?" listed others under "Nog meer opties" as if they were about it
    profile = {"role": "teacher", "region": "NL", "sector": "basis", "hours_per_week": 2.0, "home_town": "Urk",
               "max_travel_minutes": 45.0, "ambition": "mijn directeur wil dat we iets met burgerschap gaan doen"}
    shown = ["po-cur-diversiteit", "po-cur-maatwerk-team", "po-nascholing-ondersteunen-schoolbestuur"]
    slots = {**profile, "last_recommendations": shown, "programme_in_focus": None}
    _, messages = run(actions.ActionAboutProgramme(),
                      tracker("en zijn er ook korte cursussen over diversiteit?", slots=slots, intent="ask_programme"))
    text = next(m["text"] for m in messages if m.get("text"))
    assert text.startswith("Meer over diversiteit vind ik niet in mijn bronnen."), text
