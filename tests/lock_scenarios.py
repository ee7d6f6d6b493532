"""Scenarios for the cluster's lock store (bot/lock_store.py), run in the Rasa environment against a real
Redis by tests/test_lock_store.py: `python -m tests.lock_scenarios PORT PASSWORD` prints one JSON object.

Each store stands for one Rasa server. Times are in seconds from the scenario's start.
"""
from __future__ import annotations

import asyncio
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import LEASE, LeasedRedisLockStore


def store(port: int, password: str) -> LeasedRedisLockStore:
    return LeasedRedisLockStore(EndpointConfig(url="127.0.0.1", type="bot.lock_store.LeasedRedisLockStore",
                                               port=port, password=password, db=1, key_prefix="scenario"))


async def crashed_server(a: LeasedRedisLockStore, b: LeasedRedisLockStore) -> dict:
    """Server A takes a conversation and dies (its ticket is never renewed nor returned); B then gets it."""
    started = time.time()
    a.issue_ticket("crash")
    async with b.lock("crash"):
        acquired = time.time() - started
    return {"acquired_after": acquired, "left_in_redis": b.get_lock("crash") is not None}


async def live_long_turn(a: LeasedRedisLockStore, b: LeasedRedisLockStore) -> dict:
    """A turn on A lasts three leases; a message of the same conversation on B waits for its end."""
    started = time.time()
    times = {}

    async def long_turn() -> None:
        async with a.lock("long"):
            times["a_got"] = time.time() - started
            await asyncio.sleep(3 * LEASE)
            times["a_done"] = time.time() - started

    async def next_message() -> None:
        await asyncio.sleep(0.2)  # arrives while A's turn runs
        async with b.lock("long"):
            times["b_got"] = time.time() - started

    await asyncio.gather(long_turn(), next_message())
    return times


def concurrent_tickets(a: LeasedRedisLockStore, b: LeasedRedisLockStore) -> dict:
    """40 messages of one conversation arrive at once on two servers: every ticket is a different one."""
    with ThreadPoolExecutor(8) as pool:
        tickets = list(pool.map(lambda i: (a if i % 2 else b).issue_ticket("burst"), range(40)))
    stored = a.get_lock("burst")
    return {"tickets": tickets, "stored": [t.number for t in stored.tickets] if stored else []}


async def main(port: int, password: str) -> None:
    a, b = store(port, password), store(port, password)
    result = {"lease": LEASE,
              "crashed_server": await crashed_server(a, b),
              "live_long_turn": await live_long_turn(a, b),
              "concurrent_tickets": concurrent_tickets(a, b)}
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
