"""The survey's figures on the coordinators' monitoring page and in its CSV: through the real pages."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from portal.db import utcnow
from portal.domain.messages import MessageKind
from portal.models import Klantervaring, OutboxMessage
from portal.rules.deadlines import local_date
from portal.rules.survey_figures import quarter_of
from tests.client_request import ClientRequest
from tests.staff_fixtures import log_in

THIS_MONTH = local_date(utcnow()).strftime("%Y-%m")
QUARTER = quarter_of(THIS_MONTH)


def add_answers(session, municipality, number, *, channel="self", route="municipality", mark=7, remark=None):
    for _ in range(number):
        session.add(Klantervaring(municipality_id=municipality.id, month=THIS_MONTH, channel=channel, route=route,
                                  reachable="yes", heard="yes", next_steps_clear="no", waiting="too_long",
                                  mark=mark, remark=remark))
    session.commit()


def channel_row(client_request, name: str):
    shown = client_request.get("staff.show_monitoring")
    table = shown.select_one(f"#experiences-{QUARTER}-channel").find_parent("table")
    return next(row for row in table.select("tbody tr") if row.th.get_text(strip=True) == name)


def test_an_answer_in_arabic_shows_in_the_quarters_figures(client, client_request, staff, make_case, db_session,
                                                            municipalities):
    add_answers(db_session, municipalities["lansingerland"], 9, mark=6)
    case = make_case(phone="+31612345678", channels=["sms"], status="contacted",
                     answers={"contact": {"survey_ok": True}, "bereikbaarheid": {"language": "ar"}})
    log_in(client, "regisseur")
    client_request.post("staff.change_case_status", case_id=case.id, _data={"target": "closed", "reason": "helped"})
    message = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == MessageKind.SURVEY)).one()
    token = re.search(r"/ervaring/([A-Za-z0-9_-]+)", message.body).group(1)
    resident = client.application.test_client()
    survey_page = resident.get(f"/ervaring/{token}")
    assert 'lang="ar"' in survey_page.get_data(as_text=True)
    resident.post(f"/ervaring/{token}", data={"csrf_token": ClientRequest(resident).csrf_token(), "mark": "10",
                                              "reachable": "yes", "heard": "yes", "next_steps_clear": "yes",
                                              "waiting": "ok"})
    cells = [td.get_text(strip=True) for td in channel_row(client_request, "Alle antwoorden").select("td")]
    assert cells[:2] == ["10", "6,4"], "ten answers now, the Arabic one's 10 in the mean"
    assert cells[4] == "10%", "one of ten said it was clear what would happen"


def test_a_group_under_ten_shows_its_n_only_and_ten_shows_values(client, client_request, staff, db_session,
                                                                 municipalities):
    lansingerland = municipalities["lansingerland"]
    add_answers(db_session, lansingerland, 9, channel="self")
    add_answers(db_session, lansingerland, 10, channel="bank_app", mark=8)
    log_in(client, "regisseur")
    small = channel_row(client_request, "Zelf online").get_text(" ", strip=True)
    assert "9" in small and "te weinig antwoorden om te tonen" in small and "100%" not in small
    big = [td.get_text(strip=True) for td in channel_row(client_request, "Via de bank-app").select("td")]
    assert big == ["10", "8", "100%", "100%", "0%", "100%"]


def test_the_csv_has_n_for_small_groups_and_never_the_open_answers(client, client_request, staff, db_session,
                                                                   municipalities):
    lansingerland = municipalities["lansingerland"]
    add_answers(db_session, lansingerland, 9, channel="self", remark="Mevrouw Jansen was heel aardig.")
    add_answers(db_session, lansingerland, 10, channel="bank_app", remark="Sneller bellen.")
    log_in(client, "regisseur")
    text = client.get("/werkplek/cijfers.csv?tabel=ervaringen").get_data(as_text=True).lstrip("\ufeff")
    assert "Jansen" not in text and "Sneller" not in text
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    small = [row for row in rows if row["group"] == "self"]
    assert small == [{"quarter": QUARTER, "group_by": "channel", "group": "self", "n": "9", "measure": "",
                      "value": ""}]
    assert {"measure": "mean_mark", "value": "7"}.items() <= next(
        row for row in rows if row["group"] == "bank_app").items()


def test_open_answers_show_only_for_a_quarter_with_enough_answers(client, client_request, staff, db_session,
                                                                  municipalities):
    lansingerland = municipalities["lansingerland"]
    add_answers(db_session, lansingerland, 9, remark="Sneller bellen.")
    log_in(client, "regisseur")
    assert "Sneller bellen." not in client_request.get("staff.show_monitoring").get_text()
    add_answers(db_session, lansingerland, 1, remark="Meer uitleg.")
    shown = client_request.get("staff.show_monitoring").get_text()
    assert "Sneller bellen." in shown and "Meer uitleg." in shown
