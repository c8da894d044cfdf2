"""Attack a local instance the way the penetration test of issue 12 did, and print what got through.

Starts gunicorn (the repository's gunicorn.conf.py, 4 sync workers, rate-limit counts in Redis) on a fresh database
with the demo data (scripts/bench_http.py's `serve`), then, over loopback only:
- 20 parallel wrong passwords for one account: how many were really checked (the security log says);
- the owner after a stranger's failed guesses: let in once the short wait is over;
- unknown vs known e-mail address: distinct answers, and the median time of each over 7 tries;
- a cookie copied before logging out, replayed afterwards;
- 35 parallel wrong pick-up attempts from one address; 12 wrong secret words at one question from 12 addresses;
- hostile paths and query strings (huge page numbers, CR/LF, _method, NUL bytes).
Each line says PASS or FAIL; exits 1 on any FAIL. Needs Redis on 127.0.0.1:6379.
Usage: .venv/bin/python scripts/probe_security.py [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import threading
import time
import tomllib
from collections import Counter
from pathlib import Path

import pyotp
from bench_http import Resident, serve, token

ROOT = Path(__file__).resolve().parent.parent
DEMO = tomllib.loads((ROOT / "demo" / "staff.toml").read_text())["staff"][0]
LOGIN = "/werkplek/inloggen"
ALERT = re.compile(r'role="alert"[^>]*>(.*?)</div>', re.S)
results: list[tuple[bool, str]] = []


def check(ok: bool, text: str) -> None:
    results.append((ok, text))
    print(f"{'PASS' if ok else 'FAIL'}  {text}", flush=True)


def at_once(count: int, action) -> list:
    """Run `action(i)` in `count` threads released together; the answers in order."""
    answers, gate = [None] * count, threading.Barrier(count)

    def run(i):
        gate.wait()
        answers[i] = action(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def password_step(person: Resident, email: str, password: str):
    html = person.get(LOGIN).body
    return person.post(LOGIN, {"csrf_token": token(html, LOGIN), "email": email, "password": password})


def answer_text(reply) -> str:
    return " ".join(" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in ALERT.findall(reply.body))


def sign_in(person: Resident) -> None:
    reply = password_step(person, DEMO["email"], DEMO["password"])
    assert reply.status in (302, 303), f"password step: {reply.status}"
    code_path = reply.location.replace(person.base, "")
    html = person.get(code_path).body
    code = pyotp.TOTP(DEMO["totp_secret"]).now()
    reply = person.post(code_path, {"csrf_token": token(html, code_path), "code": code})
    assert reply.status in (302, 303), f"code step: {reply.status}"


def checks_logged(log: Path, since: int) -> Counter:
    """The security log's answers to password steps written after byte `since`: "wrong" is a real check that failed,
    "wait" one refused before any check."""
    lines = log.read_bytes()[since:].decode(errors="replace").splitlines()
    events = [json.loads(line.split("security ", 1)[1]) for line in lines if "security {" in line]
    return Counter(event["result"] for event in events if event["action"] == "login")


def probe_login(base: str, log: Path) -> None:
    people, since = [Resident(base) for _ in range(20)], log.stat().st_size
    started = time.monotonic()
    at_once(20, lambda i: password_step(people[i], DEMO["email"], f"wrong guess {i}"))
    burst = time.monotonic() - started
    time.sleep(1)
    answers = checks_logged(log, since)
    # One check per window: the first three failures are free, then each opens a wait of 1 s, 2 s, 4 s ... So a
    # burst that lasts T seconds (four sync workers queue the rest) can get at most 4 + log2(1 + T) checks.
    bound = 4 + int(math.log2(1 + burst))
    check(answers["wrong"] <= bound, f"12.1 20 parallel wrong passwords, 4 workers, burst {burst:.1f} s: "
                                     f"{answers['wrong']} checked, {answers['wait']} refused unchecked "
                                     f"(at most {bound})")

    time.sleep(61)  # the burst left the account waiting for up to a minute
    for _ in range(5):
        password_step(Resident(base), DEMO["email"], "a stranger guesses")
    time.sleep(3)  # the wait after five failures is 2 s
    owner = password_step(Resident(base), DEMO["email"], DEMO["password"])
    check(owner.status in (302, 303), f"12.2 the owner after 5 wrong guesses by strangers: {owner.status} (let in)")

    texts, times = {}, {"unknown": [], "known": []}
    for _ in range(7):
        for kind, email in (("unknown", "niemand@lansingerland.demo"), ("known", DEMO["email"])):
            started = time.perf_counter()
            reply = password_step(Resident(base), email, "wrong password")
            times[kind].append(time.perf_counter() - started)
            texts.setdefault(kind, set()).add(answer_text(reply))
    same = texts["unknown"] == texts["known"] and len(texts["known"]) == 1
    distinct = len(texts["unknown"] | texts["known"])
    check(same, f"12.3 answers for unknown and known (wrong, throttled) accounts: {distinct} distinct")
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    ratio = max(medians.values()) / min(medians.values())
    check(ratio < 2, f"12.3 median time unknown {medians['unknown'] * 1000:.0f} ms, known "
                     f"{medians['known'] * 1000:.0f} ms (ratio {ratio:.2f}, under 2)")


def probe_logout(base: str) -> None:
    time.sleep(61)  # the probe above left the demo account throttled for up to a minute
    person = Resident(base)
    sign_in(person)
    probe_hostile(person, HOSTILE_STAFF)  # signed in, so each reaches its view
    copy = Resident(base, jar=person.cookies_copy())
    html = person.get("/werkplek/").body
    person.post("/werkplek/uitloggen", {"csrf_token": token(html, "/werkplek/")})
    replay = copy.get("/werkplek/")
    check(replay.status in (302, 303) and LOGIN in replay.location,
          f"12.4 a cookie copied before logging out, replayed: {replay.status} {replay.location[-40:]}")


def probe_pick_up(base: str) -> None:
    attacker = Resident(base)
    html = attacker.get("/vraag-ophalen").body
    form = {"csrf_token": token(html, "/vraag-ophalen"), "code": "KP7-3XA", "secret": "zon fiets kaas"}
    replies = at_once(35, lambda i: Resident(base, address=attacker.address, jar=attacker.cookies_copy())
                      .post("/vraag-ophalen", form))
    through = sum(r.status != 429 for r in replies)
    check(through <= 5, f"12.6 35 parallel pick-up tries from one address, 4 workers: {through} answered (limit 5)")

    asker = Resident(base)
    html = asker.get("/vraag-stellen").body
    time.sleep(3.5)  # people take longer than the minimum time
    started = re.search(r'name="started"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="started"', html)
    reply = asker.post("/vraag-stellen", {"csrf_token": token(html, "/vraag-stellen"), "municipality": "lansingerland",
                                          "question": "Ik kan de huur niet betalen. Wat kan ik doen?",
                                          "started": started[1] or started[2], "website": ""})
    shown = asker.get(reply.location.replace(base, "")).body
    found = re.findall(r'<dd class="reference">(.*?)</dd>', shown)
    if len(found) != 2:
        check(False, "12.6 could not read the pick-up code of a new question")
        return
    for i in range(12):
        guesser = Resident(base)
        html = guesser.get("/vraag-ophalen").body
        guesser.post("/vraag-ophalen", {"csrf_token": token(html, "/vraag-ophalen"), "code": found[0],
                                        "secret": f"fout woord {i}"})
    owner = Resident(base)
    html = owner.get("/vraag-ophalen").body
    reply = owner.post("/vraag-ophalen", {"csrf_token": token(html, "/vraag-ophalen"), "code": found[0],
                                          "secret": found[1]})
    check(reply.status == 200, f"12.6 after 12 wrong secret words from 12 addresses the question is locked: "
                               f"{reply.status} (the right words no longer open it)")


KIND_REFUSAL = range(400, 500)
HOSTILE = [("/taal/en?next=/%0d%0aSet-Cookie:%20x=1", KIND_REFUSAL), ("/via/ab%00cd", KIND_REFUSAL),
           ("/geldcheck/vraag/%00", KIND_REFUSAL), ("/?x=%00", KIND_REFUSAL)]
# Signed in as a coordinator, so each reaches its view. Unknown query keys are ignored: the queue itself (200).
HOSTILE_STAFF = [("/werkplek/?pagina=1000000000000000000000", KIND_REFUSAL),
                 ("/werkplek/?pagina=10%5E21", KIND_REFUSAL), ("/werkplek/?_method=GET&_external=1&_anchor=x", [200]),
                 ("/werkplek/zaak/99999999999999999999", KIND_REFUSAL), ("/werkplek/?group=%00", KIND_REFUSAL)]


def probe_hostile(person: Resident, paths: list) -> None:
    for path, expected in paths:
        try:
            reply = person.get(path)
            status, headers_ok = reply.status, "\r" not in reply.location and "\n" not in reply.location
            # _external/_anchor must not reach url_for: no absolute link, no '#x' glued to the page's own links.
            if "_external" in path:
                headers_ok = headers_ok and 'href="http' not in reply.body and '#x"' not in reply.body
        except Exception as exc:  # a server error page is an answer too; anything else is a finding
            status, headers_ok = getattr(exc, "code", 0), True
        want = "a kind 400 or 404" if expected is KIND_REFUSAL else f"one of {list(expected)}, nothing echoed"
        check(status in expected and headers_ok, f"12.9 {path}: {status} ({want})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    with serve(args.database, 4, pg_name="portal_probe", redis_uri="redis://127.0.0.1:6379/9") as server:
        print(f"gunicorn, 4 workers, {args.database}, {server.base}")
        probe_login(server.base, server.log)
        probe_hostile(Resident(server.base), HOSTILE)
        probe_pick_up(server.base)
        probe_logout(server.base)
    failed = sum(not ok for ok, _ in results)
    print(f"\n{len(results) - failed} of {len(results)} probes passed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
