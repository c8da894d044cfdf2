"""The outbox worker (`flask send-messages`): hands queued messages to Notify, several workers side by side.

A round: claim a batch of due rows (queued, next_attempt_at passed, no live lease) by giving them a lease
(lease_token, lease_until) in one short transaction; send each outside any transaction; record each answer in its
own short transaction, but only while the row still carries our token. Claiming:
- PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED`, so workers on several machines take disjoint batches without
  waiting on each other; the lease then outlives the row locks.
- SQLite (development, one machine): no SKIP LOCKED; a conditional UPDATE sets the lease, and SQLite runs one
  writer at a time, so two workers cannot both set it.

While a worker lives, no message is sent twice: a row is sent only by the holder of its lease, and a worker starts
a send only while its lease has more than a send's worst time left (else it hands the rest of its batch back).
A worker killed between Notify's 201 and our commit (or paused longer than its lease) leaves a row that looks
unsent: when the lease ends (LEASE, two minutes) another worker sends it again. That is the one duplicate this
design allows, at most one per killed worker and message; a message is never lost. Notify's answer to a send we
cannot see (a time-out) is treated the same way: tried again, so a resident may get one message twice.

The log holds counts and row ids, never an address or a text.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from portal.db import transaction, utcnow
from portal.domain.messages import NOTIFY_CHANNELS, MessageState
from portal.messaging.notify_transport import NotifyTransport, SendError
from portal.models import OutboxMessage
from portal.rules.message_retry import Backoff, Outcome

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BATCH = 20


@dataclass
class Counts:
    sent: int = 0
    retried: int = 0
    rejected: int = 0
    gave_up: int = 0
    lost_lease: int = 0  # our lease ended before we could record: another worker may send it again
    claimed: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def __str__(self) -> str:
        return (f"{self.sent} sent, {self.retried} to retry, {self.rejected} rejected, {self.gave_up} given up, "
                f"{self.lost_lease} lost lease")


@dataclass
class Worker:
    sessions: sessionmaker
    transport: NotifyTransport
    batch: int = BATCH
    lease: timedelta = LEASE
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], datetime] = utcnow

    @property
    def send_budget(self) -> timedelta:
        # requests' time-out counts connect and read apart; a send may take both, and a margin for the commit.
        return timedelta(seconds=2 * self.transport.settings.timeout + 5)

    def claim(self, session: Session) -> tuple[str, datetime, list[OutboxMessage]]:
        """Due rows, leased to us; the transaction has ended when this returns."""
        now, token = self.clock(), secrets.token_hex(16)
        until = now + self.lease
        # Letters wait for a coordinator to print them (staff "Brieven"): Notify never gets them.
        due = (OutboxMessage.state == MessageState.QUEUED, OutboxMessage.channel.in_(NOTIFY_CHANNELS),
               OutboxMessage.next_attempt_at <= now,
               or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
        oldest = (OutboxMessage.next_attempt_at, OutboxMessage.id)
        with transaction(session):
            if session.get_bind().dialect.name == "postgresql":
                rows = list(session.scalars(select(OutboxMessage).where(*due).order_by(*oldest).limit(self.batch)
                                            .with_for_update(skip_locked=True)))
                for row in rows:
                    row.lease_token, row.lease_until = token, until
            else:
                ids = select(OutboxMessage.id).where(*due).order_by(*oldest).limit(self.batch)
                session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids), *due)
                                .values(lease_token=token, lease_until=until)
                                .execution_options(synchronize_session=False))
                rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.lease_token == token)
                                            .order_by(*oldest)))
        return token, until, rows

    def run_once(self) -> Counts:
        """One batch: claim, send, record. Counts.claimed == 0 means nothing was due."""
        counts = Counts()
        with self.sessions() as session:
            token, until, rows = self.claim(session)
            counts.claimed = len(rows)
            for index, message in enumerate(rows):
                if self.clock() + self.send_budget > until:
                    self._release(session, token, [m.id for m in rows[index:]])
                    break
                self._send_one(session, token, message, counts)
        return counts

    def drain(self) -> Counts:
        """Until nothing is due now (messages due later, a reminder or a retry, stay for a later run)."""
        total = Counts()
        while (counts := self.run_once()).claimed:
            total.add(counts)
        return total

    def run_forever(self, stop: threading.Event, idle_seconds: float) -> None:
        """Until stop is set; a stop waits for the batch in hand. A database that is away is waited for."""
        while not stop.is_set():
            try:
                counts = self.run_once()
            except OperationalError:
                log.warning("send-messages: database unavailable, waiting %s s", idle_seconds)
                counts = Counts()
            if counts.claimed:
                log.info("send-messages: %s", counts)
            else:
                stop.wait(idle_seconds)

    def _send_one(self, session: Session, token: str, message: OutboxMessage, counts: Counts) -> None:
        try:
            notify_id = self.transport.send(message)
        except SendError as exc:
            recorded = self._record_failure(session, token, message, exc, counts)
        else:
            now = self.clock()
            # A receipt may already have come in (the callback matches on the reference): keep its state.
            recorded = self._record(session, token, message.id, notify_id=notify_id, sent_at=now, error=None,
                                    state=case((OutboxMessage.state == MessageState.QUEUED, MessageState.SENT),
                                               else_=OutboxMessage.state),
                                    state_at=case((OutboxMessage.state == MessageState.QUEUED, now),
                                                  else_=OutboxMessage.state_at))
            counts.sent += recorded
        if not recorded:
            counts.lost_lease += 1
            log.warning("send-messages: lease on message #%s ended before its answer was recorded", message.id)

    def _record_failure(self, session: Session, token: str, message: OutboxMessage, exc: SendError,
                        counts: Counts) -> bool:
        now, attempts = self.clock(), message.attempts + 1
        if exc.outcome == Outcome.PERMANENT:
            counts.rejected += 1
            return self._record(session, token, message.id, state=MessageState.REJECTED, state_at=now,
                                error=exc.text)
        if self.backoff.gives_up(attempts):
            counts.gave_up += 1
            return self._record(session, token, message.id, state=MessageState.GAVE_UP, state_at=now,
                                error=exc.text)
        counts.retried += 1
        return self._record(session, token, message.id, error=exc.text,
                            next_attempt_at=now + self.backoff.delay(attempts, random.random()))  # noqa: S311

    def _record(self, session: Session, token: str, message_id: int, **values) -> bool:
        with transaction(session):
            done = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.lease_token == token)
                .values(attempts=OutboxMessage.attempts + 1, lease_token=None, lease_until=None, **values)
                .execution_options(synchronize_session=False))
        return done.rowcount == 1

    def _release(self, session: Session, token: str, ids: list[int]) -> None:
        with transaction(session):
            session.execute(update(OutboxMessage)
                            .where(OutboxMessage.id.in_(ids), OutboxMessage.lease_token == token)
                            .values(lease_token=None, lease_until=None)
                            .execution_options(synchronize_session=False))
