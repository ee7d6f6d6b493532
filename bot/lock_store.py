"""The cluster's lock store: Rasa's Redis ticket lock, with leases that a live server renews.

Rasa handles the messages of one conversation one at a time: each message takes a ticket, and the
conversation is served in ticket order. A ticket ends when its turn ends or its lifetime passes. A server
that crashes mid-turn never ends its turn, so with Rasa's lock its ticket held the conversation for the
whole lifetime (60 s by default), and the message nginx re-sends to the other server waited that long:
tests/test_cluster.py saw such turns hit nginx's timeout, after which nginx took both servers out of
rotation and every teacher got a 502 for 10 s.

Here a ticket is a short lease (LEASE seconds) that its server renews while the message waits or is being
handled, so a live turn keeps its conversation however long it takes, and a crashed server's claim lapses
within LEASE seconds. Every change to a lock is one Redis transaction (WATCH/MULTI): Rasa's own get-then-set
lets two servers overwrite each other's tickets, or delete a lock that just got a new one.

Configured in bot/cluster/endpoints.yml (`type: bot.lock_store.LeasedRedisLockStore`); the single stack
keeps Rasa's in-memory lock, where a crash takes the locks with it.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Callable, Text, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

import settings

log = logging.getLogger(__name__)

LEASE = settings.LOCK_LEASE.get()  # seconds a claim outlives its server
RENEW_EVERY = LEASE / 3  # two renewals may be missed (a busy event loop) before a live claim lapses
POLL = 0.25  # seconds between looks at a held lock (Rasa: 1 s, added to every queued message)

T = TypeVar("T")


class LeasedRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LEASE,
                   wait_time_in_seconds: float = POLL) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id)
        renewing = asyncio.create_task(self._keep_renewing(conversation_id, ticket))
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            renewing.cancel()
            self.cleanup(conversation_id, ticket)

    async def _keep_renewing(self, conversation_id: Text, ticket: int) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                self._change(conversation_id, lambda lock: _extend(lock, ticket))
            except redis.RedisError as exc:  # Redis restarting: the next renewal tries again
                log.warning("could not renew a conversation lock: %s", type(exc).__name__)

    # Rasa's read-modify-write steps, each made one transaction.
    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LEASE) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(LEASE))
        except redis.RedisError as exc:
            raise LockError(f"could not issue a ticket: {type(exc).__name__}") from exc

    def update_lock(self, conversation_id: Text) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)  # a lock left without tickets is deleted there

    def _change(self, conversation_id: Text, change: Callable[[TicketLock], T]) -> T:
        """Apply `change` to the stored lock in one transaction; a lock left without tickets is deleted."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = (TicketLock.from_dict(json.loads(stored)) if stored
                            else self.create_lock(conversation_id))
                    result = change(lock)
                    lock.remove_expired_tickets()
                    pipe.multi()
                    if lock.tickets:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:  # another server changed this lock meanwhile: read it again
                    continue


def _extend(lock: TicketLock, ticket_number: int) -> None:
    ticket = lock._ticket_for_ticket_number(ticket_number)  # also drops expired tickets
    if ticket is not None:
        ticket.expires = time.time() + LEASE

