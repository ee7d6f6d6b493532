"""No user text in the Rasa server's logs.

Rasa's structured logs carry values such as `text`, `user_message` and `slot_values` (e.g. the line
`rest.message.received.timeout text=...`). Rasa passes them through an anonymiser that only Rasa Pro fills
(rasa/utils/log_utils.py `_anonymizer`). We put our own in its place: every such value is replaced by its
length. (Not through Rasa's `get_anonymization_pipeline` hook: a pipeline there also makes every turn read
the tracker again to anonymise events for Rasa Pro's event broker.)
`install()` puts it in place; the modules the Rasa server loads (bot/channels/guard.py for every channel, the
NLU component) call it when they are imported, since Rasa offers no start-up hook. Calling it again changes
nothing.
"""
from __future__ import annotations

from typing import Any, Dict

# the keys Rasa's own anonymiser would touch, plus the message text of our channels
SENSITIVE_KEYS = {
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response", "slot_candidates",
    "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states", "successes", "current_entity",
    "next_entity", "states", "entity", "token_text", "user_message", "json_message",
}


def redact(_: Any, __: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """A structlog processor: sensitive values become their length."""
    for key in SENSITIVE_KEYS & event_dict.keys():
        value = event_dict[key]
        event_dict[key] = f"<redacted {len(value)} chars>" if isinstance(value, str) else "<redacted>"
    return event_dict


def install() -> None:
    import structlog
    from rasa.utils import log_utils

    log_utils._anonymizer = redact  # used by any later configure_structlog()
    processors = list(structlog.get_config().get("processors") or [])
    if redact not in processors:
        structlog.configure(processors=[redact] + processors)
