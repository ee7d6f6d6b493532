"""Dutch fact reading (intake.parse): several facts in one message, number words,
Flemish and Dutch phrasing, normalised units."""
from __future__ import annotations

import pytest

from intake.parse import says_dont_know, values


def test_one_message_fills_many_slots():
    got = values("Ik ben kleuterjuf in Hasselt, 6 jaar ervaring, heb ongeveer 4 uur per week")
    assert got["role"] == "teacher" and got["sector"] == "kleuter"
    assert got["home_town"] == "Hasselt" and got["town_region"] == "VL"
    assert got["experience_years"] == 6 and got["hours_per_week"] == 4


@pytest.mark.parametrize("text, slot, value", [
    ("4 uur per week", "hours_per_week", 4),
    ("vier uur per week", "hours_per_week", 4),
    ("anderhalf uur per week", "hours_per_week", 1.5),
    ("een halve dag per week", "hours_per_week", 4),
    ("op woensdagnamiddag", "hours_per_week", 4),
    ("max 500 euro", "budget_eur", 500),
    ("€ 1.500", "budget_eur", 1500),
    ("ik heb geen budget", "budget_eur", 0),
    ("30 minuten", "max_travel_minutes", 30),
    ("een half uur rijden", "max_travel_minutes", 30),
    ("niet verder dan 20 km", "max_travel_minutes", 38),
    ("alleen online", "delivery", "online"),
    ("ik woon in Den Haag", "home_town", "Den Haag"),
    ("ik ben directeur van een basisschool", "role", "school_leader"),
    ("ik studeer aan de lerarenopleiding", "role", "student_teacher"),
    ("ik werk in Vlaanderen", "region", "VL"),
    ("ik heb mijn pabo gehaald", "diploma", "pabo"),
])
def test_values_are_normalised(text, slot, value):
    assert values(text).get(slot) == value


def test_the_school_paying_is_understood():
    assert values("de school betaalt")["budget_payer"] == "school"


@pytest.mark.parametrize("text, slot, value", [
    ("4", "hours_per_week", 4), ("vijf", "hours_per_week", 5), ("bilzen", "home_town", "Bilzen"),
    ("een uur", "max_travel_minutes", 60), ("300", "budget_eur", 300),
])
def test_a_bare_answer_fills_the_slot_that_was_asked(text, slot, value):
    assert values(text, requested_slot=slot).get(slot) == value


def test_an_ambition_is_not_mistaken_for_a_diploma_or_a_town():
    got = values("ik wil een master halen over inclusief onderwijs")
    assert "diploma" not in got and "home_town" not in got


@pytest.mark.parametrize("text", ["weet ik niet", "maakt niet uit", "geen idee", "om het even"])
def test_declining_is_recognised(text):
    assert says_dont_know(text)


def test_absurd_numbers_are_still_read_so_validation_can_question_them():
    assert values("200 uur per week")["hours_per_week"] == 200


@pytest.mark.parametrize("text, slot, value", [
    ("ik ben zorgjuf in Brugge", "role", "teacher"),
    ("ik ben schoolhoofd in Lommel", "role", "school_leader"),
    ("kleuterleidster in Mechelen", "sector", "kleuter"),
    ("ik ben leerkrach in Gent", "role", "teacher"),          # a typo
    ("ik ben directuer", "role", "school_leader"),            # a typo
    ("ik heb nen halve dag", "hours_per_week", 4),            # Flemish
    ("en als ik 6 uur heb?", "hours_per_week", 6),
    ("budget is 1000 euro", "budget_eur", 1000),
    ("budget van 800", "budget_eur", 800),
    ("mag ook online", "delivery", "any"),                    # online is allowed too: any form will do
    ("-300 euro", "budget_eur", -300),                        # read, so validation can question it
    ("ik zoek iets voor een collega die kleuterjuf is in Genk", "role", "counsellor"),
])
def test_dialect_typos_and_changes(text, slot, value):
    assert values(text).get(slot) == value


@pytest.mark.parametrize("text", ["ik wil mijn studenten beter begeleiden", "ik heb een bachelor kleuteronderwijs",
                                  "ik studeer nog aan de hogeschool"])
def test_close_matches_do_not_invent_roles_or_sectors(text):
    got = values(text)
    assert got.get("role") != "counsellor" and got.get("role") != "teacher" and got.get("sector") != "hoger"


@pytest.mark.parametrize("text, slot, value", [
    ("lager onderwijs", "sector", "lager"), ("voortgezet onderwijs", "sector", "vo"), ("mbo", "sector", "mbo"),
    ("bachelor kleuteronderwijs", "diploma", "bachelor_kleuter"), ("pabo", "diploma", "pabo"),
    ("master", "diploma", "master"),
])
def test_quick_reply_answers_fill_sector_and_diploma(text, slot, value):
    assert values(text, requested_slot=slot).get(slot) == value


@pytest.mark.parametrize("text, expected", [
    ("Ik ben kleuterjuf in Hasselt en wil beter leren omgaan met diversiteit", "diversiteit"),
    ("ik zoek iets voor een collega die meer wil weten over taalontwikkeling", "taalontwikkeling"),
    ("ik wil een master halen", "master"),
    ("ik zoek een opleiding", None), ("ik wil me bijscholen", None), ("ik wil 4 uur per week", None),
    ("ik ben juf in Genk", None), ("ik wil niet reizen, het moet op school", None),
])
def test_an_ambition_is_found_among_other_facts(text, expected):
    from intake.understand import read

    found = read(text, None, {}).ambition
    assert (found is None) if expected is None else (expected in found and "Hasselt" not in found)
