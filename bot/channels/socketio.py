"""The web widget's socket.io channel: Rasa's own, with these fixes.

- Rasa 3.6 calls python-socketio's `enter_room` without awaiting it; in python-socketio 5.x it is a
  coroutine, so a persistent session never joins its room and the widget never sees an answer.
- Its output emits a custom JSON message as keyword arguments (a TypeError for our payload) and
  sends each card of a carousel as a separate message; the widget (rasa-webchat) expects
  `{"custom": ...}` and one carousel with all cards.
- Rasa accepts any `session_id` a client claims, so a second client could join a teacher's room (and read
  the replies) or write into their conversation. Session ids are now issued by the server and signed
  (HMAC with LEERWIJZER_SESSION_SECRET): a claimed id is kept only if the signature holds (the widget
  reconnecting after a reload), otherwise the client gets a new one. Messages go to the session its socket
  was confirmed for, whatever the message says. Its conversation is `web:<session id>` (bot/identity.py),
  a namespace no other channel can name. Metadata beyond MAX_METADATA_CHARS is dropped.
- Rasa builds its socket.io server with `cors_allowed_origins=[]`, which switches engine.io's origin check
  off (and `--cors` covers only plain HTTP routes): any web page a teacher merely opened could hold
  conversations through her browser. Every engine.io request (polling and the websocket upgrade) is now
  checked first: its Origin must be the page's own (bot/stack.py passes it), one in
  LEERWIJZER_ALLOWED_ORIGINS, or Rasa's own address; a request without Origin is refused when it comes
  from a browser (it then carries Sec-Fetch-* headers), since browsers always send one across origins.
"""
from __future__ import annotations

import inspect
import json
import logging
import secrets

from typing import Any, Awaitable, Callable, Dict, Iterable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response

import settings
from bot import identity
from bot.channels.guard import guarded
from bot.channels.rest import MAX_METADATA_CHARS

log = logging.getLogger(__name__)
# Without a configured secret (bot/stack.py sets one), sessions are valid until this server restarts.
_SECRET = (settings.SESSION_SECRET.get() or secrets.token_hex(32)).encode()
# The pages that may open the widget's socket (bot/stack.py adds the demo page's own origin to the list).
ALLOWED_ORIGINS = frozenset(identity.allowed_origins())
FOREIGN_ORIGIN = "Deze pagina mag de chat van Leerwijzer niet gebruiken."


def new_session_id() -> str:
    return identity.new_session_id(_SECRET)


def valid_session_id(value: Any) -> bool:
    return identity.valid_session_id(_SECRET, value)


class LeerwijzerSocketIOOutput(SocketIOOutput):
    sent = 0

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})

    async def send_elements(self, recipient_id: Text, elements: Iterable[Dict[Text, Any]], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"attachment": {"type": "template", "payload": {
            "template_type": "generic", "elements": list(elements)}}})


class LeerwijzerSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def get_output_channel(self):
        return LeerwijzerSocketIOOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message, lambda out: getattr(out, "sent", 0))

        async def with_our_output(message: UserMessage) -> None:
            message.output_channel = LeerwijzerSocketIOOutput(self.sio, self.bot_message_evt)
            await handle(message)

        blueprint = super().blueprint(with_our_output)
        engine = self.sio.eio
        handle_request = engine.handle_request  # engine.io adds its route when the blueprint is registered

        async def origin_checked(request, *args: Any, **kwargs: Any):
            if not origin_allowed(request.headers, request.scheme, request.host):
                log.warning("refused a socket.io request from another origin")
                return response.text(FOREIGN_ORIGIN, status=403)
            return await handle_request(request, *args, **kwargs)

        engine.handle_request = origin_checked

        sessions: Dict[Text, Text] = {}  # socket id -> the session it was confirmed for

        @self.sio.on("session_request", namespace=self.namespace)  # replaces Rasa's handler
        async def session_request(sid: Text, data: Any) -> None:
            claimed = data.get("session_id") if isinstance(data, dict) else None
            session_id = claimed if valid_session_id(claimed) else new_session_id()
            sessions[sid] = identity.web(session_id)
            if self.session_persistence:  # the room is the conversation id: replies go to every tab of it
                joined = self.sio.enter_room(sid, identity.web(session_id))
                if inspect.isawaitable(joined):
                    await joined
            await self.sio.emit("session_confirm", session_id, room=sid)

        @self.sio.on(self.user_message_evt, namespace=self.namespace)  # replaces Rasa's handler
        async def handle_message(sid: Text, data: Any) -> None:
            session_id = sessions.get(sid)
            text = data.get("message") if isinstance(data, dict) else None
            if session_id is None or not isinstance(text, str):
                log.info("ignored a socket.io message without a confirmed session or text")
                return
            metadata = _metadata(data.get(self.metadata_key))
            await with_our_output(UserMessage(text, None, session_id, input_channel=self.name(), metadata=metadata))

        @self.sio.on("disconnect", namespace=self.namespace)  # replaces Rasa's handler
        async def disconnect(sid: Text) -> None:
            sessions.pop(sid, None)

        return blueprint


def origin_allowed(headers: Any, scheme: str, host: str) -> bool:
    """The page's origin is allowed, or this server's own; no Origin only from a client that is no browser."""
    origin = (headers.get("Origin") or "").rstrip("/")
    if not origin:
        return not any(name.lower().startswith("sec-fetch-") for name in headers.keys())
    scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)  # the websocket upgrade arrives as ws://
    return origin in ALLOWED_ORIGINS or origin == f"{scheme}://{host}"


def _metadata(value: Any) -> Optional[Dict[Text, Any]]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict) or len(json.dumps(value, ensure_ascii=False)) > MAX_METADATA_CHARS:
        return None  # the widget sends {"language": "nl"}; more is no widget's
    return value
