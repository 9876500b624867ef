"""Two desks with one case open, on the file and on a server: a change saved over the other's
newer one is refused in one sentence naming who and when, and theirs stays as they saved it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.domain.users import Role
from marac_desktop.errors import StaleEditError
from marac_desktop.services import records
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
