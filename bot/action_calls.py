"""How the Rasa server calls the action server: two corrections to Rasa 3.6, applied by `install()`, which
the channels call when Rasa loads them (bot/channels/guard.py), so they hold in every Rasa process we start.
Rasa's installed files are never changed."""
from __future__ import annotations

import jsonschema
import rasa.core.actions.action
from rasa.core.actions.action import RemoteAction

# Rasa waits 300 s for a custom action. An action answers in well under a second (a first recommendation
# after a restart waits for the index, ~10 s), so a hung action server would freeze every turn for five
# minutes: after this many seconds the teacher gets the channels' friendly answer instead.
ACTION_TIMEOUT = 20

_original_validate = RemoteAction._validate_action_result
_validator = None


def _validate_action_result(self: RemoteAction, result) -> bool:
    """Rasa checks every action response with `jsonschema.validate`, which first checks the schema itself
    against its metaschema: 43% of the Rasa server's CPU under load (py-spy, bench/load.py). The schema
    never changes, so it is checked and compiled once; the response is checked exactly as before."""
    global _validator
    if _validator is None:
        schema = self.action_response_format_spec()
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema)
    if _validator.is_valid(result):
        return True
    return _original_validate(self, result)  # Rasa's own error message for an invalid response


def install() -> None:
    """Apply both corrections (idempotent): the action timeout and the response check compiled once."""
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = ACTION_TIMEOUT
    RemoteAction._validate_action_result = _validate_action_result
