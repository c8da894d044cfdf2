"""Personal fields are encrypted at rest: what a stolen dump shows, key rotation, and the upgrade of existing rows."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal import encryption
from portal.config import ConfigError
from portal.db import utcnow
from portal.migrate import upgrade
from portal.models import Aanmelding, AanmeldingDraft, AdviceQuestion, CaseEvent, OutboxMessage
from portal.services import advice
from portal.services.cases import add_note
from tests.conftest import TEST_ENCRYPTION_KEY, _drop_everything, make_test_app, page, raw_dump
from tests.resident.signup_helpers import fill_steps, submit
from tests.staff_fixtures import log_in

SECRETS = ("Samira", "612345678", "samira@example.org", "Dorpsstraat 12", "verhuurder dreigt", "schulden bij oom",
           "belt liever na drie")


@pytest.fixture
def restore_key_ring():
    yield
    encryption.configure([TEST_ENCRYPTION_KEY])


def test_a_stolen_dump_reveals_no_resident(client, staff, municipalities, db_session):
    contact = {"call_name": "Samira", "email": "samira@example.org", "channels": ["phone", "email"],
               "postal_address": "Dorpsstraat 12, Bleiswijk"}
    fill_steps(client, {"situatie": {"own_words": "Mijn verhuurder dreigt met ontruiming."}, "contact": contact})
    client.get("/aanmelden/controleren")
    submit(client)
    case = db_session.scalars(sa.select(Aanmelding)).one()
    add_note(db_session, staff["regisseur"], case.id, "Heeft schulden bij oom.")
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Ik belt liever na drie uur.",
               topic=None, group="none", callback_phone="+31612345678")

    dump = raw_dump(db_session)
    for secret in SECRETS:
        assert secret not in dump
    # Those who may see it still do: the coordinator's case page shows the name, phone and own words.
    log_in(client, "regisseur")
    shown = page(client.get(f"/werkplek/zaak/{case.id}")).get_text()
    assert "Samira" in shown and ("06 12345678" in shown or "+31612345678" in shown)
    assert "Mijn verhuurder dreigt met ontruiming." in shown


def test_drafts_and_sent_messages_are_encrypted_too(client, municipalities, db_session):
    fill_steps(client, {"contact": {"call_name": "Samira", "email": "samira@example.org",
                                    "channels": ["email"], "phone": ""}}, stop_before="bereikbaarheid")
    assert db_session.scalars(sa.select(AanmeldingDraft)).one().answers["contact"]["data"]["call_name"] == "Samira"
    db_session.add(OutboxMessage(channel="email", recipient="samira@example.org", body="Uw link"))
    db_session.commit()
    dump = raw_dump(db_session)
    assert "Samira" not in dump and "samira@example.org" not in dump


def test_rotation_moves_every_row_to_the_new_key(app, make_case, staff, db_session, tmp_path, restore_key_ring):
    case_id = make_case(call_name="Oude Sleutel", phone="+31612345678").id
    add_note(db_session, staff["regisseur"], case_id, "Notitie onder de oude sleutel.")
    new_key = encryption.new_key()

    both = make_test_app(app.config["DATABASE_URL"], tmp_path, DATA_ENCRYPTION_KEYS=f"{new_key},{TEST_ENCRYPTION_KEY}")
    result = both.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    assert "aanmelding: 1 rows re-encrypted." in result.output and "Oude Sleutel" not in result.output

    encryption.configure([new_key])  # the old key is gone now
    with both.extensions["db_sessionmaker"]() as session:
        assert session.get(Aanmelding, case_id).call_name == "Oude Sleutel"
        assert session.scalars(sa.select(CaseEvent.text)).one() == "Notitie onder de oude sleutel."
    encryption.configure([TEST_ENCRYPTION_KEY])
    with both.extensions["db_sessionmaker"]() as session, pytest.raises(encryption.EncryptionKeyError):
        session.get(Aanmelding, case_id).call_name  # noqa: B018  (reading is what fails)
    both.extensions["db_engine"].dispose()


def test_production_without_encryption_key_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS")
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS is not set"):
        make_test_app(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path, PORTAL_ENV="production", SECRET_KEY="x" * 64)


def test_a_malformed_key_is_named_at_start_up(tmp_path):
    with pytest.raises(ConfigError, match="Key 2 in DATA_ENCRYPTION_KEYS is not a Fernet key"):
        make_test_app(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path,
                      DATA_ENCRYPTION_KEYS=f"{TEST_ENCRYPTION_KEY},not-a-key")


def test_the_upgrade_encrypts_rows_that_were_stored_in_plain_text(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path)
    engine = app.extensions["db_engine"]
    _drop_everything(engine)
    upgrade(app, "0007")
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(sa.table("outbox_message", sa.column("channel"), sa.column("recipient"),
                                    sa.column("body"), sa.column("created_at")).insert()
                           .values(channel="sms", recipient="+31612345678", body="Uw link: /aanmelden/verder/x",
                                   created_at=now))
        connection.execute(sa.table("aanmelding_draft", sa.column("id"), sa.column("answers", sa.JSON),
                                    sa.column("context", sa.JSON), sa.column("created_at"), sa.column("updated_at"),
                                    sa.column("expires_at")).insert()
                           .values(id="d1", answers={"contact": {"data": {"call_name": "Samira"}}}, context={},
                                   created_at=now, updated_at=now, expires_at=now + timedelta(days=14)))
    upgrade(app)
    with app.extensions["db_sessionmaker"]() as session:
        assert "Samira" not in raw_dump(session) and "612345678" not in raw_dump(session)
        assert session.scalars(sa.select(OutboxMessage.recipient)).one() == "+31612345678"
        assert session.get(AanmeldingDraft, "d1").answers == {"contact": {"data": {"call_name": "Samira"}}}
        assert session.get(AanmeldingDraft, "d1").context == {}
    engine.dispose()


def test_anonymous_question_text_is_encrypted(municipalities, db_session):
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Mag ik de huur later betalen?",
               topic=None, group="none", callback_phone=None)
    assert "huur later" not in raw_dump(db_session)
    question = db_session.scalars(sa.select(AdviceQuestion)).one()
    assert question.messages[0].text == "Mag ik de huur later betalen?"


def test_rotation_never_reverts_a_change_made_while_it_runs(app, make_case, tmp_path, monkeypatch, restore_key_ring):
    case_id = make_case(call_name="Voor").id
    new_key = encryption.new_key()
    both = make_test_app(app.config["DATABASE_URL"], tmp_path, DATA_ENCRYPTION_KEYS=f"{new_key},{TEST_ENCRYPTION_KEY}")
    rotate, changed = encryption.rotate, []

    def rotate_while_someone_saves(token, context):
        if not changed:  # a coordinator saves the case between the rotation's read and its write
            changed.append(True)
            with both.extensions["db_sessionmaker"]() as other:
                other.get(Aanmelding, case_id).call_name = "Na"
                other.commit()
        return rotate(token, context)

    monkeypatch.setattr(encryption, "rotate", rotate_while_someone_saves)
    result = both.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    encryption.configure([new_key])
    with both.extensions["db_sessionmaker"]() as session:
        assert session.get(Aanmelding, case_id).call_name == "Na"
    both.extensions["db_engine"].dispose()
