"""The report's plots, drawn with matplotlib (Agg, no display) as SVG. Each function takes Figures and
returns the SVG text; nothing here counts conversations (insights/figures.py does, folded)."""
from __future__ import annotations

import io

from insights.bands import UNKNOWN
from insights.figures import Figures

DEMAND, OFFER, ALERT = "#1f6f8b", "#99a8b2", "#c8553d"
TOP_TOPICS = 12


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.hashsalt": "leerwijzer", "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False})
    import matplotlib.pyplot as plt

    return plt


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(fig)
    return buffer.getvalue()


def _short(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def gap(figures: Figures) -> str:
    plt = _pyplot()
    regions = [r for r in ("VL", "NL") if any(g.topic != "overig" for g in figures.gap.get(r, []))]
    fig, axes = plt.subplots(max(len(regions), 1), 1, figsize=(8, 4.6 * max(len(regions), 1)), squeeze=False)
    for ax, region in zip(axes[:, 0], regions):
        rows = [r for r in figures.gap[region] if r.topic != "overig"][:TOP_TOPICS][::-1]  # overig: in the table
        y = range(len(rows))
        ax.barh([i + 0.2 for i in y], [r.demand for r in rows], height=0.4, color=DEMAND, label="gesprekken die erom vroegen")
        ax.barh([i - 0.2 for i in y], [r.offered for r in rows], height=0.4, color=OFFER, label="aanbod (opleidingen)")
        for i, r in enumerate(rows):
            if r.offered == 0 and r.topic != "overig":
                ax.text(0.2, i - 0.2, "geen aanbod", va="center", fontsize=7, color=ALERT)
        ax.set_yticks(list(y), [_short(r.label, 30) for r in rows])
        ax.set_title({"VL": "Vlaanderen", "NL": "Nederland"}[region])
        ax.set_xlabel("aantal")
    if regions:
        axes[0][0].legend(loc="lower right", fontsize=8)
    fig.suptitle("Vraag per thema tegenover het aanbod")
    return _svg(fig)


def _barh(title: str, labels: list[str], values: list[float], xlabel: str, color: str = DEMAND,
          notes: list[str] | None = None) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.38 * max(len(labels), 2) + 1.2))
    y = list(range(len(labels)))[::-1]
    ax.barh(y, values, color=color)
    ax.set_yticks(y, [_short(label, 48) for label in labels])
    for yi, value, note in zip(y, values, notes or [""] * len(values)):
        ax.text(value, yi, f" {note}", va="center", fontsize=7)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return _svg(fig)


def blockers(figures: Figures) -> str:
    return _barh("Wat laat een leraar het vaakst zonder passend aanbod?", [b for b, _ in figures.blockers],
                 [c for _, c in figures.blockers], "gesprekken zonder passend aanbod", color=ALERT)


def nothing_fits(figures: Figures) -> str:
    rows = figures.nothing_fits
    return _barh("Aandeel gesprekken waarin niets paste", [g for g, _, _ in rows],
                 [100 * m / n for _, n, m in rows], "% van de gesprekken", color=ALERT,
                 notes=[f"{round(100 * m / n)}% van {n}" for _, n, m in rows])


def bands(figures: Figures) -> str:
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, (title, rows) in zip(axes, (("Tijd per week", figures.hours), ("Budget", figures.budget))):
        rows = [r for r in rows if r[0] != UNKNOWN]  # shares of what is known (the table has the unknowns)
        asked_total = sum(a for _, a, _ in rows) or 1
        offer_total = sum(o for _, _, o in rows) or 1
        x = range(len(rows))
        ax.bar([i - 0.2 for i in x], [100 * a / asked_total for _, a, _ in rows], width=0.4, color=DEMAND,
               label="gevraagd (% gesprekken die het zeiden)")
        ax.bar([i + 0.2 for i in x], [100 * o / offer_total for _, _, o in rows], width=0.4, color=OFFER,
               label="nodig voor het aanbod (% opleidingen waarvan bekend)")
        ax.set_xticks(list(x), [label for label, _, _ in rows], rotation=25, ha="right")
        ax.set_ylabel("%")
        ax.set_title(title)
    axes[0].legend(fontsize=7, frameon=False)
    fig.suptitle("Gevraagde tijd en budget tegenover wat het aanbod vraagt")
    return _svg(fig)


def top_entries(figures: Figures) -> str:
    rows = figures.top_entries
    return _barh("Meest aanbevolen", [t for _, t, _ in rows], [c for _, _, c in rows], "gesprekken waarin getoond")


ALL = {"gap": gap, "blockers": blockers, "nothing_fits": nothing_fits, "bands": bands, "top_entries": top_entries}


def draw(figures: Figures) -> dict[str, str]:
    """name -> SVG text, for the plots that have something to show."""
    if not figures.enough:
        return {}
    wanted = {"gap": any(g.topic != "overig" for rows in figures.gap.values() for g in rows), "blockers": bool(figures.blockers), "nothing_fits": bool(figures.nothing_fits),
              "bands": True, "top_entries": bool(figures.top_entries)}
    return {name: ALL[name](figures) for name, show in wanted.items() if show}
