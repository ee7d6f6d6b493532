"""Issue 9 in the engine: availability status, time load with its derivation, topic first, one entry per
real-world thing, and the words on cards and follow-up answers."""
from __future__ import annotations

from actions import phrasing
from index import evaluate
from index.fit import CONFLICT, OK, UNKNOWN, fit_entry
from index.search import IN_DEVELOPMENT

GIFTED_VL = {"role": "teacher", "region": "VL", "sector": "lager", "hours_per_week": 3,
             "ambition": "ik wil leren omgaan met hoogbegaafde leerlingen in mijn klas"}


def _all_items(payload):
    return payload["recommendations"] + payload.get("other_region", []) + payload.get("also_in_development", [])


def test_planned_and_idea_entries_are_never_recommended(real_recommender):
    for ambition in ("een toolkit voor PAV-lessen in het bso", "feedback op video voor mijn LIO",
                     "een Europese master internationalisering", "digitale STEM bij kleuters"):
        payload = real_recommender.recommend({"region": "VL" if "Europese" not in ambition else "NL",
                                              "ambition": ambition}, top=10)
        assert all(i["status"] not in IN_DEVELOPMENT for i in payload["recommendations"]), ambition
        assert len(payload.get("also_in_development", [])) <= 1
        for item in payload.get("also_in_development", []):
            assert item["in_development"] is True and item["status"] in IN_DEVELOPMENT


def test_an_entry_in_development_is_named_once_and_marked(real_recommender, monkeypatch):
    monkeypatch.setenv("LEERWIJZER_TODAY", "2026-12-05")
    payload = real_recommender.recommend({"role": "teacher", "region": "VL", "sector": "secundair",
                                          "ambition": "een toolkit en rubric voor mijn PAV-lessen"}, top=5)
    developing = payload.get("also_in_development")
    assert developing and developing[0]["id"].startswith("pp-pav-")
    text = phrasing.recommendation_messages(phrasing.annotate(payload))[0]["text"]
    # a plan of the 2021-2023 projects, asked about in 2026, is not said to be still on its way (issue 18)
    assert "Ook als plan genoemd, nog niet om je voor in te schrijven" in text
    assert "plan uit 2021-2023; of het er nu is, zeggen mijn bronnen niet" in text
    monkeypatch.setenv("LEERWIJZER_TODAY", "2022-10-01")
    text = phrasing.recommendation_messages(phrasing.annotate(payload))[0]["text"]
    assert "Ook in ontwikkeling" in text and "gepland in 2021-2023" in text


def test_time_fit_uses_the_estimate_and_says_where_it_comes_from():
    master = {"hours_per_week": 41.25, "hours_per_week_range": [37.5, 45],
              "hours_basis": "60 studiepunten x 25-30 uur over een jaar voltijds (40 weken)"}
    fit = fit_entry(master, {"hours_per_week": 8})
    assert fit.values["time"] == CONFLICT
    assert "ongeveer 37,5-45 uur per week, geschat uit: 60 studiepunten" in fit.notes["time"]
    assert fit_entry(master, {"hours_per_week": 45}).values["time"] == OK
    # inside the range, or just under its low end: it may fit or not
    assert fit_entry(master, {"hours_per_week": 40}).values["time"] == UNKNOWN
    assert fit_entry(master, {"hours_per_week": 32}).values["time"] == UNKNOWN
    assert fit_entry(master, {"hours_per_week": 29}).values["time"] == CONFLICT  # 37,5 > 29 x 1,25
    assert fit_entry(master, {}).values["time"] == UNKNOWN and "geschat uit" in fit_entry(master, {}).notes["time"]
    stated = {"hours_per_week": 1, "hours_basis": "1 uur per week (van 8 tot 9 uur)"}
    assert "volgens de bron" in fit_entry(stated, {"hours_per_week": 2}).notes["time"]
    assert fit_entry({"hours_per_week": None}, {"hours_per_week": 2}).values["time"] == UNKNOWN


def test_nothing_on_the_topic_in_the_region_is_said_plainly_with_the_other_region_labelled(real_recommender):
    payload = phrasing.annotate(real_recommender.recommend(GIFTED_VL, top=5))
    assert payload["topic_gap"]["topics"] == ["hoogbegaafdheid"]
    assert all(i["match"] == "nearest" and i["region"] in ("VL", "both") for i in payload["recommendations"])
    assert payload["other_region"] and all(i["region"] == "NL" and i["match"] == "other_region"
                                           and "hoogbegaafdheid" in real_recommender.entries[
                                               real_recommender.by_id[i["id"]]]["topics"]
                                           for i in payload["other_region"])
    text = phrasing.recommendation_messages(payload)[0]["text"]
    assert "Over hoogbegaafdheid vind ik in mijn bronnen niets in het Vlaamse aanbod" in text
    assert "het dichtst bij" in text and "in Nederland (een ander onderwijssysteem" in text


def test_a_recommendation_shares_a_topic_with_the_ambition(real_recommender):
    profile = {"role": "teacher", "region": "NL", "sector": "basis", "ambition": "ik wil rekencoördinator worden"}
    payload = real_recommender.recommend(profile, top=5)
    on_topic = [i for i in payload["recommendations"] if i["match"] == "topic"]
    assert on_topic and payload["recommendations"][: len(on_topic)] == on_topic  # topic first, then the nearest
    goal = real_recommender.goal_topics(profile["ambition"])
    topics = [real_recommender.entries[real_recommender.by_id[i["id"]]]["topics"] for i in on_topic]
    # the goal's main topic first; a second one the goal model learned ("coördinator": coaching colleagues,
    # since dev5) may follow, never an item that shares none of the goal's topics
    assert goal[0] == "rekenen" and "rekenen" in topics[0] and all(set(t) & set(goal) for t in topics)
    assert [("rekenen" in t) for t in topics] == sorted(("rekenen" in t for t in topics), reverse=True)


def test_no_two_entries_about_the_same_real_thing(real_recommender):
    for ambition in ("diversiteit en inclusie in de basisschool, samen met de lerarenopleiding",
                     "computationeel denken en AI in mijn lessen", "PAV-lessen die aansluiten bij de leefwereld"):
        payload = real_recommender.recommend({"region": "VL", "ambition": ambition}, top=5)
        indices = [real_recommender.by_id[i["id"]] for i in payload["recommendations"]]
        assert not any(real_recommender.same_thing(a, b) for n, a in enumerate(indices) for b in indices[n + 1:])


def test_status_and_year_are_said_in_words(monkeypatch):
    monkeypatch.setenv("LEERWIJZER_TODAY", "2022-10-01")  # while the pilots ran
    assert phrasing.availability({"status": "offered", "data_year": "2015"}) == "aanbod in 2015"
    assert phrasing.availability({"status": "pilot", "data_year": "2021-2023"}) == "pilootproject 2021-2023"
    assert "gepland" in phrasing.availability({"status": "planned", "data_year": "2021-2023"})
    monkeypatch.setenv("LEERWIJZER_TODAY", "2026-12-05")
    assert phrasing.availability({"status": "pilot", "data_year": "2021-2023"}) == "afgelopen pilootproject (2021-2023)"
    entry = {"title": "Registeropleiding Gedragsspecialist", "type": "post_initial", "provider": None,
             "status": "offered", "data_year": "2015"}
    assert phrasing.title_line(entry).endswith("; aanbod in 2015)")


def test_old_ids_in_labels_count_for_the_entry_that_holds_them():
    table = {"new": {"id": "new"}, "old": {"id": "new"}}
    assert evaluate.resolve_labels({"old": 1, "new": 2, "x": 1}, table.get) == {"new": 2, "x": 1}


def test_eval_labels_use_current_ids_and_recommendable_entries(monkeypatch):
    from index import availability, knowledge

    monkeypatch.setenv("LEERWIJZER_TODAY", "2026-12-05")  # the date the labels were last revised for
    kb = knowledge.load()
    for row in evaluate.load_set():
        for eid in row["relevant"]:
            assert eid in kb.by_id, (row["name"], eid)
            assert kb.by_id[eid]["status"] not in IN_DEVELOPMENT, (row["name"], eid)
            assert availability.recommendable(kb.by_id[eid]), (row["name"], eid)
        for eid in row.get("in_development", {}):
            assert kb.by_id[eid]["status"] in IN_DEVELOPMENT, (row["name"], eid)
