"""Real concurrency for race tests: several sessions, each on its own connection, released at the same moment."""

import threading


def at_the_same_moment(app, action, count: int = 2) -> list:
    """Runs action(session) in `count` threads, each on its own connection, released together.

    Returns what each returned or raised, so a test can assert on winners and losers.
    """
    barrier, outcomes = threading.Barrier(count), []

    def run():
        session = app.extensions["db_sessionmaker"]()
        try:
            barrier.wait()
            outcomes.append(action(session))
        except Exception as exc:  # noqa: BLE001  (handed to the test's assertions)
            outcomes.append(exc)
        finally:
            session.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
