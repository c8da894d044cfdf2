"""Staff sessions kept on the server (portal/services/staff_sessions.py)."""

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.models import StaffSession
from portal.services import staff_sessions


def test_only_a_hash_of_the_token_is_stored_and_times_are_coarse(staff, db_session):
    """Finding 12.4: a database dump must not hold a token that opens a session, nor the second of each click."""
    token = staff_sessions.open_session(db_session, staff["regisseur"], signed_in=True)
    record = db_session.scalars(select(StaffSession)).one()
    assert token not in record.token_hash and len(record.token_hash) == 64
    assert record.created_at.second == record.created_at.microsecond == 0
    assert staff_sessions.find(db_session, token, signed_in=True).member.id == staff["regisseur"].id
    assert staff_sessions.find(db_session, token, signed_in=False).member is None, "not a half-way session"


def test_purge_deletes_the_rows_that_can_open_nothing(staff, db_session):
    """Finding 12.4: rows of sessions that ran out are not kept (flask purge-expired)."""
    fresh = staff_sessions.open_session(db_session, staff["regisseur"], signed_in=True)
    for created, seen in ((timedelta(hours=11), timedelta(minutes=1)), (timedelta(hours=1), timedelta(minutes=31))):
        staff_sessions.open_session(db_session, staff["collega"], signed_in=True)
        record = db_session.scalars(select(StaffSession).order_by(StaffSession.id.desc())).first()
        record.created_at, record.last_seen_at = utcnow() - created, utcnow() - seen
        db_session.commit()
    assert staff_sessions.purge_expired(db_session) == 2
    assert staff_sessions.find(db_session, fresh, signed_in=True).member is not None
