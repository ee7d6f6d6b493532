"""What stays code (numbers, ranges, towns, abbreviations) checked on messages of the blind corpus's train
authors (eval/blind/a1, a3, a4, a6; the conversation id is beside each), not on examples written for the rule."""
import pytest

from intake.understand import read


@pytest.mark.parametrize("text, pending, expected", [
    # abbreviations and lower-case towns (a1-009, a1-016, a1-018)
    ("hoi, juf 4de lj sint-niklaas", None, {"role": "teacher", "sector": "lager", "home_town": "Sint-Niklaas", "region": "VL"}),
    ("juf 5de lj in bree. ik geef frans in het 5de en 6de maar eerlijk, mijn eigen frans is roestig", None,
     {"home_town": "Bree", "sector": "lager"}),
    ("meester 3de leerjaar, vilvoorde. de helft van mijn klas spreekt thuis frans of arabisch", None,
     {"home_town": "Vilvoorde", "sector": "lager"}),
    # a province answers the region question (a1-009, a1-016 answer with a province)
    ("oost-vlaanderen", "region", {"region": "VL"}),
    # a district travels like its town (a1-006 Borgerhout; a6-021 "Nijmegen-Dukenburg")
    ("Goedemiddag. Ik ben teamleider bovenbouw op een basisschool in Nijmegen-Dukenburg.", None,
     {"home_town": "Nijmegen", "region": "NL", "role": "school_leader"}),
    # "sint niklaas" typed without its hyphen (a3-039)
    ("zorgcoördinator bubao sint-niklaas, wil co-teaching invoeren in derde en vierde leerjaar", None,
     {"home_town": "Sint-Niklaas", "sector": "speciaal"}),
])
def test_corpus_facts_are_read(text, pending, expected):
    got = read(text, pending, {}).set
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize("text, pending, slot, value", [
    ("6-8 uur", "hours_per_week", "hours_per_week", 7),               # a1-002: a range is read as its middle
    ("2 à 3 uur", "hours_per_week", "hours_per_week", 2.5),           # a1-003
    ("1 à 2", "hours_per_week", "hours_per_week", 1.5),               # a1-041
    ("3 uur, nee wacht, 2", "hours_per_week", "hours_per_week", 2),   # a1-047: corrected in the same message
    ("honderd à tweehonderd euro", "budget_eur", "budget_eur", 150),  # a3-035
    ("al drieëntwintig jaar", None, "experience_years", 23),          # a3-014
])
def test_corpus_numbers_are_read(text, pending, slot, value):
    assert read(text, pending, {}).set.get(slot) == value


def test_a_range_is_said_back_with_the_middle_used():
    from actions.intake_form import acknowledgement

    reading = read("2 à 3 uur", "hours_per_week", {})
    assert "2 à 3 uur" in acknowledgement(reading) and "2,5 uur per week" in acknowledgement(reading)


@pytest.mark.parametrize("text, slot", [
    # a1-005: a day at home named beside the question is no number of hours (the teacher says "zeg 10" later)
    ("kan da naast mijn job? op woensdag ben ik thuis", "hours_per_week"),
    # a1-022: a verb that is also a village ("Tellen") is no town; nor "hier" (bench/conversations vl-002)
    ("Goeiemiddag, meester Tom hier. 5de leerjaar", "home_town"),
    ("mijn kleuters tellen vlot tot 20 maar snappen nie wat meer en minder is", "home_town"),
    # the examples
    ("een half jaar stage gelopen in het buitenland", "max_travel_minutes"),
    ("half mijn tijd gaat naar zorg", "max_travel_minutes"),
    ("er is geen geld voor de schoolreis", "budget_eur"),
    ("op woensdag werk ik", "hours_per_week"),
])
def test_corpus_words_that_state_no_value_fill_nothing(text, slot):
    assert slot not in read(text, None, {}).set


def test_a_price_per_person_is_not_the_budget_but_no_money_for_training_is():
    # a1-043: its author marks "64 euro" as no budget, and the budget as 0
    text = "mijn directie zegt dat er geen geld is voor nascholing, iets van 64 euro per persoon, en tijd is er ook nie"
    assert read(text, None, {}).set.get("budget_eur") == 0


def test_about_twelve_years_is_twelve_not_one():
    assert read("ik sta al een jaar of 12 voor de klas", None, {}).set.get("experience_years") == 12
