"""The Flags page: safeguarding leads confirm or dismiss each flag, with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QWidget,
)

from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import FlagStatus
from marac_desktop.errors import UserFacingError
from marac_desktop.services import flags

from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.words import flag_words
from marac_desktop.ui.flags.flag_labels import about_labels
from marac_desktop.ui.flags.flag_table_model import (
    COL_ABOUT,
    COL_EVIDENCE,
    COL_KIND,
    COL_RAISED,
    COL_STATUS,
    SORT_ROLE,
    FlagRow,
    FlagTableModel,
)
from marac_desktop.ui.flags.review_dialog import ReviewDialog
from marac_desktop.ui.models.table_selection import select_row_where, selected_row
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.text import StatusLabel, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

INTRODUCTION = (
    "Repeat, escalation, serial-perpetrator and 12-month flags raised from the records. Confirm "
    "or dismiss each one with a reason; the decision and the reason are kept with the flag."
)
NOT_ALLOWED = (
    "Only safeguarding leads and administrators review flags. Flags on a case are shown on "
    "the case itself."
)


class FlagsPage(Page):
    """``case_requested`` asks the window to open a case (wire it to the Cases page)."""

    case_requested = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Flags", parent=parent)
        self._workspace = workspace
        self.allowed = workspace.can(Permission.REVIEW_FLAGS)
        self.model = FlagTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.show_reviewed_checkbox = QCheckBox("Show reviewed flags too")
        self.count_label = muted_label()
        self.confirm_button = QPushButton("Confirm…")
        self.dismiss_button = QPushButton("Dismiss…")
        self.open_case_button = QPushButton("Open case")
        self.status = StatusLabel()
        if not self.allowed:
            self.not_allowed_label = self.add_refusal(NOT_ALLOWED)
            return
        self.add_text(paragraph_label(INTRODUCTION))
        self._build_table()
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.show_reviewed_checkbox)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_case_button)
        self.page_layout.addLayout(top)
        self.page_layout.addWidget(self.table, 1)
        self.page_layout.addWidget(self.status)
        self.page_layout.addLayout(buttons)
        self.show_reviewed_checkbox.toggled.connect(self._on_show_reviewed_checkbox_toggled)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_button_clicked)
        self.open_case_button.clicked.connect(self._on_open_case_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    def _build_table(self) -> None:
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_RAISED, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in (COL_KIND, COL_ABOUT, COL_RAISED, COL_STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EVIDENCE, QHeaderView.ResizeMode.Stretch)

    def refresh(self) -> None:
        if not self.allowed:
            return
        selected = self.selected()
        try:
            with busy_cursor():
                found = flags.queue(self._workspace, self.show_reviewed_checkbox.isChecked())
                labels = about_labels(self._workspace, found)
        except UserFacingError as error:
            self.status.show_error(str(error))
            found, labels = [], {}
        self.model.set_rows([FlagRow(f, labels[(f.case_id, f.person_id)]) for f in found])
        waiting = sum(f.status is FlagStatus.OPEN for f in found)
        self.count_label.setText(
            f"{waiting} flag(s) waiting for review."
            if waiting
            else "No flags are waiting for review."
        )
        if selected is not None:
            self.select_flag(selected.flag.id)
        self._update_buttons()

    def selected(self) -> FlagRow | None:
        return selected_row(self.table, self.proxy, self.model) if self.allowed else None

    def select_flag(self, flag_id: int) -> bool:
        return select_row_where(
            self.table, self.proxy, self.model, lambda row: row.flag.id == flag_id
        )

    def _update_buttons(self) -> None:
        row = self.selected()
        waiting = row is not None and row.flag.status is FlagStatus.OPEN
        self.confirm_button.setEnabled(waiting)
        self.dismiss_button.setEnabled(waiting)
        self.open_case_button.setEnabled(row is not None and row.flag.case_id is not None)

    def _review(self, confirm: bool) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ReviewDialog(self._workspace, row.flag, row.about, confirm, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        verb = "confirmed" if confirm else "dismissed"
        self.refresh()
        self.status.show_success(f"The {flag_words(row.flag.kind).lower()} flag was {verb}.")

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _on_show_reviewed_checkbox_toggled(self, _checked: bool) -> None:
        self.refresh()

    def _on_confirm_button_clicked(self) -> None:
        self._review(confirm=True)

    def _on_dismiss_button_clicked(self) -> None:
        self._review(confirm=False)

    def _on_open_case_button_clicked(self) -> None:
        row = self.selected()
        if row is not None and row.flag.case_id is not None:
            self.case_requested.emit(int(row.flag.case_id))
