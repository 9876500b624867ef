"""The storage layer reads back the same on the encrypted file and on a partnership server:
dates and times naive UTC whatever the server's time zone, ids after a bulk load."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from psycopg import sql

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import CaseId
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import demo, meetings, records, users
from marac_desktop.services.workspace import Workspace
from tests.conftest import add_user
from tests.engines import ADMIN, ADMIN_PASSWORD, Server

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)
FAR_ZONE = "Pacific/Chatham"  # +13:45 in March: any shift would show


def _round_trip(ws: Workspace) -> None:
    made = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", today=TODAY)
    again = meetings.get_meeting(ws, made.id)
    assert again.starts_at == STARTS and again.starts_at.tzinfo is None
    assert [m.starts_at for m in meetings.list_meetings(ws)] == [STARTS]
    add_user(ws, "cora", Role.COORDINATOR)
    before = datetime.now(UTC).replace(tzinfo=None)
    users.revoke_user(ws, "cora")
    (cora,) = [u for u in users.list_users(ws) if u.username == "cora"]
    assert cora.created_at.tzinfo is None and cora.revoked_at is not None
    assert cora.revoked_at.tzinfo is None
    assert before - timedelta(seconds=5) <= cora.revoked_at <= before + timedelta(minutes=1)


@pytest.mark.both_engines
def test_dates_and_times_read_back_naive_utc_and_unchanged(admin: Workspace) -> None:
    _round_trip(admin)


def test_the_server_time_zone_moves_no_date_or_time(engine_server: Server) -> None:
    with engine_server.empty.cluster.connect() as superuser:
        superuser.execute(
            sql.SQL("ALTER DATABASE {} SET timezone = {}").format(
                sql.Identifier(engine_server.empty.name), sql.Literal(FAR_ZONE)
            )
        )
    ws = engine_server.sign_in(ADMIN, ADMIN_PASSWORD)
    try:
        with ws.transaction() as session:
            assert session.connection().exec_driver_sql("SHOW timezone").scalar() == FAR_ZONE
        _round_trip(ws)
    finally:
        ws.close()


@pytest.mark.both_engines
def test_a_case_opened_after_a_bulk_load_takes_the_next_free_id(admin: Workspace) -> None:
    demo.generate(admin, 30, seed=3, today=TODAY)
    case = records.open_case(admin, PersonDetails("Afterbulk", "Test"), today=TODAY)
    assert case.id == 31
    assert case.victim.id > max(p.person.id for p in records.case_record(admin, CaseId(30)).parties)


@pytest.mark.both_engines
@pytest.mark.parametrize(("descending", "undated_first"), [(False, True), (True, False)])
def test_blanks_sort_first_going_up_and_last_going_down(
    admin: Workspace, descending: bool, undated_first: bool
) -> None:
    for family, born in (
        ("Dated", date(1980, 1, 2)),
        ("Undated", None),
        ("Later", date(1990, 5, 6)),
    ):
        records.open_case(admin, PersonDetails(family, "Test", date_of_birth=born), today=TODAY)
    for sort in ("date_of_birth", "last_referral"):
        page = records.case_page(admin, "", 0, 10, sort, descending)
        names = [row.family_name for row in page]
        if sort == "date_of_birth":
            dated = ["Later", "Dated"] if descending else ["Dated", "Later"]
            expected = ["Undated", *dated] if undated_first else [*dated, "Undated"]
            assert names == expected
        else:  # no case referred yet: every one blank, in id order as the tie-breaker says
            assert names == (
                ["Later", "Undated", "Dated"] if descending else ["Dated", "Undated", "Later"]
            )


@pytest.mark.both_engines
def test_text_too_long_for_its_column_is_refused_alike_and_nothing_is_kept(
    admin: Workspace,
) -> None:
    spoken = "Lingala " * 8  # the language column holds 64
    with pytest.raises(InvalidInputError, match=r"^The language \(people\) is longer than the 64"):
        records.open_case(admin, PersonDetails("Long", "Test", language=spoken + "x"), today=TODAY)
    assert records.count_cases(admin) == 0
    case = records.open_case(admin, PersonDetails("Short", "Test", language=spoken), today=TODAY)
    assert records.get_person(admin, case.victim.id).details.language == spoken
