from datetime import date

from portal.domain.early_warning import Approach, Eindresultaat, SignaalpartnerType
from portal.rules.early_warning_monitoring import SignalRow, VisitRow, figures

TODAY = date(2026, 12, 10)
FIRST = date(2026, 9, 14)  # the monitoring page's first Monday: the section starts at 1 September
HUUR, ENERGIE, WATER, ZORG = (SignaalpartnerType.HUUR, SignaalpartnerType.ENERGIE, SignaalpartnerType.WATER,
                              SignaalpartnerType.ZORG)
LETTER, CALL, CRISIS = Approach.LETTER_SMS, Approach.CALL_VISIT, Approach.CRISIS
ACCEPTED, SELF = Eindresultaat.VERVOLGHULP_FINANCIEEL, Eindresultaat.REGELT_ZELF


def row(day, partner, zaak, approach=LETTER, reached=False, result=None):
    return SignalRow(signalled_on=day, partner_type=partner, zaak_id=zaak, approach=approach, reached=reached,
                     result=result)


ROWS = [
    row(date(2026, 9, 3), HUUR, 1, reached=True, result=ACCEPTED),
    row(date(2026, 10, 5), HUUR, 2, CALL, reached=True, result=SELF),
    row(date(2026, 10, 20), ENERGIE, 2, CALL, reached=True, result=SELF),
    row(date(2026, 11, 2), ZORG, 2, CALL, reached=True, result=SELF),  # the same household a month later
    row(date(2026, 11, 15), ZORG, 3),
    row(date(2026, 12, 1), WATER, 4, CRISIS),
    row(date(2026, 8, 31), HUUR, 5, reached=True, result=ACCEPTED),  # before the first month
    row(date(2026, 12, 11), HUUR, 6),  # after today
]
VISITS = [VisitRow(date(2026, 10, 2), 3), VisitRow(date(2026, 10, 30), 2), VisitRow(date(2026, 12, 9), 1),
          VisitRow(date(2026, 8, 30), 9)]


def summary(part):
    return (part.signals, part.households, part.reached.count, part.reached.base, part.reached.share,
            part.accepted.count, part.accepted.base, part.accepted.share)


def test_months_from_known_data():
    result = figures(ROWS, VISITS, first=FIRST, today=TODAY, inhabitants=50_000)
    assert [m.start for m in result.months] == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1),
                                                date(2026, 12, 1)]
    assert [m.complete for m in result.months] == [True, True, True, False]
    assert [summary(m.figures) for m in result.months] == [
        (1, 1, 1, 1, 100.0, 1, 1, 100.0),
        (2, 1, 1, 1, 100.0, 0, 1, 0.0),  # two signals of one household
        (2, 2, 1, 2, 50.0, 0, 2, 0.0),  # household 2 counts again in its second month
        (1, 1, 0, 1, 0.0, 0, 1, 0.0),
    ]
    # 1, 2 and 2 signals on 50 000 inhabitants; December is still running, so it gets no rate
    assert [m.per_thousand for m in result.months] == [0.02, 0.04, 0.04, None]
    assert result.whole_months == 3
    assert result.per_thousand_average == 0.03  # 5 signals / 3 months / 50 000 * 1 000 = 0.0333
    assert [m.visits for m in result.months] == [0, 5, 0, 1] and result.visits == 6


def test_totals_count_each_household_once():
    result = figures(ROWS, VISITS, first=FIRST, today=TODAY, inhabitants=50_000)
    assert summary(result.total) == (6, 4, 2, 4, 50.0, 1, 4, 25.0)


def test_per_partner_type_a_household_counts_with_every_type_that_reported_it():
    result = figures(ROWS, [], first=FIRST, today=TODAY, inhabitants=50_000)
    assert [(key, summary(part)) for key, part in result.by_partner_type] == [
        (ENERGIE, (1, 1, 1, 1, 100.0, 0, 1, 0.0)),
        (HUUR, (2, 2, 2, 2, 100.0, 1, 2, 50.0)),
        (WATER, (1, 1, 0, 1, 0.0, 0, 1, 0.0)),
        (ZORG, (2, 2, 1, 2, 50.0, 0, 2, 0.0)),
    ]


def test_per_approach_every_approach_a_zero_too():
    result = figures(ROWS, [], first=FIRST, today=TODAY, inhabitants=50_000)
    assert [(key, summary(part)) for key, part in result.by_approach] == [
        (LETTER, (2, 2, 1, 2, 50.0, 1, 2, 50.0)),
        (CALL, (3, 1, 1, 1, 100.0, 0, 1, 0.0)),
        (CRISIS, (1, 1, 0, 1, 0.0, 0, 1, 0.0)),
    ]
    empty = figures([r for r in ROWS if r.approach != CRISIS], [], first=FIRST, today=TODAY, inhabitants=None)
    assert summary(empty.by_approach[2][1]) == (0, 0, 0, 0, None, 0, 0, None)


def test_without_inhabitants_no_rate():
    result = figures(ROWS, [], first=FIRST, today=TODAY, inhabitants=None)
    assert [m.per_thousand for m in result.months] == [None] * 4
    assert result.per_thousand_average is None
    assert result.total.signals == 6


def test_no_signals_no_share():
    result = figures([], [], first=FIRST, today=TODAY, inhabitants=50_000)
    assert [m.per_thousand for m in result.months] == [0.0, 0.0, 0.0, None]
    assert summary(result.total) == (0, 0, 0, 0, None, 0, 0, None)
    assert result.by_partner_type == []


def test_months_run_over_the_new_year_and_unknown_values_come_last():
    rows = [row(date(2026, 12, 31), "Kinderopvang", 1), row(date(2027, 1, 1), HUUR, 2, "old_approach")]
    result = figures(rows, [], first=date(2026, 11, 30), today=date(2027, 1, 5), inhabitants=1_000)
    assert [(m.start, m.figures.signals, m.per_thousand) for m in result.months] == [
        (date(2026, 11, 1), 0, 0.0), (date(2026, 12, 1), 1, 1.0), (date(2027, 1, 1), 1, None)]
    assert [key for key, _ in result.by_partner_type] == [HUUR, "Kinderopvang"]
    assert [key for key, _ in result.by_approach] == [LETTER, CALL, CRISIS, "old_approach"]


def test_a_month_ending_the_day_before_today_is_whole():
    result = figures([row(date(2026, 11, 30), HUUR, 1)], [], first=date(2026, 11, 1), today=date(2026, 12, 1),
                     inhabitants=2_000)
    assert [(m.complete, m.per_thousand) for m in result.months] == [(True, 0.5), (False, None)]
