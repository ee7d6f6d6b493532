"""Rasa's SQL tracker store, plus the right to be forgotten.

When the assistant runs `action_forget_me`, everything stored for that conversation before it is deleted
from the database, not just hidden: the stored conversation restarts from the confirmation. Loaded by
the Rasa server through endpoints.yml (`type: bot.tracker_store.ForgettingSQLTrackerStore`).
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)

FORGET_ACTION = "action_forget_me"


class ForgettingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # Every turn commits its events, and SQLite's default (rollback journal, fsync on each commit)
            # blocks Rasa's event loop for the disk flush. WAL with synchronous=NORMAL survives a crash of
            # the server; only a power cut can lose the last turns. secure_delete: a forgotten conversation
            # is overwritten on disk, not left in free pages. PostgreSQL (the cluster) is untouched.
            sa.event.listen(self.engine, "connect", _sqlite_wal)
            self.engine.dispose()  # connections opened while creating the tables get the settings too

    async def save(self, tracker: DialogueStateTracker) -> None:
        forgot = False
        events = list(tracker.events)
        forget_at = max((i for i, e in enumerate(events)
                         if isinstance(e, ActionExecuted) and e.action_name == FORGET_ACTION), default=None)
        if forget_at is not None:
            with self.session_scope() as session:
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
                if stored <= forget_at:  # this forget request is new: erase the whole stored history
                    deleted = session.query(self.SQLEvent).filter(
                        self.SQLEvent.sender_id == tracker.sender_id).delete()
                    session.commit()
                    log.info("forgot a conversation on request (%d stored events deleted)", deleted)
                    forgot = True
                    kept = [SessionStarted(timestamp=events[forget_at].timestamp)] + events[forget_at + 1:]
                    tracker = DialogueStateTracker.from_events(tracker.sender_id, kept, slots=self.domain.slots)
        await super().save(tracker)
        if forgot and self.engine.dialect.name == "sqlite":
            # secure_delete zeroes the freed rows in the new page versions, but the WAL still holds the old
            # ones: copy the pages into the database file and empty the WAL, so the text is nowhere on disk.
            with self.engine.connect() as connection:
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                log.warning("forgot a conversation, but the WAL could not be emptied yet (a reader was busy)")


def _sqlite_wal(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # a forgotten conversation is overwritten, not just unlinked
    cursor.close()
