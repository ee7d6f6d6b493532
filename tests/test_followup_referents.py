"""Which shown programme a follow-up in free words points at (actions/programmes.py): by place, provider,
topic or 'de eerste twee', as the blind corpus's teachers point ("die van de hogeschool in Zwolle", "en die
over ouders, wanneer is die?", "vergelijk de eerste twee"). Knowledge entries are the real ones."""
import pytest

from actions import programmes
from actions.actions import REFINE, _refinement

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


@pytest.mark.parametrize("text, added", [
    ("is er ook iets specifiek voor kleuters?", "kleuters"),   # a1-001
    ("niks specifiek over lezen?", "lezen"),                   # a1-011
    ("zijn er geen muziekcursussen?", "muziekcursussen"),      # a1-010
])
def test_a_request_for_more_on_something_searches_on_it(text, added):
    assert REFINE.search(text.lower()) and _refinement(text) == added
