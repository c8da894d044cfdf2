"""Database engine, declarative base and the session that lives for one request."""

from __future__ import annotations

import os
import time
import weakref
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, g
from sqlalchemy import DateTime, MetaData, create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC on every backend; SQLite would otherwise hand back naive datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC times only")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


def utcnow() -> datetime:
    return datetime.now(UTC)


# A pooled connection idle longer than this is tested (SELECT 1) before use; one used more recently is not.
# pool_pre_ping tested every checkout: a round trip on every request of a busy server, to catch a rare restart.
PING_AFTER_IDLE_SECONDS = 10.0


def make_engine(url: str) -> Engine:
    # hide_parameters: a failed statement's log line must not carry residents' personal data.
    engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name != "sqlite":
        _ping_when_idle(engine)
    else:
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
    _forget_connections_after_fork(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Resilience to a restarted database without a round trip per request.

    A connection that waited in the pool for a while (a quiet night, the usual time of a restart) is pinged; a dead one
    makes the pool drop every connection made before it and hand out a new one, so the request never sees it. On a
    busy server connections are never idle that long, so nothing is pinged; a restart then fails the statements in
    flight, and a request that meets a dead connection gets one error, after which SQLAlchemy has invalidated the
    worker's whole pool (its disconnect handling): the next request gets a new connection.
    """

    @event.listens_for(engine, "checkin")
    def _note_idle_since(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.InvalidatePoolError() from error  # the pool reconnects and drops the other stale connections


def _forget_connections_after_fork(engine: Engine) -> None:
    """A forked child (gunicorn's workers with preload_app) starts with an empty pool of its own.

    Two processes on one database socket would interleave their statements. close=False: the child must not close
    the parent's connections either, only stop using them (SQLAlchemy's documented pattern for forking)."""
    ref = weakref.ref(engine)

    def after_fork_in_child() -> None:
        alive = ref()
        if alive is not None:
            alive.dispose(close=False)

    os.register_at_fork(after_in_child=after_fork_in_child)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    from flask import current_app

    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def transaction(session: Session):
    """Commit what the block did, or roll it all back. Works whether or not a read already began a transaction."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
