"""The handoff to a person: the profile summary, as an Adaptive Card, posted proactively to the counsellors'
Teams conversation through the Bot Connector. The card holds the summary the dialogue built from the
profile (bot/cards.handoff_card), never the chat messages.

Settings (environment of the action server; bot/stack.py passes its own environment on):
- LEERWIJZER_TEAMS_HANDOFF_CONVERSATION: the conversation id of the counsellors' channel or chat
  (e.g. 19:...@thread.tacv2, where the bot is installed). Without it there is no counsellor channel.
- LEERWIJZER_TEAMS_SERVICE_URL: the Bot Connector address for that conversation (the serviceUrl Teams sends
  with its activities, e.g. https://smba.trafficmanager.net/emea/).
- LEERWIJZER_TEAMS_APP_ID, LEERWIJZER_TEAMS_APP_PASSWORD, LEERWIJZER_TEAMS_TENANT_ID (or
  LEERWIJZER_TEAMS_LOGIN_URL): the bot's own credentials, as for the Teams channel (bot/channels/teams.py).

- LEERWIJZER_HANDOFFS_PER_HOUR (default 20): cards posted to the counsellors per hour in all. A conversation
  posts at most one card an hour: a page that drives the widget (or a repeated question) must not flood the
  counsellors' channel. Counted per action server process.

`send(payload, conversation)` answers SENT, NOT_CONFIGURED, FAILED, ALREADY_SENT or BUSY; the action tells
the teacher which, truthfully. Logs carry outcomes and HTTP statuses only.
"""
from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections import deque
from typing import Optional
from urllib.parse import quote

import httpx

from bot import cards

log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every request's address at INFO

SENT, NOT_CONFIGURED, FAILED, ALREADY_SENT, BUSY = "sent", "not_configured", "failed", "already_sent", "busy"
PER_HOUR = int(os.environ.get("LEERWIJZER_HANDOFFS_PER_HOUR") or 20)  # cards to the counsellors per hour, in all
HOUR = 3600.0
_posted: deque = deque()  # (monotonic time, conversation id) of the cards posted in the last hour
_posted_lock = threading.Lock()
LOGIN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
SCOPE = "https://api.botframework.com/.default"
TIMEOUT = 4.0  # per call; with retries the whole send stays well inside Rasa's 20 s action timeout
ATTEMPTS = 3
MAX_RETRY_AFTER = 2.0
NOTICE = "Een leraar vraagt een gesprek met een studiebegeleider (samenvatting in de kaart)."

_token: Optional[str] = None
_token_expires = 0.0
_token_for: Optional[tuple] = None


def settings() -> Optional[dict]:
    """The counsellor channel's settings, or None when it is not (fully) configured."""
    env = os.environ
    values = {"conversation": env.get("LEERWIJZER_TEAMS_HANDOFF_CONVERSATION", "").strip(),
              "service_url": env.get("LEERWIJZER_TEAMS_SERVICE_URL", "").strip(),
              "app_id": env.get("LEERWIJZER_TEAMS_APP_ID", "").strip(),
              "password": env.get("LEERWIJZER_TEAMS_APP_PASSWORD", ""),
              "login_url": env.get("LEERWIJZER_TEAMS_LOGIN_URL", "").strip()}
    tenant = env.get("LEERWIJZER_TEAMS_TENANT_ID", "").strip()
    if not values["login_url"] and tenant:
        values["login_url"] = LOGIN_URL.format(tenant=quote(tenant, safe=""))
    if not values["conversation"]:
        return None
    missing = [k for k in ("service_url", "app_id", "password", "login_url") if not values[k]]
    if missing:
        log.warning("handoff: a counsellor conversation is set, but not %s", ", ".join(missing))
        return None
    return values


async def _call(client: httpx.AsyncClient, what: str, method: str, url: str, **kwargs) -> Optional[httpx.Response]:
    """The first answer that is not 429/5xx, retried with a short backoff; None when every try failed."""
    delay = 0.5
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response = await client.request(method, url, **kwargs)
            if response.status_code != 429 and response.status_code < 500:
                return response
            log.warning("handoff: %s answered HTTP %d (attempt %d of %d)", what, response.status_code, attempt, ATTEMPTS)
            wait = _retry_after(response.headers.get("Retry-After"), delay)
        except httpx.HTTPError as exc:
            log.warning("handoff: %s failed: %s (attempt %d of %d)", what, type(exc).__name__, attempt, ATTEMPTS)
            wait = delay
        if attempt < ATTEMPTS:
            await asyncio.sleep(wait)
            delay *= 2
    return None


def _retry_after(value: Optional[str], default: float) -> float:
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER) if value else default
    except ValueError:
        return default


async def _bot_token(client: httpx.AsyncClient, config: dict, fresh: bool = False) -> Optional[str]:
    global _token, _token_expires, _token_for
    key = (config["login_url"], config["app_id"])
    if not fresh and _token and _token_for == key and time.monotonic() < _token_expires:
        return _token
    response = await _call(client, "token endpoint", "POST", config["login_url"], data={
        "grant_type": "client_credentials", "client_id": config["app_id"],
        "client_secret": config["password"], "scope": SCOPE})
    try:
        body = response.json() if response is not None and response.status_code == 200 else None
        token, lifetime = body["access_token"], float(body.get("expires_in", 3600))
    except (ValueError, KeyError, TypeError):
        log.error("handoff: no token from the token endpoint (HTTP %s)", getattr(response, "status_code", "-"))
        return None
    _token, _token_for = token, key
    _token_expires = time.monotonic() + max(lifetime - 300, lifetime / 2)
    return token


def activity(payload: dict) -> dict:
    """The proactive message: a short notice and the handoff card, nothing from the chat."""
    return {"type": "message", "text": NOTICE, "attachments": [cards.attachment(cards.handoff_card(payload))]}


def _admit(conversation: Optional[str]) -> Optional[str]:
    """None when a card may go out now (and it is counted), else ALREADY_SENT or BUSY."""
    now = time.monotonic()
    with _posted_lock:
        while _posted and now - _posted[0][0] > HOUR:
            _posted.popleft()
        if conversation is not None and any(c == conversation for _, c in _posted):
            return ALREADY_SENT
        if len(_posted) >= PER_HOUR:
            return BUSY
        _posted.append((now, conversation))
    return None


async def send(payload: dict, conversation: Optional[str] = None) -> str:
    """Post the handoff card to the counsellors' conversation: SENT, NOT_CONFIGURED, FAILED, or ALREADY_SENT /
    BUSY when this conversation already posted one this hour or the hour's cards are used up."""
    config = settings()
    if config is None:
        return NOT_CONFIGURED
    limited = _admit(conversation)
    if limited:
        log.warning("handoff: not posted (%s)", limited)
        return limited
    url = (f"{config['service_url'].rstrip('/')}/v3/conversations/"
           f"{quote(config['conversation'], safe='')}/activities")
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            for fresh in (False, True):  # a 401: the cached token was revoked; fetch a new one, once
                token = await _bot_token(client, config, fresh=fresh)
                if token is None:
                    return FAILED
                response = await _call(client, "connector", "POST", url, json=activity(payload),
                                       headers={"Authorization": f"Bearer {token}"})
                if response is not None and response.status_code == 401 and not fresh:
                    continue
                if response is not None and response.status_code < 300:
                    log.info("handoff: summary posted to the counsellors' conversation")
                    return SENT
                log.error("handoff: the connector did not take the summary (HTTP %s)",
                          getattr(response, "status_code", "-"))
                return FAILED
    except Exception as exc:  # noqa: BLE001 - the teacher must get an honest answer whatever failed
        log.error("handoff: sending failed: %s", type(exc).__name__)
    return FAILED
