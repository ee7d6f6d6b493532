"""How recommendations read in Dutch: one short text, and cards (title, type, why, fit) for the widget."""
from __future__ import annotations

from index.search import TYPE_WORDS

FIT_WORDS = {"time": "tijd", "budget": "budget", "travel": "reistijd", "delivery": "vorm"}
FIT_MARK = {"ok": "past", "conflict": "past niet", "unknown": "onbekend"}


def number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")


def fit_line(item: dict) -> str:
    return " · ".join(f"{FIT_WORDS[k]}: {FIT_MARK[item['fit'][k]]}" for k in FIT_WORDS)


def recommendation_messages(payload: dict) -> list[dict]:
    """The messages of one recommendation turn (the JSON payload is sent beside them)."""
    items = payload["recommendations"]
    if not items:
        return [{"text": "Ik vond niets in mijn bronnen dat bij je vraag past. Probeer je ambitie anders "
                         "te omschrijven, of zeg 'opnieuw'."}]
    if payload.get("nothing_fits"):
        relax = ", ".join(FIT_WORDS.get(k, k) for k in payload.get("relax", [])[:2])
        intro = ("Niets past helemaal bij al je voorwaarden. Dit komt het dichtst in de buurt"
                 + (f"; het wringt vooral bij: {relax}." if relax else "."))
    else:
        intro = "Dit past het best bij wat je vertelde:"
    lines = [intro]
    for n, item in enumerate(items, 1):
        why = item["reasons"][0] if item["reasons"] else ""
        year = f" (gegevens {item['data_year']})" if item.get("data_year") == "2015" else ""
        lines.append(f"{n}. {item['title']} ({TYPE_WORDS.get(item['type'], item['type'])}){year}: {why}")
    cards = [{
        "title": item["title"],
        "subtitle": " ".join(item["reasons"][:2]) + f"\n{fit_line(item)}",
        "buttons": [],
    } for item in items]
    return [{"text": "\n".join(lines)}, {"elements": cards}]
