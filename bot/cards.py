"""Adaptive Cards (1.5) for Microsoft Teams, built from the payloads the actions already send.

One function per payload kind, each taking exactly the custom JSON the action sends beside its text:

- `recommendations_card({"recommendations": [...], "profile": {...}})` (ActionRecommend, "meer opties")
- `comparison_card({"comparison": {"recommendations": [item, item], "profile": {...}}})` (two items of the
  recommendation shape side by side)
- `handoff_card({"handoff": {"profile", "shown", "summary"}})` (ActionHandoff; posted to the counsellors)

plus `text_card(text, buttons)` for a question with quick replies and `elements_card(elements)`. Buttons
become `Action.Submit` with Teams' `imBack`: a click posts the button's text as an ordinary message from the
user, so it goes through the same NLU as typing. The web widget and REST keep their own payloads.

Standard library only: the Rasa server (3.10) and the action server (3.11) both import this module.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"

# Same words as intake/contract.py (FIT_WORDS) and index/search.py (TYPE_WORDS); tests/test_teams.py checks
# they stay the same. Copied, not imported: this module must load without the project's other packages.
FIT_WORDS = {"time": "tijd", "budget": "budget", "travel": "reistijd", "delivery": "vorm",
             "region": "onderwijssysteem", "audience": "doelgroep", "admission": "toelating"}
FIT_MARK = {"ok": "past", "conflict": "past niet", "unknown": "onbekend"}
TYPE_WORDS = {"course": "cursus", "post_initial": "post-initiële opleiding", "bridging": "schakelroute",
              "master": "master", "plg_format": "professionele leergemeenschap", "school_format":
              "werkvorm in de school", "network": "netwerk", "project": "project", "resource": "hulpmiddel"}
ORDINALS = ["eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende"]
MAX_ACTIONS = 6  # Teams shows at most six actions in a row before it folds the rest away
MAX_TEXT = 1500  # one text block; a Teams message holds ~28 KB in all


def plain(value: Any, limit: int = MAX_TEXT) -> str:
    """Text as text: TextBlocks read Markdown, so brackets and angle brackets that came from a user (an
    ambition, a town) cannot turn into a link or a mention in a counsellor's chat; nor can a bare address."""
    text = "" if value is None else str(value)
    text = text.translate({ord("["): "(", ord("]"): ")", ord("<"): "‹", ord(">"): "›", ord("\r"): None})
    text = re.sub(r"(?i)\b(https?|ftp|mailto|javascript|data):", r"\1 :", text)  # no autolinks either
    return text if len(text) <= limit else text[: limit - 1] + "…"


def card(body: list, actions: Optional[list] = None) -> dict:
    content = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body,
               "msteams": {"width": "Full"}}
    if actions:
        content["actions"] = actions[:MAX_ACTIONS]
    return content


def attachment(content: dict) -> dict:
    """A card as a Bot Framework attachment."""
    return {"contentType": CONTENT_TYPE, "content": content}


def text_block(text: str, **style: Any) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def reply_action(title: str, text: str) -> dict:
    """A button that sends `text` as if the user typed it (Teams `imBack`); `title` is what it shows."""
    return {"type": "Action.Submit", "title": plain(title, 40),
            "data": {"msteams": {"type": "imBack", "value": plain(text, 200)}}}


def button_actions(buttons: Iterable[dict]) -> list:
    """Rasa buttons ({"title", "payload"}) as card actions. A payload that is an intent ("/restart") is not
    text a user could type, so the title is sent instead; either way it goes through the NLU."""
    actions = []
    for button in buttons or []:
        title = str(button.get("title") or button.get("payload") or "").strip()
        payload = str(button.get("payload") or "").strip()
        text = payload if payload and not payload.startswith("/") else title
        if title and text:
            actions.append(reply_action(title, text))
    return actions


def text_card(text: str, buttons: Iterable[dict]) -> dict:
    return card([text_block(plain(text))], button_actions(buttons))


def _sources(item: dict) -> str:
    by_file: dict = {}
    for source in item.get("sources") or []:
        lines = source.get("lines")
        lines = ", ".join(map(str, lines)) if isinstance(lines, (list, tuple)) else str(lines or "?")
        by_file.setdefault(str(source.get("file") or "?"), []).append(lines)
    parts = [f"{file} r. {', '.join(lines)}" for file, lines in by_file.items()]
    return "Bron: " + ("; ".join(parts) if parts else "onbekend")


def _fit_facts(item: dict) -> list:
    fit = item.get("fit") or {}
    return [{"title": FIT_WORDS[key].capitalize(), "value": FIT_MARK.get(fit[key], plain(fit[key]))}
            for key in FIT_WORDS if key in fit]


def programme_container(item: dict, number: Optional[int] = None) -> dict:
    """One programme: title, type and provider, fit per constraint in words, reasons, what does not fit or
    is unknown, and the source lines."""
    kind = TYPE_WORDS.get(item.get("type"), plain(item.get("type") or "soort onbekend"))
    provider = plain(item.get("provider")) if item.get("provider") else "aanbieder onbekend"
    title = plain(item.get("title") or item.get("id") or "?")
    items = [text_block(f"{number}. {title}" if number else title, weight="Bolder", size="Medium"),
             text_block(f"{kind} · {provider}", isSubtle=True, spacing="None")]
    if item.get("availability"):  # words from actions/phrasing.py: status, year, and what is past
        items.append(text_block(plain(item["availability"], 300), spacing="None"))
    if item.get("step_words"):
        items.append(text_block("Wat je doet: " + plain(item["step_words"], 300), spacing="None"))
    facts = _fit_facts(item)
    if facts:
        items.append({"type": "FactSet", "facts": facts})
    reasons = [plain(r, 300) for r in item.get("reasons") or []]
    if reasons:
        items.append(text_block("Waarom: " + " ".join(reasons)))
    if item.get("pace"):
        items.append(text_block(plain(item["pace"], 300)))
    if item.get("bridging"):
        items.append(text_block("Instappen via: " + plain((item["bridging"] or {}).get("title"))))
    if item.get("does_not_fit"):
        items.append(text_block("Past niet: " + "; ".join(plain(x, 300) for x in item["does_not_fit"]),
                                color="Attention"))
    if item.get("unknown"):
        items.append(text_block("Onbekend: " + "; ".join(plain(x, 300) for x in item["unknown"]), isSubtle=True))
    source = _sources(item) + (f" (gegevens {plain(item['data_year'])})" if item.get("data_year") else "")
    items.append(text_block(source, size="Small", isSubtle=True))
    return {"type": "Container", "separator": number not in (None, 1), "spacing": "Medium", "items": items}


def recommendations_card(payload: dict) -> dict:
    """The recommendation payload `{"recommendations": [...], "profile": {...}}` as one card."""
    items = list(payload.get("recommendations") or [])
    if payload.get("nothing_fits"):
        heading = "Niets past helemaal bij al je voorwaarden; dit komt het dichtst in de buurt"
    else:
        heading = "Dit past het best bij wat je vertelde" if items else "Ik vond niets dat bij je vraag past"
    body = [text_block(heading, weight="Bolder", size="Large")]
    start = int(payload.get("start") or 1)
    body += [programme_container(item, n) for n, item in enumerate(items, start)]
    actions = [reply_action(f"Meer over {n}", f"vertel meer over de {ORDINALS[n - 1]}")
               for n in range(start, start + min(len(items), 3)) if n <= len(ORDINALS)]
    if len(items) >= 2:
        actions.append(reply_action(f"Vergelijk {start} en {start + 1}", f"vergelijk {start} en {start + 1}"))
    if items:
        actions += [reply_action("Goedkoopste", "welke is het goedkoopst?"),
                    reply_action("Andere opties", "heb je nog andere opties?")]
    return card(body, actions)


def comparison_card(payload: dict) -> dict:
    """Two programmes of the recommendation shape side by side: `{"comparison": {"recommendations": [a, b]}}`
    (`labels` may give their numbers in the shown list)."""
    comparison = payload.get("comparison") or {}
    items = list(comparison.get("recommendations") or [])[:2]
    labels = list(comparison.get("labels") or range(1, len(items) + 1))
    columns = [{"type": "Column", "width": "stretch", "items": [programme_container(item, int(label))]}
               for item, label in zip(items, labels)]
    body = [text_block("Vergelijking van " + " en ".join(str(l) for l in labels[:len(items)]),
                       weight="Bolder", size="Large"),
            {"type": "ColumnSet", "columns": columns}]
    return card(body, [reply_action(f"Meer over {l}", f"vertel meer over de {ORDINALS[int(l) - 1]}")
                       for l in labels[:len(items)] if 0 < int(l) <= len(ORDINALS)])


def handoff_card(payload: dict) -> dict:
    """The handoff summary for a counsellor: the profile summary only (the facts the dialogue collected and
    the titles shown), never the chat messages themselves."""
    handoff = payload.get("handoff") or {}
    facts, rest = [], []
    for line in str(handoff.get("summary") or "").splitlines():
        line = line.strip().lstrip("-").strip()
        if ": " in line:
            title, value = line.split(": ", 1)
            facts.append({"title": plain(title, 60), "value": plain(value, 600)})
        elif line:
            rest.append(plain(line, 600))
    if not facts and not rest:
        facts.append({"title": "Profiel", "value": "nog niets bekend"})
    body = [text_block("Een leraar vraagt een gesprek met een studiebegeleider", weight="Bolder", size="Large"),
            text_block("Samenvatting van het profiel uit Leerwijzer (geen chatberichten). Antwoord de leraar "
                       "via de gebruikelijke weg van je school.", isSubtle=True),
            {"type": "FactSet", "facts": facts}]
    body += [text_block(line) for line in rest]
    shown = [plain(i, 120) for i in handoff.get("shown") or []]
    if shown:
        body.append(text_block("Voorgestelde ids: " + ", ".join(shown), size="Small", isSubtle=True))
    return card(body)


def elements_card(elements: Iterable[dict]) -> dict:
    """Rasa card elements ({"title", "subtitle", "buttons"}) as one card (a fallback: recommendation turns
    send the richer recommendation payload)."""
    body, actions = [], []
    for element in elements or []:
        body.append(text_block(plain(element.get("title")), weight="Bolder"))
        if element.get("subtitle"):
            body.append(text_block(plain(element["subtitle"]), spacing="None"))
        actions += button_actions(element.get("buttons") or [])
    return card(body, actions)


PAYLOAD_KINDS = {"recommendations": recommendations_card, "comparison": comparison_card, "handoff": handoff_card}


def card_for(payload: Any) -> Optional[dict]:
    """The card for a custom payload of a known kind, else None."""
    if isinstance(payload, dict):
        for key, build in PAYLOAD_KINDS.items():
            if key in payload:
                return build(payload)
    return None
