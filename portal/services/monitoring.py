"""Load one municipality's rows for the monitoring figures, and write them as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Aanmelding, SelfTestCount, StaffMember
from portal.rules.deadlines import local_date
from portal.rules.monitoring import CaseRow, Figures, SelfTestRow, figures, week_start


def municipality_figures(session: Session, member: StaffMember, *, weeks: int, today: date) -> Figures:
    first = week_start(today) - timedelta(weeks=weeks - 1)
    case_rows = [
        CaseRow(signed_up=local_date(a.submitted_at), source=a.source, group=a.group, crisis=a.crisis,
                first_contact_due=a.first_contact_due, legal_deadline=a.legal_deadline,
                first_contact=local_date(a.first_contact_at) if a.first_contact_at else None,
                closed_reason=a.closed_reason)
        for a in session.scalars(select(Aanmelding).where(Aanmelding.municipality_id == member.municipality_id,
                                                          Aanmelding.first_contact_due >= first))
    ]
    selftest_rows = [
        SelfTestRow(day=c.day, source=c.source, group=c.group, route=c.route, crisis=c.crisis, count=c.count)
        for c in session.scalars(select(SelfTestCount).where(SelfTestCount.municipality == member.municipality.slug,
                                                             SelfTestCount.day >= first))
    ]
    return figures(case_rows, selftest_rows, first_week=first, last_week=today, today=today)


def as_csv(result: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["week", "signups", "signups_crisis", "selftests", "selftests_crisis", "selftest_routes",
                     "signup_sources", "signup_groups"])
    for week in result.weeks:
        writer.writerow([week.start.isoformat(), week.signups, week.signups_crisis, week.selftests,
                         week.selftests_crisis, _pairs(week.selftests_by_route), _pairs(week.signups_by_source),
                         _pairs(week.signups_by_group)])
    writer.writerow([])
    writer.writerow(["first_contacts", result.contacted, "within_promise", result.within_promise,
                     "within_legal", result.within_legal, "overdue_open", result.overdue_open,
                     "median_days", result.median_days_to_first_contact])
    for reason, count in sorted(result.closing_reasons.items()):
        writer.writerow(["closed", reason, count])
    return out.getvalue()


def _pairs(counter) -> str:
    return ";".join(f"{key}={value}" for key, value in sorted(counter.items()))
