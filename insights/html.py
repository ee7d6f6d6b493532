"""The report as one HTML document: plots (SVG files beside it, or inline as data: images for the page) and
the same numbers as tables. No scripts; every text is escaped."""
from __future__ import annotations

import base64
from html import escape

from insights.anonymity import K, about
from insights.figures import Figures

STYLE = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}img{max-width:100%;height:auto;display:block;margin:1em 0}
table{border-collapse:collapse;font-size:.9em}td,th{border-bottom:1px solid #ddd;padding:.25em .7em;text-align:left}
td.n{text-align:right}.note{color:#555;font-size:.9em}"""
ALT = {"gap": "Vraag per thema tegenover het aanbod, per regio",
       "blockers": "Voorwaarden die het vaakst niets laten passen",
       "nothing_fits": "Aandeel gesprekken waarin niets paste, per regio en onderwijsniveau",
       "bands": "Gevraagde tijd en budget tegenover wat het aanbod vraagt",
       "top_entries": "Meest aanbevolen opleidingen"}


def _img(name: str, svg: str | None, inline: bool) -> str:
    if svg is None:
        return ""
    src = ("data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")) if inline \
        else f"{name}.svg"
    return f'<img class="plot" id="plot-{name}" src="{escape(src)}" alt="{escape(ALT[name])}">'


def _table(head: list[str], rows: list[list]) -> str:
    if not rows:
        return f'<p class="note">Geen groep van minstens {K} gesprekken.</p>'
    cells = "".join("<tr>" + "".join(f'<td class="n">{escape(str(c))}</td>' if isinstance(c, (int, float))
                                     else f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return "<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + f"</tr>{cells}</table>"


def render(figures: Figures, plots: dict[str, str], inline: bool = False, title: str = "Leerwijzer: vraag en aanbod",
           source: str = "") -> str:
    period = f"{figures.months[0]} tot {figures.months[1]}" if figures.months else "geen"
    parts = [f"<h1>{escape(title)}</h1>",
             f'<p class="note">Ongeveer {about(figures.conversations)} gesprekken met aanbevelingen, periode {escape(period)}. '
             f"Elke groep van minder dan {K} gesprekken is samengevoegd in 'overig' (met de kleinste andere groep "
             "erbij als 'overig' anders te klein is), en de cijfers worden pas bijgewerkt als er minstens "
             f"{K} nieuwe gesprekken zijn, zodat geen enkele leraar herkenbaar is. Aanbod: opleidingen waarvoor je je "
             "kunt inschrijven (aangeboden, of een pilot die deelnemers neemt)." + (f" Bron: {escape(source)}." if source else "")
             + "</p>"]
    if not figures.enough:
        parts.append(f"<p>Nog te weinig gesprekken (minder dan {K}) om iets te tonen.</p>")
    else:
        parts.append("<h2>Waar is vraag, en hoeveel aanbod staat ertegenover?</h2>" + _img("gap", plots.get("gap"), inline))
        for region, rows in figures.gap.items():
            parts.append(f"<h3>{'Vlaanderen' if region == 'VL' else 'Nederland'}</h3>" + _table(
                ["thema", "gesprekken", "aanbod"], [[r.label, r.demand, r.offered] for r in rows]))
        parts.append("<h2>Wat laat leraren het vaakst zonder passend aanbod?</h2>" + _img("blockers", plots.get("blockers"), inline)
                     + _table(["voorwaarde", "gesprekken"], [list(b) for b in figures.blockers]))
        total, nothing = figures.nothing_fits_total
        parts.append("<h2>Waar paste niets?</h2>"
                     f"<p>In {nothing} van de {total} gesprekken ({round(100 * nothing / max(total, 1))}%) paste niets.</p>"
                     + _img("nothing_fits", plots.get("nothing_fits"), inline)
                     + _table(["regio / niveau", "gesprekken", "niets paste", "%"],
                              [[g, n, m, round(100 * m / n)] for g, n, m in figures.nothing_fits]))
        parts.append("<h2>Tijd en budget: gevraagd tegenover nodig</h2>" + _img("bands", plots.get("bands"), inline)
                     + _table(["tijd per week", "gesprekken", "opleidingen"], [list(r) for r in figures.hours])
                     + "<br>" + _table(["budget", "gesprekken", "opleidingen"], [list(r) for r in figures.budget]))
        parts.append("<h2>Meest aanbevolen</h2>" + _img("top_entries", plots.get("top_entries"), inline)
                     + _table(["opleiding", "gesprekken"], [[t, c] for _, t, c in figures.top_entries]))
    return ("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            f"content=\"width=device-width,initial-scale=1\"><title>{escape(title)}</title><style>{STYLE}</style>"
            f"</head><body>{''.join(parts)}</body></html>")
