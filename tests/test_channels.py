"""What every channel must do, checked on the source so it runs without Rasa (CONTRIBUTING.md: adding a
channel): wrap Rasa's handler in the guard (a friendly answer when a part is down, no text in logs) and put
its conversations in a namespace of their own (bot/identity.py), so no channel can address another's."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot import identity

REPO = Path(__file__).resolve().parent.parent
CHANNELS = REPO / "bot" / "channels"
HELPERS = {"__init__.py", "guard.py"}


def channel_modules() -> list[Path]:
    return [p for p in sorted(CHANNELS.glob("*.py")) if p.name not in HELPERS]


def test_every_channel_is_guarded_and_namespaced():
    used = {}
    for module in channel_modules():
        source = module.read_text(encoding="utf-8")
        assert "guarded(on_new_message" in source, f"{module.name}: wrap Rasa's handler in bot.channels.guard"
        namespaces = {n for n in re.findall(r"identity\.(\w+)\(", source) if n.upper() in vars(identity)}
        assert namespaces, f"{module.name}: give its conversations their own namespace (bot/identity.py)"
        used[module.name] = namespaces
    owners = [n for names in used.values() for n in names]
    assert len(owners) == len(set(owners)), f"two channels share a namespace: {used}"


def test_the_configured_channels_are_ours():
    configured = yaml.safe_load((REPO / "credentials.yml").read_text(encoding="utf-8"))
    for path in configured:
        module = path.rsplit(".", 1)[0].replace(".", "/") + ".py"
        assert (REPO / module).parent == CHANNELS and (REPO / module).exists(), path
