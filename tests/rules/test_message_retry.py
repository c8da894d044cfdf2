from datetime import timedelta

import pytest

from portal.rules.message_retry import ERROR_LENGTH, Backoff, Outcome, classify, safe_error


@pytest.mark.parametrize(("status", "outcome"), [
    (201, Outcome.SENT), (200, Outcome.SENT),
    (500, Outcome.TEMPORARY), (502, Outcome.TEMPORARY), (503, Outcome.TEMPORARY), (429, Outcome.TEMPORARY),
    (None, Outcome.TEMPORARY),  # a time-out or a refused connection
    (400, Outcome.PERMANENT), (403, Outcome.PERMANENT), (404, Outcome.PERMANENT),
])
def test_notify_answers_are_classified(status, outcome):
    assert classify(status) == outcome


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    backoff = Backoff()
    assert [backoff.delay(n) for n in range(1, 6)] == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]
    assert backoff.delay(8) == timedelta(hours=1)
    assert backoff.delay(29) == timedelta(hours=1)
    assert backoff.delay(500) == timedelta(hours=1)  # no overflow far out


def test_jitter_only_ever_adds_a_tenth():
    backoff = Backoff()
    assert timedelta(seconds=30) <= backoff.delay(1, 0.999) <= timedelta(seconds=33)


def test_gives_up_at_the_maximum_after_about_a_day():
    backoff = Backoff()
    assert not backoff.gives_up(backoff.max_attempts - 1)
    assert backoff.gives_up(backoff.max_attempts)
    waited = sum((backoff.delay(n) for n in range(1, backoff.max_attempts)), timedelta())
    assert timedelta(hours=20) < waited < timedelta(hours=30)


def test_a_stored_error_holds_no_number_address_or_text():
    text = safe_error("400 ValidationError: +31 6 12345678 and jan@example.nl refused 'Uw link: https://x/abc'",
                      hide=("Uw link: https://x/abc",))
    assert "12345678" not in text and "jan@" not in text and "https://x/abc" not in text
    assert text.startswith("400 ValidationError")


def test_a_stored_error_fits_its_column():
    assert len(safe_error("500 " + "x" * 400)) == ERROR_LENGTH
