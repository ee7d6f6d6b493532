"""REST channel (tests, integrations): Rasa's own, with clear answers to malformed requests.

Its conversations live in their own namespace (`rest:<sender>`, bot/identity.py): a REST call cannot read,
change or erase a widget or Teams conversation by naming its id, and a sender shaped like one is refused
(400). `metadata` beyond MAX_METADATA_CHARS is refused (400), not stored. When Rasa is reachable beyond
loopback, bot/stack.py sets LEERWIJZER_REST_TOKEN and every call needs `Authorization: Bearer <token>`.
"""
from __future__ import annotations

import hmac
import json
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # Sanic 21 (Rasa 3.6): HTTP 400
from sanic.exceptions import Unauthorized
from sanic.request import Request

import settings
from bot import identity
from bot.channels.guard import guarded

HOW_TO = 'Stuur JSON zoals {"sender": "id", "message": "je bericht"}.'
MAX_SENDER_CHARS = 128  # refused beyond, never cut: cut ids of different senders would share one conversation
MAX_METADATA_CHARS = 2000  # as JSON; an integration's few fields fit, a megabyte stored with every message not
# The client token when Rasa listens beyond loopback (bot/stack.py hands it over with the other secrets).
REST_TOKEN = settings.REST_TOKEN.get()


class RestOutput(CollectingOutputChannel):
    """Cards go out as one `elements` message (Rasa's default turns every card into a text message)."""

    def __init__(self, collector: CollectingOutputChannel) -> None:
        super().__init__()
        self.messages = collector.messages  # the list the REST handler returns

    async def send_elements(self, recipient_id: Text, elements, **kwargs: Any) -> None:
        await self._persist_message({"recipient_id": recipient_id, "elements": list(elements)})


class LeerwijzerRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    def _body(request: Request) -> dict:
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - Sanic raises on unparsable JSON
            body = None
        if not isinstance(body, dict):
            raise BadRequest(f"Dit bericht is geen geldige JSON. {HOW_TO}")
        return body

    async def _extract_sender(self, req: Request) -> Text:
        if REST_TOKEN:
            given = (req.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(given.encode(), REST_TOKEN.encode()):
                raise Unauthorized("Deze REST-toegang vraagt een token: stuur 'Authorization: Bearer <token>'.")
        sender = self._body(req).get("sender")
        if isinstance(sender, bool) or not isinstance(sender, (str, int)) or not str(sender).strip():
            raise BadRequest(f"Er ontbreekt een afzender ('sender'). {HOW_TO}")
        if len(str(sender)) > MAX_SENDER_CHARS:
            raise BadRequest(f"De afzender ('sender') is te lang: hoogstens {MAX_SENDER_CHARS} tekens.")
        if identity.looks_foreign(str(sender)):
            raise BadRequest("Deze afzender ('sender') lijkt op een id van een ander kanaal (Teams of de chat op "
                             "de website). Kies een eigen id, zonder ':' vooraan.")
        if req.args.get("stream", "").lower() == "true":
            # Rasa's stream answer waits on a queue our guard cannot count, and never ends
            raise BadRequest("Antwoorden als stream worden niet ondersteund: laat '?stream=true' weg.")
        return identity.rest(str(sender))

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = self._body(request).get("metadata")
        if metadata is None:
            return None
        if not isinstance(metadata, dict):
            raise BadRequest("De metadata ('metadata') moet een JSON-object zijn.")
        if len(json.dumps(metadata, ensure_ascii=False)) > MAX_METADATA_CHARS:
            raise BadRequest(f"De metadata ('metadata') is te groot: hoogstens {MAX_METADATA_CHARS} tekens als JSON. "
                             "Je bericht is niet verwerkt.")
        return metadata

    def _extract_message(self, req: Request) -> Text:
        message = self._body(req).get("message")
        if not isinstance(message, str) or not message.strip():
            raise BadRequest(f"Er ontbreekt een tekstbericht ('message'). {HOW_TO}")
        return message

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message, lambda out: len(getattr(out, "messages", [])))

        async def with_our_output(message: UserMessage) -> None:
            if isinstance(message.output_channel, CollectingOutputChannel):
                message.output_channel = RestOutput(message.output_channel)
            await handle(message)

        return super().blueprint(with_our_output)
