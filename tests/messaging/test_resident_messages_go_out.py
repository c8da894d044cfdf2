"""Tried as a new user would: a resident's messages leave through Notify (the fake on loopback) and work."""

import re
from urllib.parse import urlsplit

import pytest

from portal.services.municipalities import load_municipalities
from tests.client_request import ClientRequest
from tests.conftest import DEMO_MUNICIPALITIES, page
from tests.messaging.conftest import make_worker
from tests.resident.signup_helpers import fill_steps, post_step, submit


@pytest.fixture(autouse=True)
def _municipalities(notify_app):
    session = notify_app.extensions["db_sessionmaker"]()
    load_municipalities(session, DEMO_MUNICIPALITIES)
    session.close()


def test_later_verder_sends_an_sms_whose_link_resumes_on_another_device(notify_app, fake_notify):
    phone = notify_app.test_client()
    fill_steps(phone, stop_before="kinderen")
    post_step(phone, "kinderen", {"later": "1"})
    ClientRequest(phone).open("POST", "resident.show_resume_link", _data={"address": "06 12345678"})
    assert fake_notify.received == []  # written in the outbox, not sent from the request
    make_worker(notify_app).drain()
    (sms,) = fake_notify.received
    assert sms["channel"] == "sms" and sms["to"] == "+31612345678"
    link = re.search(r"https?://\S+/aanmelden/verder/\S+", sms["personalisation"]["body"]).group(0)

    laptop = notify_app.test_client()
    path = urlsplit(link).path
    assert laptop.get(path).status_code == 200
    resumed = ClientRequest(laptop).open("POST", "resident.continue_signup", token=path.rsplit("/", 1)[1],
                                         _data={"choice": "continue"})
    assert resumed.headers["Location"] == "/aanmelden/stap/kinderen"


def test_sending_the_sign_up_sends_one_confirmation_with_its_reference(notify_app, fake_notify):
    from portal.models import Aanmelding

    resident = notify_app.test_client()
    fill_steps(resident, {"contact": {"channels": ["phone", "sms"]}})
    submit(resident, send_confirmation="y")
    submit(resident, send_confirmation="y")  # the double tap
    make_worker(notify_app).drain()
    session = notify_app.extensions["db_sessionmaker"]()
    reference = session.query(Aanmelding.reference).scalar()
    session.close()
    assert [m["to"] for m in fake_notify.received] == ["+31612345678"]
    assert reference in fake_notify.received[0]["personalisation"]["body"]
    assert "sms gestuurd naar 06 •• •• 56 78" in page(resident.get("/aanmelden/klaar")).get_text()
