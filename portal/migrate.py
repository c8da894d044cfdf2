"""Alembic, driven from the app's own DATABASE_URL (no second place to configure it)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from flask import Flask

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(app: Flask) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", app.config["DATABASE_URL"].replace("%", "%%"))
    return config


def upgrade(app: Flask, revision: str = "head") -> None:
    command.upgrade(alembic_config(app), revision)


def current_revision(app: Flask) -> str | None:
    """The revision the database is at; None for a database without the portal's tables (a new one)."""
    with app.extensions["db_engine"].connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
