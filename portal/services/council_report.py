"""The council report (rules/council_report.py) of the member's municipality: load the rows of one period, counts
only, and write it as one tidy CSV table. Every look and download is audit-logged with the period.

No personal field is read: of a case its dates, channel, group, topics and close reason; of a handover its partner,
day and state; of after-care its dates and two yes/no facts; of a survey answer its month, channel, route and closed
answers (never the remark).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from flask_babel import gettext
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from portal.domain.aftercare import NazorgEnd
from portal.domain.casework import CloseReason
from portal.domain.groups import ResidentGroup
from portal.domain.handover import OverdrachtState
from portal.domain.signup_channels import SignupChannel
from portal.domain.topics import Topic
from portal.labels import label
from portal.models import (
    Aanmelding,
    Klantervaring,
    Nazorgmoment,
    Nazorgtraject,
    Overdracht,
    Partner,
    StaffMember,
    Vroegsignaalzaak,
)
from portal.rules.council_report import AftercareRow, CouncilReport, HandoverRow, Period, council_report
from portal.rules.csv_safety import safe_csv
from portal.rules.deadlines import AMSTERDAM, local_date
from portal.rules.survey_figures import AnswerRow
from portal.services import audit, early_warning_monitoring
from portal.services.monitoring import case_row, link_channels_of

CSV_HEADER = ["section", "measure", "key", "label", "value"]


def _moment(day: date) -> datetime:
    """The start of a local day, as a stored moment."""
    return datetime.combine(day, time(0), AMSTERDAM)


def _cases(session: Session, member: StaffMember, period: Period):
    start, end = _moment(period.first), _moment(period.last + timedelta(days=1))
    link_channels = link_channels_of(session, member.municipality_id)
    statement = select(Aanmelding).where(
        Aanmelding.municipality_id == member.municipality_id,
        or_(Aanmelding.submitted_at.between(start, end), Aanmelding.closed_at.between(start, end)))
    return [case_row(a, link_channels) for a in session.scalars(statement)]


def _handovers(session: Session, member: StaffMember, period: Period) -> list[HandoverRow]:
    statement = (select(Partner.name, Overdracht.handed_over_at, Overdracht.state)
                 .join(Partner, Partner.id == Overdracht.partner_id)
                 .where(Overdracht.municipality_id == member.municipality_id,
                        Overdracht.handed_over_at >= _moment(period.first),
                        Overdracht.handed_over_at < _moment(period.last + timedelta(days=1))))
    return [HandoverRow(partner=name, handed_over_on=local_date(at), accepted=state == OverdrachtState.ACCEPTED)
            for name, at, state in session.execute(statement)]


def _aftercare(session: Session, member: StaffMember, period: Period) -> list[AftercareRow]:
    signal = exists().where(Vroegsignaalzaak.nazorg_id == Nazorgtraject.id)
    bills = exists().where(Nazorgmoment.traject_id == Nazorgtraject.id, Nazorgmoment.new_bills.is_(True))
    statement = (select(Nazorgtraject.started_on, Nazorgtraject.ended_on, Nazorgtraject.end_reason,
                        signal.label("new_signal"), bills.label("new_bills"))
                 .where(Nazorgtraject.municipality_id == member.municipality_id,
                        or_(Nazorgtraject.started_on.between(period.first, period.last),
                            Nazorgtraject.ended_on.between(period.first, period.last))))
    return [AftercareRow(started_on=r.started_on, ended_on=r.ended_on, end_reason=r.end_reason,
                         new_signal=bool(r.new_signal), new_bills=bool(r.new_bills))
            for r in session.execute(statement)]


def _answers(session: Session, member: StaffMember, period: Period) -> list[AnswerRow]:
    statement = select(Klantervaring.month, Klantervaring.channel, Klantervaring.route, Klantervaring.reachable,
                       Klantervaring.heard, Klantervaring.next_steps_clear, Klantervaring.waiting,
                       Klantervaring.mark).where(Klantervaring.municipality_id == member.municipality_id,
                                                 Klantervaring.month.in_(period.months))
    return [AnswerRow(*row) for row in session.execute(statement)]


def report(session: Session, member: StaffMember, period: Period, *, today: date) -> CouncilReport:
    """The figures of the member's municipality alone; not logged (view and download do that)."""
    return council_report(
        period, cases=_cases(session, member, period),
        partners=[partner.name for partner in member.municipality.partners],
        handovers=_handovers(session, member, period),
        signals=early_warning_monitoring.signal_rows(session, member.municipality, first=period.first,
                                                     last=period.last),
        aftercare_rows=_aftercare(session, member, period), answers=_answers(session, member, period),
        today=today)


def view(session: Session, member: StaffMember, period: Period, *, today: date) -> CouncilReport:
    result = report(session, member, period, today=today)
    audit.record(session, member, "view_council_report", detail=f"period {period.code}")
    return result


def download(session: Session, member: StaffMember, period: Period, *, today: date, kind: str) -> CouncilReport:
    """`kind` "csv" or "pdf", for the log."""
    result = report(session, member, period, today=today)
    audit.record(session, member, "download_council_report", detail=f"{kind}, period {period.code}")
    return result


def _counts(section: str, rows: list[tuple[str, int]], enum_class) -> Iterable[list]:
    for key, count in rows:
        yield [section, "count", key, label(key, enum_class), count]


def _share(section: str, measure: str, share) -> Iterable[list]:
    yield [section, measure, "count", "", share.count]
    yield [section, measure, "base", "", share.base]
    yield [section, measure, "percent", "", share.share]


def rows(result: CouncilReport) -> Iterable[list]:
    """One long table: a row per figure (section, measure, key, label, value), the header first."""
    yield CSV_HEADER
    yield ["period", "period", result.period.code, "", result.period.code]
    yield ["signups", "total", "", "", result.signups]
    yield from _counts("signups_by_channel", result.by_channel, SignupChannel)
    yield from _counts("signups_by_topic", result.by_topic, Topic)
    yield from _counts("signups_by_group", result.by_group, ResidentGroup)
    for name, figure in (("promise", result.promise), ("legal", result.legal)):
        for measure in ("in_time", "late", "pending", "base", "share"):
            yield ["first_contact", measure, name, "", getattr(figure, measure)]
    yield ["closed", "total", "", "", result.closed]
    yield from _counts("results", result.results, CloseReason)
    yield from _share("drop_out", "drop_out", result.drop_out)
    for part in result.help_per_partner:
        yield ["help_per_partner", "handed_over", part.partner, part.partner, part.handed_over]
        yield ["help_per_partner", "accepted", part.partner, part.partner, part.accepted]
    reach = result.early_warning
    yield ["early_warning", "signals", "", "", reach.signals]
    yield ["early_warning", "households", "", "", reach.households]
    yield from _share("early_warning", "reached", reach.reached)
    yield from _share("early_warning", "accepted_help", reach.accepted)
    care = result.aftercare
    yield ["aftercare", "started", "", "", care.started]
    yield ["aftercare", "ended", "", "", care.ended]
    for key, count in care.ended_by_reason:
        yield ["aftercare", "ended_by_reason", key, label(key, NazorgEnd) if key else "", count]
    yield from _share("aftercare", "relapse", care.relapse)
    yield ["aftercare", "still_watching", "", "", care.watching]
    for quarter, figure in result.marks:
        yield ["client_marks", "answers", quarter, "", figure.n]
        yield ["client_marks", "mean_mark", quarter,
               gettext("te weinig antwoorden") if figure.suppressed else "", figure.mean_mark]


def as_csv(result: CouncilReport) -> str:
    header, *body = rows(result)
    return safe_csv(header, body)
