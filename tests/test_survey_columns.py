"""The survey's two tables hold nothing that leads back to a case or a resident: only municipality, month, channel,
route, the answers, and (for the invitation) its token's hash, language and end. A new column must be added here on
purpose, after asking whether it could point at someone."""

from __future__ import annotations

from sqlalchemy import Date, DateTime, inspect

from portal.models import Klantervaring, Klantervaringsuitnodiging

ALLOWED = {
    "survey_answer": {"id", "municipality_id", "month", "channel", "route", "reachable", "heard", "next_steps_clear",
                      "waiting", "mark", "remark"},
    "survey_invitation": {"id", "token_hash", "municipality_id", "month", "channel", "route", "language",
                          "expires_at"},
}


def test_the_survey_tables_have_exactly_the_allowed_columns(app, db_session):
    """The migrated database itself, not only the models: a migration that added a case id would fail here."""
    database = inspect(db_session.get_bind())
    for table, allowed in ALLOWED.items():
        assert {column["name"] for column in database.get_columns(table)} == allowed, table


def test_no_column_references_a_case_or_a_resident(app, db_session):
    for model in (Klantervaring, Klantervaringsuitnodiging):
        targets = {key.column.table.name for column in model.__table__.columns for key in column.foreign_keys}
        assert targets == {"municipality"}, model.__tablename__
    database = inspect(db_session.get_bind())
    for table in ALLOWED:
        assert {fk["referred_table"] for fk in database.get_foreign_keys(table)} == {"municipality"}, table


def is_time(column) -> bool:
    kind = column.type
    return isinstance(kind, (DateTime, Date)) or isinstance(getattr(kind, "impl", None), (DateTime, Date))


def test_the_answer_holds_no_time_more_precise_than_its_month(app):
    assert [column.name for column in Klantervaring.__table__.columns if is_time(column)] == []
    assert Klantervaring.__table__.c.month.type.length == 7  # "2026-12"
    # The invitation's end is a time, but answering deletes the invitation (services/survey.py).
    assert [column.name for column in Klantervaringsuitnodiging.__table__.columns if is_time(column)] == ["expires_at"]
