"""Load one municipality's rows for the monitoring figures, and write them as CSV: one tidy table per file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.domain.casework import CloseReason
from portal.domain.early_warning import Approach, SignaalpartnerType
from portal.domain.groups import ResidentGroup
from portal.domain.labelled import N_
from portal.domain.routes import Route
from portal.domain.signup_channels import SignupChannel
from portal.labels import label
from portal.models import Aanmelding, SelfTestCount, StaffMember
from portal.rules.csv_safety import safe_csv
from portal.rules.deadlines import local_date
from portal.rules.early_warning_monitoring import EarlyWarningFigures
from portal.rules.monitoring import CaseRow, Figures, SelfTestRow, figures, week_start
from portal.rules.signup_channel import signup_channel
from portal.services import audit, early_warning_monitoring, survey_monitoring
from portal.services.source_labels import referral_links, source_labels
from portal.services.survey_monitoring import ExperienceFigures


@dataclass
class Report:
    figures: Figures
    source_labels: dict[str, str]  # referral link code -> the partner's name
    early_warning: EarlyWarningFigures  # by calendar month, from the month holding the first week
    # The client experience survey, by quarter (the current one and three before): a longer span than the weeks,
    # since answers come in slowly and a group needs MIN_GROUP_SIZE of them to be shown.
    experiences: ExperienceFigures | None = None

    def source_label(self, code: str) -> str:
        """The partner's name; a code no link has (any more) as stored; no source at all as such."""
        return self.source_labels.get(code, code) if code else gettext("Zonder verwijzing")


def case_row(aanmelding: Aanmelding, link_channels: dict[str, str]) -> CaseRow:
    """One case as the figures read it: local days, its channel, no personal field. `link_channels`: referral link
    code -> the link's channel (services/source_labels.referral_links)."""
    a = aanmelding
    return CaseRow(signed_up=local_date(a.submitted_at), source=a.source, group=a.group, crisis=a.crisis,
                   first_contact_due=a.first_contact_due, legal_deadline=a.legal_deadline,
                   first_contact=local_date(a.first_contact_at) if a.first_contact_at else None,
                   closed_reason=a.closed_reason,
                   channel=signup_channel(filled_in=a.filled_in, source=a.source,
                                          link_channel=link_channels.get(a.source or "")),
                   topics=tuple(a.topics or ()), closed_on=local_date(a.closed_at) if a.closed_at else None)


def link_channels_of(session: Session, municipality_id: int) -> dict[str, str]:
    return {link.code: link.channel for link in referral_links(session, municipality_id)}


def report(session: Session, member: StaffMember, *, weeks: int, today: date) -> Report:
    first = week_start(today) - timedelta(weeks=weeks - 1)
    link_channels = link_channels_of(session, member.municipality_id)
    case_rows = [
        case_row(a, link_channels)
        for a in session.scalars(select(Aanmelding).where(Aanmelding.municipality_id == member.municipality_id,
                                                          Aanmelding.first_contact_due >= first))
    ]
    selftest_rows = [
        SelfTestRow(day=c.day, source=c.source, group=c.group, route=c.route, crisis=c.crisis, count=c.count)
        for c in session.scalars(select(SelfTestCount).where(SelfTestCount.municipality == member.municipality.slug,
                                                             SelfTestCount.day >= first))
    ]
    return Report(figures(case_rows, selftest_rows, first_week=first, last_week=today, today=today),
                  source_labels(session, member.municipality_id),
                  early_warning_monitoring.early_warning_figures(session, member.municipality, first=first,
                                                                 today=today),
                  survey_monitoring.experience_figures(session, member.municipality_id, today=today))


def group_label(code: str) -> str:
    """A money check's group may be several at once ("entrepreneur+youth")."""
    return " + ".join(label(part, ResidentGroup) for part in code.split("+"))


def _weeks(result: Report) -> Iterable[list]:
    yield ["week", "measure", "value"]
    for week in result.figures.weeks:
        for measure in ("signups", "signups_crisis", "selftests", "selftests_crisis"):
            yield [week.start, measure, getattr(week, measure)]


def _deadlines(result: Report) -> Iterable[list]:
    yield ["deadline", "in_time", "late", "not_yet_due", "base", "percent_in_time"]
    for name, figure in (("promise", result.figures.promise), ("legal", result.figures.legal)):
        yield [name, figure.in_time, figure.late, figure.pending, figure.base, figure.share]


def _per_week(attribute: str, key_column: str, label_of: Callable[[Report, str], str]):
    def rows(result: Report) -> Iterable[list]:
        yield ["week", key_column, "label", "count"]
        for week in result.figures.weeks:
            for key, count in sorted(getattr(week, attribute).items()):
                yield [week.start, key, label_of(result, key), count]
    return rows


def _reasons(result: Report) -> Iterable[list]:
    yield ["reason", "label", "count"]
    for reason, count in sorted(result.figures.closing_reasons.items()):
        yield [reason, label(reason, CloseReason), count]


def _early_warning(rows_of: Callable[[EarlyWarningFigures], Iterable[list]]) -> Callable[[Report], Iterable[list]]:
    return lambda result: rows_of(result.early_warning)


# The tables one can download, by the name in `?tabel=`, with their title on the page; each is one table with one
# header row, in long format (one row per week and value).
TABLES: dict[str, tuple[str, Callable[[Report], Iterable[list]]]] = {
    "weken": (N_("Aantallen per week"), _weeks),
    "termijnen": (N_("Eerste contact op tijd"), _deadlines),
    "kanalen": (N_("Aanmeldingen per kanaal"),
                _per_week("signups_by_channel", "channel", lambda _, code: label(code, SignupChannel))),
    "groepen": (N_("Aanmeldingen per groep"),
                _per_week("signups_by_group", "group", lambda _, code: group_label(code))),
    "bronnen": (N_("Aanmeldingen per bron"), _per_week("signups_by_source", "source", Report.source_label)),
    "redenen": (N_("Redenen van afsluiten"), _reasons),
    "geldcheck-uitkomsten": (N_("Geldchecks per uitkomst"),
                             _per_week("selftests_by_route", "route", lambda _, code: label(code, Route))),
    "geldcheck-groepen": (N_("Geldchecks per groep"),
                          _per_week("selftests_by_group", "group", lambda _, code: group_label(code))),
    "geldcheck-bronnen": (N_("Geldchecks per bron"), _per_week("selftests_by_source", "source", Report.source_label)),
    "vroegsignalering-maanden": (N_("Vroegsignalering per maand"), _early_warning(early_warning_monitoring.month_rows)),
    "vroegsignalering-signaalpartners": (
        N_("Vroegsignalering per soort signaalpartner"),
        _early_warning(early_warning_monitoring.part_rows("by_partner_type", "partner_type", SignaalpartnerType))),
    "vroegsignalering-aanpak": (
        N_("Vroegsignalering per aanpak"),
        _early_warning(early_warning_monitoring.part_rows("by_approach", "approach", Approach))),
    "ervaringen": (N_("Ervaringen van inwoners per kwartaal"),
                   lambda result: survey_monitoring.csv_rows(result.experiences)),
}


def as_csv(rows: Iterable[list]) -> str:
    """The first row is the header; the file is written as the queue export is (rules/csv_safety.safe_csv)."""
    header, *body = rows
    return safe_csv(header, body)


def export_table(session: Session, member: StaffMember, table: str, *, weeks: int, today: date) -> str:
    """One table as CSV; the download is audit-logged. `table` must be one of TABLES."""
    result = report(session, member, weeks=weeks, today=today)
    text = as_csv(TABLES[table][1](result))
    audit.record(session, member, "download_monitoring", detail=f"table {table}, {weeks} weeks to {today.isoformat()}")
    return text
