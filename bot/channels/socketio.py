"""The web widget's socket.io channel: Rasa's own, with three fixes.

- Rasa 3.6 calls python-socketio's `enter_room` without awaiting it; in python-socketio 5.x it is a
  coroutine, so a persistent session never joins its room and the widget never sees an answer.
- Its output emits a custom JSON message as keyword arguments (a TypeError for our payload) and
  sends each card of a carousel as a separate message; the widget (rasa-webchat) expects
  `{"custom": ...}` and one carousel with all cards.
"""
from __future__ import annotations

import inspect
import uuid

from typing import Any, Awaitable, Callable, Dict, Iterable, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.guard import guarded


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

        @self.sio.on("session_request", namespace=self.namespace)  # replaces Rasa's handler
        async def session_request(sid: Text, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = self.sio.enter_room(sid, data["session_id"])
                if inspect.isawaitable(joined):
                    await joined
            await self.sio.emit("session_confirm", data["session_id"], room=sid)

        return blueprint
