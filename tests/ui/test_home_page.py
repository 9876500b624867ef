"""Home in the window: each item is reached with Tab and opened with Enter, on its page with its
record chosen; Home reads again when it is shown again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from ui_support import IDVA, IDVA_PASSWORD, MadeDatabase, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from marac_desktop.domain.assessments import REASSESSMENT_DAYS, AssessmentId
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.risk import Answer
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import access, actions, assessments, meeting_list, meetings, records
from marac_desktop.services import users as users_service
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import bulk
from marac_desktop.storage.bulk import NewFlag

from marac_desktop.ui.actions.actions_page import ActionsPage
from marac_desktop.ui.assessment.assessments_page import AssessmentsPage
from marac_desktop.ui.flags.flags_page import FlagsPage
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.pages.home_page import HomePage
from marac_desktop.ui.widgets.work_item import WorkItem

TODAY = date.today()
HIGH = ReferralCriteria(visible_high_risk=True)


@dataclass(frozen=True)
class Seeded:
    draft_case: CaseId
    draft: AssessmentId
    due_case: CaseId
    meeting: MeetingId


def _seed(ws: Workspace) -> Seeded:
    """A draft, a case due a reassessment, a meeting with a case waiting and an overdue action,
    and repeat flags waiting: every section of an administrator's Home has work in it."""
    drafted = records.open_case(ws, PersonDetails("Adeyemi", "Grace"), today=TODAY).id
    draft = assessments.start(ws, drafted, TODAY, today=TODAY)
    due = records.open_case(ws, PersonDetails("Bianchi", "Lucia"), today=TODAY).id
    long_ago = TODAY - timedelta(days=REASSESSMENT_DAYS + 5)
    record = assessments.start(ws, due, long_ago, today=TODAY)
    answers = {f"q{n}": Answer.NO for n in range(1, 25)}
    main = record.main.__class__("dash", long_ago, answers)
    assessments.complete(ws, record.id, main, {}, today=TODAY)
    listed, waiting = (
        records.open_case(ws, PersonDetails(family, "Test"), today=TODAY).id
        for family in ("Cho", "Duarte")
    )
    for case_id in (listed, waiting):
        records.record_referral(ws, case_id, TODAY - timedelta(days=40), "Police", HIGH)
    ten = datetime.min.time().replace(hour=10)
    past = meetings.create_meeting(
        ws,
        datetime.combine(TODAY - timedelta(days=20), ten),
        "Hall",
        False,
        "Chair",
        "Leeds",
        today=TODAY - timedelta(days=30),
    )
    meeting_list.add_case(ws, past.id, listed)
    actions.add_action(ws, past.id, listed, "Police", "Visit", "PC Test", TODAY - timedelta(days=3))
    upcoming = meetings.create_meeting(
        ws, datetime.combine(TODAY + timedelta(days=14), ten), "Hall", False, "Chair", "York"
    )
    meetings.create_meeting(  # listed first on the Meetings page, the newest
        ws, datetime.combine(TODAY + timedelta(days=42), ten), "Hall", False, "Chair", "York"
    )
    with ws.transaction() as session:
        bulk.insert_flags(
            session,
            [NewFlag(f"home/{n}", FlagKind.REPEAT.value, listed, None, TODAY, "") for n in (1, 2)],
        )
    return Seeded(drafted, draft.id, due, upcoming.id)


@pytest.fixture
def seeded(admin_ws: Workspace) -> Seeded:
    return _seed(admin_ws)


@pytest.fixture
def window(qtbot: QtBot, admin_ws: Workspace, seeded: Seeded) -> Iterator[MainWindow]:
    window = MainWindow(admin_ws)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    wait_for_jobs()
    yield window
    window.discard()


def _home(window: MainWindow) -> HomePage:
    page = window.current_page()
    assert isinstance(page, HomePage)
    return page


def _open_with_keyboard(qtbot: QtBot, window: MainWindow, item: WorkItem) -> None:
    """From the navigation, Tab until the item has the focus, then Enter."""
    window.navigation.setFocus()
    for _ in range(40):
        if QApplication.focusWidget() is item:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is item, "Tab never reached the item"
    qtbot.keyClick(item, Qt.Key.Key_Return)
    wait_for_jobs()


def test_a_draft_opens_in_the_wizard(qtbot: QtBot, window: MainWindow, seeded: Seeded) -> None:
    item = _home(window).item("Resume the draft for ")
    assert "ADEYEMI, Grace" in item.text()
    _open_with_keyboard(qtbot, window, item)
    page = window.current_page()
    assert isinstance(page, AssessmentsPage)
    selected = page.selected_case()
    assert selected is not None and selected.id == seeded.draft_case
    assert page.wizard is not None and page.wizard.isVisible()
    assert page.wizard.record.id == seeded.draft
    page.wizard.reject()


def test_a_case_due_opens_selected_on_the_assessments_page(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    item = _home(window).item("Reassess ")
    assert "BIANCHI, Lucia" in item.text()
    _open_with_keyboard(qtbot, window, item)
    page = window.current_page()
    assert isinstance(page, AssessmentsPage)
    selected = page.selected_case()
    assert selected is not None and selected.id == seeded.due_case
    assert page.wizard is None and page.new_assessment_button.isEnabled()


@pytest.mark.parametrize("starting", ["Next meeting ", "1 referral waiting to be listed"])
def test_the_next_meeting_and_the_referrals_waiting_open_that_meeting(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, starting: str
) -> None:
    item = _home(window).item(starting)
    if starting.startswith("Next"):
        assert "York · Cut-off in " in item.text() and "0 cases listed" in item.text()
    _open_with_keyboard(qtbot, window, item)
    page = window.current_page()
    assert isinstance(page, MeetingsPage)
    assert page.selected_meeting_id() == seeded.meeting  # not the newest, not the one before


def test_overdue_actions_open_the_actions_page_filtered_to_overdue(
    qtbot: QtBot, window: MainWindow
) -> None:
    actions_page = window.pages["Actions"]
    assert isinstance(actions_page, ActionsPage)
    actions_page.set_filter(actions_page.status_combo, "Done")  # left so on an earlier visit
    item = _home(window).item("1 overdue action")
    assert item.warning
    _open_with_keyboard(qtbot, window, item)
    assert window.current_page() is actions_page
    assert actions_page.overdue_only()
    assert actions_page.count_label.text() == "1 action shown. 1 overdue."


def test_flags_of_a_kind_open_the_flags_page_on_that_kind(qtbot: QtBot, window: MainWindow) -> None:
    flags_page = window.pages["Flags"]
    assert isinstance(flags_page, FlagsPage)
    flags_page.set_status_filter("Any status")
    _open_with_keyboard(qtbot, window, _home(window).item("Repeat incident: 2 waiting for review"))
    assert window.current_page() is flags_page
    assert flags_page.kind_combo.currentText() == "Repeat incident"
    assert flags_page.status_combo.currentText() == "Waiting"
    assert flags_page.model.total == 2


@pytest.mark.parametrize(
    ("starting", "title"),
    [("No backup of this database has been made", "Backups"), ("1 account has never", "Users")],
)
def test_backups_and_accounts_open_their_pages(
    qtbot: QtBot,
    window: MainWindow,
    admin_ws: Workspace,
    starting: str,
    title: str,
) -> None:
    if title == "Users":
        users_service.add_user(admin_ws, "una.new", Role.IDVA, "orchard lantern phrase", "Una")
        window.refresh_page()
        wait_for_jobs()
    item = _home(window).item(starting)
    _open_with_keyboard(qtbot, window, item)
    assert window.current_page() is window.pages[title]


def test_home_reads_again_when_shown_again(
    window: MainWindow, admin_ws: Workspace, seeded: Seeded
) -> None:
    assessments.start(admin_ws, seeded.due_case, TODAY, today=TODAY)
    window.show_page("Cases")
    window.show_page("Home")
    wait_for_jobs()
    texts = [item.text() for item in _home(window).items]
    assert sum(text.startswith("Resume the draft for ") for text in texts) == 2
    assert not any(text.startswith("Reassess ") for text in texts)  # its draft is under way


def test_an_idva_sees_only_their_own_work(
    qtbot: QtBot, made_db: MadeDatabase, admin_ws: Workspace, seeded: Seeded
) -> None:
    users_service.add_user(admin_ws, IDVA, Role.IDVA, IDVA_PASSWORD, "Robin Idva")
    idva = access.unlock(made_db.path, IDVA, IDVA_PASSWORD)
    try:
        window = MainWindow(idva)
        qtbot.addWidget(window)
        window.show()
        wait_for_jobs()
        page = _home(window)
        headings = [label.text() for label in page.area.findChildren(QLabel)]
        assert "Your assessments" in headings
        assert not {"Meetings", "Flags", "Backups", "Accounts"} & set(headings)
        assert page.items == []  # the drafts and cases due are the administrator's
        window.discard()
    finally:
        idva.close()
