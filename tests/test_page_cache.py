"""The start page and the empty ask form are rendered once and served from memory (portal/page_cache.py): every
resident must still get the page for their own language and municipality, and a token of their own."""

import pytest

from portal import page_cache
from tests.client_request import ClientRequest
from tests.conftest import page


def _resident(app, postcode: str | None = None, lang: str | None = None):
    client = app.test_client()
    if postcode:
        ClientRequest(client).open("POST", "resident.find_municipality", _data={"postcode": postcode})
    if lang:
        client.get(f"/taal/{lang}")
    return client


def _footer_number(client, path: str) -> str | None:
    number = page(client.get(path)).select_one("footer a.tel")
    return number.get_text(strip=True) if number else None


def test_each_resident_gets_the_page_of_their_own_municipality_and_language(app, municipalities):
    lochem, groningen, nobody = _resident(app, "7241"), _resident(app, "9712"), _resident(app)
    arabic = _resident(app, "7241", lang="ar")
    for _ in range(2):  # the second round comes from memory
        for path in ("/", "/vraag-stellen"):
            assert _footer_number(lochem, path) == "14 0573"
            assert _footer_number(groningen, path) == "14 050"
            assert _footer_number(nobody, path) is None
            shown = page(arabic.get(path))
            assert shown.html["lang"] == "ar" and shown.html["dir"] == "rtl"
    ask = page(groningen.get("/vraag-stellen"))
    assert ask.select_one("select[name=municipality] option[selected]")["value"] == "groningen"
    assert page(nobody.get("/vraag-stellen")).select_one("select[name=municipality] option[selected]")["value"] == ""


def test_the_ask_form_from_memory_carries_a_fresh_token_and_stamp_that_work(app, municipalities):
    first, second = _resident(app), _resident(app)
    forms = [page(client.get("/vraag-stellen")) for client in (first, second, first)]
    tokens = [form.select_one("input[name=csrf_token]")["value"] for form in forms]
    stamps = [form.select_one("input[name=started]")["value"] for form in forms]
    assert len(set(tokens)) == 3 and all(stamps)
    assert not any("hole" in str(form) for form in forms)  # no mark left unfilled
    app.config["ADVICE_MIN_SECONDS"] = 0
    response = first.post("/vraag-stellen", data={"csrf_token": tokens[2], "started": stamps[2], "website": "",
                                                  "municipality": "lochem", "question": "Mag ik iets vragen?"})
    assert response.status_code == 302 and response.headers["Location"] == "/vraag-stellen/verstuurd"
    # The other resident's token is theirs only.
    refused = first.post("/vraag-stellen", data={"csrf_token": tokens[1], "started": stamps[1], "website": "",
                                                 "municipality": "lochem", "question": "Nog een vraag?"})
    assert refused.status_code == 400


def test_a_form_with_mistakes_is_never_served_from_memory(app, municipalities):
    client = _resident(app)
    client.get("/vraag-stellen")
    token = page(client.get("/vraag-stellen")).select_one("input[name=csrf_token]")["value"]
    answered = page(client.post("/vraag-stellen", data={"csrf_token": token, "municipality": "lochem",
                                                        "question": "", "callback_phone": "12"}))
    assert answered.select_one("#question-error") or "Schrijf uw vraag." in answered.get_text()
    assert answered.select_one("select[name=municipality] option[selected]")["value"] == "lochem"
    assert answered.select_one("input[name=callback_phone]")["value"] == "12"


def test_at_most_max_pages_are_kept_the_least_recently_used_go(monkeypatch):
    monkeypatch.setattr(page_cache, "MAX_PAGES", 2)
    cache, rendered = page_cache.PageCache(), []

    def render(name):
        return lambda: rendered.append(name) or name

    assert [cache.page(key, render(key)) for key in ("a", "b", "a", "c", "b", "a")] == ["a", "b", "a", "c", "b", "a"]
    # b was dropped when c came (a had just been used); a when b came back.
    assert rendered == ["a", "b", "c", "b", "a"]


def _walk_showing_each_question(client, answers: dict) -> list[str]:
    """Starts a money check and answers it question by question, opening each question twice before answering it
    (the second time from memory) and once after (now with the answer in it). Returns those pages' HTML with the
    tokens taken out; an answer missing from `answers` is the page's first option."""
    ClientRequest(client).open("POST", "resident.start_selftest")
    shown, location = [], "/geldcheck/vraag/group"
    while location.startswith("/geldcheck/vraag/"):
        first, second = (page(client.get(location)) for _ in range(2))
        question_id = location.rsplit("/", 1)[1]
        given = answers.get(question_id, first.select_one("input[name=answer]")["value"])
        response = ClientRequest(client).open("POST", "resident.answer_question", question_id=question_id,
                                              _data={"answer": given})
        assert response.status_code == 302, (question_id, given, page(response).select_one(".error"))
        again = page(client.get(location))
        for soup in (first, second, again):
            for token in soup.select("input[name=csrf_token]"):
                token["value"] = "token"
            shown.append(str(soup))
        location = response.headers["Location"]
    return shown


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_money_check_question_from_memory_is_the_page_a_fresh_render_gives(app, municipalities, monkeypatch,
                                                                             lang):
    """Each resident's own way through the check (group questions, crisis panel, progress, back link, their own
    answer when they come back) must show as if nothing were kept: the same walks with nothing kept must give the
    same pages. Several residents walk first, so later ones meet pages that others' walks put in memory."""
    walks = [{"group": "none", "crisis": ["eviction"]}, {"group": "none", "crisis": ["none"]},
             {"group": "youth", "crisis": ["none"]}, {"group": "entrepreneur", "crisis": ["no_food"]},
             {"group": "none", "crisis": ["none"], "fixed_costs": "often_not"}]
    from_memory = [_walk_showing_each_question(_resident(app, "7241", lang=lang), walk) for walk in walks]
    monkeypatch.setattr(page_cache.PageCache, "page", lambda _cache, _key, render: render())  # nothing kept
    for walk, pages in zip(walks, from_memory, strict=True):
        assert _walk_showing_each_question(_resident(app, "7241", lang=lang), walk) == pages


def test_a_question_from_memory_carries_a_token_of_the_residents_own(app, municipalities):
    first, second = _resident(app), _resident(app)
    for client in (first, second):
        ClientRequest(client).open("POST", "resident.start_selftest")
    tokens = [page(client.get("/geldcheck/vraag/group")).select_one("input[name=csrf_token]")["value"]
              for client in (first, second, first)]
    assert len(set(tokens)) == 3 and not any("hole" in token for token in tokens)
    refused = first.post("/geldcheck/vraag/group", data={"csrf_token": tokens[1], "answer": "none"})
    assert refused.status_code == 400  # the other resident's token
    answered = first.post("/geldcheck/vraag/group", data={"csrf_token": tokens[2], "answer": "none"})
    assert answered.status_code == 302 and answered.headers["Location"] == "/geldcheck/vraag/crisis"
