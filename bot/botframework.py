"""What the Teams channel and the handoff share about Microsoft's Bot Connector: where the bot logs in, the
token it keeps, where an activity is posted, and how long a 429 asks us to wait.

Two processes talk to the Connector: the Teams channel answers teachers from the Rasa server
(bot/channels/teams.py, aiohttp, CPython 3.10) and the handoff posts to the counsellors from the action server
(actions/handoff.py, httpx, 3.11). Each keeps the HTTP client of its own server; what they must agree on lives
here. Standard library only, so both servers import it.
"""
from __future__ import annotations

import time
from typing import Any, Hashable, Mapping, Optional
from urllib.parse import quote

import settings

# The single-tenant token endpoint (the multi-tenant botframework.com one is retired) and the Connector's scope.
LOGIN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
SCOPE = "https://api.botframework.com/.default"


def login_url(env: Optional[Mapping[str, str]] = None) -> str:
    """The bot's token endpoint: $LEERWIJZER_TEAMS_LOGIN_URL, else the tenant's; "" when neither is set."""
    tenant = settings.TEAMS_TENANT_ID.get(env)
    return settings.TEAMS_LOGIN_URL.get(env) or (LOGIN_URL.format(tenant=quote(tenant, safe="")) if tenant else "")


def token_request(app_id: str, password: str) -> dict:
    """The form the token endpoint wants for the bot's own token (client credentials)."""
    return {"grant_type": "client_credentials", "client_id": app_id, "client_secret": password, "scope": SCOPE}


def activities_url(service_url: str, conversation_id: str) -> str:
    """Where an activity for a conversation is posted."""
    return f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"


def retry_after(value: Optional[str], default: float, cap: float) -> float:
    """Seconds to wait as a Retry-After header says (capped: a caller has a turn to finish), else `default`."""
    try:
        return min(max(float(value), 0.0), cap) if value else default
    except ValueError:
        return default


class TokenCache:
    """The bot's own token, kept until shortly before it expires (5 minutes, or half its life if shorter).
    `key` names whose token it is (login URL and app id), so changed settings never reuse an old one."""

    def __init__(self) -> None:
        self._token: Optional[str] = None
        self._expires = 0.0
        self._for: Optional[Hashable] = None

    def get(self, key: Hashable = None) -> Optional[str]:
        if self._token and self._for == key and time.monotonic() < self._expires:
            return self._token
        return None

    def keep(self, body: Any, key: Hashable = None) -> str:
        """Keeps the token of a token endpoint's JSON answer; KeyError, TypeError or ValueError when it has none."""
        token, lifetime = body["access_token"], float(body.get("expires_in", 3600))
        if not isinstance(token, str) or not token:
            raise ValueError("no access token")
        self._token, self._for = token, key
        self._expires = time.monotonic() + max(lifetime - 300, lifetime / 2)
        return token

    def forget(self) -> None:
        """A 401 from the Connector: the token was revoked or expired early."""
        self._token, self._expires, self._for = None, 0.0, None
