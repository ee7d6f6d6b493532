"""`leerwijzer insights`: the report as files (index.html + one SVG per plot) in a folder."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

import insights.supply  # by its full name: `supply` is the parameter holding the loaded offer
from insights import figures, html, plots


def build(rows: Iterable[dict], out: Path | None = None, supply=None, source: str = "", inline: bool = False):
    """(Figures, {plot name: svg}, html text); written into `out` when given. Also the seconds each step took."""
    started = time.perf_counter()
    supply = supply or insights.supply.load()
    figs = figures.build(rows, supply)
    counted = time.perf_counter()
    drawn = plots.draw(figs)
    plotted = time.perf_counter()
    page = html.render(figs, drawn, inline=inline, source=source)
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for name, svg in drawn.items():
            (out / f"{name}.svg").write_text(svg, encoding="utf-8")
        (out / "index.html").write_text(page, encoding="utf-8")
    timing = {"figures_s": counted - started, "plots_s": plotted - counted, "total_s": time.perf_counter() - started}
    return figs, drawn, page, timing
