"""Correcting an action's text, who is doing it and its due date: checked as a new action is,
kept in the history field by field, refused over someone else's newer change, audited."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.meetings import Action, ActionField, ActionStatus, MeetingId
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError, StaleEditError
from marac_desktop.services import actions, audit
from marac_desktop.services.workspace import Workspace
from tests.conftest import SignIn, add_user
from tests.storage.test_actions import FIRST, _heard_case

DUE = date(2026, 3, 26)


def _action(ws: Workspace) -> tuple[MeetingId, int, Action]:
    meeting_id, case_id, _ = _heard_case(ws)
    action = actions.add_action(
        ws, meeting_id, case_id, "Housing", "Fit a door alarm", "J. Officer", DUE
    )
    return meeting_id, case_id, action


@pytest.mark.both_engines
def test_a_correction_keeps_each_changed_field_before_and_after(admin: Workspace) -> None:
    _, _, action = _action(admin)
    edited = actions.edit_action(
        admin, action.id, "Fit a door alarm and a light", "J. Officer", date(2026, 4, 2)
    )
    assert (edited.what, edited.who, edited.due) == (
        "Fit a door alarm and a light",
        "J. Officer",
        date(2026, 4, 2),
    )
    again = actions.get_action(admin, action.id)
    assert (again.what, again.due, again.version) == (edited.what, edited.due, edited.version)
    assert edited.version == action.version + 1
    assert [(e.field, e.old, e.new, e.by) for e in again.edits] == [
        (ActionField.WHAT, "Fit a door alarm", "Fit a door alarm and a light", "admin"),
        (ActionField.DUE, "2026-03-26", "2026-04-02", "admin"),
    ]
    assert [c.status for c in again.history] == [ActionStatus.OPEN]  # statuses apart
    actions.edit_action(admin, action.id, who="P. Officer")
    assert [e.field for e in actions.get_action(admin, action.id).edits][-1] is ActionField.WHO

    entries = [e for e in audit.recent_entries(admin) if e.target_type == "action"]
    corrections = [e.detail for e in entries if e.action == AuditAction.CHANGE.value]
    assert corrections == ["corrected who", "corrected what, due"]  # newest first, no words
    assert all("Officer" not in e.detail and "alarm" not in e.detail for e in entries)


@pytest.mark.both_engines
def test_a_correction_is_checked_as_a_new_action_is(admin: Workspace) -> None:
    meeting_id, case_id, action = _action(admin)
    before_meeting = FIRST.date().replace(day=FIRST.day - 1)
    with pytest.raises(InvalidInputError) as refused_new:
        actions.add_action(admin, meeting_id, case_id, "Police", "Visit", "PC A", before_meeting)
    refusals = {
        "Enter what the agency will do.": {"what": "  "},
        "Enter the person responsible.": {"who": ""},
        str(refused_new.value): {"due": before_meeting},
        actions.NOTHING_CHANGED: {"what": " Fit a door alarm ", "due": DUE},
    }
    for sentence, change in refusals.items():
        with pytest.raises(InvalidInputError) as refused:
            actions.edit_action(admin, action.id, **change)
        assert str(refused.value) == sentence
    assert "before the meeting" in str(refused_new.value)
    with pytest.raises(InvalidInputError, match="longer than 2000"):
        actions.edit_action(admin, action.id, "x" * 2001)
    unchanged = actions.get_action(admin, action.id)
    assert unchanged.edits == () and unchanged.version == action.version
    on_the_day = actions.edit_action(admin, action.id, due=FIRST.date())
    assert on_the_day.due == FIRST.date()


@pytest.mark.both_engines
def test_a_correction_from_an_older_reading_is_refused_in_one_sentence(
    admin: Workspace, sign_in: SignIn
) -> None:
    _, _, action = _action(admin)
    cora = sign_in("cora", add_user(admin, "cora", Role.COORDINATOR))
    seen = actions.get_action(admin, action.id)
    theirs = actions.get_action(cora, action.id)
    actions.edit_action(cora, action.id, who="P. Officer", version=theirs.version)

    with pytest.raises(StaleEditError) as refused:
        actions.edit_action(admin, action.id, due=date(2026, 4, 9), version=seen.version)
    sentence = str(refused.value)
    assert sentence.startswith("cora changed this action at ")
    assert sentence.endswith("your changes are still here — look at theirs, then save again.")
    now = actions.get_action(admin, action.id)
    assert (now.who, now.due) == ("P. Officer", DUE) and len(now.edits) == 1

    # A status change moves the version on too: a correction read before it is refused.
    actions.set_status(cora, action.id, ActionStatus.DONE, version=now.version)
    with pytest.raises(StaleEditError):
        actions.edit_action(admin, action.id, due=date(2026, 4, 9), version=now.version)
    # Told, read again, and saved over the version now: it goes in.
    current = actions.get_action(admin, action.id).version
    saved = actions.edit_action(admin, action.id, due=date(2026, 4, 9), version=current)
    assert saved.due == date(2026, 4, 9) and saved.who == "P. Officer"


def test_only_those_who_manage_meetings_may_correct(admin: Workspace, sign_in: SignIn) -> None:
    _, _, action = _action(admin)
    ivy = sign_in("ivy", add_user(admin, "ivy", Role.IDVA))
    with pytest.raises(PermissionDeniedError):
        actions.edit_action(ivy, action.id, what="Nothing")
    assert actions.get_action(admin, action.id).edits == ()
