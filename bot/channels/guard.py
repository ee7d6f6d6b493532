"""What every channel does around Rasa: a friendly answer when nothing else answers (e.g. the action
server is down), and error logs that never carry the user's text (teachers' messages are personal)."""
from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from bot import action_calls, privacy

log = logging.getLogger(__name__)
# Rasa imports the channels before it serves: our two start-up changes to the Rasa process, whichever channel
# is loaded first
privacy.install()  # no user text in the Rasa server's logs
action_calls.install()  # the action timeout, and the action response check compiled once

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
            # where it failed, never the exception's message (it may quote the user's text)
            frames = traceback.extract_tb(exc.__traceback__)[-3:]
            log.error("message handling failed: %s at %s", type(exc).__name__,
                      " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)))
        if sent_count(message.output_channel) == before:
            await message.output_channel.send_text_message(message.sender_id, SOMETHING_WENT_WRONG)

    return handle
