from datetime import date

from portal.rules.monitoring import CaseRow, SelfTestRow, figures

MONDAY = date(2026, 11, 16)


def case(signed_up, due, legal, contact=None, crisis=False, source=None, group="none", reason=None):
    return CaseRow(signed_up=signed_up, source=source, group=group, crisis=crisis, first_contact_due=due,
                   legal_deadline=legal, first_contact=contact, closed_reason=reason)


def test_figures_from_known_data():
    rows = [
        case(date(2026, 11, 16), date(2026, 11, 30), date(2026, 12, 14), contact=date(2026, 11, 18), crisis=True,
             source="bank"),
        case(date(2026, 11, 17), date(2026, 12, 1), date(2026, 12, 15), contact=date(2026, 12, 3), group="youth",
             reason="helped"),
        case(date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 22), contact=date(2026, 12, 30)),
        case(date(2026, 11, 10), date(2026, 11, 20), date(2026, 12, 8)),  # before the first week: not counted
        case(date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 30)),  # open and overdue on "today"
    ]
    tests = [SelfTestRow(date(2026, 11, 16), "bank", "none", "volunteer", False, 3),
             SelfTestRow(date(2026, 11, 20), "", "youth", "crisis", True, 1)]
    result = figures(rows, tests, first_week=MONDAY, last_week=date(2026, 11, 27), today=date(2026, 11, 27))
    assert [w.signups for w in result.weeks] == [2, 2]
    assert [w.signups_crisis for w in result.weeks] == [1, 0]
    assert result.weeks[0].selftests == 4 and result.weeks[0].selftests_crisis == 1
    assert result.weeks[0].selftests_by_route == {"volunteer": 3, "crisis": 1}
    assert result.weeks[0].signups_by_group == {"none": 1, "youth": 1}
    assert result.contacted == 3
    assert result.within_promise == 1  # only the first; the second was 2 days late, the third far too late
    assert result.within_legal == 2
    assert result.overdue_open == 1
    assert result.median_days_to_first_contact == 16  # 2, 16 and 36 days
    assert result.closing_reasons == {"helped": 1}
    assert result.share(result.within_promise) == 25.0  # 1 of 3 contacted + 1 overdue
