"""`leerwijzer knowledge validate`: the real knowledge passes; each kind of error is reported as
file:line with a reason, all at once, with a non-zero exit."""
from __future__ import annotations

import copy

import pytest

from bot.cli import main
from index import knowledge, paths
from tests.conftest import real_entries, write_knowledge

GOOD_ID = "po-master-professioneel-meesterschap"  # cites a price (8.300) and a duration


def test_real_knowledge_is_valid_and_large_enough(capsys):
    assert main(["knowledge", "validate"]) == 0
    out = capsys.readouterr().out
    assert "knowledge ok" in out
    kb = knowledge.load()
    assert len(kb.entries) >= 80
    assert len({e["type"] for e in kb.entries}) == len(knowledge.TYPES)  # every type is represented


def test_every_2015_figure_carries_its_year():
    for entry in knowledge.load().entries:
        if any(s["file"] == "001_f95d3040631a1bea.txt" for s in entry["sources"]):
            # merged with a later source: a range that starts in 2015
            assert entry["data_year"] == "2015" or entry["data_year"].startswith("2015-"), entry["id"]


def test_every_entry_has_a_status_and_plans_are_not_offered():
    kb = knowledge.load()
    assert {e["status"] for e in kb.entries} <= knowledge.STATUSES
    by_id = kb.by_id
    for eid in ("po-interactum-eigentijdse-master", "po-interactum-moedig-meesterschap",
                "po-universitaire-lerarenopleiding-po"):
        assert by_id[eid]["status"] == "idea", eid
    assert by_id["pp-flexio-leerplatform"]["status"] == "planned"
    assert by_id["flx-flexio-project"]["status"] == "pilot"


def test_merged_ids_still_resolve():
    kb = knowledge.load()
    for old, kept in [("pp-flexio", "flx-flexio-project"), ("med-master-leren-en-innoveren", "po-master-leren-en-innoveren"),
                      ("med-master-educational-needs", "po-master-sen"),
                      ("pp-onderzoeksschool-model", "pp-onderzoeksscholen")]:
        assert old not in kb.by_id
        assert kb.resolve(old)["id"] == kept


def test_time_load_estimates_say_how_they_were_derived():
    entries = knowledge.load().entries
    with_hours = [e for e in entries if e["hours_per_week"] is not None]
    # 7 since issue 18: the estimates without a basis in their lines (registeropleidingen, atelierwerking) went
    assert len(with_hours) >= 5
    for e in with_hours:
        assert e["hours_basis"], e["id"]
        low, high = e["hours_per_week_range"] or (e["hours_per_week"], e["hours_per_week"])
        assert low <= e["hours_per_week"] <= high, e["id"]


def _broken(tmp_path, mutate):
    entry = copy.deepcopy(real_entries()[GOOD_ID])
    mutate(entry)
    folder = write_knowledge(tmp_path / "knowledge", [entry])
    return knowledge.load(folder)


@pytest.mark.parametrize("mutate, expected", [
    (lambda e: e.update(type="webinar"), "'type' is 'webinar'"),
    (lambda e: e.pop("summary"), "missing field 'summary'"),
    (lambda e: e.update(colour="blue"), "unknown field 'colour'"),
    (lambda e: e.update(topics=["astrologie"]), "not in topics.yml"),
    (lambda e: e.update(id="Master SEN!"), "lower-case slug"),
    (lambda e: e.update(cost_eur=9999), "cost_eur 9999 does not appear in the cited lines"),
    (lambda e: e.update(hours_per_week=-3), "non-negative number"),
    (lambda e: e["sources"][0].update(lines="999990-999999"), "lie outside"),
    (lambda e: e["sources"][0].update(file="999_missing.txt"), "does not exist"),
    (lambda e: e.update(data_year="2024"), 'data_year must be "2015"'),
    (lambda e: e["audience"].update(roles=["principal"]), "unknown value 'principal'"),
    (lambda e: e["admission"].update(bridging="no-such-entry"), "no known id"),
    (lambda e: e.pop("status"), "missing field 'status'"),
    (lambda e: e.update(status="maybe"), "'status' is 'maybe'"),
    (lambda e: e.update(related=["no-such-entry"]), "related 'no-such-entry' is no known id"),
    (lambda e: e.update(aliases=[e["id"]]), "is also the id of an entry"),
    (lambda e: e.update(study_credits=45), "study_credits 45 does not appear in the cited lines"),
    (lambda e: e.update(hours_per_week=17), "hours_per_week 17 does not appear in the cited lines"),
    (lambda e: e.update(hours_basis="zomaar"), "hours_basis without hours_per_week"),
    (lambda e: e.update(hours_per_week=5, hours_basis="x", hours_per_week_range=[1, 2]), "outside its range"),
    (lambda e: e.update(hours_per_week_range=[1, 2]), "needs hours_basis"),
])
def test_each_kind_of_error_is_reported_with_file_and_line(tmp_path, mutate, expected):
    kb = _broken(tmp_path, mutate)
    messages = [str(p) for p in kb.problems]
    assert any(expected in m for m in messages), messages
    assert all(m.startswith("small.yml:") and int(m.split(":")[1]) > 0 for m in messages), messages


def test_an_estimate_with_its_derivation_is_accepted(tmp_path):
    # figures the cited lines do not give are accepted only when named as the assumption they are
    kb = _broken(tmp_path, lambda e: e.update(hours_per_week=17, hours_per_week_range=[15, 19],
                                              hours_basis="60 studiepunten x 25-30 uur over 24 maanden",
                                              hours_assumption="60 studiepunten, 1 studiepunt = 25-30 uur, 24 maanden"))
    assert not kb.problems, [str(p) for p in kb.problems]
    unnamed = _broken(tmp_path / "b", lambda e: e.update(hours_per_week=17, hours_per_week_range=[15, 19],
                                                         hours_basis="60 studiepunten x 25-30 uur over 24 maanden"))
    assert any("hours_basis uses 25" in str(p) for p in unnamed.problems)


def test_near_duplicates_must_be_merged_or_linked(tmp_path):
    entry = real_entries()[GOOD_ID]
    copy_ = dict(copy.deepcopy(entry), id="po-master-professioneel-meesterschap-kopie")
    folder = write_knowledge(tmp_path / "knowledge", [entry, copy_])
    messages = [str(p) for p in knowledge.load(folder).problems]
    assert any("nearly duplicates 'po-master-professioneel-meesterschap'" in m for m in messages), messages
    linked = dict(copy_, related=[GOOD_ID])
    folder = write_knowledge(tmp_path / "linked", [entry, linked])
    assert not knowledge.load(folder).problems


def test_the_real_knowledge_has_no_unlinked_near_duplicates():
    assert knowledge.near_duplicates(knowledge.load().entries) == []


def test_summary_copied_from_the_source_is_refused(tmp_path):
    lines = (paths.SEEDS_DIR / "001_f95d3040631a1bea.txt").read_text(encoding="utf-8").splitlines()
    entry = real_entries()[GOOD_ID]
    first, last = (int(x) for x in entry["sources"][0]["lines"].split("-"))
    copied = " ".join(" ".join(lines[first - 1:last]).split()[:14])
    kb = _broken(tmp_path, lambda e: e.update(summary=copied + "."))
    assert any("copies the source word for word" in str(p) for p in kb.problems)


def test_duplicate_ids_and_broken_yaml_are_all_reported_at_once(tmp_path, capsys, monkeypatch):
    entry = real_entries()[GOOD_ID]
    folder = write_knowledge(tmp_path / "knowledge", [entry, entry])
    (folder / "broken.yml").write_text("entries:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("LEERWIJZER_KNOWLEDGE", str(folder))
    monkeypatch.setattr(paths, "KNOWLEDGE_DIR", folder)
    assert main(["knowledge", "validate"]) == 1
    out = capsys.readouterr().out
    assert "duplicate id 'po-master-professioneel-meesterschap'" in out
    assert "broken.yml:" in out and "not valid YAML" in out


def test_without_the_sources_citation_checks_are_skipped_loudly(tmp_path, capsys):
    kb = _broken(tmp_path, lambda e: e.update(cost_eur=9999))
    assert kb.problems  # with the sources, the made-up price is caught
    folder = tmp_path / "knowledge"
    kb = knowledge.load(folder, seeds_dir=tmp_path / "no-seeds-here")
    assert not kb.problems
    assert any("citation checks skipped" in n for n in kb.notices)
    assert main(["knowledge", "validate", "--seeds", str(tmp_path / "no-seeds-here")]) == 0
    assert "citation checks skipped" in capsys.readouterr().err


def test_numbers_are_read_as_a_dutch_reader_reads_them():
    assert {8300.0, 199779.04, 3.5, 2.0} <= knowledge.numbers_in("€ 8.300 en € 199.779,04; 3,5 uur; twee jaar")
