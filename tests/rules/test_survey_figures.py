from portal.domain.survey import MIN_GROUP_SIZE
from portal.rules.survey_figures import AnswerRow, by_quarter, quarter_of


def rows(count, **values):
    base = {"month": "2026-11", "channel": "self", "route": "municipality"}
    return [AnswerRow(**{**base, **values}) for _ in range(count)]


def test_months_fall_in_their_quarter():
    assert [quarter_of(m) for m in ("2026-01", "2026-03", "2026-04", "2026-12")] == \
        ["2026-K1", "2026-K1", "2026-K2", "2026-K4"]


def test_a_group_under_the_minimum_shows_only_its_count():
    figures = by_quarter(rows(MIN_GROUP_SIZE - 1, mark=2, reachable="no"))["2026-K4"]
    assert [(f.n, f.suppressed, f.mean_mark, f.share("reachable", "no")) for f in figures] == \
        [(MIN_GROUP_SIZE - 1, True, None, None)]


def test_a_group_at_the_minimum_shows_its_mark_and_shares():
    answers = rows(MIN_GROUP_SIZE - 2, mark=8, reachable="yes") + rows(2, mark=3, reachable="no")
    figure = by_quarter(answers)["2026-K4"][0]
    assert not figure.suppressed
    assert figure.mean_mark == round((8 * (MIN_GROUP_SIZE - 2) + 6) / MIN_GROUP_SIZE, 1)
    assert figure.share("reachable", "no") == round(100 * 2 / MIN_GROUP_SIZE, 1)


def test_split_by_channel_suppresses_each_small_group_on_its_own():
    answers = rows(MIN_GROUP_SIZE, channel="bank_app", mark=7) + rows(3, channel="assisted", mark=1)
    figures = {f.key: f for f in by_quarter(answers, split_by="channel")["2026-K4"]}
    assert figures["bank_app"].mean_mark == 7 and figures["assisted"].mean_mark is None
    whole = by_quarter(answers)["2026-K4"][0]
    assert whole.n == MIN_GROUP_SIZE + 3
    assert whole.mean_mark == round((7 * MIN_GROUP_SIZE + 3) / (MIN_GROUP_SIZE + 3), 1)


def test_an_unanswered_question_is_left_out_of_its_share():
    answers = rows(MIN_GROUP_SIZE - 1, waiting="ok") + rows(1, waiting=None)
    assert by_quarter(answers)["2026-K4"][0].share("waiting", "ok") == 100.0
