"""Counsellor insights (insights/): the anonymous demand log, k-anonymity, the report, the /insights page's
token, the in-conversation answers, and, through the running stack, that nothing a teacher types reaches the
store."""
from __future__ import annotations

import os
import re
import sqlite3
import stat
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

# The stack's action server writes its demand log here, not into var/ (set before any fixture starts it).
os.environ.setdefault("LEERWIJZER_INSIGHTS_DB", str(Path(tempfile.mkdtemp(prefix="leerwijzer-insights-")) / "insights.db"))

from insights import anonymity, answers, bands, demo, figures, report, rows, store, supply  # noqa: E402

DISTINCTIVE = "Ik wil mijn zebravinkjes leren zingen over differentiatie"
TOWN = "Oostmalle"


def payload(items: list[tuple[str, dict]], **extra) -> dict:
    return {"recommendations": [{"id": i, "title": "x", "fit": fit} for i, fit in items], "profile": {}, **extra}


# --- the row: closed lists only ------------------------------------------------------------------------
def test_a_row_keeps_topic_keys_and_bands_never_text_town_or_exact_numbers():
    profile = {"role": "teacher", "region": "VL", "sector": "lager", "ambition": DISTINCTIVE, "home_town": TOWN,
               "hours_per_week": 3, "budget_eur": 450, "max_travel_minutes": 25, "delivery": "blended",
               "experience_years": 17, "diploma": "bachelor_lager"}
    row = rows.row_from(profile, payload([("po-a", {"time": "ok", "budget": "conflict"}), ("po-b", {"time": "ok"})],
                                         relax=["budget"]), month="2026-03")
    assert row == {"month": "2026-03", "role": "teacher", "region": "VL", "sector": "lager", "topics": "differentiatie",
                   "hours": "h2-4", "budget": "b1-500", "travel": "t15-30", "delivery": "blended",
                   "shown": "po-a:budget|po-b:ok", "anything_fits": True, "blocked_by": "budget"}
    assert not {TOWN.lower(), "zebravinkjes", "17", "450"} & set(str(v).lower() for v in row.values())


def test_values_outside_the_closed_lists_are_dropped():
    row = rows.row_from({"role": "astronaut", "region": "Gent", "sector": "Oostmalle", "delivery": "per post",
                         "hours_per_week": "veel"}, payload([("<script>", {})]))
    assert row["role"] is row["region"] is row["sector"] is row["delivery"] is row["hours"] is None
    assert row["shown"] == "" and row["anything_fits"] is False


def test_nothing_fits_names_the_constraint_that_blocked_most():
    row = rows.row_from({}, payload([("a", {"travel": "conflict"}), ("b", {"travel": "conflict", "time": "conflict"})],
                                    nothing_fits=True))
    assert row["anything_fits"] is False and row["blocked_by"] == "travel"


def test_bands_and_month():
    assert [bands.band("hours", h) for h in (0.5, 2, 2.5, 8, 40, None)] == ["h0-2", "h0-2", "h2-4", "h4-8", "h8+", None]
    assert [bands.band("budget", b) for b in (0, 1, 500, 501, 9000)] == ["b0", "b1-500", "b1-500", "b500-2000", "b2000+"]
    assert bands.band("travel", 0) == "t0" and bands.band("travel", -3) is None
    assert len(bands.month()) == 7


# --- the store ------------------------------------------------------------------------------------------
def test_the_store_refuses_free_text_and_keeps_no_order(tmp_path):
    log = store.DemandStore(tmp_path / "insights.db")
    good = rows.row_from({"role": "teacher"}, payload([("a", {})]), month="2026-01")
    log.record(good)
    for bad in ({**good, "sector": "ik woon in Oostmalle"}, {**good, "month": "2026-01-05"},
                {**good, "topics": "a b"}):
        with pytest.raises(ValueError):
            log.record(bad)
    assert log.count() == 1
    assert stat.S_IMODE(os.stat(log.path).st_mode) == 0o600
    with sqlite3.connect(log.path) as db:
        columns = [c[1] for c in db.execute("PRAGMA table_info(demand)")]
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name='demand'").fetchone()[0]
    assert columns == ["k", *store.FIELDS]  # no sender, town, text or timestamp column
    assert "WITHOUT ROWID" in sql


# --- k-anonymity --------------------------------------------------------------------------------------
def test_groups_under_five_are_folded_into_overig():
    assert anonymity.fold(Counter(a=9, b=5, c=4, d=1)) == [("a", 9), ("b", 5), ("overig", 5)]
    # an "overig" of 4 would single people out, and so would leaving it out (13 in all, minus a's 9): the
    # smallest shown group goes into "overig" with it (issue 19)
    assert anonymity.fold(Counter(a=9, c=4)) == [("overig", 13)]
    assert anonymity.fold(Counter(a=9, b=6, c=4)) == [("a", 9), ("overig", 10)]
    assert anonymity.fold_shares({"x": (6, 2), "y": (3, 3), "z": (2, 0)}) == [("x", 6, 2), ("overig", 5, 3)]
    assert anonymity.fold_shares({"x": (6, 2), "w": (9, 1), "y": (3, 3)}) == [("w", 9, 1), ("overig", 9, 5)]


def test_every_figure_counts_at_least_five_conversations():
    figs = figures.build(demo.generated_rows(400, seed=3), supply.load())
    counted = ([n for _, _, n in figs.demand] + [r.demand for rs in figs.gap.values() for r in rs]
               + [n for _, n in figs.blockers] + [n for _, n, _ in figs.nothing_fits]
               + [a for _, a, _ in figs.hours + figs.budget if a] + [n for _, _, n in figs.top_entries])
    assert counted and min(counted) >= anonymity.K


def test_fewer_than_five_conversations_show_nothing(tmp_path):
    figs, plots, page, _ = report.build(demo.generated_rows(4), tmp_path)
    assert not figs.enough and plots == {} and figs.demand == [] and "te weinig gesprekken" in page.lower()
    assert answers.most_asked(figs) == answers.TOO_FEW == answers.too_little(figs)


# --- the offer -----------------------------------------------------------------------------------------
def test_only_enrolable_entries_count_as_offer():
    from index.search import ENROLABLE

    assert supply.ENROLABLE == ENROLABLE
    entries = [{"id": "a", "status": "offered", "region": "VL", "topics": ["taal"], "hours_per_week": 3, "cost_eur": 0},
               {"id": "b", "status": "pilot", "region": "both", "topics": ["taal"]},
               {"id": "c", "status": "planned", "region": "VL", "topics": ["taal"]},
               {"id": "d", "status": "ended", "region": "VL", "topics": ["taal"]}]
    offer = supply.build(entries, {"taal": "taal en lezen"})
    assert offer.offered("taal", "VL") == 2 and offer.offered("taal", "NL") == 1 and offer.offered("taal") == 2
    assert offer.hours["h2-4"] == 1 and offer.budget["b0"] == 1


# --- the report ----------------------------------------------------------------------------------------
def test_the_report_is_self_contained_html_with_svg_plots(tmp_path):
    import re

    figs, plots, _, timing = report.build(demo.generated_rows(2000), tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+)"', page)
    assert set(plots) == {"gap", "blockers", "nothing_fits", "bands", "top_entries"}
    assert sorted(images) == sorted(f"{name}.svg" for name in plots)
    for name in images:
        assert (tmp_path / name).read_text().lstrip().startswith(("<?xml", "<svg"))
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org", "")
    assert "Vlaanderen" in page and "overig" in page


def test_the_cli_writes_the_report_from_the_log(tmp_path, capsys):
    from bot import cli

    db = tmp_path / "log.db"
    store.DemandStore(db).record_many(demo.generated_rows(50))
    assert cli.main(["insights", "--db", str(db), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "index.html").exists() and "50 conversations" in capsys.readouterr().out


# --- in conversation -----------------------------------------------------------------------------------
def test_the_counsellor_questions_are_recognised_by_their_words():
    from intake import cues

    assert cues.escape("Wat zoeken leraren het meest?") == "ask_insights"
    assert answers.kind("wat zoeken leraren het meest?") == "most_asked"
    assert answers.kind("Waar is te weinig aanbod voor?") == "too_little"
    assert cues.escape("ik zoek iets over rekenen") is None
    assert cues.escape("er is te weinig aanbod in mijn buurt, wat nu?") is None  # a teacher's remark, not this


def test_the_answers_name_the_top_topics_and_the_gaps_folded():
    made = [{**r, "topics": "taal"} for r in demo.generated_rows(12, seed=1)]
    made += [{**r, "topics": "rekenen"} for r in demo.generated_rows(6, seed=2)]
    made += [{**r, "topics": "hoogbegaafdheid"} for r in demo.generated_rows(3, seed=4)]  # under 5: folded
    figs = figures.build(made, supply.load())
    said = answers.answer("wat zoeken leraren het meest?", figs)
    assert "1. taal en lezen: 12 gesprekken" in said and "van ongeveer 20 gesprekken" in said
    # hoogbegaafdheid's 3 would be 21 - 12 - 6: rekenen goes into "overig" with it (issue 19)
    assert "hoogbegaafd" not in said and "rekenen" not in said
    gaps = answers.answer("waar is te weinig aanbod voor?", figs)
    assert "Het minst aanbod" in gaps and "hoogbegaafd" not in gaps


# --- the /insights page: off without the token; the token itself never travels back -----------------------
@pytest.fixture()
def page_server(insights_server):
    return insights_server


def fetch(url: str, headers: dict | None = None, data: bytes | None = None):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_page_is_off_without_a_token(page_server, monkeypatch):
    monkeypatch.delenv("LEERWIJZER_INSIGHTS_TOKEN", raising=False)
    assert fetch(page_server + "/insights")[0] == 404
    assert fetch(page_server + "/insights", data=b"token=x")[0] == 404


def test_the_page_needs_the_token(page_server, monkeypatch):
    secret = "counsellor-secret-4242"
    monkeypatch.setenv("LEERWIJZER_INSIGHTS_TOKEN", secret)
    status, _, body = fetch(page_server + "/insights")
    assert status == 401 and "Toegangscode" in body and "<img" not in body
    assert fetch(page_server + "/insights", {"Authorization": "Bearer wrong"})[0] == 401
    status, headers, body = fetch(page_server + "/insights", {"Authorization": f"Bearer {secret}"})
    assert status == 200 and body.count('class="plot"') == 5 and "data:image/svg+xml;base64," in body
    assert headers["Cache-Control"] == "no-store" and "default-src 'none'" in headers["Content-Security-Policy"]
    status, headers, _ = fetch(page_server + "/insights", data=b"token=" + secret.encode())
    assert status == 303 and secret not in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    cookie = headers["Set-Cookie"].split(";")[0]
    assert fetch(page_server + "/insights", {"Cookie": cookie})[0] == 200
    assert fetch(page_server + "/insights", data=b"token=nope")[0] == 401
    assert secret not in body


# --- through the running assistant: what a teacher types never reaches the store ----------------------
ANSWERS = (("Wat is je rol", "leraar"), ("Vlaanderen of in Nederland", "Vlaanderen"), ("Wat wil je leren", DISTINCTIVE),
           ("onderwijs sta je", "lager onderwijs"), ("diploma", "bachelor lager onderwijs"),
           ("uur per week", "3 uur"), ("kosten", "max 400 euro"), ("gemeente", TOWN), ("reizen", "20 minuten"))


@pytest.mark.e2e
def test_a_conversation_leaves_no_trace_of_its_words_or_town_in_the_store(stack):
    from tests.conftest import say

    db = store.default_path()
    user = "insights-privacy-7f3a"
    say(stack, user, "Hallo")
    replies = say(stack, user, f"Ik ben leraar in het lager in {TOWN} en heb 3 uur per week")
    replies = say(stack, user, DISTINCTIVE) if "Wat wil je leren" in str(replies) else replies
    for _ in range(8):  # answer whatever the intake still asks, until the recommendations come
        if any("custom" in m for m in replies):
            break
        asked = "\n".join(m.get("text", "") for m in replies)
        answer = next((a for cue, a in ANSWERS if cue in asked), "weet ik niet")
        replies = say(stack, user, answer)
    assert any("custom" in m and m["custom"].get("recommendations") for m in replies), replies
    raw = db.read_bytes()
    for part in (DISTINCTIVE, "zebravinkjes", TOWN, user):
        assert part.lower().encode() not in raw.lower()
    logged = [r for r in store.DemandStore(db).rows() if r["topics"] == "differentiatie" and r["sector"] == "lager"
              and r["hours"] == "h2-4" and r["budget"] == "b1-500"]
    assert logged and logged[0]["month"] == bands.month() and logged[0]["shown"]
    # "vergeet mij" wipes the conversation from the tracker store; the demand row stays: nothing leads back
    say(stack, user, "vergeet mij")
    assert TOWN.lower().encode() not in db.read_bytes().lower()


@pytest.mark.e2e
def test_a_counsellor_asks_in_conversation(stack):
    """The figures are never answered in a chat (anyone can ask there; issue 19): the answer says where they are."""
    from tests.conftest import say

    store.DemandStore().record_many([{**r, "topics": "taal"} for r in demo.generated_rows(7, seed=9)])
    for question in ("Wat zoeken leraren het meest?", "waar is te weinig aanbod voor?"):
        said = "\n".join(m.get("text", "") for m in say(stack, "insights-counsellor", question))
        assert "inzichtenpagina" in said and "gesprekken met" not in said and not re.search(r"\d+ gesprekken", said)


# --- differencing (issue 19, item 8) ------------------------------------------------------------------------
def test_two_views_of_the_page_cannot_isolate_one_conversation(page_server, monkeypatch, tmp_path):
    """A counsellor who looks before and after one teacher's conversation sees the same page; the page moves
    on only when at least K new conversations came in, and its total is rounded."""
    secret = "counsellor-secret-4242"
    monkeypatch.setenv("LEERWIJZER_INSIGHTS_TOKEN", secret)
    auth = {"Authorization": f"Bearer {secret}"}
    before = fetch(page_server + "/insights", auth)[2]
    log = store.DemandStore()
    lone = {**demo.generated_rows(1, seed=77)[0], "topics": "hoogbegaafdheid", "region": "NL", "nothing_fits": "1"}
    log.record(lone)
    time.sleep(0.01)
    after = fetch(page_server + "/insights", auth)[2]
    assert after == before  # one new conversation: nothing to compare
    log.record_many(demo.generated_rows(anonymity.K - 1, seed=78))
    moved = fetch(page_server + "/insights", auth)[2]
    assert moved != before  # K new ones: published, as a batch
    assert re.search(r"Ongeveer (\d+) gesprekken", moved) and int(re.search(r"Ongeveer (\d+)", moved)[1]) % anonymity.K == 0
