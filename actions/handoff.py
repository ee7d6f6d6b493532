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
import threading
import time
from collections import deque
from typing import Optional

import httpx

import settings
from bot import botframework, cards

log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every request's address at INFO

SENT, NOT_CONFIGURED, FAILED, ALREADY_SENT, BUSY = "sent", "not_configured", "failed", "already_sent", "busy"
PER_HOUR = settings.HANDOFFS_PER_HOUR.get()  # cards to the counsellors per hour, in all
HOUR = 3600.0
_posted: deque = deque()  # (monotonic time, conversation id) of the cards posted in the last hour
_posted_lock = threading.Lock()
TIMEOUT = 4.0  # per call; with retries the whole send stays well inside Rasa's 20 s action timeout
ATTEMPTS = 3
MAX_RETRY_AFTER = 2.0
NOTICE = "Een leraar vraagt een gesprek met een studiebegeleider (samenvatting in de kaart)."

_tokens = botframework.TokenCache()


def counsellor_channel() -> Optional[dict]:
    """The counsellor channel's settings, or None when it is not (fully) configured."""
    values = {"conversation": settings.TEAMS_HANDOFF_CONVERSATION.get(),
              "service_url": settings.TEAMS_SERVICE_URL.get(),
              "app_id": settings.TEAMS_APP_ID.get(),
              "password": settings.TEAMS_APP_PASSWORD.get(),
              "login_url": botframework.login_url()}
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
            wait = botframework.retry_after(response.headers.get("Retry-After"), delay, MAX_RETRY_AFTER)
        except httpx.HTTPError as exc:
            log.warning("handoff: %s failed: %s (attempt %d of %d)", what, type(exc).__name__, attempt, ATTEMPTS)
            wait = delay
        if attempt < ATTEMPTS:
            await asyncio.sleep(wait)
            delay *= 2
    return None


async def _bot_token(client: httpx.AsyncClient, config: dict, fresh: bool = False) -> Optional[str]:
    key = (config["login_url"], config["app_id"])
    cached = None if fresh else _tokens.get(key)
    if cached:
        return cached
    response = await _call(client, "token endpoint", "POST", config["login_url"],
                           data=botframework.token_request(config["app_id"], config["password"]))
    try:
        body = response.json() if response is not None and response.status_code == 200 else None
        return _tokens.keep(body, key)
    except (ValueError, KeyError, TypeError):
        log.error("handoff: no token from the token endpoint (HTTP %s)", getattr(response, "status_code", "-"))
        return None


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
    config = counsellor_channel()
    if config is None:
        return NOT_CONFIGURED
    limited = _admit(conversation)
    if limited:
        log.warning("handoff: not posted (%s)", limited)
        return limited
    url = botframework.activities_url(config["service_url"], config["conversation"])
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
