"""The action server's side of the demand log (insights/): ActionRecommend calls `record` once a list is
computed; `ActionInsights` answers a counsellor's "wat zoeken leraren het meest?" with where the figures are:
not in the chat, where anyone can ask and two answers a minute apart could single out one teacher's
conversation; only on the counsellors' page, published in batches of at least 5 new conversations.

Only a conversation's first list is logged (a teacher who changes a constraint three times is still one
conversation, so 5 rows are 5 conversations for the k-anonymity rule). Nothing that could lead back to the
teacher is written: see insights/rows.py. A failure to write never disturbs the conversation.
"""
from __future__ import annotations

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


class ActionInsights(Action):
    """A counsellor's question about demand and offer: the figures are on the insights page, never in a chat."""

    def name(self) -> Text:
        return "action_insights"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        from insights import answers

        dispatcher.utter_message(text=answers.ONLY_ON_THE_PAGE)
        log.info("insights question answered with the page")
        return []
