"""The Cases page: search every case, open one, start a new referral, import and export."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.words import counted

from marac_desktop.ui import background
from marac_desktop.ui.cases.case_table_model import (
    COL_FAMILY_NAME,
    COL_GIVEN_NAMES,
    COL_REFERENCE,
    CaseTableModel,
)
from marac_desktop.ui.cases.case_view import CaseRead, CaseView, new_flags_text, read_case
from marac_desktop.ui.cases.new_referral_dialog import NewReferralDialog
from marac_desktop.ui.importing.bundle_files import export_bundle, import_bundle
from marac_desktop.ui.importing.csv_import_dialog import run_csv_import
from marac_desktop.ui.importing.sheet_import_dialog import run_sheet_import
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

INTRODUCTION = (
    "Every case on record. Search by the names of anyone in a case (victim, perpetrator or "
    "child, in any order), a case reference or a postcode, and open a case with "
    "a double-click or Enter to see its people and history."
)
SEARCH_DELAY_MS = 300
LIST = 0
CASE = 1
LOADING = "Loading cases…"
SEARCHING = "Searching…"


def count_text(model: CaseTableModel) -> str:
    if model.loading:
        return SEARCHING if model.search else LOADING
    total = model.total
    if model.search:
        found = (
            "No cases match"
            if not total
            else f"{counted(total, 'case')} {'matches' if total == 1 else 'match'}"
        )
        return f"{found} the search."
    if not total:
        return "There are no cases yet. Start with a new referral, or import a bundle."
    more = f" Showing the first {model.loaded:,}; scroll for more." if model.loaded < total else ""
    return f"{counted(total, 'case')}.{more}"


class CasesPage(Page):
    """``perpetrator_requested`` asks the window for a perpetrator's file (from the case)."""

    perpetrator_requested = Signal(int)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__("Cases", parent=parent)
        self._workspace = workspace
        self._today = today
        title = self.page_layout.itemAt(0)
        self._title = title.widget() if title is not None else None
        self.introduction = self.add_text(paragraph_label(INTRODUCTION))

        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search cases by name or reference")
        self.search_edit.setPlaceholderText(
            "Search by anyone's names in any order, case reference or postcode"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.new_referral_button = QPushButton("New referral…")
        self.import_button = QPushButton("Import…")
        self.import_menu = QMenu(self.import_button)
        self.import_bundle_action = QAction("JSON bundle…", self)
        self.import_csv_action = QAction("MARAC spreadsheet (CSV)…", self)
        self.import_menu.addAction(self.import_bundle_action)
        self.import_sheet_action = QAction("Tracking sheet (Excel or CSV, as it is)…", self)
        self.import_menu.addAction(self.import_sheet_action)
        self.import_menu.addAction(self.import_csv_action)
        self.import_button.setMenu(self.import_menu)
        self.export_button = QPushButton("Export bundle…")
        self.import_button.setVisible(workspace.can(Permission.IMPORT_RECORDS))
        self.export_button.setVisible(workspace.can(Permission.BACK_UP))
        self.count_label = muted_label()

        self.model = CaseTableModel(workspace, self)
        self.table = read_only_table(model=self.model)
        self.table.setAccessibleName("Cases")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_FAMILY_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_GIVEN_NAMES, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # sorts (and loads) once, by the indicator

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.new_referral_button)
        search_row.addWidget(self.import_button)
        search_row.addWidget(self.export_button)
        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(8)
        list_layout.addLayout(search_row)
        list_layout.addWidget(self.count_label)
        list_layout.addWidget(self.table, 1)

        self.case_view = CaseView(workspace, today=today)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_panel)
        self.stack.addWidget(self.case_view)
        self.page_layout.addWidget(self.stack, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._go_to_results = False

        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.table.activated.connect(self._on_table_activated)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.loading_changed.connect(self._update_count)
        self.model.reloaded.connect(self._on_model_reloaded)
        self.model.rowsInserted.connect(self._update_count)
        self.new_referral_button.clicked.connect(self._on_new_referral_button_clicked)
        self.import_bundle_action.triggered.connect(self._on_import_bundle_action_triggered)
        self.import_csv_action.triggered.connect(self._on_import_csv_action_triggered)
        self.import_sheet_action.triggered.connect(self._on_import_sheet_action_triggered)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.case_view.back_requested.connect(self._on_case_view_back_requested)
        self.case_view.perpetrator_requested.connect(self.perpetrator_requested)
        self._update_count()

    def refresh(self) -> None:
        if self.stack.currentIndex() == CASE:
            self.case_view.reload()
        else:
            self.model.reload()

    def open_case(self, case_id: CaseId, note: str = "") -> bool:
        """Read one case on the reading thread, then show it with ``note`` (a success), or say
        in one sentence why it cannot be; also used by other pages, such as the flag queue.

        True once the read has started; asking again before it ends opens the later case."""
        workspace = self._workspace

        def read(cases: CaseRead) -> None:
            self.case_view.show_case(cases)
            self.stack.setCurrentIndex(CASE)
            self._set_list_header_visible(False)
            if note:
                self.case_view.status.show_success(note)

        background.runner().load(
            (self, "case"),
            lambda _progress: read_case(workspace, case_id),
            read,
            failed=lambda error: show_user_error(self, error),
            owner=self,
        )
        return True

    def show_list(self) -> None:
        background.runner().stop_load((self, "case"))  # a case asked for and not yet shown
        self.case_view.clear()
        self.stack.setCurrentIndex(LIST)
        self._set_list_header_visible(True)
        self.table.setFocus()

    def _set_list_header_visible(self, visible: bool) -> None:
        if self._title is not None:
            self._title.setVisible(visible)
        self.introduction.setVisible(visible)

    def _update_count(self) -> None:
        self.count_label.setText(count_text(self.model))

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self.model.set_search(self.search_edit.text())
        self._update_count()

    def _on_search_edit_return_pressed(self) -> None:
        """Search now, without waiting, and go to the results (once they are in)."""
        self._search_timer.stop()
        self._go_to_results = True
        if self.model.search != " ".join(self.search_edit.text().split()):
            self.model.set_search(self.search_edit.text())
            self._update_count()
        elif not self.model.loading:
            self._on_model_reloaded()

    def _on_model_reloaded(self) -> None:
        self._update_count()
        if self._go_to_results and self.model.rowCount():
            self.table.setFocus()
            self.table.setCurrentIndex(self.model.index(0, COL_REFERENCE))
        self._go_to_results = False

    def _on_table_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_case(self.model.case_at(index.row()).id)

    def _on_model_load_failed(self, message: str) -> None:
        self.count_label.setText(message)

    def _on_new_referral_button_clicked(self) -> None:
        dialog = NewReferralDialog(self._workspace, self, self._today)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.case_id is None:
            return
        self.model.reload()
        note = "The referral has been saved."
        if dialog.new_flags:
            note += f" {new_flags_text(dialog.new_flags)}"
        self.open_case(dialog.case_id, note)

    def _on_import_bundle_action_triggered(self) -> None:
        import_bundle(self, self._workspace, lambda _summary: self.model.reload())

    def _on_import_sheet_action_triggered(self) -> None:
        run_sheet_import(self, self._workspace, self._today, self.model.reload)

    def _on_import_csv_action_triggered(self) -> None:
        if run_csv_import(self, self._workspace, self._today):
            self.model.reload()

    def _on_export_button_clicked(self) -> None:
        export_bundle(self, self._workspace)

    def _on_case_view_back_requested(self) -> None:
        self.show_list()
        self.model.reload()
