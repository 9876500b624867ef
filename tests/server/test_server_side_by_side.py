"""Two desks at once on one server: references from the counters, never repeated, and a save
over a newer one refused (see tests/side_by_side)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import CaseRecord
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import agenda_view, flags, meeting_list, meetings, records
from marac_desktop.services.workspace import Workspace
from tests import side_by_side
from tests.server.conftest import Server, heard_then_threatened, password_of

CASES_EACH = 15


def _open_cases(
    desk: Workspace, victim: PersonId, start: threading.Barrier, out: list[CaseRecord | Exception]
) -> None:
    """New cases for a victim already on record (as for a repeat): the case is numbered before
    anything else is written, so two desks reach the numbering at the same moment."""
    start.wait()
    for _ in range(CASES_EACH):
        try:
            out.append(records.open_case(desk, victim))
        except Exception as error:  # noqa: BLE001 - every failure is counted below
            out.append(error)


def test_two_desks_opening_cases_at_once_never_share_a_reference(
    server: Server, staff: dict[Role, str]
) -> None:
    desks = [
        server.sign_in(staff[role], password_of(staff[role]))
        for role in (Role.IDVA, Role.COORDINATOR)
    ]
    victims = [
        records.open_case(desk, PersonDetails("Testvictim", f"Desk{n}")).victim.id
        for n, desk in enumerate(desks)
    ]
    start = threading.Barrier(len(desks))
    made: list[list[CaseRecord | Exception]] = [[] for _ in desks]
    threads = [
        threading.Thread(target=_open_cases, args=(desk, victim, start, out))
        for desk, victim, out in zip(desks, victims, made, strict=True)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        opened = [r for out in made for r in out]
        failures = [type(r).__name__ for r in opened if isinstance(r, Exception)]
        assert failures == []
        references = [r.reference for r in opened if isinstance(r, CaseRecord)]
        assert len(set(references)) == len(desks) * CASES_EACH
        total = len(desks) * (CASES_EACH + 1)
        assert records.count_cases(desks[0]) == records.count_cases(desks[1]) == total
    finally:
        for desk in desks:
            desk.close()


@pytest.fixture
def desks(server: Server, staff: dict[Role, str]) -> Iterator[list[Workspace]]:
    made = [
        server.sign_in(staff[role], password_of(staff[role]))
        for role in (Role.COORDINATOR, Role.IDVA)
    ]
    yield made
    for desk in made:
        desk.close()


def test_the_second_save_is_refused(desks: list[Workspace]) -> None:
    side_by_side.second_save_is_refused(*desks)


def test_two_saves_at_once_let_one_in(desks: list[Workspace]) -> None:
    side_by_side.only_one_of_two_saves_at_once_goes_in(*desks)


def test_the_second_edit_of_a_person_is_refused(desks: list[Workspace]) -> None:
    side_by_side.second_person_edit_is_refused(*desks)


def test_references_follow_the_counter_and_pass_cases_copied_in(desks: list[Workspace]) -> None:
    side_by_side.references_pass_cases_copied_in(desks[0])


def _add_cases(
    desk: Workspace, meeting: MeetingId, cases: list[CaseId], start: threading.Barrier
) -> None:
    start.wait()
    for case in cases:
        meeting_list.add_case(desk, meeting, case)


def test_two_desks_adding_to_one_meeting_at_once_never_share_a_number(
    server: Server, staff: dict[Role, str]
) -> None:
    desks = [
        server.sign_in(staff[Role.COORDINATOR], password_of(staff[Role.COORDINATOR])),
        server.sign_in(),
    ]
    try:
        today = date.today()
        cases = [
            records.open_case(desks[0], PersonDetails("Testvictim", f"Listed{n}")).id
            for n in range(2 * CASES_EACH)
        ]
        starts = datetime.combine(today + timedelta(days=14), time(10))
        meeting = meetings.create_meeting(desks[0], starts, "Hall", False, "Chair", "Leeds", today)
        start = threading.Barrier(len(desks))
        threads = [
            threading.Thread(target=_add_cases, args=(desk, meeting.id, cases[n::2], start))
            for n, desk in enumerate(desks)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rows = agenda_view.meeting_view(desks[1], meeting.id).rows
        assert len(rows) == len(cases)
        assert len({row.reference for row in rows}) == len(cases)
    finally:
        for desk in desks:
            desk.close()


def test_two_leads_deciding_one_flag_at_once_leave_one_decision(
    server: Server, staff: dict[Role, str]
) -> None:
    lead = staff[Role.SAFEGUARDING_LEAD]
    desks = [server.sign_in(lead, password_of(lead)), server.sign_in()]
    try:
        today = date.today()
        case_id = heard_then_threatened(desks[0], "Flagged", today)
        flags.refresh(desks[0], case_id, today=today)
        (flag,) = flags.queue(desks[0])
        start = threading.Barrier(len(desks))
        outcomes: list[str] = []

        def decide(desk: Workspace, confirm: bool) -> None:
            start.wait()
            try:
                flags.review(desk, flag.id, confirm, "Checked with the police.")
                outcomes.append("decided")
            except InvalidInputError as refused:
                outcomes.append(str(refused).split(" by ")[0])

        threads = [
            threading.Thread(target=decide, args=(desk, n == 0)) for n, desk in enumerate(desks)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) in (
            ["This was already confirmed", "decided"],
            ["This was already dismissed", "decided"],
        )
    finally:
        for desk in desks:
            desk.close()
