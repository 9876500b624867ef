"""Two desks with one case open, on the file and on a server: a change saved over the other's
newer one is refused in one sentence naming who and when, and theirs stays as they saved it."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation, PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.errors import NewCandidateError, StaleEditError
from marac_desktop.services import people_matching, records
from marac_desktop.services.workspace import Workspace
from tests.conftest import SignIn, add_user
from tests.side_by_side import REFUSAL_END

TODAY = date(2026, 3, 2)
QUILL = IdvaAllocation("Testadviser Quill", TODAY - timedelta(days=3))
REED = IdvaAllocation("Testadviser Reed", TODAY - timedelta(days=1))


@pytest.fixture
def second(admin: Workspace, sign_in: SignIn) -> Workspace:
    return sign_in("idva.two", add_user(admin, "idva.two", Role.IDVA))


@pytest.mark.both_engines
def test_an_idva_allocated_over_a_newer_one_is_refused(admin: Workspace, second: Workspace) -> None:
    case = records.open_case(admin, PersonDetails("Testvictim", "Ada"), today=TODAY)
    read_first, read_second = (
        records.case_record(admin, case.id),
        records.case_record(second, case.id),
    )
    assert read_first.version == read_second.version
    saved = records.allocate_idva(admin, case.id, QUILL, TODAY, read_first.version)
    assert saved == read_first.version + 1

    for refused_save in (
        lambda: records.allocate_idva(second, case.id, REED, TODAY, read_second.version),
        lambda: records.end_idva(second, case.id, TODAY, TODAY, read_second.version),
    ):
        with pytest.raises(StaleEditError) as refused:
            refused_save()
        assert str(refused.value).startswith(f"{admin.editor} changed this case at ")
        assert str(refused.value).endswith(REFUSAL_END)
        assert refused.value.current == saved
    assert records.case_record(second, case.id).idvas == (QUILL,)

    # Saved again from the version the refusal gave: over theirs, as the sentence says.
    records.allocate_idva(second, case.id, REED, TODAY, refused.value.current)
    kept = records.case_record(admin, case.id)
    assert [(i.name, i.ended_on) for i in kept.idvas] == [
        (QUILL.name, REED.allocated_on),
        (REED.name, None),
    ]


ADA = PersonDetails("Testvictim", "Ada", date_of_birth=date(1990, 4, 2))
FOUND = "saved a person who may be this one at "
FOUND_END = "; nothing you typed is lost — look at them below, then choose them or say again that "


def _people(ws: Workspace) -> int:
    return len(records.find_people(ws, "Testvictim Ada"))


@pytest.mark.both_engines
def test_a_new_person_added_since_the_search_is_offered_not_duplicated(
    admin: Workspace, second: Workspace
) -> None:
    assert people_matching.find_candidates(admin, ADA) == []
    assert people_matching.find_candidates(second, ADA) == []  # both searched: nobody yet
    records.open_case(admin, ADA, TODAY, shown=())

    with pytest.raises(NewCandidateError) as refused:
        records.open_case(second, ADA, TODAY, shown=())
    assert str(refused.value).startswith(f"{admin.editor} {FOUND}")
    assert FOUND_END in str(refused.value)
    assert _people(second) == 1
    [candidate] = people_matching.find_candidates(second, ADA)  # offered, found at once

    # Told, and still someone new: saved, since the one on record now was shown.
    records.open_case(second, ADA, TODAY, shown=(candidate.person.id,))
    assert _people(admin) == 2


@pytest.mark.both_engines
def test_a_person_added_to_a_case_is_checked_again_too(admin: Workspace, second: Workspace) -> None:
    case = records.open_case(admin, PersonDetails("Testvictim", "Bea"), TODAY)
    records.add_person_to_case(admin, case.id, ADA, PartyRole.PERPETRATOR, today=TODAY, shown=())
    with pytest.raises(NewCandidateError, match=f"^{admin.editor} {FOUND}"):
        records.add_person_to_case(second, case.id, ADA, PartyRole.CHILD, today=TODAY, shown=())
    assert [
        p.details.given_names for p in records.case_record(admin, case.id).people(PartyRole.CHILD)
    ] == []


@pytest.mark.both_engines
def test_two_desks_adding_one_new_person_at_once_leave_one(
    admin: Workspace, second: Workspace
) -> None:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def add(desk: Workspace) -> None:
        start.wait()
        try:
            records.open_case(desk, ADA, TODAY, shown=())
            outcomes.append("added")
        except NewCandidateError:
            outcomes.append("offered")

    threads = [threading.Thread(target=add, args=(desk,)) for desk in (admin, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "offered"]
    assert _people(admin) == 1
