"""flask commands: migrate, load municipality data, demo data, staff accounts, the outbox worker."""

from __future__ import annotations

import json
import os
import signal
import threading
import tomllib
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.db import get_session, utcnow
from portal.demo_cases import load_demo_cases
from portal.demo_survey import demo_invitation, load_demo_survey
from portal.domain.referrals import ReferralReason
from portal.messaging import worker
from portal.messaging.notify_transport import NotifySettings, NotifyTransport
from portal.models import StaffRole
from portal.questionnaire.loader import QuestionnaireError
from portal.questionnaire.registry import load_all
from portal.rules import totp
from portal.rules.message_retry import Backoff
from portal.security import public_url
from portal.security_log import security_event
from portal.services import (
    advice,
    aftercare,
    aftercare_checkins,
    ddas_export,
    early_warning_import,
    early_warning_retention,
    household_digests,
    key_rotation,
    outbox,
    referrals,
    retention,
    search_index,
    selftest,
    signup,
    staff,
    staff_auth,
    survey,
)
from portal.services.municipalities import MunicipalityDataError, find_by_slug, load_municipalities
from portal.services.staff import StaffError, create_or_update_staff
from portal.services.staff_sessions import purge_expired as purge_expired_staff_sessions
from portal.services.survey import SURVEY_PATH

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"


@click.command("db-upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply all database migrations."""
    from portal import migrate  # Alembic only for this command: every web worker would import it for nothing

    before = migrate.current_revision(current_app)
    migrate.upgrade(current_app)
    after = migrate.current_revision(current_app)
    if before is None:
        click.echo(f"Database created (migrations up to {after}).")
    elif before != after:
        click.echo(f"Database upgraded from {before} to {after}.")
    else:
        click.echo(f"Database is up to date ({after}).")


@click.command("load-municipalities")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_municipalities_command(path: Path) -> None:
    """Load or update municipalities (postcodes, partners, promises) from a TOML file."""
    try:
        loaded = load_municipalities(get_session(), path)
    except MunicipalityDataError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Loaded {len(loaded)} municipalities: {', '.join(m.name for m in loaded)}")


@click.command("create-staff")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in StaffRole]), required=True)
@click.option("--municipality", "municipality_slug", required=True)
@click.option("--partner", "partner_name", default=None,
              help="a caseworker of this partner organisation of the municipality (its name as in the data file)")
@click.password_option()
def create_staff(email: str, name: str, role: str, municipality_slug: str, password: str,
                 partner_name: str | None) -> None:
    """Create a staff account (or reset its password, role, municipality, partner: that ends its sessions)."""
    try:
        member = create_or_update_staff(get_session(), email=email, name=name, role=StaffRole(role),
                                        municipality_slug=municipality_slug, password=password,
                                        partner_name=partner_name)
    except StaffError as exc:
        raise click.ClickException(str(exc)) from exc
    security_event("staff_account_set", "success", obj=str(member.id))
    click.echo(f"Staff account {email} is ready; sessions opened before this have ended.")
    if not member.totp_confirmed:
        _echo_enrolment_code(staff_auth.issue_enrolment_code(get_session(), member))


def _echo_enrolment_code(code: str) -> None:
    click.echo(f"Enrolment code for setting up the authenticator app (7 days, once): {code}")
    click.echo("Give it in person or by phone, never in the same message as the password.")


@click.command("reset-two-factor")
@with_appcontext
@click.option("--email", required=True)
def reset_two_factor(email: str) -> None:
    """A lost or new phone (or an account from before two-factor sign-in): prints a new enrolment code."""
    reset = staff_auth.reset_two_factor(get_session(), email)
    if reset is None:
        raise click.ClickException(f"No staff account {email}.")
    member, code = reset
    security_event("two_factor_reset", "success", obj=str(member.id))
    click.echo(f"Two-factor sign-in of {email} is reset; the next login sets up the app again.")
    _echo_enrolment_code(code)


def _account_command(name: str, change, done: str, help_text: str):
    """unlock-staff, disable-staff, enable-staff: each ends every session of the account and leaves a log line."""
    @click.command(name, help=help_text)
    @with_appcontext
    @click.option("--email", required=True)
    def command(email: str) -> None:
        member = change(get_session(), email)
        if member is None:
            raise click.ClickException(f"No staff account {email}.")
        security_event(name.removesuffix("-staff"), "success", obj=str(member.id))  # the id, never the address
        click.echo(f"{email}: {done}; its sessions have ended.")

    return command


unlock_staff = _account_command("unlock-staff", staff.unlock, "unlocked, failed logins back to 0",
                                "Lift the lock after too many failed logins (the owner may log in again).")
disable_staff = _account_command("disable-staff", lambda db, email: staff.set_active(db, email, False), "disabled",
                                 "Disable an account: it cannot log in, and its open sessions end.")
enable_staff = _account_command("enable-staff", lambda db, email: staff.set_active(db, email, True), "enabled",
                                "Enable a disabled account again.")


@click.command("demo-code")
@with_appcontext
@click.argument("email")
def demo_code(email: str) -> None:
    """The current sign-in code of a demo account, for trying the portal without an app (never in production)."""
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("Demo codes are refused in production.")
    demo = {member["email"]: member for member in _demo_staff()}
    if email not in demo:
        raise click.ClickException(f"{email} is not a demo account.")
    click.echo(totp.code_at(demo[email]["totp_secret"], totp.time_step(utcnow())))


@click.command("import-signals")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--municipality", "municipality_slug", required=True, help="the municipality's slug, e.g. lansingerland")
def import_signals_command(path: Path, municipality_slug: str) -> None:
    """Import a file of early-warning signals (CSV or DDAS-shaped JSON): all of it, or nothing when it has errors."""
    municipality = find_by_slug(get_session(), municipality_slug)
    if municipality is None:
        raise click.ClickException(f"No municipality '{municipality_slug}'.")
    with path.open("rb") as binary:
        try:
            result = early_warning_import.import_signals(get_session(), municipality, binary)
        except early_warning_import.SignalFileRejected as exc:
            with current_app.test_request_context():  # the texts in the default language (Dutch), as the page shows
                for problem in exc.check.problems:
                    click.echo(early_warning_import.problem_text(problem), err=True)
            if exc.check.more_problems:
                click.echo(f"... and {exc.check.more_problems} more.", err=True)
            raise click.ClickException("Nothing was imported: correct the file and import it again.") from exc
    click.echo(_import_summary(result))


def _import_summary(result: early_warning_import.ImportResult) -> str:
    return (f"{result.new} nieuw, {result.known} al bekend; {result.cases_new} nieuwe huishoudens, "
            f"{result.cases_updated} bestaande bijgewerkt, {result.crisis_cases} crisis, "
            f"{result.not_taken_up} niet opgepakt (drempel of signaalpartner), {result.repeats} herhaalde meldingen, "
            f"{result.aftercare} bij huishoudens in nazorg.")


def _demo_staff() -> list[dict]:
    return tomllib.loads((DEMO_DIR / "staff.toml").read_text(encoding="utf-8"))["staff"]


@click.command("demo-data")
@with_appcontext
def demo_data() -> None:
    """Load demo municipalities and demo staff accounts (never in production)."""
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("Demo data has public passwords: it is refused in production.")
    loaded = load_municipalities(get_session(), DEMO_DIR / "municipalities.toml")
    click.echo(f"Demo municipalities: {', '.join(m.name for m in loaded)}")
    click.echo("Demo staff logins (demo only), e-mail, password and the key for an authenticator app:")
    for member in _demo_staff():
        account = create_or_update_staff(get_session(), email=member["email"], name=member["name"],
                                         role=StaffRole(member["role"]), municipality_slug=member["municipality"],
                                         password=member["password"], partner_name=member.get("partner"))
        staff_auth.use_demo_secret(get_session(), account, member["totp_secret"])
        partner = f", {member['partner']}" if member.get("partner") else ""
        click.echo(f"  {member['email']:<32} {member['password']:<22} {totp.grouped(member['totp_secret'])}"
                   f"  {member['role']} ({member['municipality']}{partner})")
    click.echo("The code after the password: from an app with that key, or: "
               "PORTAL_ENV=development .venv/bin/flask --app wsgi demo-code E-MAIL")
    click.echo(f"Demo cases added: {load_demo_cases(get_session())}")
    click.echo(f"Demo survey answers added: {load_demo_survey(get_session())}")
    token = demo_invitation(get_session())
    if token:
        click.echo(f"A survey link to try (works once): {public_url(SURVEY_PATH + token)}")
    for path in sorted((DEMO_DIR / "signals").glob("*.csv")):  # scripts/make_demo_signals.py writes them
        municipality = find_by_slug(get_session(), path.stem)
        if municipality is not None:
            with path.open("rb") as binary:
                try:
                    result = early_warning_import.import_signals(get_session(), municipality, binary)
                except early_warning_import.SignalFileRejected:  # e.g. a clock before the files' dates
                    click.echo(f"Demo early-warning signals, {municipality.name}: not imported (the file was refused; "
                               f"scripts/make_demo_signals.py --end YYYY-MM-DD writes one for today)")
                    continue
            click.echo(f"Demo early-warning signals, {municipality.name}: {_import_summary(result)}")


@click.command("check-questionnaires")
@with_appcontext
def check_questionnaires() -> None:
    """Validate every questionnaire file and its translations; exits non-zero naming the file and place."""
    try:
        loaded = load_all(Path(current_app.config["QUESTIONNAIRE_DIR"]), current_app.config["SUPPORTED_LOCALES"],
                          current_app.config["BABEL_DEFAULT_LOCALE"])
    except QuestionnaireError as exc:
        raise click.ClickException(str(exc)) from exc
    for questionnaire in loaded.values():
        click.echo(f"{questionnaire.id} v{questionnaire.version}: {len(questionnaire.questions)} questions, OK")


@click.command("aftercare-housekeeping")
@with_appcontext
def aftercare_housekeeping() -> None:
    """End after-care that is over by itself: its last contact moment done, or four weeks past it with nothing
    (portal/rules/aftercare.py). Daily from cron; the after-care queue shows these as ended meanwhile."""
    click.echo(f"Ended {aftercare.housekeeping(get_session())} after-care trajectories.")


@click.command("purge-expired")
@with_appcontext
def purge_expired() -> None:
    """Delete what is no longer needed: drafts, outbox, old questions, closed cases past retention (cron, daily)."""
    click.echo(f"Deleted {selftest.purge_expired(get_session())} expired money-check drafts.")
    click.echo(f"Deleted {signup.purge_expired_drafts(get_session())} expired sign-up drafts.")
    deleted, emptied = outbox.purge(get_session())
    click.echo(f"Deleted {deleted} resume-link messages and emptied {emptied} case messages older than a week.")
    click.echo(f"Deleted {advice.purge_expired(get_session())} anonymous questions past their 60 days.")
    click.echo(f"Deleted {retention.purge_closed_cases(get_session())} closed cases past their retention period.")
    click.echo(f"Deleted {purge_expired_staff_sessions(get_session())} ended staff sessions.")
    click.echo(f"Deleted {survey.purge_expired(get_session())} unused survey invitations past their end.")
    purged = early_warning_retention.purge(get_session())
    click.echo(f"Deleted {purged.cases} early-warning cases without help accepted past their retention term, with "
               f"{purged.signals} signals, {purged.contact_attempts} contact attempts and {purged.messages} outreach "
               f"messages.")


def _write_private(path: Path, text: str) -> None:
    """Readable by the owner alone: the file holds BSNs or addresses."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


@click.command("export-ddas")
@with_appcontext
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="first day, YYYY-MM-DD")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="last day, YYYY-MM-DD")
@click.option("--municipality", "slug", required=True, help="the municipality's slug, e.g. groningen")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write the JSON here (only the owner may read it); without it, to standard output")
@click.option("--supplier-code", default=ddas_export.ddas.DEFAULT_SUPPLIER_CODE, show_default=True,
              help="DDAS codeGegevensleverancier: the code CBS knows the supplier of the data by")
def export_ddas(start, end, slug: str, output: Path | None, supplier_code: str) -> None:
    """The early-warning report to CBS: VNG's DDAS v1.2 JSON for one municipality and period (audit-logged)."""
    first, last = start.date(), end.date()
    if last < first:
        raise click.ClickException("--to is before --from.")
    try:
        result = ddas_export.export(get_session(), slug, start=first, end=last, supplier_code=supplier_code)
    except ddas_export.ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    text = json.dumps(result.document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        click.echo(result.summary(first, last), err=True)
        return
    _write_private(output, text)
    click.echo(f"Wrote {output}. {result.summary(first, last)}")


@click.command("rotate-encryption-key")
@with_appcontext
def rotate_encryption_key() -> None:
    """Re-encrypt personal fields under the first key of DATA_ENCRYPTION_KEYS; then the other keys can go."""
    for table, count in key_rotation.rotate_all(get_session()).items():
        click.echo(f"{table}: {count} rows re-encrypted.")
    click.echo("Done. Keys after the first in DATA_ENCRYPTION_KEYS are no longer needed for stored data.")
    _rebuild_search_index()


@click.command("rebuild-search-index")
@with_appcontext
def rebuild_search_index() -> None:
    """Write every case's search index under the first key of BLIND_INDEX_KEYS (after a new key, or a repair)."""
    _rebuild_search_index()


def _rebuild_search_index() -> None:
    count = search_index.rebuild(get_session())
    households = household_digests.rewrite(get_session())
    in_aftercare = household_digests.rewrite_aftercare(get_session())
    click.echo(f"Search index: {count} cases indexed again and {households} early-warning households written again "
               f"({in_aftercare} in after-care) under the first key of BLIND_INDEX_KEYS; the keys after it are no "
               "longer needed.")


@click.command("referral-token")
@with_appcontext
@click.option("--code", required=True, help="the referral link code, e.g. groningen-bank or bank-landelijk")
@click.option("--reason", default=None, type=click.Choice([r.value for r in ReferralReason]),
              help="the arrear that set it off, when it is not the link's own")
@click.option("--municipality", default=None,
              help="only a check: the link's own municipality (a link decides its municipality)")
def referral_token(code: str, reason: str | None, municipality: str | None) -> None:
    """Print a signed referral URL path for a partner (no personal data in it)."""
    link = referrals.find_link(get_session(), code)
    if link is None:
        raise click.ClickException(f"No referral link with code '{code}'.")
    own = link.municipality.slug if link.municipality else None
    if municipality and municipality != own:
        where = f"belongs to {own}" if own else "is national: the resident is asked for a postcode"
        raise click.ClickException(f"Referral link '{code}' {where}; use a link of '{municipality}' itself "
                                   f"(see the referral section of the README).")
    token = referrals.make_token(current_app.config["SECRET_KEY"], code=code, reason=reason)
    click.echo(f"/via/t/{token}")


@click.command("send-messages")
@with_appcontext
@click.option("--once", is_flag=True, help="send what is due now, then stop (default: keep running)")
@click.option("--batch", default=worker.BATCH, show_default=True, type=click.IntRange(1, 500),
              help="messages claimed per round")
@click.option("--idle-seconds", default=2.0, show_default=True, type=click.FloatRange(0.05, 600),
              help="wait this long when nothing is due")
@click.option("--first-retry-seconds", default=Backoff().first.total_seconds(), show_default=True,
              type=click.FloatRange(0.01, 3600),
              help="wait after a first temporary failure, doubled after each further one; lower it only to try "
                   "retries quickly (scripts/bench_messages.py), never in production")
def send_messages(once: bool, batch: int, idle_seconds: float, first_retry_seconds: float) -> None:
    """Send queued sms and e-mail through Notify; run one or more of these beside the web server (README)."""
    if current_app.config["NOTIFIER"] != "notify":
        raise click.ClickException(f"NOTIFIER is {current_app.config['NOTIFIER']!r}: this deployment sends nothing "
                                   "and messages stay in the outbox. Set NOTIFIER=notify (README, 'Messages').")
    sender = worker.Worker(current_app.extensions["db_sessionmaker"],
                           NotifyTransport(NotifySettings.from_config(current_app.config)), batch=batch,
                           backoff=Backoff(first=timedelta(seconds=first_retry_seconds)))
    if once:
        click.echo(f"send-messages: {sender.drain()}.")
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # systemd's stop: finish the batch in hand
    current_app.logger.info("send-messages: started (batch %s)", batch)
    try:
        sender.run_forever(stop, idle_seconds)
    except KeyboardInterrupt:
        pass
    current_app.logger.info("send-messages: stopped")


@click.command("send-aftercare-checkins")
@with_appcontext
def send_aftercare_checkins() -> None:
    """Queue the after-care check-in of every contact moment that came today (cron, daily; send-messages sends)."""
    click.echo(aftercare_checkins.send_due_checkins(get_session()).summary())


def init_app(app: Flask) -> None:
    for command in (send_messages, db_upgrade, load_municipalities_command, create_staff, demo_data,
                    check_questionnaires, purge_expired, referral_token, export_ddas, rotate_encryption_key,
                    rebuild_search_index, reset_two_factor, demo_code, unlock_staff, disable_staff, enable_staff,
                    import_signals_command, aftercare_housekeeping, send_aftercare_checkins):
        app.cli.add_command(command)
