"""The learned parts decide together (issue 17): what the query map finds first for a goal told in a teacher's
own words is shown, as on the goal's topic, when the goal model reads the goal otherwise but finds that topic
plausible; its reason names the topic it shares."""
from index.search import normalise_profile

# The goal model reads "divers qua achtergrond" as differentiation; the query map's first match is the course on
# diversity, which the goal model also finds plausible. Before, the course was not in the top 3.
DIVERSE_CLASS = {"role": "teacher", "region": "NL", "sector": "basis", "ambition": "mijn klas is heel divers qua achtergrond"}


def test_the_query_maps_first_match_is_shown_on_topic_with_the_topic_it_shares(real_recommender):
    r = real_recommender
    first = r.entries[r.dense(r.query_text(normalise_profile(DIVERSE_CLASS)), 5)[0][0]]
    payload = r.recommend(DIVERSE_CLASS, top=5)
    top3 = payload["recommendations"][:3]
    assert first["id"] in [i["id"] for i in top3], [i["id"] for i in top3]
    item = next(i for i in top3 if i["id"] == first["id"])
    assert item["match"] == "topic"
    # the reason names the topic it shares first (and any other goal topic the entry has)
    assert item["reasons"][0].startswith("Sluit aan bij je ambitie: diversiteit")
    # topic first: what is labelled on topic comes before what is only near it (the reply says so in between)
    matches = [i["match"] for i in payload["recommendations"]]
    assert matches == sorted(matches, key=lambda m: m != "topic")
