"""How recommendations read in Dutch: one short text, and cards (title, type, why, fit) for the widget."""
from __future__ import annotations

import re
from datetime import date

from index import availability as dated
from index.text import fold
from index.search import STALE_YEARS, TYPE_WORDS
from intake.contract import DIPLOMAS as DIPLOMA_WORDS, FIT_WORDS, REGIONS as REGION_WORDS, SLOTS, number_text
FIT_MARK = {"ok": "past", "conflict": "past niet", "unknown": "onbekend"}
# What a user could relax when nothing fits (the payload's `relax` keys).
RELAX_WORDS = {**FIT_WORDS, "region": "het onderwijssysteem (Vlaams of Nederlands aanbod)",
               "audience": "de doelgroep (je onderwijsniveau)", "admission": "de toelating (je diploma)"}


number = number_text


def fit_line(item: dict) -> str:
    return " · ".join(f"{FIT_WORDS[k]}: {FIT_MARK[item['fit'][k]]}" for k in FIT_WORDS)


# Availability in words (knowledge `status` + `data_year`, and the state today from index/availability.py): on
# every card, list line and follow-up answer. Every form says the year the facts are from.
STATUS_WORDS = {"offered": "aanbod in {year}", "pilot": "pilootproject {year}",
                "planned": "gepland in {year}, nog niet te volgen", "idea": "idee uit {year}, niet aangeboden",
                "ended": "gestopt (gegevens uit {year})"}
NOW_WORDS = {
    "upcoming": "aanbod in {year}; komt nog: {start}",
    "past_event": "voorbij ({start}); gegevens uit {year}",
    "past_intake": "aanbod in {year}; de laatst bekende instap was {month}; vraag de volgende na bij {ask_at}",
    "ended_pilot": "afgelopen pilootproject ({year})",
    "past_plan": "plan uit {year}, verwacht {start}: voorbij; wat ervan kwam, zeggen mijn bronnen niet",
}
# A plan or idea whose years are over, without an expected date: said as history, not as "nog niet te volgen".
OLD_PLAN_WORDS = {"planned": "plan uit {year}; of het er nu is, zeggen mijn bronnen niet",
                  "idea": "idee uit {year}, niet aangeboden"}
# The one plan or idea named beside the list: still in development, or a plan whose years are over (its
# availability words then say "plan uit 2021-2023; of het er nu is, zeggen mijn bronnen niet").
DEVELOPING_LABEL = "Ook in ontwikkeling, nog niet om je voor in te schrijven"
PLAN_OVER_LABEL = "Ook als plan genoemd, nog niet om je voor in te schrijven"
# What an entry asks of you (knowledge `step`, index/steps.py).
STEP_WORDS = {"enrol": "inschrijven bij {provider}", "set_up": "zelf op school opzetten ({agree})",
              "use": "materiaal gebruiken", "ask": "navragen bij {provider}"}
STEP_AGREE = "akkoord nodig van je directie"  # the default when the knowledge names no one else (`step_note`)
ENDED_STEP = "niet meer om aan deel te nemen; wat je nu kunt doen: {step}"
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")
REGION_OFFER = {"VL": "het Vlaamse aanbod", "NL": "het Nederlandse aanbod"}
REGION_NAME = {"VL": "Vlaanderen", "NL": "Nederland"}


def availability(entry: dict) -> str:
    """'aanbod in 2015', 'afgelopen pilootproject (2021-2023)', 'aanbod in 2025-2026; de laatst bekende instap
    was februari 2026; vraag de volgende na bij ...' (a knowledge entry, or a payload item with `now`)."""
    year = entry.get("data_year") or "onbekend jaar"
    now = entry.get("now") or dated.state(entry)
    last = _last_start(entry)
    if now in NOW_WORDS and not (now == "past_intake" and not entry.get("ask_at")):
        when = re.sub(r"\s*\(verwacht\)", "", last[1]) if last else ""
        month = f"{MONTH_NAMES[last[0].month - 1]} {last[0].year}" if last else "onbekend"
        return NOW_WORDS[now].format(year=year, start=when, month=month, ask_at=entry.get("ask_at"))
    if now == "past_intake":  # no address in the source: the last intake alone
        return f"aanbod in {year}; de laatst bekende instap ({last[1] if last else '?'}) is voorbij"
    status = entry.get("status")
    words = (OLD_PLAN_WORDS if _years_over(entry) and status in OLD_PLAN_WORDS else STATUS_WORDS).get(status)
    return words.format(year=year) if words else f"gegevens uit {year}"


def _years_over(entry: dict) -> bool:
    return (dated.period_end(entry) or date.max) < dated.today()


def developing_label(item: dict) -> str:
    """How the plan or idea named beside the list is introduced."""
    return PLAN_OVER_LABEL if item.get("status") == "planned" and _years_over(item) else DEVELOPING_LABEL


def _last_start(entry: dict) -> tuple[date, str] | None:
    if entry.get("last_start"):
        day = date.fromisoformat(entry["last_start"])
        return day, day.strftime("%d/%m/%Y")
    return dated.last_moment(entry)


def step_words(entry: dict) -> str:
    """What it asks of you, in words: 'inschrijven bij UHasselt', 'zelf op school opzetten (akkoord nodig van
    je directie)'; for an ended pilot, what remains of it."""
    step = entry.get("step")
    if step not in STEP_WORDS:
        return ""
    provider = entry.get("provider") or "de aanbieder"
    if ";" in provider:  # a list of providers (a 2015 table): name the first, not twenty
        provider = f"een van de aanbieders die de bron noemt (o.a. {provider.split(';')[0].strip()})"
    words = STEP_WORDS[step].format(provider=provider, agree=entry.get("step_note") or STEP_AGREE)
    now = entry.get("now") or dated.state(entry)
    return ENDED_STEP.format(step=words) if now == "ended_pilot" else words


def annotate(payload: dict) -> dict:
    """Add the availability words to every item of a recommendation payload (`availability`), so cards
    that read the payload can show them as they are."""
    for key in ("recommendations", "other_region", "also_in_development"):
        for item in payload.get(key) or []:
            item["availability"] = availability(item)
            item["step_words"] = step_words(item)
    for item in payload.get("also_in_development") or []:
        item["label"] = developing_label(item)
    return payload


def _topic_words(payload: dict) -> str:
    gap = payload.get("topic_gap") or {}
    labels = gap.get("labels") or gap.get("topics") or []
    return " of ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels) or "je onderwerp"


def _line(n, item: dict) -> str:
    why = item["reasons"][0] if item["reasons"] else ""
    step = f"; {step_words(item)}" if step_words(item) else ""
    pace = f" {item['pace']}" if item.get("pace") and item["pace"] != why else ""  # the time at their hours
    return f"{n}. {item['title']} ({TYPE_WORDS.get(item['type'], item['type'])}; {availability(item)}{step}): {why}{pace}"


def recommendation_messages(payload: dict, more: bool = False, start: int = 1) -> list[dict]:
    """The messages of one recommendation turn (the JSON payload is sent beside them). `more`: the next
    results after those already shown, numbered on from `start`."""
    items = payload["recommendations"]
    other = payload.get("other_region") or []
    developing = payload.get("also_in_development") or []
    if not items and not other:
        return [{"text": "Ik vond niets in mijn bronnen dat bij je vraag past. Probeer je ambitie anders "
                         "te omschrijven, of zeg 'opnieuw'."}]
    gap = payload.get("topic_gap")
    region = (gap or {}).get("region") or (payload.get("profile") or {}).get("region")
    lines = []
    if gap and more:
        lines.append(f"Nog meer opties (ook die gaan niet over {_topic_words(payload)}):")
    elif more and payload.get("refinement_gap"):
        asked = " of ".join(payload["refinement_gap"])
        lines.append(f"Meer over {asked} vind ik niet in mijn bronnen. Wel nog deze opties bij je leerdoel:")
    elif gap:
        where = f"in {REGION_OFFER[region]}" if region in REGION_OFFER else "in het aanbod"
        lines.append(f"Over {_topic_words(payload)} vind ik in mijn bronnen niets {where}. Dat zeg ik liever "
                     "eerlijk dan je iets anders als antwoord te geven.")
        if items:
            lines.append("Wat er " + (f"in {REGION_NAME[region]} " if region in REGION_NAME else "")
                         + "het dichtst bij komt (niet over dat onderwerp):")
    elif payload.get("nothing_fits"):
        relax = ", ".join(RELAX_WORDS.get(k, k) for k in payload.get("relax", [])[:2])
        lines.append("Niets past helemaal bij al je voorwaarden. Dit komt het dichtst in de buurt"
                     + (f"; het wringt vooral bij: {relax}." if relax else "."))
    else:
        lines.append("Nog meer opties:" if more else "Dit past het best bij wat je vertelde:")
    said_nearest = bool(gap)
    for n, item in enumerate(items, start):
        if item.get("match") == "nearest" and not said_nearest:  # the list goes on beyond the topic: say so
            lines.append("Niet over je onderwerp, maar wel in de buurt:" if n > start or more else
                         "Over je onderwerp vond ik niets dat hier past; dit komt het dichtst in de buurt:")
            said_nearest = True
        lines.append(_line(n, item))
    if other:
        other_region = next((REGION_NAME.get(k) for k in REGION_NAME if k != region), "het andere onderwijssysteem")
        lines.append(f"Wel over {_topic_words(payload)}, maar in {other_region} (een ander onderwijssysteem, "
                     "dus vraag na of het voor jou open staat):")
        lines += [f"- {item['title']} ({TYPE_WORDS.get(item['type'], item['type'])}; {availability(item)})"
                  for item in other]
    for item in developing:
        lines.append(f"{developing_label(item)}: {item['title']} "
                     f"({availability(item)}).")
    cards = [_card(item) for item in items]
    cards += [_card(item, f"Ander onderwijssysteem ({REGION_NAME.get(item.get('region'), '')})".replace(" ()", ""))
              for item in other]
    cards += [_card(item, developing_label(item).split(",")[0]) for item in developing]
    return [{"text": "\n".join(lines)}, {"elements": cards}]


def _card(item: dict, label: str | None = None) -> dict:
    head = (f"{label} · " if label else "") + availability(item)
    step = step_words(item)
    pace = f"\n{item['pace']}" if item.get("pace") and item["pace"] not in item["reasons"][:2] else ""
    return {"title": item["title"], "subtitle": f"{head}" + (f"\nWat je doet: {step}" if step else "") + "\n"
            + " ".join(item["reasons"][:2]) + pace + f"\n{fit_line(item)}", "buttons": []}


# --- answers about one programme, from the knowledge entry (unknown is said, never guessed) ------------
DELIVERY_WORDS = {"online": "online", "blended": "deels online, deels ter plaatse", "on_site": "ter plaatse"}
ROLE_WORDS = {"teacher": "leraar", "student_teacher": "student-leraar", "counsellor": "begeleider (zoekt voor een collega)",
              "school_leader": "schoolleider"}
UNKNOWN = "onbekend (de bron zegt het niet)"
SLOT_WORDS = {name: spec.label.removeprefix("je ") for name, spec in SLOTS.items()}


PAST_WORDS = " (voorbij; vandaag is {today})"
NEXT_INTAKE_WORDS = "; vraag de volgende instap na bij {ask_at}"


def ended_note(entry: dict) -> str:
    """For an answer that praises an entry: ' Het project zelf is afgelopen; wat je nu kunt doen: ...' (else '')."""
    if dated.state(entry) != "ended_pilot":
        return ""
    return f" Het project zelf is afgelopen ({availability(entry)}); {step_words(entry)}."


def fact(entry: dict, which: str, titles: dict[str, str] | None = None) -> str:
    """One fact of a knowledge entry as a short Dutch line. Data years old say their year."""
    age = dated.data_years_ago(entry)
    year = f" (gegevens uit {entry['data_year']})" if age is not None and age > STALE_YEARS else ""
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
        line = "Start: " + (", ".join(entry.get("start") or []) or UNKNOWN) + year
        now = dated.state(entry)
        if now in ("past_event", "past_intake", "past_plan"):  # "Start: 20/05/2026" said in December 2026
            line += PAST_WORDS.format(today=dated.today().strftime("%d/%m/%Y"))
            if now == "past_intake" and entry.get("ask_at"):
                line += NEXT_INTAKE_WORDS.format(ask_at=entry["ask_at"])
        return line
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


def town_answer(entry: dict, town: str) -> str:
    """'is die ook in Utrecht?': yes or no first, then where it is given (the `where` fact); nothing when the
    source names no places (the fact says it is unknown)."""
    places = entry.get("locations") or []
    if not places:
        return ""
    if any(fold(p) == fold(town) for p in places):
        return f"Ja, in {town}."
    return f"Niet in {town}, volgens de bron."


WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|weekend|avond)", re.I)


def title_line(entry: dict) -> str:
    kind = TYPE_WORDS.get(entry.get("type"), entry.get("type"))
    who = f", {entry['provider']}" if entry.get("provider") else ""
    return f"{entry['title']} ({kind}{who}; {availability(entry)})"


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


# A question that points back ("moet heel de school daaraan meedoen?") with nothing in focus is about the first
ASSUMED_FIRST = "Ik ga ervan uit dat je het eerste voorstel bedoelt; zeg gerust 'nee, de tweede' als je een ander bedoelt."
ASSUMED_ONE = "Ik ga ervan uit dat je {title} bedoelt: alleen daarvoor noemt de bron toelatingsregels."
OVERVIEWS_NOT_ERASED = ("Let op: de overzichten die je maakte, kon ik nu niet wissen. Ze verdwijnen vanzelf "
                        "wanneer hun link verloopt; zeg straks nog eens 'vergeet mij' om ze meteen te wissen.")
# What the teacher hears when asking for a person, by what actions/handoff.py managed (said truthfully).
HANDOFF_INTRO = {
    "sent": ("Ik heb je vraag doorgegeven aan de studiebegeleiders. Ze kregen deze samenvatting van je profiel "
             "(niet ons gesprek), zodat je niet alles opnieuw hoeft te vertellen:"),
    "not_configured": ("Ik kan je vraag niet zelf doorgeven: er is hier geen kanaal naar een studiebegeleider "
                       "ingesteld. Neem deze samenvatting mee naar je studiebegeleider of zorgcoördinator, zodat je "
                       "niet alles opnieuw hoeft te vertellen:"),
    "failed": ("Het doorgeven aan de studiebegeleiders is nu niet gelukt; ze hebben je vraag dus niet gekregen. "
               "Probeer het straks opnieuw, of neem deze samenvatting mee naar je studiebegeleider:"),
    "already_sent": ("Je vraag is het afgelopen uur al doorgegeven aan de studiebegeleiders; ik stuur ze niet nog "
                     "eens. Ze nemen contact met je op. Dit is de samenvatting die ze kregen:"),
    "busy": ("De studiebegeleiders kregen het afgelopen uur al veel vragen, dus ik geef de jouwe nu niet door. "
             "Probeer het over een uur opnieuw, of neem deze samenvatting mee naar je studiebegeleider:"),
}
