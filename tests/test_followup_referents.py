"""Which shown programme a follow-up in free words points at (actions/programmes.py): by place, provider,
topic or 'de eerste twee', as the blind corpus's teachers point ("die van de hogeschool in Zwolle", "en die
over ouders, wanneer is die?", "vergelijk de eerste twee"). Knowledge entries are the real ones."""
import pytest

from actions import programmes
from actions.actions import REFINE, _refinement
from intake import cues

SHOWN = ["uh-master-basisonderwijs", "po-reg-specialist-oudere-kind", "flx-ouderdiversiteit-visievorming"]
MASTERS = ["po-master-sen", "po-master-li-saxion-beginnende-professionals", "po-fontys-master-toetsdeskundige"]


@pytest.mark.parametrize("shown, text, expected", [
    (MASTERS, "die in Leeuwarden, wanneer start die?", ["po-master-sen"]),      # a place where it is given
    (MASTERS, "en die in enschede?", ["po-master-li-saxion-beginnende-professionals"]),
    (SHOWN, "en die over zorg, hoe lang duurt die?", ["uh-master-basisonderwijs"]),  # a topic, not a title word
])
def test_a_follow_up_finds_the_programme_by_place_or_topic(shown, text, expected):
    assert programmes.referred_ids(text, shown) == expected


@pytest.mark.parametrize("text, expected", [
    ("vergelijk de eerste twee", SHOWN[:2]),
    ("en de laatste twee?", SHOWN[1:]),
    ("wat kost de tweede?", [SHOWN[1]]),
])
def test_a_follow_up_finds_the_programme_it_points_at(text, expected):
    assert programmes.referred_ids(text, SHOWN) == expected


def test_hours_and_years_are_no_pointers():
    assert programmes.referred_ids("en als ik 2 uur per week heb?", SHOWN) == []


@pytest.mark.parametrize("text", [
    # the dev split's teachers (a11-044, a12-046, a13-035): a number that counts something of their school
    "die korte cursussen taal, gaan die ook over kleuters of vooral groep 3 en hoger?",
    "kan da ook met maar 2 collega's?",
    "ook voor 2,5-jarigen?",
])
def test_a_number_that_counts_something_is_no_pointer(text):
    assert programmes.by_number(text, SHOWN) == []
    assert programmes.by_number("vergelijk 1 met 3", SHOWN) == [SHOWN[0], SHOWN[2]]


@pytest.mark.parametrize("text, added", [
    ("is er ook iets specifiek voor kleuters?", "kleuters"),   # a1-001
    ("niks specifiek over lezen?", "lezen"),                   # a1-011
    ("zijn er geen muziekcursussen?", "muziekcursussen"),      # a1-010
])
def test_a_request_for_more_on_something_searches_on_it(text, added):
    assert REFINE.search(text.lower()) and _refinement(text) == added


# a3 and a1's teachers name the thing by a word of its text, not of its title or topic
PRACTICES = ["flx-collegiale-visitatie", "flx-kindercoaching", "flx-leerkrachtintervisie"]


@pytest.mark.parametrize("text, focus, expected", [
    ("hoe begin je met zo een intervisie", None, ["flx-leerkrachtintervisie"]),        # a3: a compound's last part
    ("hoe regel ik dan da iemand mijn klas overneemt?", None, ["flx-collegiale-visitatie"]),  # a1: a word of its text
    # with a programme in focus, an unpointed word does not move away from it ("...de klas overneemt" is still
    # about the one just discussed), a pointed one does ("zo een intervisie")
    ("hoe regel ik dan da iemand mijn klas overneemt?", "flx-kindercoaching", []),
    ("hoe begin je met zo een intervisie", "flx-kindercoaching", ["flx-leerkrachtintervisie"]),
])
def test_a_follow_up_finds_the_programme_by_a_word_only_it_has(text, focus, expected):
    assert programmes.referred_ids(text, PRACTICES, focus) == expected


@pytest.mark.parametrize("text, kind", [
    # train authors' follow-ups (a1, a3, a4, a6) that no cue of intake.cues recognises
    ("zijn er ook losse korte dingen", "more"),
    ("kan ik ook gaan kijken bij een ervaren collega", "more"),
    ("is er meer", "more"),
    ("kan dat als student?", "admission"),
    ("nee, dat was het", "done"),
])
def test_what_a_follow_up_asks_is_learned_from_the_corpus(text, kind):
    from intake import cues, followup_kind

    assert (cues.followup(text) or followup_kind.trusted(text)) == kind


@pytest.mark.parametrize("text", [
    "hoeveel uur per week is dat dan",             # a8-007
    "en hoeveel tijd kost het per week echt",      # a8-004
    "hoeveel uur is dat in totaal",                # a10-024
])
def test_words_of_how_much_or_how_long_point_at_no_programme(text):
    """A title that holds question words ("... hoeveel tijd blijft er ...") is not what such a question is about:
    it stays with the programme in focus (or the first)."""
    shown = ["uh-master-basisonderwijs", "flx-prestatieregeling-tijd-voor-overleg", "flx-ouderdiversiteit-visievorming"]
    assert programmes.referred_ids(text, shown, focus="uh-master-basisonderwijs") == []


@pytest.mark.parametrize("text", [
    "en past dat binnen die 600 euro?",            # a29-009
    "Blijft dat onder de 4.000 per jaar?",         # a29-011
])
def test_a_budget_held_against_the_price_names_no_programme(text):
    """A question about one's own budget names no programme of the knowledge: not the "Professionaliseringsbudget
    ... (64 euro per voltijdse betrekking)" whose title has "euro" in it (it was answered instead of the one asked
    about). It stays with the programme in focus."""
    assert programmes.by_title(text, list(programmes.knowledge_by_id().values())) is None
    shown = ["po-cur-coachen", "po-reg-kindercoach-schoolcoach", "po-cur-verenigingen-netwerken"]
    assert programmes.referred_ids(text, shown, focus="po-cur-coachen") == []


def test_an_acronym_after_die_names_the_programme():
    shown = ["flx-kindercoaching", "flx-udl-expertsessie", "flx-collegiale-consultatie"]  # a1-017
    assert programmes.referred_ids("en die udl, wa is da?", shown) == ["flx-udl-expertsessie"]
    assert programmes.referred_ids("en die udl, wa is da?", shown, focus="flx-kindercoaching") == ["flx-udl-expertsessie"]


@pytest.mark.parametrize("shown, text, expected", [
    # "per jaar" asks for a price, it does not point at "... 1,5 dag per jaar ..." (a10-034)
    (["po-master-leren-en-innoveren", "flx-extra-pedagogische-studiedag-aanvragen", "po-ou-master-onderwijswetenschappen"],
     "en die van de ou, wat kost die per jaar?", ["po-ou-master-onderwijswetenschappen"]),
    # typed without its accent (a10-022)
    (["flx-waarderend-interview", "po-reg-coordinator-taal", "po-master-sen"],
     "kan ik die coordinator opleiding al doen?", ["po-reg-coordinator-taal"]),
])
def test_a_provider_abbreviation_or_a_word_without_its_accent_points_at_the_programme(shown, text, expected):
    assert programmes.referred_ids(text, shown, focus=shown[0]) == expected


def test_with_a_programme_in_focus_a_title_word_moves_away_only_after_a_pointer():
    shown = ["po-master-leren-en-innoveren", "po-fontys-master-toetsdeskundige", "po-cur-passend-onderwijs"]
    focus = "po-master-leren-en-innoveren"                                                           # a8-056
    assert programmes.referred_ids("hoe lang duurt het in deeltijd", shown, focus=focus) == []
    assert programmes.referred_ids("en die toetsdeskundige, hoe lang duurt die?", shown, focus=focus) == [shown[1]]


@pytest.mark.parametrize("text, kind", [
    ("en is er ook iets korters", "shortest"),                     # a26-003
    ("is er ook een kortere premaster?", "shortest"),              # a26-053
    ("Kun je ook een paar masters laten zien waar ze met de pabo direct in kan?", "more"),  # a26-024
    ("liever iets korts dan een hele master", None),                # a27-054, in the intake: a wish, no follow-up
])
def test_something_shorter_and_a_few_more_are_told_by_their_words(text, kind):
    assert cues.followup(text) == kind
