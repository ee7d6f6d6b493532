"""No user text in the Rasa server's logs.

Rasa's structured logs pass values such as `text`, `user_message` and `slot_values` through an
"anonymization pipeline" hook (rasa/utils/log_utils.py) that only Rasa Pro fills. We fill it: every such
value is replaced by its length, so `rest.message.received.timeout text=...` no longer carries what a teacher
typed. Registered on import by the modules the Rasa server loads (channels, NLU component).
"""
from __future__ import annotations

from typing import Any

import pluggy

hookimpl = pluggy.HookimplMarker("rasa")


class _Redact:
    @staticmethod
    def log_run(value: Any) -> str:
        return f"<redacted {len(value)} chars>" if isinstance(value, str) else "<redacted>"


class _RedactingPlugin:
    @hookimpl
    def get_anonymization_pipeline(self) -> Any:
        return _Redact()


def install() -> None:
    from rasa.plugin import plugin_manager

    manager = plugin_manager()
    if not any(isinstance(p, _RedactingPlugin) for p in manager.get_plugins()):
        manager.register(_RedactingPlugin())


install()
