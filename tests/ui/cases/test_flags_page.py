from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from cases_support import click, referred_case
from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import ROLE_PERMISSIONS, Permission
from marac_desktop.domain.records import FlagStatus, IncidentKind, PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import access, flags, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.flags.flag_table_model import (
    COL_ABOUT,
    COL_KIND,
    COL_REVIEW,
    COL_STATUS,
    FlagTableModel,
    QueueFilter,
)
from marac_desktop.ui.flags.flags_page import NOT_ALLOWED, REFERENCES_ONLY, FlagsPage
from marac_desktop.ui.flags.review_dialog import REASON_REQUIRED, ReviewDialog

if TYPE_CHECKING:
    from pytestqt.modeltest import ModelTester

TODAY = date.today()
MAREK = PersonDetails("Kowalski", "Marek")


def _flagged_cases(workspace: Workspace) -> list[int]:
    """Two repeat flags, and a serial-perpetrator flag on the person shared by both cases."""
    ids = []
    perpetrator = None
    for family, given in (("Nowak", "Anna"), ("Begum", "Fatima")):
        case = referred_case(
            workspace, PersonDetails(family, given), referral_day=TODAY - timedelta(days=90)
        )
        person = perpetrator or MAREK
        added = records.add_person_to_case(workspace, case.id, person, PartyRole.PERPETRATOR)
        perpetrator = added.id  # type: ignore[assignment]
        records.record_incident(
            workspace, case.id, TODAY - timedelta(days=10), IncidentKind.THREATS, "Police", True
        )
        flags.refresh(workspace, case.id)
        ids.append(int(case.id))
    return ids


def _page(qtbot: QtBot, workspace: Workspace) -> FlagsPage:
    page = FlagsPage(workspace)
    page.refresh()  # as the main window does when the page is shown
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    wait_for_jobs()
    return page


def _row_of(page: FlagsPage, about: str, kind: str) -> int:
    for row in range(page.model.rowCount()):
        if (
            page.model.index(row, COL_ABOUT).data() == about
            and page.model.index(row, COL_KIND).data() == kind
        ):
            return row
    raise AssertionError((about, kind))


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, admin_ws: Workspace) -> None:
    _flagged_cases(admin_ws)
    model = FlagTableModel(admin_ws)
    qtmodeltester.check(model)
    model.set_filter(QueueFilter())
    wait_for_jobs()
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    model.sort(COL_KIND, Qt.SortOrder.AscendingOrder)
    wait_for_jobs()
    qtmodeltester.check(model)


def test_lists_open_flags_in_plain_words(qtbot: QtBot, admin_ws: Workspace) -> None:
    first, second = _flagged_cases(admin_ws)
    page = _page(qtbot, admin_ws)
    reference = records.case_record(admin_ws, first).reference  # type: ignore[arg-type]
    assert page.model.rowCount() == 3
    row = _row_of(page, f"Case {reference}", "Repeat incident")
    assert page.model.index(row, COL_STATUS).data() == "Waiting for review"
    second_reference = records.case_record(admin_ws, second).reference  # type: ignore[arg-type]
    _row_of(
        page,
        f"{MAREK.display_name} (person), raised on case {second_reference}",
        "Serial perpetrator",
    )
    assert page.count_label.text() == "3 flags waiting for review."
    assert not page.confirm_button.isEnabled()
    page.table.selectRow(row)
    assert page.confirm_button.isEnabled() and page.dismiss_button.isEnabled()
    with qtbot.waitSignal(page.case_requested) as opened:
        click(qtbot, page.open_case_button)
    assert opened.args == [first]


def test_confirm_needs_a_reason(qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable) -> None:
    first, _second = _flagged_cases(admin_ws)
    page = _page(qtbot, admin_ws)
    reference = records.case_record(admin_ws, first).reference  # type: ignore[arg-type]
    page.table.selectRow(_row_of(page, f"Case {reference}", "Repeat incident"))
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ReviewDialog)
        seen["title"] = dialog.windowTitle()
        click(qtbot, dialog.review_button)
        seen["empty"] = (dialog.status.text(), dialog.isVisible())
        qtbot.keyClicks(dialog.reason_edit, "   ")
        click(qtbot, dialog.review_button)
        seen["blank"] = dialog.status.text()
        qtbot.keyClicks(dialog.reason_edit, "Threats after the referral; back to MARAC.")
        click(qtbot, dialog.review_button)

    answer_modal(fill)
    click(qtbot, page.confirm_button)
    wait_for_jobs()
    assert seen["title"] == "Confirm flag"
    assert seen["empty"] == (REASON_REQUIRED, True)
    assert seen["blank"] == REASON_REQUIRED
    confirmed = [f for f in flags.queue(admin_ws, True) if f.status is FlagStatus.CONFIRMED]
    assert [(f.case_id, f.review_reason) for f in confirmed] == [
        (first, "Threats after the referral; back to MARAC.")
    ]
    assert page.model.rowCount() == 2
    assert "was confirmed" in page.status.text()
    page.set_status_filter("Any status")
    wait_for_jobs()
    assert page.model.rowCount() == 3
    row = _row_of(page, f"Case {reference}", "Repeat incident")
    assert page.model.index(row, COL_STATUS).data() == "Confirmed"
    page.table.selectRow(row)
    assert not page.confirm_button.isEnabled()  # already reviewed


def test_dismiss_with_a_reason_and_cancel_without(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    _first, second = _flagged_cases(admin_ws)
    page = _page(qtbot, admin_ws)
    reference = records.case_record(admin_ws, second).reference  # type: ignore[arg-type]
    about = f"{MAREK.display_name} (person), raised on case {reference}"
    page.table.selectRow(_row_of(page, about, "Serial perpetrator"))

    def give_up(dialog: QDialog) -> None:
        assert isinstance(dialog, ReviewDialog)
        click(qtbot, dialog.review_button)
        assert dialog.status.text() == REASON_REQUIRED
        dialog.reject()

    answer_modal(give_up)
    click(qtbot, page.dismiss_button)
    wait_for_jobs()
    assert all(f.status is FlagStatus.OPEN for f in flags.queue(admin_ws, True))

    def dismiss(dialog: QDialog) -> None:
        assert isinstance(dialog, ReviewDialog) and dialog.windowTitle() == "Dismiss flag"
        qtbot.keyClicks(dialog.reason_edit, "Two different men with the same name.")
        click(qtbot, dialog.review_button)

    answer_modal(dismiss)
    click(qtbot, page.dismiss_button)
    wait_for_jobs()
    dismissed = [f for f in flags.queue(admin_ws, True) if f.status is FlagStatus.DISMISSED]
    assert [f.kind for f in dismissed] == ["serial_perpetrator"]
    assert dismissed[0].review_reason == "Two different men with the same name."
    assert page.count_label.text() == "2 flags waiting for review."


def test_roles_without_review_see_a_plain_sentence(qtbot: QtBot, idva_ws: Workspace) -> None:
    page = _page(qtbot, idva_ws)
    assert page.not_allowed_label.text() == NOT_ALLOWED
    assert not page.table.isVisible() and not page.confirm_button.isVisible()
    page.refresh()  # never asks the service, which would refuse


def _notice_case(workspace: Workspace) -> int:
    """A referral 370 days ago (a 12-month notice) and threats since (a repeat flag)."""
    case = referred_case(
        workspace, PersonDetails("Okafor", "Ada"), referral_day=TODAY - timedelta(days=370)
    )
    records.record_incident(
        workspace, case.id, TODAY - timedelta(days=10), IncidentKind.THREATS, "Police", True
    )
    flags.refresh(workspace, case.id)
    return int(case.id)


def test_notices_are_acknowledged_in_one_action(qtbot: QtBot, admin_ws: Workspace) -> None:
    _notice_case(admin_ws)
    page = _page(qtbot, admin_ws)
    assert page.count_label.text() == "1 flag waiting for review · 1 notice to acknowledge."
    assert page.model.rowCount() == 1  # flags to review, without the notice
    assert page.model.index(0, COL_KIND).data() == "Repeat incident"
    page.set_kind_filter("12-month notices")
    wait_for_jobs()
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.acknowledge_button.isEnabled() and page.note_edit.isEnabled()
    assert not page.confirm_button.isEnabled() and not page.dismiss_button.isEnabled()
    qtbot.keyClicks(page.note_edit, "Partners told the case has lapsed.")
    click(qtbot, page.acknowledge_button)
    wait_for_jobs()
    assert page.status.text() == "The 12-month notice was acknowledged."
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "1 flag waiting for review."
    page.set_status_filter("Acknowledged")
    wait_for_jobs()
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    reviewed = page.model.index(0, COL_REVIEW).data()
    assert reviewed.startswith("Acknowledged by admin on ")
    assert reviewed.endswith(": Partners told the case has lapsed.")
    assert page.review_label.text() == reviewed
    assert not page.acknowledge_button.isEnabled()


def test_the_reviewer_and_reason_are_shown(qtbot: QtBot, admin_ws: Workspace) -> None:
    case_id = _notice_case(admin_ws)
    (repeat,) = flags.queue(admin_ws, kinds=[FlagKind.REPEAT])
    flags.review(admin_ws, repeat.id, confirm=True, reason="Threats since; back to MARAC.")
    page = _page(qtbot, admin_ws)
    page.set_status_filter("Confirmed")
    wait_for_jobs()
    assert page.model.rowCount() == 1
    assert page.model.index(0, COL_REVIEW).data() == (
        f"Confirmed by admin on {day_text(date.today())}: Threats since; back to MARAC."
    )
    page.set_status_filter("Any status")
    wait_for_jobs()
    page.set_kind_filter("Everything")
    wait_for_jobs()
    assert page.model.rowCount() == 2
    assert page.shown_label.text() == "Showing 2 flags"
    page.table.selectRow(0)
    assert page.chosen_case() == case_id


def test_roles_that_may_not_open_cases_see_references_only(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _flagged_cases(admin_ws)
    references = [records.case_record(admin_ws, c).reference for c in (first, second)]  # type: ignore[arg-type]
    users.add_user(admin_ws, "sam.lead", Role.SAFEGUARDING_LEAD, "copper meadow lantern")
    without = ROLE_PERMISSIONS[Role.SAFEGUARDING_LEAD] - {Permission.MANAGE_CASES}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.SAFEGUARDING_LEAD, without)
    lead = access.unlock(made_db.path, "sam.lead", "copper meadow lantern")
    try:
        page = _page(qtbot, lead)
        page.set_kind_filter("Serial perpetrator")
        wait_for_jobs()
        page.table.selectRow(0)
        listed = [page.cases_list.item(i).text() for i in range(page.cases_list.count())]
        assert [text.split(" · ")[0] for text in listed] == references
        assert page.cases_note.text() == REFERENCES_ONLY
        assert page.chosen_case() is None and not page.open_case_button.isEnabled()
    finally:
        lead.close()
