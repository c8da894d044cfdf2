"""Every staff route needs a login, the right role, and the right municipality."""

import pytest

from tests.staff_fixtures import log_in


def _staff_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff.")]


def _path(rule, case_id=1):
    return rule.build({"case_id": case_id, "filter_id": 1, "question_id": 1} if rule.arguments else {})[1]


def test_every_staff_view_carries_an_access_decorator(app):
    missing = []
    for rule in _staff_rules(app):
        view = app.view_functions[rule.endpoint]
        if not getattr(view, "staff_roles", None) and not getattr(view, "staff_public", False):
            missing.append(rule.endpoint)
    assert missing == []


def test_anonymous_visitors_are_sent_to_login(app, client):
    for rule in _staff_rules(app):
        if getattr(app.view_functions[rule.endpoint], "staff_public", False):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(_path(rule), method=method, data={})
            # A POST without a CSRF token is refused before it reaches the login check: that also protects.
            assert response.status_code in (302, 400), (rule, method)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/werkplek/inloggen"), rule


@pytest.mark.parametrize("endpoint", ["staff.show_queue", "staff.show_monitoring", "staff.export_monitoring_csv",
                                      "staff.show_audit_log"])
def test_a_partner_caseworker_cannot_see_the_queue_figures_or_log(app, client, staff, endpoint):
    log_in(client, "partner")
    rule = next(r for r in _staff_rules(app) if r.endpoint == endpoint)
    assert client.get(_path(rule)).status_code == 403


def test_only_administrators_read_the_audit_log(client, staff):
    log_in(client, "regisseur")
    assert client.get("/werkplek/logboek").status_code == 403
    client.post("/werkplek/uitloggen", data={})
    log_in(client, "beheerder")
    assert client.get("/werkplek/logboek").status_code == 200


def test_another_municipalitys_case_does_not_exist_for_you(client, staff, make_case):
    case = make_case("lansingerland")
    log_in(client, "groningen")
    assert client.get(f"/werkplek/zaak/{case.id}").status_code == 404


def test_a_partner_caseworker_sees_only_cases_assigned_to_them(client, staff, make_case):
    mine = make_case(assigned_to_id=staff["partner"].id)
    other = make_case()
    log_in(client, "partner")
    assert client.get(f"/werkplek/zaak/{mine.id}").status_code == 200
    assert client.get(f"/werkplek/zaak/{other.id}").status_code == 403


def test_other_municipality_cannot_change_a_case(client, staff, make_case):
    from tests.staff_fixtures import csrf

    case = make_case("lansingerland")
    log_in(client, "groningen")
    token = csrf(client, "/werkplek/samen-invullen")
    response = client.post(f"/werkplek/zaak/{case.id}/notitie", data={"csrf_token": token, "text": "x"})
    assert response.status_code == 404
