"""The register: every perpetrator, most recently recorded first, found by any name or alias."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QVBoxLayout, QWidget

from marac_desktop.domain.words import counted
from marac_desktop.services.perpetrators import REGISTER_LIMIT

from marac_desktop.ui.models.paged_table_model import fit_rows_to_pages
from marac_desktop.ui.perpetrators.register_model import (
    COL_FAMILY_NAME,
    COL_GIVEN_NAMES,
    RegisterTableModel,
)
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import muted_label

if TYPE_CHECKING:
    from marac_desktop.domain.perpetrators import RegisterLine
    from marac_desktop.services.workspace import Workspace

SEARCH_DELAY_MS = 300
LOADING = "Loading the register…"
SEARCHING = "Searching…"


def count_text(model: RegisterTableModel) -> str:
    if model.loading:
        return SEARCHING if model.search else LOADING
    total = model.total
    if model.own:
        return own_count_text(model.search, total)
    if model.search:
        if not total:
            return "Nobody in the register has those names."
        more = " (the first ones: type more to narrow it)" if total >= REGISTER_LIMIT else ""
        return f"{counted(total, 'perpetrator')} found{more}."
    if not total:
        return "Nobody is recorded as a perpetrator yet."
    more = f" Showing the first {model.loaded:,}; scroll for more." if model.loaded < total else ""
    return (
        f"{counted(total, 'perpetrator')} in the register, the most recently recorded first.{more}"
    )


def own_count_text(search: str, total: int) -> str:
    more = " (the first ones: type more to narrow it)" if total >= REGISTER_LIMIT else ""
    if search:
        if not total:
            return "Nobody causing harm in your own cases has those names."
        return f"{counted(total, 'perpetrator')} in your own cases found{more}."
    if not total:
        return "None of the cases you are the IDVA on records a perpetrator."
    return f"{counted(total, 'perpetrator')} in the cases you are the IDVA on{more}."


class RegisterPanel(QWidget):
    """``open_requested`` carries the person chosen (Enter, a double-click or Open file);
    with ``own``, the perpetrators of the user's own cases only."""

    open_requested = Signal(int)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, own: bool = False
    ) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search the register")
        self.search_edit.setAccessibleDescription(
            "Any of a perpetrator's names or other names, in any order"
        )
        self.search_edit.setPlaceholderText("Search by any name or alias, in any order")
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = muted_label()
        self.model = RegisterTableModel(workspace, self, own=own)
        self.table = read_only_table(model=self.model)
        self.table.setAccessibleName("Perpetrators")
        fit_rows_to_pages(self.table, 1)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FAMILY_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_GIVEN_NAMES, QHeaderView.ResizeMode.Stretch)
        self.open_button = QPushButton("Open file")
        row = QHBoxLayout()
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._go_to_results = False
        self.search_edit.textChanged.connect(self._timer.start)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.model.loading_changed.connect(self._update_count)
        self.model.reloaded.connect(self._on_model_reloaded)
        self.model.rowsInserted.connect(self._update_count)
        self.model.load_failed.connect(self.count_label.setText)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self._update_count()
        self._update_buttons()

    def reload(self) -> None:
        self.model.reload()

    def chosen(self) -> RegisterLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.line_at(rows[0].row()) if rows else None

    def _update_count(self, *_args: object) -> None:
        self.count_label.setText(count_text(self.model))

    def _update_buttons(self, *_args: object) -> None:
        self.open_button.setEnabled(self.chosen() is not None)

    def _on_timer_timeout(self) -> None:
        self.model.set_search(self.search_edit.text())

    def _on_search_edit_return_pressed(self) -> None:
        """Search now and go to the results once they are in."""
        self._timer.stop()
        self._go_to_results = True
        if self.model.search != " ".join(self.search_edit.text().split()):
            self.model.set_search(self.search_edit.text())
        elif not self.model.loading:
            self._on_model_reloaded()

    def _on_model_reloaded(self) -> None:
        self._update_count()
        self._update_buttons()
        if self._go_to_results and self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
        self._go_to_results = False

    def _on_table_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(self.model.line_at(index.row()).person_id))

    def _on_open_button_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.open_requested.emit(int(chosen.person_id))
