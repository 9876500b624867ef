"""The audit log: who did what and when, never what a record says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QWidget,
)

from marac_desktop.domain.audit import AuditEntry
from marac_desktop.errors import UserFacingError
from marac_desktop.services import audit

from marac_desktop.ui import background
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.models.audit_table_model import (
    COL_DETAIL,
    COL_TIME,
    SORT_ROLE,
    AuditTableModel,
)
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.text import muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

ENTRY_LIMIT = 200
LOADING = "Loading the log…"


class AuditPage(Page):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            "Audit log",
            "Sign-ins, failed attempts, changes, backups and exports are recorded here and cannot "
            "be altered. Use Backups → Verify database to check that the log is intact.",
            parent,
        )
        self._workspace = workspace
        self.model = AuditTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_TIME, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.refresh_button = QPushButton("Refresh")
        self.count_label = muted_label()
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.refresh_button)
        self.page_layout.addLayout(row)
        self.page_layout.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)

    def refresh(self) -> None:
        """Read the newest entries on the reading thread; the ones shown stay until then."""
        workspace = self._workspace
        self.count_label.setText(LOADING)
        self.refresh_button.setEnabled(False)
        background.runner().load(
            (self, "entries"),
            lambda _progress: audit.recent_entries(workspace, ENTRY_LIMIT),
            self._show_entries,
            failed=self._on_entries_failed,
            owner=self,
        )

    def _show_entries(self, entries: list[AuditEntry]) -> None:
        self.refresh_button.setEnabled(True)
        self.model.set_rows(entries)
        if len(entries) >= ENTRY_LIMIT:
            self.count_label.setText(f"The {ENTRY_LIMIT} most recent entries, newest first.")
        else:
            unit = "entry" if len(entries) == 1 else "entries"
            self.count_label.setText(f"{len(entries)} {unit}, newest first.")

    def _on_entries_failed(self, error: UserFacingError) -> None:
        self.refresh_button.setEnabled(True)
        self.count_label.clear()
        show_user_error(self, error)

    def _on_refresh_button_clicked(self) -> None:
        self.refresh()
