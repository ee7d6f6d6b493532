"""Counsellor insights: the time to build the report (figures, plots, HTML) from 10k and 100k logged
conversations, and the demand log's size per 10k conversations. Rows are generated (insights.demo), written
to a temporary SQLite store as the action server writes them, then read back for the report.

    .venv/bin/python -m bench.insights [--sizes 10000 100000]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from insights import demo, report, store, supply


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    offer = supply.load()
    report.build(demo.generated_rows(50), supply=offer)  # warm up: matplotlib import and font cache
    print("| conversations | store size | per 10k | read rows | figures | plots + HTML | report total |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            log = store.DemandStore(Path(folder) / "insights.db")
            log.record_many(demo.generated_rows(n, supply=offer))
            size = log.path.stat().st_size
            started = time.perf_counter()
            rows = list(log.rows())
            read = time.perf_counter() - started
            _, _, _, timing = report.build(rows, Path(folder) / "out", supply=offer)
            print(f"| {n:,} | {size / 1e6:.2f} MB | {size / n * 10_000 / 1e6:.2f} MB | {read:.2f} s | "
                  f"{timing['figures_s']:.2f} s | {timing['total_s'] - timing['figures_s']:.2f} s | "
                  f"{read + timing['total_s']:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
