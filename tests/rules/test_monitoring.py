from datetime import date

from portal.domain.signup_channels import SignupChannel
from portal.rules.monitoring import CaseRow, SelfTestRow, figures

MONDAY = date(2026, 11, 16)


def case(signed_up, due, legal, contact=None, crisis=False, source=None, group="none", reason=None,
         channel=SignupChannel.SELF):
    return CaseRow(signed_up=signed_up, source=source, group=group, crisis=crisis, first_contact_due=due,
                   legal_deadline=legal, first_contact=contact, closed_reason=reason, channel=channel)


def test_figures_from_known_data():
    rows = [
        case(date(2026, 11, 16), date(2026, 11, 30), date(2026, 12, 14), contact=date(2026, 11, 18), crisis=True,
             source="bank", channel=SignupChannel.BANK_APP),
        case(date(2026, 11, 17), date(2026, 12, 1), date(2026, 12, 15), contact=date(2026, 12, 3), group="youth",
             reason="helped", channel=SignupChannel.ASSISTED),
        case(date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 22), contact=date(2026, 12, 30)),
        case(date(2026, 11, 10), date(2026, 11, 20), date(2026, 12, 8)),  # before the first week: not counted
        case(date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 30)),  # open and past its promise on "today"
    ]
    tests = [SelfTestRow(date(2026, 11, 16), "bank", "none", "volunteer", False, 3),
             SelfTestRow(date(2026, 11, 20), "", "youth", "crisis", True, 1)]
    result = figures(rows, tests, first_week=MONDAY, last_week=date(2026, 11, 27), today=date(2026, 11, 27))
    assert [w.signups for w in result.weeks] == [2, 2]
    assert result.signups == 4
    assert [w.signups_crisis for w in result.weeks] == [1, 0]
    assert result.weeks[0].selftests == 4 and result.weeks[0].selftests_crisis == 1
    assert result.weeks[0].selftests_by_route == {"volunteer": 3, "crisis": 1}
    assert result.weeks[0].selftests_by_source == {"bank": 3, "": 1}
    assert result.weeks[0].signups_by_group == {"none": 1, "youth": 1}
    assert result.total("signups_by_channel") == {SignupChannel.BANK_APP: 1, SignupChannel.ASSISTED: 1,
                                                  SignupChannel.SELF: 2}
    assert result.contacted == 3
    assert result.median_days_to_first_contact == 16  # 2, 16 and 36 days
    assert result.closing_reasons == {"helped": 1}


TODAY = date(2026, 12, 10)


def test_promise_and_legal_deadline_each_over_their_own_base():
    """The four cases of the issue: on 10 December the promise and the legal figures differ."""
    rows = [
        # contacted in time for both
        case(date(2026, 11, 16), date(2026, 11, 30), date(2026, 12, 14), contact=date(2026, 11, 20)),
        # contacted after the promise, before the legal deadline
        case(date(2026, 11, 17), date(2026, 12, 1), date(2026, 12, 15), contact=date(2026, 12, 4)),
        # not contacted: past the promise, the legal deadline still ahead
        case(date(2026, 11, 23), date(2026, 12, 7), date(2026, 12, 21)),
        # not contacted: past both
        case(date(2026, 11, 2), date(2026, 11, 16), date(2026, 11, 30)),
    ]
    result = figures(rows, [], first_week=date(2026, 11, 2), last_week=TODAY, today=TODAY)
    assert (result.promise.in_time, result.promise.late, result.promise.pending) == (1, 3, 0)
    assert result.promise.base == 4 and result.promise.share == 25.0
    assert (result.legal.in_time, result.legal.late, result.legal.pending) == (2, 1, 1)
    assert result.legal.base == 3, "the case whose legal deadline is still ahead is not in the legal base"
    assert result.legal.share == 66.7


def test_a_deadline_day_itself_is_still_in_time():
    rows = [case(date(2026, 11, 16), TODAY, date(2026, 12, 14), contact=TODAY),  # contacted on the promised day
            case(date(2026, 11, 16), TODAY, date(2026, 12, 14))]  # not yet, and today is the promised day
    result = figures(rows, [], first_week=MONDAY, last_week=TODAY, today=TODAY)
    assert (result.promise.in_time, result.promise.late, result.promise.pending) == (1, 0, 1)
    later = figures(rows, [], first_week=MONDAY, last_week=TODAY, today=date(2026, 12, 11))
    assert (later.promise.in_time, later.promise.late, later.promise.pending) == (1, 1, 0)


def test_nothing_to_measure_gives_no_share():
    rows = [case(date(2026, 12, 7), date(2026, 12, 21), date(2027, 1, 4))]
    result = figures(rows, [], first_week=date(2026, 12, 7), last_week=TODAY, today=TODAY)
    assert result.promise.base == 0 and result.promise.share is None and result.promise.pending == 1
