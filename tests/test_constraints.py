"""Dutch constraint understanding (bot.nlu.constraints): several facts in one message, number words,
Flemish and Dutch phrasing, normalised units."""
from __future__ import annotations

import pytest

from bot.nlu.constraints import says_dont_know, values


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
    ("niet verder dan 20 km", "max_travel_minutes", 24),
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
    ("4", "hours_per_week", 4), ("vijf", "hours_per_week", 5), ("bilzen", "home_town", "bilzen"),
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
