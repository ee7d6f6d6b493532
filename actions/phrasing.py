"""How recommendations read in Dutch: one short text, and cards (title, type, why, fit) for the widget."""
from __future__ import annotations

import re

from index.search import TYPE_WORDS
from intake.contract import DIPLOMAS as DIPLOMA_WORDS, FIT_WORDS, REGIONS as REGION_WORDS, SLOTS, number_text
FIT_MARK = {"ok": "past", "conflict": "past niet", "unknown": "onbekend"}
# What a user could relax when nothing fits (the payload's `relax` keys).
RELAX_WORDS = {**FIT_WORDS, "region": "het onderwijssysteem (Vlaams of Nederlands aanbod)",
               "audience": "de doelgroep (je onderwijsniveau)", "admission": "de toelating (je diploma)"}


number = number_text


def fit_line(item: dict) -> str:
    return " · ".join(f"{FIT_WORDS[k]}: {FIT_MARK[item['fit'][k]]}" for k in FIT_WORDS)


def recommendation_messages(payload: dict, more: bool = False, start: int = 1) -> list[dict]:
    """The messages of one recommendation turn (the JSON payload is sent beside them). `more`: the next
    results after those already shown, numbered on from `start`."""
    items = payload["recommendations"]
    if not items:
        return [{"text": "Ik vond niets in mijn bronnen dat bij je vraag past. Probeer je ambitie anders "
                         "te omschrijven, of zeg 'opnieuw'."}]
    if payload.get("nothing_fits"):
        relax = ", ".join(RELAX_WORDS.get(k, k) for k in payload.get("relax", [])[:2])
        intro = ("Niets past helemaal bij al je voorwaarden. Dit komt het dichtst in de buurt"
                 + (f"; het wringt vooral bij: {relax}." if relax else "."))
    else:
        intro = "Nog meer opties:" if more else "Dit past het best bij wat je vertelde:"
    lines = [intro]
    for n, item in enumerate(items, start):
        why = item["reasons"][0] if item["reasons"] else ""
        year = f" (gegevens {item['data_year']})" if item.get("data_year") == "2015" else ""
        lines.append(f"{n}. {item['title']} ({TYPE_WORDS.get(item['type'], item['type'])}){year}: {why}")
    cards = [{
        "title": item["title"],
        "subtitle": " ".join(item["reasons"][:2]) + f"\n{fit_line(item)}",
        "buttons": [],
    } for item in items]
    return [{"text": "\n".join(lines)}, {"elements": cards}]


# --- answers about one programme, from the knowledge entry (unknown is said, never guessed) ------------
DELIVERY_WORDS = {"online": "online", "blended": "deels online, deels ter plaatse", "on_site": "ter plaatse"}
ROLE_WORDS = {"teacher": "leraar", "student_teacher": "student-leraar", "counsellor": "begeleider (zoekt voor een collega)",
              "school_leader": "schoolleider"}
UNKNOWN = "onbekend (de bron zegt het niet)"
SLOT_WORDS = {name: spec.label.removeprefix("je ") for name, spec in SLOTS.items()}


def fact(entry: dict, which: str, titles: dict[str, str] | None = None) -> str:
    """One fact of a knowledge entry as a short Dutch line."""
    year = f" (gegevens uit {entry['data_year']})" if entry.get("data_year") == "2015" else ""
    if which == "admission":
        admission = entry.get("admission") or {}
        diplomas = ", ".join(DIPLOMA_WORDS.get(d, d) for d in admission.get("diplomas") or [])
        line = f"Toelating: {admission.get('text') or UNKNOWN}"
        if diplomas and diplomas.lower() not in line.lower():
            line += f" (diploma: {diplomas})"
        if admission.get("bridging"):
            line += f" Zonder dat diploma kun je instappen via: {(titles or {}).get(admission['bridging'], admission['bridging'])}."
        return line
    if which == "start":
        return "Start: " + (", ".join(entry.get("start") or []) or UNKNOWN) + year
    if which == "day":
        # The schema has no lesson-day field; the curated text says it where the source does.
        said = [part for part in re.split(r"(?<=[.!?])\s+", " ".join([entry.get("summary") or ""]
                                                                   + list(entry.get("start") or [])))
                if WEEKDAY.search(part)]
        return "Lesdag: " + (" ".join(said) if said else f"{UNKNOWN}.")
    if which == "cost":
        cost = f"€ {number(entry['cost_eur'])}{year}" if entry.get("cost_eur") is not None else UNKNOWN
        return f"Kosten: {cost}" + (f". {entry['cost_note']}" if entry.get("cost_note") else "")
    if which == "where":
        form = DELIVERY_WORDS.get(entry.get("delivery"), "vorm onbekend")
        places = ", ".join(entry.get("locations") or [])
        return f"Waar: {form}" + (f"; in {places}" if places else "; plaats: onbekend" if entry.get("delivery") != "online" else "")
    if which == "duration":
        parts = []
        if entry.get("hours_per_week") is not None:
            parts.append(f"ongeveer {number(entry['hours_per_week'])} uur per week")
        if entry.get("total_hours") is not None:
            parts.append(f"{number(entry['total_hours'])} uur in totaal")
        if entry.get("duration_months") is not None:
            parts.append(f"{number(entry['duration_months'])} maanden")
        return "Tijd: " + (", ".join(parts) if parts else UNKNOWN)
    if which == "result":
        return "Wat je krijgt: " + (entry.get("result") or UNKNOWN)
    raise ValueError(which)


WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|weekend|avond)", re.I)


def title_line(entry: dict) -> str:
    kind = TYPE_WORDS.get(entry.get("type"), entry.get("type"))
    who = f", {entry['provider']}" if entry.get("provider") else ""
    return f"{entry['title']} ({kind}{who})"


def fit_notes(fit) -> list[str]:
    """What does not fit this profile, and what is unknown, from index.fit."""
    lines = [f"Past niet: {fit.notes.get(k, FIT_WORDS.get(k, k))}" for k in fit.conflicts]
    unknown = [FIT_WORDS[k] for k in FIT_WORDS if fit.values.get(k) == "unknown"]
    if unknown:
        lines.append("Onbekend: " + ", ".join(unknown) + ".")
    return lines


def profile_summary(profile: dict, declined: list[str], shown_titles: list[str]) -> str:
    """A few lines a study counsellor can act on."""
    who = ROLE_WORDS.get(profile.get("role"), "rol onbekend")
    if profile.get("sector"):
        who += f", {profile['sector']}"
    where = ", ".join(x for x in (profile.get("home_town"), REGION_WORDS.get(profile.get("region"))) if x)
    lines = [f"- Wie: {who}" + (f" ({where})" if where else "")]
    if profile.get("experience_years") is not None:
        lines.append(f"- Ervaring: {number(profile['experience_years'])} jaar")
    lines.append(f"- Wil leren: {profile.get('ambition') or 'nog niet gezegd'}")
    if profile.get("diploma"):
        lines.append(f"- Diploma: {DIPLOMA_WORDS.get(profile['diploma'], profile['diploma'])}")
    limits = []
    if profile.get("hours_per_week") is not None:
        limits.append(f"{number(profile['hours_per_week'])} uur per week")
    if profile.get("budget_eur") is not None:
        limits.append(f"budget € {number(profile['budget_eur'])}")
    if profile.get("max_travel_minutes") is not None:
        limits.append(f"max. {number(profile['max_travel_minutes'])} min reizen")
    if profile.get("delivery"):
        limits.append({"any": "vorm om het even", **DELIVERY_WORDS}.get(profile["delivery"], profile["delivery"]))
    lines.append("- Voorwaarden: " + (", ".join(limits) or "nog niet gezegd"))
    if declined:
        lines.append("- Wilde niet zeggen / weet niet: " + ", ".join(SLOT_WORDS.get(d, d) for d in declined))
    if shown_titles:
        lines.append("- Al voorgesteld: " + "; ".join(shown_titles))
    return "\n".join(lines)
