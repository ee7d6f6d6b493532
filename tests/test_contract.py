"""domain.yml agrees with the profile contract (intake/contract.py), the one place slots are described."""
from __future__ import annotations

import yaml

from index import paths
from intake import contract

DOMAIN = yaml.safe_load((paths.REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_every_profile_and_dialogue_slot_is_in_the_domain_with_only_a_custom_mapping():
    slots = DOMAIN["slots"]
    for name in (*contract.SLOTS, *contract.DIALOGUE_SLOTS):
        assert name in slots, name
        # one reader for every message (the validation action): no from_entity that fills behind its back
        assert [m["type"] for m in slots[name]["mappings"]] == ["custom"], name


def test_enumerations_and_ranges_match():
    slots = DOMAIN["slots"]
    for spec in contract.SLOTS.values():
        slot = slots[spec.name]
        if spec.kind == "enum":
            assert slot["type"] == "categorical" and set(slot["values"]) == set(spec.values), spec.name
        if spec.kind == "number":
            assert slot["type"] == "float" and (slot["min_value"], slot["max_value"]) == (spec.low, spec.high), spec.name


def test_the_form_asks_the_contract_questions_in_order_each_with_an_ask_action():
    assert DOMAIN["forms"]["profile_form"]["required_slots"] == list(contract.FORM_SLOTS)
    for slot in contract.FORM_SLOTS:
        assert f"action_ask_{slot}" in DOMAIN["actions"]
        assert contract.SLOTS[slot].question and contract.SLOTS[slot].rephrase
        assert f"utter_ask_{slot}" not in DOMAIN["responses"]  # questions live in the contract only


def test_every_ask_action_is_served_by_the_action_server():
    from rasa_sdk import Action

    import actions.intake_form  # noqa: F401 (registers the ask actions)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = {cls().name() for cls in subclasses(Action) if cls.__module__.startswith("actions.")}
    assert {f"action_ask_{slot}" for slot in contract.FORM_SLOTS} <= names


def test_the_contract_imports_nothing_outside_the_standard_library():
    import ast

    tree = ast.parse((paths.REPO_ROOT / "intake" / "contract.py").read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "dataclasses"}
