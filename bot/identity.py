"""Who is who: each channel's own namespace of conversation ids, and the web pages that may use the widget.

A sender id used to be the only identity, shared by every channel: a REST call that named a widget session
or a Teams user's id (`29:...`) read, changed or erased that person's conversation. Now each channel puts
its ids in its own namespace before Rasa sees them, so no channel can address another channel's
conversation:

    rest:<sender>                 REST (bot/channels/rest.py); a sender shaped like another channel's id is refused
    web:<signed session id>       the widget's socket.io channel (bot/channels/socketio.py)
    teams:<tenant>:<from.id>      Microsoft Teams (bot/channels/teams.py)

Stdlib only: the stack (3.11), the page server and the tests use it beside Rasa (3.10).
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from typing import Any, Mapping, Optional

import settings

REST, WEB, TEAMS = "rest:", "web:", "teams:"
# Shapes a REST client may not use as its sender: another channel's prefix, anything with a scheme-like
# prefix ("29:..." is a Teams user, "a:..." a Teams conversation), or a widget session id (token.signature).
FOREIGN_SHAPES = (re.compile(r"^[A-Za-z0-9_-]{1,40}:"), re.compile(r"^[A-Za-z0-9_-]{16,40}\.[0-9a-f]{32}$"))


def rest(sender: str) -> str:
    return REST + sender


def web(session_id: str) -> str:
    return WEB + session_id


def teams(tenant: str, user: str) -> str:
    return f"{TEAMS}{tenant}:{user}"


def looks_foreign(sender: str) -> bool:
    """A REST sender shaped like a Teams user, a widget session or another namespace."""
    return any(shape.search(sender) for shape in FOREIGN_SHAPES)


def web_session(sender_id: str) -> str | None:
    """The widget's session id inside a `web:` conversation id, else None."""
    return sender_id[len(WEB):] if sender_id.startswith(WEB) else None


def is_loopback(host: str) -> bool:
    """Whether a listening address is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def allowed_origins(env: Optional[Mapping[str, str]] = None) -> list[str]:
    """Web pages (scheme://host[:port]) besides the demo page that may use Rasa from a browser, socket.io
    included: $LEERWIJZER_ALLOWED_ORIGINS, and the older $LEERWIJZER_CORS_ORIGINS (same meaning)."""
    names = settings.ALLOWED_ORIGINS.get(env) + settings.CORS_ORIGINS.get(env)
    return list(dict.fromkeys(o.rstrip("/") for o in names))


# --- the widget's session ids: issued and signed by the server (bot/channels/socketio.py), and checked by the
# page server when an overview is linked to its conversation (bot/overview.py). The key is derived from the
# API token (bot/stack.py: session_secret).
def _signature(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()[:32]


def new_session_id(key: bytes) -> str:
    token = secrets.token_urlsafe(18)
    return f"{token}.{_signature(key, token)}"


def valid_session_id(key: bytes, value: Any) -> bool:
    if not isinstance(value, str) or value.count(".") != 1 or len(value) > 100:
        return False
    token, signature = value.split(".")
    return hmac.compare_digest(signature, _signature(key, token))
