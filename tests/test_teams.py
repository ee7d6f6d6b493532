"""Microsoft Teams (issue 10): the Bot Framework channel, Adaptive Cards, the app package, and the handoff.

The real path without network: a fake of Microsoft's side (tests/fake_microsoft.py) runs on 127.0.0.1 and
serves OpenID metadata, a JWKS of RSA keys made here, the token endpoint and the Bot Connector. The stack
is started as `make run` starts it, with only the LEERWIJZER_TEAMS_* settings pointing at the fake, and the
tests send it signed Teams activities.
"""
from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
import requests

from bot import botframework, cards, identity
from index.paths import REPO_ROOT
from tests.fake_microsoft import FakeMicrosoft, Key

APP_ID = "6b0e2f0c-3c1e-4d6a-9d55-1f2a3b4c5d6e"
APP_PASSWORD = "fake-app-password-" + uuid.uuid4().hex
TENANT = "11111111-2222-3333-4444-555555555555"
COUNSELLORS = "19:counsellors-leerwijzer@thread.tacv2"


# --- fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def microsoft():
    fake = FakeMicrosoft(APP_ID, APP_PASSWORD, TENANT).start()
    yield fake
    fake.stop()


def teams_env(fake: FakeMicrosoft) -> dict:
    return {"LEERWIJZER_TEAMS_APP_ID": APP_ID, "LEERWIJZER_TEAMS_APP_PASSWORD": APP_PASSWORD,
            "LEERWIJZER_TEAMS_TENANT_ID": TENANT, "LEERWIJZER_TEAMS_OPENID_URL": fake.openid_url,
            "LEERWIJZER_TEAMS_LOGIN_URL": fake.login_url, "LEERWIJZER_TEAMS_KEY_REFRESH_SECONDS": "0",
            "LEERWIJZER_TEAMS_SERVICE_URL": fake.service_url,
            "LEERWIJZER_TEAMS_HANDOFF_CONVERSATION": COUNSELLORS}


@pytest.fixture(scope="module")
def teams(microsoft, tmp_path_factory):
    """The real stack with Teams configured against the fake (its own servers, on free ports)."""
    from bot import stack as stack_module

    from index.build import build_index

    if not stack_module.MODEL.exists():
        pytest.fail("no trained model: run `make test` (it trains models/leerwijzer.tar.gz)")
    built = build_index(progress=False)  # as the shared stack fixture: a first recommendation must not wait for it
    assert built.ok, built.message
    patch = pytest.MonkeyPatch()
    for name, value in teams_env(microsoft).items():
        patch.setenv(name, value)
    base = tmp_path_factory.mktemp("teams")
    try:
        running = stack_module.start(with_web=False, tracker_db=base / "tracker.db", log_dir=base / "logs")
    except BaseException:
        patch.undo()
        raise
    running.fetches_at_start = len(microsoft.requests("/openid")) + len(microsoft.requests("/keys"))
    yield running
    running.stop()
    patch.undo()


class Conversation:
    """One Teams user talking to the bot in a personal chat."""

    def __init__(self, stack, fake: FakeMicrosoft, name: str) -> None:
        self.stack, self.fake = stack, fake
        self.user, self.conversation = f"29:{name}", f"a:{name}-{uuid.uuid4().hex[:8]}"

    def activity(self, text: str, **extra) -> dict:
        return {"type": "message", "id": uuid.uuid4().hex, "channelId": "msteams", "serviceUrl": self.fake.service_url,
                "timestamp": "2025-01-01T10:00:00Z", "from": {"id": self.user, "name": "Leraar"},
                "conversation": {"id": self.conversation, "conversationType": "personal"},
                "recipient": {"id": f"28:{APP_ID}", "name": "Leerwijzer"}, "text": text,
                "channelData": {"tenant": {"id": TENANT}}, **extra}

    def post(self, activity: dict, token: str | None = "default", headers: dict | None = None) -> requests.Response:
        token = self.fake.token() if token == "default" else token
        headers = {**({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
        return requests.post(f"{self.stack.rasa_url}/webhooks/botframework/webhook", json=activity,
                             headers=headers, timeout=30)

    def tracker(self) -> dict:
        return requests.get(f"{self.stack.rasa_url}/conversations/{identity.teams(TENANT, self.user)}/tracker",
                            params={"token": self.stack.api_token}, timeout=30).json()

    def user_events(self) -> list:
        return [e for e in self.tracker().get("events") or [] if e["event"] == "user"]

    def say(self, text: str, timeout: float = 180, token: str | None = "default") -> list[dict]:
        """Send `text` as a signed activity; the bot's activities in reply, once the turn is over."""
        before = len(self.user_events())
        activity = self.activity(text)
        response = self.post(activity, token=token)
        assert response.status_code == 200, response.status_code
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events = self.tracker()["events"]
            users = [i for i, e in enumerate(events) if e["event"] == "user"]
            if len(users) > before and any(e["event"] == "action" and e.get("name") == "action_listen"
                                           for e in events[users[-1]:]):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the turn did not end")
        replies, stable_since = [], time.monotonic()
        while time.monotonic() - stable_since < 0.5:  # the last reply may still be on its way
            now = self.replies_to(activity["id"])
            if len(now) != len(replies):
                replies, stable_since = now, time.monotonic()
            time.sleep(0.05)
        assert replies, "no reply reached the connector"
        return replies

    def replies_to(self, activity_id: str) -> list[dict]:
        return [r.json() for r in self.fake.activities(self.conversation) if r.json().get("replyToId") == activity_id]


def adaptive_cards(activities: list[dict]) -> list[dict]:
    return [a["content"] for act in activities for a in act.get("attachments") or []
            if a.get("contentType") == cards.CONTENT_TYPE]


def card_text(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False)


def imbacks(card: dict) -> list[str]:
    return [a["data"]["msteams"]["value"] for a in card.get("actions") or []
            if a.get("type") == "Action.Submit" and a["data"]["msteams"]["type"] == "imBack"]


# --- the channel, end to end ------------------------------------------------------------------------------
INTAKE = ["hallo", "ik wil iets met rekenen in de onderbouw, groep 3 en 4", "leerkracht", "Tilburg", "3", "500", "30"]


@pytest.mark.e2e
def test_a_whole_intake_in_teams_ends_with_a_recommendation_card(teams, microsoft):
    assert teams.fetches_at_start == 0, "keys were fetched before any Teams request (must be lazy)"
    talk = Conversation(teams, microsoft, "intake")
    transcript = []
    for text in INTAKE:
        replies = talk.say(text)
        transcript += [f"> {text}"] + [a.get("text") or card_text(adaptive_cards([a])[0])[:300] for a in replies]
        for reply in replies:  # every reply goes to this conversation, as the bot, in reply to the message
            assert reply["type"] == "message" and reply["conversation"]["id"] == talk.conversation
            assert reply["recipient"]["id"] == talk.user and reply["from"]["id"] == f"28:{APP_ID}"
        if any("Dit past het best" in card_text(c) for c in adaptive_cards(replies)):
            break
    found = [c for c in adaptive_cards(replies) if "Dit past het best" in card_text(c)]
    assert found, "\n".join(transcript)
    recommendation = found[0]
    assert recommendation["type"] == "AdaptiveCard" and recommendation["version"] == "1.5"
    text = card_text(recommendation)
    assert "Bron: " in text and "Tijd" in text and "Budget" in text and "Reistijd" in text
    assert re.search(r'"value": "(past|past niet|onbekend)"', text)
    assert any(v.startswith("vertel meer over de") for v in imbacks(recommendation))
    # the replies carried the bot token the fake token endpoint issued, for our app, with the right scope
    delivered = microsoft.activities(talk.conversation)
    assert delivered and all(r.headers["Authorization"].removeprefix("Bearer ") in microsoft.issued for r in delivered)
    login = [r.form() for r in microsoft.requests(f"/{TENANT}/oauth2/v2.0/token")]
    assert login and login[0]["client_id"] == APP_ID and login[0]["scope"] == "https://api.botframework.com/.default"
    assert len(microsoft.issued) == 1, "the bot token is cached, not fetched per message"
    teams.intake = (talk, recommendation)


@pytest.mark.e2e
def test_card_buttons_come_back_as_text_and_move_the_conversation_on(teams, microsoft):
    talk = Conversation(teams, microsoft, "buttons")
    talk.say("hallo")
    asked = talk.tracker()["slots"].get("requested_slot")
    question = [c for c in adaptive_cards(talk.say("ik wil iets met rekenen in de onderbouw, groep 3 en 4"))
                if imbacks(c)]
    assert question, "the question came without quick replies"
    pending = talk.tracker()["slots"]["requested_slot"]
    value = imbacks(question[-1])[0]
    talk.say(value)  # what Teams sends when the button is clicked: the value, as the user's text
    slots = talk.tracker()["slots"]
    assert slots[pending] is not None and slots["requested_slot"] != pending, (asked, pending, value)

    # a recommendation card's button: "vertel meer over de eerste" answers about the first programme
    if not hasattr(teams, "intake"):
        pytest.skip("needs the intake test's card")
    intake, recommendation = teams.intake
    about = intake.say(next(v for v in imbacks(recommendation) if v == "vertel meer over de eerste"))
    first_title = recommendation["body"][1]["items"][0]["text"].split(". ", 1)[1]
    assert first_title in " ".join(a.get("text") or "" for a in about)


REFUSALS = {
    "forged signature": lambda fake: fake.token(key=Key.new(), kid=fake.keys[0].kid),
    "expired": lambda fake: fake.token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200,
                                       nbf=int(time.time()) - 7200),
    "wrong audience": lambda fake: fake.token(aud="another-bot"),
    "wrong issuer": lambda fake: fake.token(iss="https://sts.windows.net/evil/"),
    "serviceurl mismatch": lambda fake: fake.token(serviceurl="https://evil.example/teams/"),
    "no expiry": lambda fake: fake.token(exp=None),
    "no header": lambda fake: None,
    "unknown kid": lambda fake: fake.token(key=Key.new()),
}


@pytest.mark.e2e
@pytest.mark.parametrize("case", list(REFUSALS))
def test_requests_without_a_valid_token_are_refused_and_reach_no_tracker(teams, microsoft, case):
    talk = Conversation(teams, microsoft, f"refused-{case.replace(' ', '-')}")
    key_fetches = len(microsoft.requests("/keys"))
    response = talk.post(talk.activity("ik ben juf in Gent en wil leren coachen"), token=REFUSALS[case](microsoft))
    assert response.status_code == 401 and response.text == ""
    if case == "unknown kid":
        assert len(microsoft.requests("/keys")) == key_fetches + 1, "an unknown kid refreshes the keys once"
    time.sleep(0.5)
    assert talk.user_events() == [] and microsoft.activities(talk.conversation, delivered=False) == []
    log = (Path(teams.log_dir) / "rasa.log").read_text(errors="replace")
    assert "ik ben juf in Gent" not in log and APP_PASSWORD not in log
    assert not any(t in log for t in microsoft.issued) and "eyJ" not in log  # no token, ours or theirs


@pytest.mark.e2e
def test_a_serviceurl_claim_for_another_activity_is_refused(teams, microsoft):
    # the token is valid, but the activity asks for the reply (and our bot token) to go elsewhere
    talk = Conversation(teams, microsoft, "redirect")
    activity = talk.activity("hallo", serviceUrl="http://127.0.0.1:9/steal/")
    assert talk.post(activity).status_code == 401
    assert talk.user_events() == []


PINNED = {"another tenant": {"channelData": {"tenant": {"id": "99999999-8888-7777-6666-555555555555"}}},
          "no tenant": {"channelData": {}},
          "Web Chat on the same bot": {"channelId": "webchat"}}


@pytest.mark.e2e
@pytest.mark.parametrize("case", list(PINNED))
def test_an_activity_from_another_tenant_or_channel_is_refused(teams, microsoft, case):
    """A valid token is not enough: Web Chat or Direct Line on the same Azure bot, or another tenant, must not
    act as a Teams user of the school (issue 19, item 6)."""
    talk = Conversation(teams, microsoft, "pinned")  # the same user id as a real Teams user of the tenant
    response = talk.post(talk.activity("ik ben juf in Gent en wil leren coachen", **PINNED[case]))
    assert response.status_code == 401 and response.text == ""
    time.sleep(1)
    assert talk.user_events() == [] and microsoft.activities(talk.conversation, delivered=False) == []
    other = identity.teams(PINNED["another tenant"]["channelData"]["tenant"]["id"], talk.user)
    for sender in (talk.user, other):  # nor under the bare id or another tenant's namespace
        stored = requests.get(f"{teams.rasa_url}/conversations/{sender}/tracker",
                              params={"token": teams.api_token}, timeout=30).json()
        assert not [e for e in stored.get("events") or [] if e["event"] == "user"], sender


@pytest.mark.e2e
def test_messages_outside_a_personal_chat_are_not_answered(teams, microsoft):
    talk = Conversation(teams, microsoft, "channel")
    activity = talk.activity("ik ben juf in Gent", conversation={"id": talk.conversation, "conversationType": "channel"})
    assert talk.post(activity).status_code == 200
    time.sleep(1)
    assert talk.user_events() == [] and microsoft.activities(talk.conversation, delivered=False) == []


@pytest.mark.e2e
def test_a_rotated_key_is_picked_up_when_its_kid_first_appears(teams, microsoft):
    microsoft.keys.append(Key.new())
    talk = Conversation(teams, microsoft, "rotated")
    assert talk.say("hallo", token=microsoft.token(key=microsoft.keys[-1]))


@pytest.mark.e2e
def test_a_reply_is_retried_when_the_connector_fails_once(teams, microsoft):
    talk = Conversation(teams, microsoft, "retry")
    microsoft.connector_failures[talk.conversation] = [500]
    replies = talk.say("hallo")
    assert replies
    attempts = microsoft.activities(talk.conversation, delivered=False)
    assert attempts[0].status == 500 and attempts[1].status == 200
    assert attempts[0].json() == attempts[1].json()  # the same reply, sent again


@pytest.mark.e2e
def test_the_handoff_card_reaches_the_counsellors_without_chat_text(teams, microsoft):
    talk = Conversation(teams, microsoft, "handoff")
    said = ["goedemorgen!", "ik ben juf in het derde leerjaar in Kortrijk",
            "ik wil beter leren omgaan met diversiteit in mijn klas", "kan ik met iemand praten?"]
    for text in said[:-1]:
        talk.say(text)
    before = len(microsoft.activities(COUNSELLORS))
    answer = talk.say(said[-1])
    reply = " ".join(a.get("text") or "" for a in answer)
    assert "doorgegeven aan de studiebegeleiders" in reply and "Kortrijk" in reply
    posted = microsoft.activities(COUNSELLORS)[before:]
    assert len(posted) == 1
    activity = posted[0].json()
    assert posted[0].headers["Authorization"].removeprefix("Bearer ") in microsoft.issued
    card = adaptive_cards([activity])[0]
    text = card_text(card) + activity.get("text", "")
    assert "Kortrijk" in text and "diversiteit" in text  # the profile summary
    ambition = talk.tracker()["slots"]["ambition"]  # a profile field: the goal in the teacher's own words
    for message in said:
        if message != ambition:
            assert message not in text  # never the chat itself
    assert all(f["title"] in {"Wie", "Ervaring", "Wil leren", "Diploma", "Voorwaarden", "Wilde niet zeggen / weet niet",
                              "Al voorgesteld"} for f in card["body"][2]["facts"])
    # the teacher's own chat does not get the counsellors' card
    assert not any("vraagt een gesprek" in card_text(c) for c in adaptive_cards(answer))
    # asked again within the hour: the counsellors get no second card, and the teacher is told so (issue 19, 3)
    again = " ".join(a.get("text") or "" for a in talk.say("ik wil echt met iemand praten"))
    assert "al doorgegeven" in again and len(microsoft.activities(COUNSELLORS)) == before + 1


@pytest.mark.e2e
def test_the_first_reply_in_teams_says_it_is_a_machine(teams, microsoft):
    """Whatever the first message is, the first reply says: an automated assistant, no person, and how to reach
    one (EU AI Act art. 50; issue 19, item 10)."""
    talk = Conversation(teams, microsoft, "disclosure")
    first = talk.say("ik ben juf in Gent en wil leren coachen")[0].get("text") or ""
    assert "geautomatiseerde assistent" in first and "geen mens" in first and "met iemand praten" in first


@pytest.mark.e2e
def test_latency_added_by_the_channel(teams, microsoft, capsys):
    """A figure, not a pass/fail timing: what the channel adds per turn (token check, cards, outgoing calls),
    from the channel's own log line."""
    log = (Path(teams.log_dir) / "rasa.log").read_text(errors="replace")
    turns = re.findall(r"Teams turn: token check ([\d.]+) ms, (\d+) activities out \(\d+ cards built in ([\d.]+) ms\) "
                       r"in ([\d.]+) ms", log)
    assert turns, "no Teams turn was logged"
    check = [float(t[0]) for t in turns]
    out = [float(t[3]) / max(int(t[1]), 1) for t in turns]
    build = [float(t[2]) for t in turns]
    added = [float(t[0]) + float(t[2]) + float(t[3]) for t in turns]
    with capsys.disabled():
        print(f"\nTeams channel, {len(turns)} turns: token check median {statistics.median(check):.1f} ms; cards "
              f"built median {statistics.median(build):.2f} ms; per outgoing activity median "
              f"{statistics.median(out):.1f} ms; added per turn median {statistics.median(added):.1f} ms, "
              f"max {max(added):.1f} ms")


# --- the handoff without the stack: not configured, and a connector that keeps failing -------------------
def _handoff_payload() -> dict:
    return {"handoff": {"profile": {"role": "teacher", "home_town": "Gent"}, "shown": ["x"],
                        "summary": "- Wie: leraar (Gent)\n- Wil leren: coachen\n- Voorwaarden: nog niet gezegd"}}


def test_without_a_counsellor_channel_the_teacher_is_told_so(monkeypatch):
    from actions import handoff

    for name in [n for n in os.environ if n.startswith("LEERWIJZER_TEAMS_")]:
        monkeypatch.delenv(name)
    assert asyncio.run(handoff.send(_handoff_payload())) == handoff.NOT_CONFIGURED
    from actions import phrasing
    from actions.actions import ActionHandoff
    from tests.test_actions import AFTER, run, tracker

    _, messages = run(ActionHandoff(), tracker("kan ik met iemand praten", intent="human_handoff", slots=AFTER))
    assert messages[0]["text"].startswith(phrasing.HANDOFF_INTRO[handoff.NOT_CONFIGURED]) and "Utrecht" in messages[0]["text"]
    assert messages[1]["custom"]["handoff"]["summary"] in messages[0]["text"]


def test_a_failing_connector_is_reported_honestly(monkeypatch):
    from actions import handoff

    fake = FakeMicrosoft(APP_ID, APP_PASSWORD, TENANT).start()
    try:
        for name, value in teams_env(fake).items():
            monkeypatch.setenv(name, value)
        fake.connector_failures[COUNSELLORS] = [503, 500, 502]
        monkeypatch.setattr(handoff, "_tokens", botframework.TokenCache())  # no token from another test
        assert asyncio.run(handoff.send(_handoff_payload())) == handoff.FAILED
        assert [r.status for r in fake.activities(COUNSELLORS, delivered=False)] == [503, 500, 502]
        fake.connector_failures[COUNSELLORS] = [429]
        assert asyncio.run(handoff.send(_handoff_payload())) == handoff.SENT
    finally:
        fake.stop()


# --- the cards, from the payloads --------------------------------------------------------------------------
ITEM = {"id": "po-master-sen", "title": "Master Educational Needs (SEN)", "type": "master", "provider": "Hogeschool X",
        "score": 0.1, "reasons": ["Sluit aan bij je ambitie: passend onderwijs."],
        "fit": {"time": "ok", "budget": "conflict", "travel": "unknown", "delivery": "ok", "region": "ok",
                "audience": "ok", "admission": "ok"},
        "does_not_fit": ["kost € 4000, meer dan je budget"], "unknown": ["reistijd onbekend"],
        "sources": [{"file": "003_abc.txt", "lines": "10-20"}, {"file": "003_abc.txt", "lines": "30-31"}],
        "data_year": None, "summary": "..."}


def test_a_recommendation_card_shows_what_the_issue_asks():
    card = cards.recommendations_card({"recommendations": [ITEM, {**ITEM, "id": "b", "title": "Tweede"}],
                                       "profile": {"role": "teacher"}})
    text = card_text(card)
    for expected in ("1. Master Educational Needs (SEN)", "master · Hogeschool X", '"title": "Budget", "value": "past niet"',
                     '"title": "Reistijd", "value": "onbekend"', '"title": "Tijd", "value": "past"',
                     "Sluit aan bij je ambitie", "Past niet: kost", "Bron: 003_abc.txt r. 10-20, 30-31", "2. Tweede"):
        assert expected in text, expected
    assert imbacks(card)[:3] == ["vertel meer over de eerste", "vertel meer over de tweede", "vergelijk 1 en 2"]
    assert all(a["type"] == "Action.Submit" for a in card["actions"]) and len(card["actions"]) <= cards.MAX_ACTIONS


def test_quick_replies_become_imback_actions_with_the_text_the_nlu_reads():
    card = cards.text_card("Wat is je rol?", [{"title": "Leraar", "payload": "ik ben leraar"},
                                             {"title": "Opnieuw", "payload": "/restart"}])
    assert card["actions"] == [
        {"type": "Action.Submit", "title": "Leraar", "data": {"msteams": {"type": "imBack", "value": "ik ben leraar"}}},
        {"type": "Action.Submit", "title": "Opnieuw", "data": {"msteams": {"type": "imBack", "value": "Opnieuw"}}}]


def test_comparison_and_handoff_cards_come_from_their_payloads():
    comparison = cards.card_for({"comparison": {"recommendations": [ITEM, {**ITEM, "title": "Ander"}], "labels": [1, 3]}})
    assert comparison["body"][1]["type"] == "ColumnSet" and "3. Ander" in card_text(comparison)
    handoff = cards.card_for(_handoff_payload())
    assert {"title": "Wie", "value": "leraar (Gent)"} in handoff["body"][2]["facts"]
    assert cards.card_for({"something": 1}) is None


def test_user_words_cannot_become_links_or_mentions_in_a_card():
    payload = _handoff_payload()
    payload["handoff"]["summary"] = "- Wil leren: [klik](https://evil.example) <at>iedereen</at>"
    text = card_text(cards.handoff_card(payload))
    assert "](" not in text and "<at>" not in text and "https:" not in text


def test_the_card_builder_needs_only_the_standard_library_and_speaks_the_same_words():
    tree = ast.parse(Path(cards.__file__).read_text())
    imported = {(n.module if isinstance(n, ast.ImportFrom) else a.name).split(".")[0]
                for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in (n.names if isinstance(n, ast.Import) else [n])}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
    from index.search import TYPE_WORDS
    from intake.contract import FIT_WORDS

    assert cards.TYPE_WORDS == TYPE_WORDS
    assert all(cards.FIT_WORDS[k] == v for k, v in FIT_WORDS.items())


# --- the app package -----------------------------------------------------------------------------------------
TEAMS = REPO_ROOT / "teams"


def _png_size(data: bytes) -> tuple[int, int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def test_the_icons_are_the_generated_ones_with_the_sizes_teams_wants():
    sys.path.insert(0, str(TEAMS))
    try:
        import package
    finally:
        sys.path.remove(str(TEAMS))
    color, outline = (TEAMS / "color.png").read_bytes(), (TEAMS / "outline.png").read_bytes()
    assert color == package.color_icon() and outline == package.outline_icon()
    assert _png_size(color) == (192, 192, 6) and _png_size(outline) == (32, 32, 6)  # 6: RGBA


def _validate(path: Path) -> subprocess.CompletedProcess:
    if shutil.which("node") is None or not (TEAMS / "node_modules" / "@microsoft" / "app-manifest").exists():
        pytest.fail("the manifest validator is not installed: `make test` installs it (teams/package.json)")
    return subprocess.run(["node", str(TEAMS / "validate.mjs"), str(path)], capture_output=True, text=True, timeout=60)


def test_the_manifest_is_valid_offline_and_has_the_bot_and_the_tab():
    result = _validate(TEAMS / "manifest.json")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((TEAMS / "manifest.json").read_text())
    assert tuple(map(int, manifest["manifestVersion"].split("."))) >= (1, 16)
    assert manifest["bots"][0]["scopes"] == ["personal"] and manifest["staticTabs"][0]["contentUrl"].startswith("https://")


def test_the_validator_catches_a_broken_manifest(tmp_path):
    broken = json.loads((TEAMS / "manifest.json").read_text())
    del broken["developer"]
    broken["id"] = "not-a-guid"
    (tmp_path / "manifest.json").write_text(json.dumps(broken))
    result = _validate(tmp_path / "manifest.json")
    assert result.returncode == 1 and "developer" in result.stdout and "/id" in result.stdout


def test_make_teams_package_fills_in_the_app_id_and_zips_three_files(tmp_path):
    env = {**os.environ, "LEERWIJZER_TEAMS_APP_ID": APP_ID, "LEERWIJZER_TEAMS_TAB_URL": "https://intranet.school.example/leerwijzer/",
           "TEAMS_PACKAGE": str(tmp_path / "app.zip")}
    result = subprocess.run(["make", "-s", "teams-package"], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(tmp_path / "app.zip") as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        (tmp_path / "filled.json").write_bytes(package.read("manifest.json"))
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert manifest["staticTabs"][0]["contentUrl"] == "https://intranet.school.example/leerwijzer/"
    assert manifest["validDomains"] == ["intranet.school.example"]
    assert _validate(tmp_path / "filled.json").returncode == 0
    env["LEERWIJZER_TEAMS_APP_ID"] = ""
    assert subprocess.run(["make", "-s", "teams-package"], cwd=REPO_ROOT, env=env, capture_output=True,
                          timeout=300).returncode != 0


def test_without_an_app_id_rasa_gets_the_usual_credentials(monkeypatch, tmp_path):
    from bot.stack import teams_credentials

    monkeypatch.delenv("LEERWIJZER_TEAMS_APP_ID", raising=False)
    assert teams_credentials(tmp_path) == REPO_ROOT / "credentials.yml" and not list(tmp_path.iterdir())
    monkeypatch.setenv("LEERWIJZER_TEAMS_APP_ID", APP_ID)
    written = teams_credentials(tmp_path).read_text()
    assert written.startswith((REPO_ROOT / "credentials.yml").read_text()) and "bot.channels.teams.TeamsInput:" in written
    assert APP_ID not in written  # the settings stay in the environment


def test_only_teams_may_frame_the_pages_and_only_when_the_app_is_configured(monkeypatch):
    from bot import framing
    from bot.web_page import content_security_policy

    monkeypatch.delenv("LEERWIJZER_TEAMS_APP_ID", raising=False)
    assert content_security_policy("http://127.0.0.1:5005").endswith("frame-ancestors 'self'")
    monkeypatch.setenv("LEERWIJZER_TEAMS_APP_ID", "00000000-0000-0000-0000-000000000001")
    policy = content_security_policy("http://127.0.0.1:5005")
    assert "frame-ancestors 'self' https://teams.microsoft.com" in policy and "*" not in framing.TEAMS_HOSTS
