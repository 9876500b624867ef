"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.permissions import Permission
from marac_desktop.services import demo, settings

from marac_desktop.ui import background, style
from marac_desktop.ui.actions.actions_page import ActionsPage
from marac_desktop.ui.assessment.assessments_page import AssessmentsPage
from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.cases.people_page import PeoplePage
from marac_desktop.ui.change_watcher import ChangeWatcher
from marac_desktop.ui.dialogs.about_dialog import AboutDialog
from marac_desktop.ui.dialogs.change_password_dialog import ChangePasswordDialog
from marac_desktop.ui.flags.flags_page import FlagsPage
from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.pages.audit_page import AuditPage
from marac_desktop.ui.pages.backups_page import BackupsPage
from marac_desktop.ui.pages.home_page import HomePage, role_label
from marac_desktop.ui.pages.home_work import (
    Destination,
    OpenAssessments,
    OpenDraft,
    OpenFlags,
    OpenMeeting,
    OpenOverdueActions,
    OpenPage,
)
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.pages.settings_page import SettingsPage
from marac_desktop.ui.pages.users_page import UsersPage
from marac_desktop.ui.perpetrators.perpetrators_page import PerpetratorsPage
from marac_desktop.ui.reports.reports_page import ReportsPage
from marac_desktop.ui.widgets.job_panel import JobPanel

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

PAGE_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1
WORK_PAGES: dict[str, Callable[[Workspace], Page]] = {
    "Cases": CasesPage,
    "People": PeoplePage,
    "Assessments": AssessmentsPage,
    "Meetings": MeetingsPage,
    "Actions": ActionsPage,
    "Flags": FlagsPage,
    "Perpetrators": PerpetratorsPage,
    "Reports": ReportsPage,
}
ADMINISTRATION = "Administration"
OTHERS_CHANGED = "Someone else has saved a change since this page was read: press F5 to see it."


def status_text(workspace: Workspace) -> str:
    return f"Signed in as {workspace.actor} ({role_label(workspace)}) · {workspace.location}"


class MainWindow(QMainWindow):
    """Built for one signed-in workspace; ``discard()`` tears down every page on lock."""

    lock_requested = Signal()
    quit_requested = Signal()
    idle_lock_minutes_changed = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._discarded = False
        settings.use_date_style(workspace)  # before any page shows a day
        self.setWindowTitle(style.APP_NAME)
        self.resize(1100, 720)
        self.setMinimumSize(820, 560)

        self.navigation = QListWidget()
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setSpacing(1)
        self.navigation.setObjectName("navigation")
        self.navigation.setStyleSheet(
            "#navigation { background: palette(window); border: 2px solid transparent;"
            " border-right: 1px solid palette(mid); padding-top: 8px; outline: 0; }"
            " #navigation:focus { border-color: palette(highlight); }"
            " #navigation::item { padding: 7px 14px; border: none; }"
            " #navigation::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.pages: dict[str, Page] = {}
        self.settings_page = SettingsPage(workspace)
        self.home_page = HomePage(workspace)
        self._add_page("Home", self.home_page)
        for title, make in WORK_PAGES.items():
            self._add_page(title, make(workspace))
        self._add_page("Settings", self.settings_page)
        admin_pages: list[tuple[str, Page]] = []
        if workspace.can(Permission.MANAGE_USERS):
            admin_pages.append(("Users", UsersPage(workspace)))
        if workspace.can(Permission.BACK_UP):
            admin_pages.append(("Backups", BackupsPage(workspace)))
        if workspace.can(Permission.VIEW_AUDIT_LOG):
            admin_pages.append(("Audit log", AuditPage(workspace)))
        if admin_pages:
            self._add_section_header(ADMINISTRATION)
            for title, page in admin_pages:
                self._add_page(title, page)

        self._fit_navigation()
        self.demo_label = QLabel(demo.DEMO_NOTICE if demo.is_demo_database(workspace) else "")
        self.demo_label.setStyleSheet("font-weight: bold; color: palette(highlight);")
        self.demo_label.setContentsMargins(8, 2, 8, 2)
        self.demo_label.setVisible(bool(self.demo_label.text()))
        self.statusBar().addWidget(self.demo_label)
        self.status_label = QLabel(status_text(workspace))
        self.status_label.setContentsMargins(8, 2, 12, 2)
        # A refused job is explained where it was asked for (the page's status line or a box).
        self.job_panel = JobPanel(background.runner(), show_refusals=False)
        self.changes_label = QLabel(OTHERS_CHANGED)
        self.changes_label.setContentsMargins(8, 2, 8, 2)
        self.changes_label.setVisible(False)
        self.statusBar().addPermanentWidget(self.changes_label)
        self.statusBar().addPermanentWidget(self.job_panel)
        self.statusBar().addPermanentWidget(self.status_label)
        background.runner().changed.connect(self._on_runner_changed)
        self.statusBar().setSizeGripEnabled(False)
        self._build_menus()

        self.navigation.currentItemChanged.connect(self._on_navigation_current_item_changed)
        flags_page = self.pages["Flags"]
        assert isinstance(flags_page, FlagsPage)
        flags_page.case_requested.connect(self._on_flags_page_case_requested)
        people_page = self.pages["People"]
        assert isinstance(people_page, PeoplePage)
        people_page.case_requested.connect(self._on_people_page_case_requested)
        flags_page.perpetrator_requested.connect(self.open_perpetrator)
        cases_page = self.pages["Cases"]
        assert isinstance(cases_page, CasesPage)
        cases_page.perpetrator_requested.connect(self.open_perpetrator)
        perpetrators_page = self.pages["Perpetrators"]
        assert isinstance(perpetrators_page, PerpetratorsPage)
        perpetrators_page.case_requested.connect(self._on_flags_page_case_requested)
        self.settings_page.idle_lock_minutes_changed.connect(self.idle_lock_minutes_changed)
        self.home_page.open_requested.connect(self.open_work)
        self.navigation.setCurrentRow(0)
        self.change_watcher = ChangeWatcher(workspace, parent=self)
        self.change_watcher.others_changed.connect(self._on_change_watcher_others_changed)
        self.change_watcher.start()
        background.keep_long_lived(collect_first=True)

    def _fit_navigation(self) -> None:
        titles = self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth()
        room = titles + self.navigation.verticalScrollBar().sizeHint().width()
        self.navigation.setFixedWidth(max(style.SIDEBAR_WIDTH, room))

    def _add_page(self, title: str, page: Page) -> None:
        index = self.stack.addWidget(page)
        item = QListWidgetItem(title)
        item.setData(PAGE_INDEX_ROLE, index)
        self.navigation.addItem(item)
        item.setHidden(not page.allowed)
        self.pages[title] = page

    def _add_section_header(self, title: str) -> None:
        item = QListWidgetItem(title.upper())
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setPointSizeF(style.base_point_size() * 0.8)
        font.setBold(True)
        item.setFont(font)
        self.navigation.addItem(item)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self._on_lock_action_triggered)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self._on_quit_action_triggered)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        account_menu = self.menuBar().addMenu("&Account")
        self.change_password_action = QAction("&Change my password…", self)
        self.change_password_action.setEnabled(self._workspace.user is not None)
        self.change_password_action.triggered.connect(self._on_change_password_action_triggered)
        account_menu.addAction(self.change_password_action)
        view_menu = self.menuBar().addMenu("&View")
        self.refresh_action = QAction("&Refresh this page", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self._on_refresh_action_triggered)
        view_menu.addAction(self.refresh_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About…", self)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        help_menu.addAction(self.about_action)

    def page_titles(self) -> list[str]:
        return list(self.pages)

    def _on_people_page_case_requested(self, case_id: int) -> None:
        self._on_flags_page_case_requested(case_id)

    def _on_flags_page_case_requested(self, case_id: int) -> None:
        cases_page = self.show_page("Cases")
        assert isinstance(cases_page, CasesPage)
        cases_page.open_case(CaseId(case_id))

    def open_perpetrator(self, person_id: int) -> None:
        """Show a perpetrator's file on the Perpetrators page (from a flag or a case)."""
        page = self.show_page("Perpetrators")
        assert isinstance(page, PerpetratorsPage)
        page.open_perpetrator(PersonId(person_id))

    def open_work(self, destination: Destination) -> None:
        """Show the page a Home item leads to, with its record chosen."""
        if isinstance(destination, OpenDraft):
            assessments_page = self.show_page("Assessments")
            assert isinstance(assessments_page, AssessmentsPage)
            assessments_page.open_assessment(destination.case_id, destination.assessment_id)
        elif isinstance(destination, OpenAssessments):
            assessments_page = self.show_page("Assessments")
            assert isinstance(assessments_page, AssessmentsPage)
            if destination.case_id is not None:
                assessments_page.select_case(destination.case_id)
        elif isinstance(destination, OpenMeeting):
            meetings_page = self.show_page("Meetings")
            assert isinstance(meetings_page, MeetingsPage)
            if destination.meeting_id is not None:
                meetings_page.refresh(select=destination.meeting_id)
        elif isinstance(destination, OpenOverdueActions):
            actions_page = self.show_page("Actions")
            assert isinstance(actions_page, ActionsPage)
            actions_page.show_overdue()
        elif isinstance(destination, OpenFlags):
            flags_page = self.show_page("Flags")
            assert isinstance(flags_page, FlagsPage)
            flags_page.show_waiting(destination.kind_choice)
        else:
            assert isinstance(destination, OpenPage)
            self.show_page(destination.title)

    def show_page(self, title: str) -> Page:
        for row in range(self.navigation.count()):
            if self.navigation.item(row).text() == title:
                self.navigation.setCurrentRow(row)
                return self.pages[title]
        raise KeyError(title)

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def _on_runner_changed(self) -> None:
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(not background.runner().exclusive)

    def discard(self) -> None:
        """Stop any background job, remove every page and shown value, then delete the window."""
        self._discarded = True
        self.change_watcher.stop()
        background.runner().forget()
        background.release_long_lived()
        self.status_label.clear()
        central = self.takeCentralWidget()
        if central is not None:
            central.hide()
            central.setParent(None)
            central.deleteLater()
        self.pages.clear()
        self.hide()
        self.deleteLater()

    def _on_navigation_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        index = current.data(PAGE_INDEX_ROLE)
        if not isinstance(index, int):
            return
        self.stack.setCurrentIndex(index)
        self.refresh_page()

    def refresh_page(self) -> None:
        """Read the page shown again, with whatever anyone has changed."""
        self.changes_label.setVisible(False)
        self.current_page().refresh()

    def _on_change_watcher_others_changed(self) -> None:
        """Someone else's change: a window in the background reads it at once; one in use says
        so, and F5 (or coming back to the window) reads it when the person is ready."""
        if not self.isActiveWindow() and QApplication.activeModalWidget() is None:
            self.refresh_page()
        else:
            self.changes_label.setVisible(True)

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.changes_label.isVisible()
        ):
            self.refresh_page()

    def _on_refresh_action_triggered(self) -> None:
        self.refresh_page()

    def _on_lock_action_triggered(self) -> None:
        self.lock_requested.emit()

    def _on_quit_action_triggered(self) -> None:
        self.quit_requested.emit()

    def _on_change_password_action_triggered(self) -> None:
        dialog = ChangePasswordDialog(self._workspace, self)
        if dialog.exec() == ChangePasswordDialog.DialogCode.Accepted:
            self.statusBar().showMessage("Your password has been changed.", 8000)

    def _on_about_action_triggered(self) -> None:
        AboutDialog(self).exec()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._discarded:
            self.quit_requested.emit()
        event.accept()
