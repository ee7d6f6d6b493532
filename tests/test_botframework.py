"""The Bot Connector pieces the Teams channel and the handoff share (bot/botframework.py), without a server.
The whole path, against a fake of Microsoft, is in tests/test_teams.py."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

from bot import botframework


def test_retry_after_is_honoured_capped_and_defaulted():
    assert botframework.retry_after("1.5", 0.5, cap=5.0) == 1.5
    assert botframework.retry_after("120", 0.5, cap=2.0) == 2.0  # a caller has a turn to finish
    assert botframework.retry_after("-3", 0.5, cap=2.0) == 0.0
    assert botframework.retry_after(None, 0.5, cap=2.0) == 0.5
    assert botframework.retry_after("Wed, 21 Oct 2026 07:28:00 GMT", 0.5, cap=2.0) == 0.5  # an HTTP date: default


def test_the_token_is_kept_for_its_owner_until_shortly_before_it_expires(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(botframework.time, "monotonic", lambda: now[0])
    tokens = botframework.TokenCache()
    assert tokens.keep({"access_token": "abc", "expires_in": 3600}, key="bot") == "abc"
    assert tokens.get("bot") == "abc" and tokens.get("another bot") is None
    now[0] += 3600 - 301
    assert tokens.get("bot") == "abc"
    now[0] += 2  # within five minutes of expiry: fetch a new one
    assert tokens.get("bot") is None
    tokens.keep({"access_token": "short", "expires_in": 60}, key="bot")  # a short life: kept for half of it
    now[0] += 29
    assert tokens.get("bot") == "short"
    tokens.forget()
    assert tokens.get("bot") is None


def test_an_answer_without_a_token_keeps_nothing():
    tokens = botframework.TokenCache()
    for body in (None, {}, {"access_token": ""}, {"access_token": "x", "expires_in": "soon"}):
        try:
            tokens.keep(body)
        except (KeyError, TypeError, ValueError):
            pass
        else:
            raise AssertionError(f"kept a token from {body!r}")
    assert tokens.get() is None


def test_the_login_url_comes_from_the_setting_or_the_tenant():
    assert botframework.login_url({}) == ""
    assert botframework.login_url({"LEERWIJZER_TEAMS_TENANT_ID": "t-1"}) == \
        "https://login.microsoftonline.com/t-1/oauth2/v2.0/token"
    assert botframework.login_url({"LEERWIJZER_TEAMS_TENANT_ID": "t-1",
                                   "LEERWIJZER_TEAMS_LOGIN_URL": "http://127.0.0.1:9/t-1/token"}) == \
        "http://127.0.0.1:9/t-1/token"
    assert botframework.activities_url("https://smba.example/emea/", "19:a@thread.tacv2") == \
        "https://smba.example/emea/v3/conversations/19%3Aa%40thread.tacv2/activities"


def test_both_clients_use_it_and_it_needs_only_the_standard_library():
    tree = ast.parse(Path(botframework.__file__).read_text(encoding="utf-8"))
    imported = {(n.module if isinstance(n, ast.ImportFrom) else a.name).split(".")[0]
                for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in (n.names if isinstance(n, ast.Import) else [n])}
    assert imported <= set(sys.stdlib_module_names) | {"__future__", "settings"}, imported
    root = Path(botframework.__file__).resolve().parent.parent
    for client in ("bot/channels/teams.py", "actions/handoff.py"):
        source = (root / client).read_text(encoding="utf-8")
        assert "botframework.retry_after(" in source and "botframework.TokenCache()" in source, client
        assert "oauth2/v2.0/token" not in source and "def _retry_after" not in source, client
