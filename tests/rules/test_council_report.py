"""The council report's figures on known data: each test names the wrong implementation it catches."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.domain.early_warning import Eindresultaat
from portal.domain.signup_channels import SignupChannel
from portal.rules.council_report import AftercareRow, HandoverRow, Period, council_report, parse_period, period_problem
from portal.rules.early_warning_monitoring import SignalRow
from portal.rules.monitoring import CaseRow
from portal.rules.survey_figures import AnswerRow

TODAY = date(2027, 2, 15)
YEAR = Period(2026)


def case(signed_up: date, *, channel=SignupChannel.SELF, group="none", topics=(), reason=None, closed_on=None,
         contact: date | None = None, due_days=3, legal_days=56) -> CaseRow:
    return CaseRow(signed_up=signed_up, source=None, group=group, crisis=False,
                   first_contact_due=signed_up + timedelta(days=due_days),
                   legal_deadline=signed_up + timedelta(days=legal_days), first_contact=contact,
                   closed_reason=reason, channel=channel, topics=tuple(topics), closed_on=closed_on)


def report(period=YEAR, *, cases=(), partners=(), handovers=(), signals=(), aftercare=(), answers=(), today=TODAY):
    return council_report(period, cases=list(cases), partners=list(partners), handovers=list(handovers),
                          signals=list(signals), aftercare_rows=list(aftercare), answers=list(answers), today=today)


@pytest.mark.parametrize(("period", "first", "last"), [
    (Period(2026), date(2026, 1, 1), date(2026, 12, 31)),
    (Period(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
    (Period(2024, 1), date(2024, 1, 1), date(2024, 3, 31)),
    (Period(2026, 2), date(2026, 4, 1), date(2026, 6, 30)),
    (Period(2026, 3), date(2026, 7, 1), date(2026, 9, 30)),
    (Period(2026, 4), date(2026, 10, 1), date(2026, 12, 31)),
])
def test_period_bounds_are_whole_calendar_quarters_and_years(period, first, last):
    """Catches a quarter ending a day early or late (off by one), or a quarter starting in the wrong month."""
    assert (period.first, period.last) == (first, last)
    assert first in period and last in period
    assert first - timedelta(days=1) not in period and last + timedelta(days=1) not in period


def test_sign_ups_on_the_first_and_last_day_count_the_day_before_and_after_do_not():
    """Catches an exclusive end (31 December lost) or a period read as 'the last 365 days'."""
    days = [date(2025, 12, 31), date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1)]
    assert report(cases=[case(day) for day in days]).signups == 2
    q3 = [date(2026, 6, 30), date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 1)]
    assert report(Period(2026, 3), cases=[case(day) for day in q3]).signups == 2


def test_each_sign_up_counts_in_one_channel_and_every_channel_is_listed():
    """Catches counting an assisted bank-app sign-up in two channels, and a channel with no sign-ups left out."""
    cases = [case(date(2026, 3, 1), channel=SignupChannel.BANK_APP),
             case(date(2026, 3, 2), channel=SignupChannel.BANK_APP),
             case(date(2026, 3, 3), channel=SignupChannel.ASSISTED),
             case(date(2026, 3, 4))]
    result = report(cases=cases)
    assert result.by_channel == [("self", 1), ("bank_app", 2), ("assisted", 1), ("referral", 0),
                                 ("vroegsignalering", 0)]
    assert sum(count for _, count in result.by_channel) == result.signups == 4


def test_a_sign_up_counts_once_under_each_reason_it_chose_and_once_in_its_group():
    """Catches counting a topic twice when stored twice, and groups that do not add up to the sign-ups."""
    cases = [case(date(2026, 5, 1), topics=["rent", "energy"], group="youth"),
             case(date(2026, 5, 2), topics=["rent", "rent"]),
             case(date(2026, 5, 3), topics=[], group="entrepreneur")]
    result = report(cases=cases)
    assert result.count("by_topic", "rent") == 2 and result.count("by_topic", "energy") == 1
    assert result.count("by_topic", "taxes") == 0
    assert dict(result.by_group) == {"youth": 1, "entrepreneur": 1, "status_holder": 0, "none": 1}


def test_drop_out_is_a_share_of_the_cases_closed_in_the_period_not_of_the_sign_ups():
    """Ten sign-ups in 2026, four closed in 2026 (one of them signed up in 2025), one closed in 2027: drop-out is 2 of
    4. Catches dividing by the sign-ups (2 of 10), counting by the sign-up year, or counting an open case."""
    cases = [case(date(2026, 1, 5)) for _ in range(7)]
    cases += [case(date(2026, 2, 1), reason="no_contact", closed_on=date(2026, 3, 1)),
              case(date(2026, 2, 2), reason="withdrawn", closed_on=date(2026, 3, 2)),
              case(date(2026, 2, 3), reason="helped", closed_on=date(2027, 1, 10))]
    cases.append(case(date(2025, 11, 1), reason="debt_settlement", closed_on=date(2026, 6, 1)))
    cases.append(case(date(2025, 11, 2), reason="helped", closed_on=date(2026, 6, 2)))
    result = report(cases=cases)
    assert result.signups == 10 and result.closed == 4
    assert (result.drop_out.count, result.drop_out.base, result.drop_out.share) == (2, 4, 50.0)
    assert dict(result.results) == {"helped": 1, "debt_settlement": 1, "advice_only": 0, "handed_over": 0,
                                    "no_contact": 1, "withdrawn": 1, "outside_municipality": 0}


def test_first_contact_is_measured_against_promise_and_law_apart_with_pending_outside_the_base():
    """Catches one figure for both deadlines, or a not-yet-due case counted as late."""
    cases = [case(date(2026, 3, 1), contact=date(2026, 3, 2)),  # in time for both
             case(date(2026, 3, 1), contact=date(2026, 3, 10)),  # late for the promise, in time for the law
             case(date(2026, 12, 30))]  # not reached: promise passed on 2 January, law still ahead on TODAY
    result = report(cases=cases, today=date(2027, 1, 20))
    assert (result.promise.in_time, result.promise.late, result.promise.pending) == (1, 2, 0)
    assert (result.legal.in_time, result.legal.late, result.legal.pending) == (2, 0, 1)
    assert result.legal.base == 2


def test_help_per_partner_counts_accepted_handovers_of_the_period_and_lists_every_partner():
    """Catches counting returned handovers as help, or handovers of another year."""
    handovers = [HandoverRow("Kwadraad", date(2026, 4, 1), accepted=True),
                 HandoverRow("Kwadraad", date(2026, 4, 2), accepted=False),
                 HandoverRow("Kwadraad", date(2025, 12, 31), accepted=True),
                 HandoverRow("Oude partner", date(2026, 5, 1), accepted=True)]
    result = report(partners=["PLANgroep", "Kwadraad"], handovers=handovers)
    assert [(p.partner, p.handed_over, p.accepted) for p in result.help_per_partner] == [
        ("PLANgroep", 0, 0), ("Kwadraad", 2, 1), ("Oude partner", 1, 1)]


def signal(day, zaak, *, reached=False, result=None):
    return SignalRow(signalled_on=day, partner_type="energie", zaak_id=zaak, approach="letter", reached=reached,
                     result=result)


def test_early_warning_reach_is_over_households_and_acceptance_over_those_reached():
    """Four households (one with two signals, one with a signal only in 2025): reached 2 of 3, accepted 1 of 2.
    Catches counting signals instead of households, acceptance over all households, or a 2025 signal."""
    signals = [signal(date(2026, 2, 1), 1, reached=True, result=Eindresultaat.VERVOLGHULP_FINANCIEEL),
               signal(date(2026, 8, 1), 1, reached=True, result=Eindresultaat.VERVOLGHULP_FINANCIEEL),
               signal(date(2026, 3, 1), 2, reached=True, result=Eindresultaat.REGELT_ZELF),
               signal(date(2026, 4, 1), 3),
               signal(date(2025, 12, 31), 4, reached=True, result=Eindresultaat.VERVOLGHULP_FINANCIEEL)]
    reach = report(signals=signals).early_warning
    assert (reach.signals, reach.households) == (4, 3)
    assert (reach.reached.count, reach.reached.base) == (2, 3)
    assert (reach.accepted.count, reach.accepted.base, reach.accepted.share) == (1, 2, 50.0)


def test_relapse_counts_each_trajectory_started_in_the_period_once_with_a_signal_or_new_bills():
    """Catches counting a trajectory with both a signal and new bills twice, or relapse over all trajectories."""
    rows = [AftercareRow(date(2026, 2, 1), date(2026, 8, 1), "last_moment", new_signal=True, new_bills=True),
            AftercareRow(date(2026, 3, 1), None, None, new_signal=False, new_bills=True),
            AftercareRow(date(2026, 11, 1), None, None, new_signal=False, new_bills=False),
            AftercareRow(date(2026, 12, 1), None, None, new_signal=False, new_bills=False),
            AftercareRow(date(2025, 10, 1), date(2026, 4, 1), "needs_nothing", new_signal=True, new_bills=False)]
    result = report(aftercare=rows).aftercare
    assert (result.started, result.ended) == (4, 2)
    assert (result.relapse.count, result.relapse.base, result.relapse.share) == (2, 4, 50.0)
    assert result.ended_by_reason == [("last_moment", 1), ("needs_nothing", 1)]
    assert result.watching == 2, "November and December 2026 are less than six months before 15 February 2027"


def answers(month, n, mark=8):
    return [AnswerRow(month=month, channel="self", route="helped", mark=mark) for _ in range(n)]


def test_client_marks_per_quarter_are_suppressed_under_ten_answers_and_every_quarter_is_shown():
    """Catches showing a mean of nine answers, a quarter with no answers left out, or a 2025 answer counted."""
    rows = answers("2026-01", 6, 6) + answers("2026-03", 4, 9) + answers("2026-05", 9) + answers("2025-12", 30)
    marks = dict(report(answers=rows).marks)
    assert list(marks) == ["2026-K1", "2026-K2", "2026-K3", "2026-K4"]
    assert (marks["2026-K1"].n, marks["2026-K1"].mean_mark) == (10, 7.2)
    assert (marks["2026-K2"].n, marks["2026-K2"].mean_mark, marks["2026-K2"].suppressed) == (9, None, True)
    assert marks["2026-K3"].n == 0
    q1 = dict(report(Period(2026, 1), answers=rows).marks)
    assert list(q1) == ["2026-K1"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2026", Period(2026)), ("2026-K3", Period(2026, 3)), ("2026-K5", None), ("26", None), ("2026-K", None),
    ("", None), ("2026-K3 ", None)])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


def test_a_period_in_the_future_or_before_the_portal_cannot_be_reported():
    today = date(2026, 8, 10)
    assert period_problem(2026, 3, today) is None, "a quarter that has begun"
    assert period_problem(2026, 4, today) == "future"
    assert period_problem(2027, None, today) == "year"
    assert period_problem(1999, None, today) == "year"
