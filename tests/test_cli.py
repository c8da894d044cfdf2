"""The administrator's account commands (portal/cli.py): each ends the account's sessions and leaves a log line."""

import json
import logging

import pytest
from alembic.command import downgrade
from alembic.script import ScriptDirectory
from sqlalchemy import select

from portal.db import utcnow
from portal.migrate import alembic_config
from portal.models import StaffMember, StaffSession
from portal.services.staff_auth import HARD_LOCK_AFTER
from tests.conftest import make_test_app
from tests.staff_fixtures import ACCOUNTS, log_in

EMAIL = ACCOUNTS["regisseur"][0]


def _run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _security_lines(caplog):
    return [json.loads(r.getMessage().split("security ", 1)[1]) for r in caplog.records
            if r.getMessage().startswith("security ")]


@pytest.mark.parametrize("command", ["unlock-staff", "disable-staff", "enable-staff"])
def test_account_commands_end_sessions_and_log_the_account_id_only(app, client, staff, db_session, caplog, command):
    """Finding 12.2/12.4: the administrator's commands end every session of the account and are security-logged
    without a request, by account id and never by e-mail address."""
    log_in(client, "regisseur")
    caplog.set_level(logging.WARNING)
    result = _run(app, command, "--email", EMAIL)
    assert result.exit_code == 0, result.output
    assert db_session.scalars(select(StaffSession)).all() == []
    assert client.get("/werkplek/").status_code == 302
    line = _security_lines(caplog)[-1]
    assert (line["action"], line["result"], line["object"]) == (command.removesuffix("-staff"), "success",
                                                                 str(staff["regisseur"].id))
    assert line["origin"] == f"cli {command}"
    assert "lansingerland.test" not in caplog.text


def test_unlock_staff_lifts_the_lock_after_a_hundred_failures(app, client, staff, db_session):
    """Finding 12.2: only the administrator lifts the hard lock; the owner can log in again at once."""
    member = db_session.get(StaffMember, staff["regisseur"].id)
    member.failed_logins, member.locked_at = HARD_LOCK_AFTER, utcnow()
    db_session.commit()
    assert log_in(client, "regisseur").status_code == 200, "locked: the login page again"
    assert _run(app, "unlock-staff", "--email", EMAIL).exit_code == 0
    assert log_in(client, "regisseur").headers["Location"] == "/werkplek/"


def test_disable_then_enable(app, client, staff):
    assert _run(app, "disable-staff", "--email", EMAIL).exit_code == 0
    assert log_in(client, "regisseur").status_code == 200, "disabled: the login page again"
    assert _run(app, "enable-staff", "--email", EMAIL).exit_code == 0
    assert log_in(client, "regisseur").headers["Location"] == "/werkplek/"


@pytest.mark.parametrize("command", ["unlock-staff", "disable-staff", "enable-staff"])
def test_account_commands_say_when_there_is_no_such_account(app, municipalities, command):
    result = _run(app, command, "--email", "niemand@lansingerland.test")
    assert result.exit_code != 0 and "No staff account" in result.output


def test_db_upgrade_says_whether_it_created_upgraded_or_left_the_database(migration_database_url, tmp_path):
    """scripts/serve's first run creates the database: "up to date" would tell the developer nothing happened."""
    app = make_test_app(migration_database_url, tmp_path)
    config = alembic_config(app)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert _run(app, "db-upgrade").output == f"Database created (migrations up to {head}).\n"
    assert _run(app, "db-upgrade").output == f"Database is up to date ({head}).\n"
    downgrade(config, "-1")
    below = ScriptDirectory.from_config(config).get_revision(head).down_revision
    assert _run(app, "db-upgrade").output == f"Database upgraded from {below} to {head}.\n"
    app.extensions["db_engine"].dispose()
