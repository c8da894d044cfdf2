"""Staff login throttling and equal work (portal/services/staff_auth.py), with real argon2 checks counted."""

import statistics
import threading
import time
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update

from portal.db import utcnow
from portal.models import StaffMember
from portal.rules import enrolment, totp
from portal.services import staff_auth
from portal.services.staff import create_or_update_staff, unlock
from tests.concurrency import at_the_same_moment
from tests.staff_fixtures import ACCOUNTS, PASSWORD

WORKERS = 20
EMAIL = ACCOUNTS["regisseur"][0]


def _set(db_session, member, **values):
    db_session.execute(update(StaffMember).where(StaffMember.id == member.id).values(**values))
    db_session.commit()
    db_session.refresh(member)


@pytest.fixture
def verifies(monkeypatch):
    """The hash of every argon2 verify that really runs: the real check, counted, not replaced."""
    hashes, real = [], PasswordHasher.verify

    def counted(self, hash_, password):
        hashes.append(hash_)
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    return hashes


def test_twenty_wrong_passwords_at_once_get_one_check(app, staff, monkeypatch):
    """Finding 12.1: parallel requests got around the lockout, because the lock was read before the slow check and
    the failure counted after it. Now each request reserves the attempt first: of 20 at once, one is checked.

    No check may finish before all 20 requests have arrived at their verify (real or dummy): the worst case.
    """
    member, real = staff["regisseur"], PasswordHasher.verify
    all_arrived, hashes = threading.Barrier(WORKERS, timeout=30), []

    def verify_when_all_arrived(self, hash_, password):
        hashes.append(hash_)
        all_arrived.wait()
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", verify_when_all_arrived)
    outcomes = at_the_same_moment(app, lambda session: staff_auth.log_in(session, EMAIL, "wrong guess"), WORKERS)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert hashes.count(member.password_hash) == 1, "one real password check"
    assert len(hashes) == WORKERS, "the others cost one dummy check each, so they take as long"
    assert sorted(o.problem for o in outcomes) == ["wait"] * (WORKERS - 1) + ["wrong"]
    with app.extensions["db_sessionmaker"]() as fresh:
        assert fresh.get(StaffMember, member.id).failed_logins == 1


def _slow_and_counted(monkeypatch, module, name):
    """Wraps module.name so each call is counted and takes a second: long enough for every request to arrive."""
    calls, real = [], getattr(module, name)

    def slow(*args, **kwargs):
        calls.append(args)
        time.sleep(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return calls


def test_twenty_wrong_codes_at_once_get_one_check(app, staff, monkeypatch):
    """Finding 12.1, the code step: 20 guesses at once with a known password, one code is checked."""
    member = staff["regisseur"]
    wrong = "000000" if totp.code_at(member.totp_secret, totp.time_step(utcnow())) != "000000" else "111111"
    checks = _slow_and_counted(monkeypatch, totp, "matching_step")
    outcomes = at_the_same_moment(
        app, lambda session: staff_auth.check_code(session, session.get(StaffMember, member.id), wrong), WORKERS)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert len(checks) == 1
    assert sorted(o.problem for o in outcomes) == ["wait"] * (WORKERS - 1) + ["wrong"]


def test_twenty_set_up_confirms_at_once_get_one_check(app, municipalities, db_session, monkeypatch):
    """Finding 12.1, the set-up: 20 guesses of the enrolment code at once, one is checked."""
    member = create_or_update_staff(db_session, email="nieuw@lansingerland.test", name="Nieuw",
                                    role="ketenregisseur", municipality_slug="lansingerland", password=PASSWORD)
    staff_auth.issue_enrolment_code(db_session, member)
    nonce = staff_auth.start_set_up(db_session, member)
    checks = _slow_and_counted(monkeypatch, enrolment, "code_hash")
    outcomes = at_the_same_moment(app, lambda session: staff_auth.confirm_set_up(
        session, session.get(StaffMember, member.id), nonce, "AAAA-BBBB-CCCC", "123456"), WORKERS)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert len(checks) == 1
    assert sorted(o.problem for o in outcomes) == ["enrolment"] + ["wait"] * (WORKERS - 1)


def test_the_wait_grows_with_failures_and_never_passes_a_minute():
    """Finding 12.2: a growing wait instead of a lock: none for the first three, then doubling, at most a minute."""
    waits = [staff_auth.delay_after(n).total_seconds() for n in range(1, 12)]
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert max(staff_auth.delay_after(n) for n in range(staff_auth.HARD_LOCK_AFTER)) == timedelta(minutes=1)


def test_a_stranger_slows_the_owner_down_but_cannot_lock_them_out(staff, db_session):
    """Finding 12.2: anyone could keep an account locked for good (6 failures, and every further one locked again).

    Now 99 failures in a row leave the owner only a wait: once it is over, the right password works.
    """
    member = staff["regisseur"]
    for _ in range(4):
        staff_auth.log_in(db_session, EMAIL, "wrong guess")
    assert staff_auth.log_in(db_session, EMAIL, PASSWORD).problem == "wait", "even the right password waits"
    _set(db_session, member, failed_logins=98, next_attempt_at=None)
    assert staff_auth.log_in(db_session, EMAIL, "wrong guess").problem == "wrong"
    db_session.refresh(member)
    assert member.locked_at is None and member.next_attempt_at - utcnow() <= timedelta(minutes=1)
    _set(db_session, member, next_attempt_at=utcnow() - timedelta(seconds=1))
    assert staff_auth.log_in(db_session, EMAIL, PASSWORD).member is not None


def test_after_a_hundred_failures_only_the_administrator_unlocks(staff, db_session):
    """Finding 12.2: the hard lock comes only after 100 failures in a row, and no waiting lifts it."""
    member = staff["regisseur"]
    _set(db_session, member, failed_logins=staff_auth.HARD_LOCK_AFTER - 1)
    assert staff_auth.log_in(db_session, EMAIL, "wrong guess").problem == "locked"
    _set(db_session, member, next_attempt_at=utcnow() - timedelta(days=1))
    assert staff_auth.log_in(db_session, EMAIL, PASSWORD).problem == "locked"
    unlock(db_session, EMAIL)
    assert staff_auth.log_in(db_session, EMAIL, PASSWORD).member is not None


def _prepare(db_session, staff, case):
    """The account as the case needs it; returns (e-mail, password) to try."""
    member = staff["regisseur"]
    if case == "disabled":
        _set(db_session, member, active=False)
    elif case == "throttled":
        _set(db_session, member, failed_logins=5, next_attempt_at=utcnow() + timedelta(seconds=30))
    elif case == "locked":
        _set(db_session, member, failed_logins=staff_auth.HARD_LOCK_AFTER, locked_at=utcnow())
    else:
        _set(db_session, member, failed_logins=0, next_attempt_at=None, locked_at=None, active=True)
    email = "niemand@lansingerland.test" if case == "unknown" else EMAIL
    return email, PASSWORD if case in ("right", "throttled", "locked", "disabled") else "wrong guess"


CASES = ["unknown", "disabled", "wrong", "throttled", "locked", "right"]


@pytest.mark.parametrize("case", CASES)
def test_every_way_through_the_password_step_costs_one_verify(staff, db_session, verifies, case):
    """Finding 12.3: unknown addresses took one hash and throttled accounts none, so timing told which accounts
    exist. Now every way costs exactly one argon2 verify (a dummy hash where there is no real check)."""
    email, password = _prepare(db_session, staff, case)
    result = staff_auth.log_in(db_session, email, password)
    assert len(verifies) == 1
    assert (result.member is not None) == (case == "right")


@pytest.mark.full_strength_passwords
def test_the_password_step_takes_about_as_long_whatever_went_wrong(staff, db_session):
    """Finding 12.3, by the clock: the median time of each failing way is within a factor 2 of the others
    (a check skipped would be about 50 times faster). Loose on purpose: other processes share the machine."""
    failing = [case for case in CASES if case != "right"]
    times = {case: [] for case in failing}
    for _ in range(5):
        for case in failing:  # round-robin, so a busy moment on the machine hits every case alike
            email, password = _prepare(db_session, staff, case)
            started = time.perf_counter()
            staff_auth.log_in(db_session, email, password)
            times[case].append(time.perf_counter() - started)
    medians = {case: statistics.median(values) for case, values in times.items()}
    assert max(medians.values()) < 2 * min(medians.values()), medians
