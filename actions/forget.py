""""Vergeet mij" beyond the tracker store: the printable overviews a widget conversation made.

The overviews live in the page server's memory (bot/overview.py), linked to the widget session that made
them. When a `web:` conversation is forgotten, the action server asks the page server to erase them:
POST <LEERWIJZER_PAGE_URL>overzicht/vergeet with the action secret (bot/stack.py passes both; without a
page server there is nothing to erase). Logs carry the outcome only.
"""
from __future__ import annotations

import logging

import httpx

import settings
from actions.server import SECRET_HEADER
from bot import identity

log = logging.getLogger(__name__)
TIMEOUT = 4.0


async def overviews(sender_id: str) -> bool:
    """Erase the overviews of this conversation; False when they may still be there."""
    session = identity.web_session(sender_id)
    page = settings.PAGE_URL.get()  # the demo page server, "" when none runs
    if session is None or not page:
        return True
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            response = await client.post(f"{page.rstrip('/')}/overzicht/vergeet", json={"session": session},
                                         headers={SECRET_HEADER: settings.ACTION_SECRET.get()})
        if response.status_code == 200:
            log.info("forget: %s overviews erased", response.json().get("erased"))
            return True
        log.error("forget: the page server answered HTTP %d", response.status_code)
    except (httpx.HTTPError, ValueError) as exc:
        log.error("forget: the page server could not be reached: %s", type(exc).__name__)
    return False
