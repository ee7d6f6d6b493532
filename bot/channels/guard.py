"""What every channel does around Rasa: a friendly answer when nothing else answers (e.g. the action
server is down), and error logs that never carry the user's text (teachers' messages are personal)."""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
SOMETHING_WENT_WRONG = ("Sorry, er ging aan mijn kant iets mis, zodat ik je nu niet goed kan antwoorden. "
                        "Wat je me al vertelde blijft bewaard: probeer het over een minuutje opnieuw.")


def guarded(on_new_message: Callable[[UserMessage], Awaitable[Any]], sent_count: Callable[[Any], int]):
    """Wrap Rasa's message handler. `sent_count(output_channel)` tells how many messages went out."""

    async def handle(message: UserMessage) -> None:
        if isinstance(message.text, str) and len(message.text) > MAX_MESSAGE_CHARS:
            message.text = message.text[:MAX_MESSAGE_CHARS]  # the NLU reads the start; no one writes more
        before = sent_count(message.output_channel)
        try:
            await on_new_message(message)
        except Exception as exc:  # noqa: BLE001 - the user must get an answer whatever failed
            log.error("message handling failed: %s", type(exc).__name__)
        if sent_count(message.output_channel) == before:
            await message.output_channel.send_text_message(message.sender_id, SOMETHING_WENT_WRONG)

    return handle
