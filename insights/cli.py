"""`leerwijzer insights --out DIR [--demo] [--db FILE]` (the subcommand is declared in bot/cli.py)."""
from __future__ import annotations

import sys
from pathlib import Path


def run(args) -> int:
    from insights import demo, report, store

    if args.demo:
        print("Demo: the synthetic profiles of eval/ through the recommender (no real conversations)...",
              file=sys.stderr)
        rows, source = demo.eval_rows(), "synthetische profielen uit eval/ (demo, geen echte gesprekken)"
    else:
        log = store.DemandStore(Path(args.db) if args.db else None)
        rows, source = list(log.rows()), "het anonieme vraaglogboek"
    figures, plots, _, timing = report.build(rows, Path(args.out), source=source)
    print(f"{figures.conversations} conversations, {len(plots)} plots: {Path(args.out) / 'index.html'} "
          f"({timing['total_s']:.1f} s)")
    return 0
