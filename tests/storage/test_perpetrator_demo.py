"""The ranking on the demonstration data: the top 20 with their explanations, three of them
worked out by hand from their files, and every serial perpetrator above a perpetrator of one
victim with the same incidents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.risk.perpetrator_priority import PerpetratorHistory, VictimFacts, score
from marac_desktop.risk.priority_model import default_priority_model
from marac_desktop.services import access, demo, perpetrator_ranking, perpetrators
from marac_desktop.services.perpetrator_ranking import MAX_TOP, RankFilter, Ranking
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import perpetrator_history

TODAY = date(2026, 11, 20)
WINDOW_START = TODAY - timedelta(days=365)  # the default model's window; this day is outside


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path = tmp_path_factory.mktemp("demo") / "m.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    ws = access.unlock(path, "admin", "quiet lantern test phrase")
    demo.generate(ws, 2000, seed=1, today=TODAY)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def everyone(demo_ws: Workspace) -> Ranking:
    return perpetrator_ranking.ranked_list(demo_ws, RankFilter(top=MAX_TOP), TODAY)


def _in_window(ws: Workspace, place: int, ranking: Ranking) -> list[tuple[date, str]]:
    """The place's incidents inside the window, from the perpetrator's file."""
    found = perpetrators.perpetrator_file(ws, ranking.rows[place - 1].person_id)
    return sorted((i.day, i.kind) for i in found.incidents if WINDOW_START < i.day <= TODAY)


def test_the_top_twenty_are_explained_and_three_check_by_hand(
    demo_ws: Workspace, everyone: Ranking
) -> None:
    top = perpetrator_ranking.ranked_list(demo_ws, RankFilter(top=20), TODAY)
    assert (top.model_id, top.model_version) == ("matac-priority", 1)
    assert [row.place for row in top.rows] == list(range(1, 21))
    assert top.rows == everyone.rows[:20]
    for row in top.rows:
        assert row.lines and sum(line.points for line in row.lines) == row.score
    # Place 1: six incidents in the window against two victims, the last 27 days ago.
    assert _in_window(demo_ws, 1, top) == [
        (date(2026, 1, 14), "other"),
        (date(2026, 2, 19), "sexual_violence"),
        (date(2026, 4, 17), "stalking_harassment"),
        (date(2026, 7, 19), "other"),
        (date(2026, 9, 27), "coercive_control"),
        (date(2026, 10, 24), "physical_violence"),
    ]
    assert [line.shown() for line in top.rows[0].lines] == [
        "last incident 27 days ago: 20",  # 24 October; the referral that day is not later
        "6 incidents in 12 months: 25",  # five or more
        "1 incident of physical violence: 8",
        "1 incident of sexual violence: 10",
        "1 incident of stalking or harassment: 5",
        "1 incident of coercive control: 6",
        "2 incidents of other abuse: 2",
        "2 victims in 12 months: 10",
    ]
    assert top.rows[0].score == 86
    # Place 10: four incidents, all on the second case; the referral the day after the last
    # incident is the most recent event. The first case's incidents are older than a year.
    assert _in_window(demo_ws, 10, top) == [
        (date(2026, 1, 22), "damage_to_property"),
        (date(2026, 7, 14), "sexual_violence"),
        (date(2026, 8, 16), "damage_to_property"),
        (date(2026, 10, 25), "unwanted_contact"),
    ]
    assert [line.shown() for line in top.rows[9].lines] == [
        "last referral 25 days ago: 20",
        "4 incidents in 12 months: 15",
        "1 incident of sexual violence: 10",
        "2 incidents of damage to property: 6",
        "1 incident of unwanted contact: 2",
    ]
    assert (top.rows[9].score, top.rows[9].victims) == (53, 1)
    # Place 20: the last referral, 87 days ago, falls in the 90-day band.
    assert _in_window(demo_ws, 20, top) == [
        (date(2025, 12, 26), "coercive_control"),
        (date(2026, 1, 18), "physical_violence"),
        (date(2026, 6, 28), "breach_of_order"),
        (date(2026, 7, 29), "child_contact_dispute"),
    ]
    assert [line.shown() for line in top.rows[19].lines] == [
        "last referral 87 days ago: 12",
        "4 incidents in 12 months: 15",
        "1 incident of physical violence: 8",
        "1 incident of breach of a court order: 4",
        "1 incident of coercive control: 6",
        "1 incident of child contact dispute: 1",
    ]
    assert top.rows[19].score == 46


def _one_victim(history: PerpetratorHistory) -> PerpetratorHistory:
    """The same incidents, referrals and answers, all against the first victim."""
    first = history.victims[0]
    return PerpetratorHistory(
        history.person,
        tuple(i._replace(victim=first.victim) for i in history.incidents),
        history.referrals,
        tuple(f._replace(victim=first.victim) for f in history.factors),
        (VictimFacts(first.victim, child=False, pregnant=False),),
    )


def test_every_serial_perpetrator_ranks_above_one_victims_with_the_same_incidents(
    demo_ws: Workspace, everyone: Ranking
) -> None:
    model = default_priority_model()
    assert everyone.ranked <= MAX_TOP  # every ranked perpetrator is in the list
    with demo_ws.transaction() as session:
        histories = {
            h.person: h
            for h in perpetrator_history.histories(
                session, WINDOW_START, TODAY, {f.question for f in model.factors}
            )
        }
    serial = [row for row in everyone.rows if row.victims > 1]
    assert len(serial) >= 5
    for row in serial:
        alone = score(_one_victim(histories[row.person_id]), model, TODAY).score
        assert row.score > alone
        below = [other for other in everyone.rows if other.victims == 1 and other.score == alone]
        assert all(other.place > row.place for other in below)
