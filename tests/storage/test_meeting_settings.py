"""The meeting settings: saved by the coordinators who run the meetings (on the file and through
the server's own grants alike), refused to other roles, each limit one sentence, and every save
in the audit log with what it changed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission, allows
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import audit
from marac_desktop.services.meeting_settings import (
    RANGES,
    RESEARCH_FIELD_LABELS,
    RESEARCH_FIELDS,
    WRITER,
    MeetingSettings,
    default_meeting_settings,
    load_meeting_settings,
    save_meeting_settings,
)
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.server_roles import SETTING_WRITERS
from tests.conftest import SignIn, add_user

pytestmark = pytest.mark.both_engines


def _signed_in(admin: Workspace, sign_in: SignIn, role: Role) -> Workspace:
    name = f"{role.value.replace('_', '.')}.one"
    return sign_in(name, add_user(admin, name, role))


def _saved(admin: Workspace) -> list[str]:
    return [
        f"{e.actor}: {e.detail}"
        for e in audit.recent_entries(admin)
        if e.action == AuditAction.SETTING_CHANGED and e.target_id == "meeting_settings"
    ]


def test_the_coordinators_who_run_the_meetings_save_them_and_everyone_reads_them(
    admin: Workspace, sign_in: SignIn
) -> None:
    assert WRITER is Permission.MANAGE_MEETINGS is SETTING_WRITERS["meeting_settings"]
    assert [r for r in Role if allows(r, WRITER)] == [Role.COORDINATOR, Role.ADMIN]
    coordinator = _signed_in(admin, sign_in, Role.COORDINATOR)
    idva = _signed_in(admin, sign_in, Role.IDVA)
    wanted = replace(
        load_meeting_settings(coordinator),
        cutoff_working_days=3,
        protective_marking="OFFICIAL",
        agencies=("police", "housing"),
    )
    save_meeting_settings(coordinator, wanted)
    assert load_meeting_settings(idva) == wanted
    assert _saved(admin) == [
        "coordinator.one: protective_marking, cutoff_working_days 5->3, agencies"
    ]


@pytest.mark.parametrize("role", [Role.IDVA, Role.SAFEGUARDING_LEAD])
def test_other_roles_are_refused_and_nothing_changes(
    admin: Workspace, sign_in: SignIn, role: Role
) -> None:
    other = _signed_in(admin, sign_in, role)
    before = load_meeting_settings(other)
    with pytest.raises(PermissionDeniedError):
        save_meeting_settings(other, replace(before, cutoff_working_days=1))
    assert load_meeting_settings(admin) == before
    assert _saved(admin) == []


@pytest.mark.parametrize("name", list(RANGES))
def test_each_number_is_kept_to_its_range_in_one_sentence(admin: Workspace, name: str) -> None:
    low, high = RANGES[name]
    start = load_meeting_settings(admin)
    for value in (low - 1, high + 1):
        with pytest.raises(InvalidInputError) as refused:
            save_meeting_settings(admin, replace(start, **{name: value}))
        message = str(refused.value)
        assert f"{low}" in message and f"{high}" in message and message.endswith(".")
        assert message.count(".") == 1
    assert load_meeting_settings(admin) == start
    for value in (low, high):
        save_meeting_settings(admin, replace(start, **{name: value}))
        assert getattr(load_meeting_settings(admin), name) == value


def test_what_cannot_be_saved_is_refused_in_a_sentence(admin: Workspace) -> None:
    start = load_meeting_settings(admin)
    for bad, sentence in (
        (replace(start, protective_marking="  "), "Enter the protective marking."),
        (replace(start, confidentiality_statement=""), "Enter the confidentiality statement."),
        (replace(start, agencies=()), "Choose at least one agency to ask to research."),
        (replace(start, research_fields=("names", "shoe_size")), "cannot show shoe_size"),
        (replace(start, agencies=("police", "Fire brigade")), "not in the agency list"),
    ):
        with pytest.raises(InvalidInputError, match=sentence):
            save_meeting_settings(admin, bad)
    assert load_meeting_settings(admin) == start
    assert _saved(admin) == []


def test_the_fields_keep_the_list_order_and_an_agency_is_asked_once(admin: Workspace) -> None:
    start = load_meeting_settings(admin)
    asked = ("housing", "Police", "housing")
    save_meeting_settings(admin, replace(start, research_fields=("phone", "names"), agencies=asked))
    stored = load_meeting_settings(admin)
    assert stored.research_fields == ("names", "phone")
    assert stored.agencies == ("housing", "police")
    assert set(RESEARCH_FIELD_LABELS) == set(RESEARCH_FIELDS)
    assert RESEARCH_FIELD_LABELS["date_of_birth"] == "Date of birth"


def test_the_defaults_are_the_dataclass_with_the_areas_research_agencies(
    admin: Workspace,
) -> None:
    defaults = default_meeting_settings(admin)
    assert replace(defaults, agencies=()) == MeetingSettings()
    assert defaults.agencies[:2] == ("police", "idva")
    assert load_meeting_settings(admin) == defaults
    save_meeting_settings(admin, replace(defaults, cutoff_working_days=9, agencies=("housing",)))
    assert default_meeting_settings(admin) == defaults
