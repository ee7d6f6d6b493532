"""The action server's side of the demand log (insights/): ActionRecommend calls `record` once a list is
computed; `ActionInsights` answers a counsellor's "wat zoeken leraren het meest?".

Only a conversation's first list is logged (a teacher who changes a constraint three times is still one
conversation, so 5 rows are 5 conversations for the k-anonymity rule). Nothing that could lead back to the
teacher is written: see insights/rows.py. A failure to write never disturbs the conversation.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType

log = logging.getLogger(__name__)


def record(tracker: Tracker, profile: Dict[str, Any], payload: Dict[str, Any]) -> None:
    if tracker.get_slot("last_recommendations"):  # a list was shown already in this conversation
        return
    try:
        from insights import rows, store

        store.DemandStore().record(rows.row_from(profile, payload))
    except Exception as exc:  # noqa: BLE001 - the demand log is never worth a failed turn
        log.warning("demand log not written (%s)", type(exc).__name__)


def _answer(text: str, region: str | None) -> str:
    from insights import answers, figures, store, supply

    return answers.answer(text, figures.build(store.DemandStore().rows(), supply.load()), region)


class ActionInsights(Action):
    """A counsellor's question about demand and offer, answered from the demand log (folded below 5)."""

    def name(self) -> Text:
        return "action_insights"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        try:
            reply = await asyncio.to_thread(_answer, text, tracker.get_slot("region"))
        except Exception as exc:  # noqa: BLE001
            log.warning("insights answer failed (%s)", type(exc).__name__)
            reply = "Sorry, de cijfers over vraag en aanbod kan ik nu niet ophalen."
        dispatcher.utter_message(text=reply)
        log.info("insights question answered")
        return []
