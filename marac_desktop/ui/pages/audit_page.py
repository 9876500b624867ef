"""The audit log: who did what and when, never what a record says. Filtered in the database,
the newest page first; older pages on request."""

from __future__ import annotations

from dataclasses import dataclass
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

from marac_desktop.domain.audit import AuditFilter
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.services import audit
from marac_desktop.services.audit import AuditChoices, AuditEntries

from marac_desktop.ui import background
from marac_desktop.ui.models.audit_table_model import (
    COL_DETAIL,
    COL_TIME,
    SORT_ROLE,
    AuditTableModel,
)
from marac_desktop.ui.pages.audit_filters import AuditFilters
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.text import StatusLabel

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

LOADING = "Loading the log…"
PAGE_SIZE = audit.PAGE_SIZE
"""Entries read at a time: the newest first, then each "Show older entries"."""
NOTHING_MATCHES = "No entries match these filters."


@dataclass(frozen=True, slots=True)
class _FirstRead:
    choices: AuditChoices
    page: AuditEntries


def shown_text(count: int, more: bool, filtered: bool) -> str:
    """What the count line says about the entries on show."""
    if not count:
        return NOTHING_MATCHES if filtered else "The log has no entries."
    which = "matching entry" if filtered else "entry"
    plural = "matching entries" if filtered else "entries"
    if more:
        return f"The most recent {counted(count, which, plural)}, newest first; older ones follow."
    return f"{counted(count, which, plural)}, newest first."


class AuditPage(Page):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            "Audit log",
            "Sign-ins, failed attempts, changes, backups and exports are recorded here and cannot "
            "be altered. Use Backups → Verify database to check that the log is intact.",
            parent,
        )
        self._workspace = workspace
        self._more = False
        self._shown = AuditFilter()
        self.filters = AuditFilters()
        self.model = AuditTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Audit log entries")
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
        self.older_button = QPushButton("Show older entries")
        self.older_button.setEnabled(False)
        self.count_label = StatusLabel()
        """How many entries are shown, or in one sentence why the filters could not be read."""
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.older_button)
        row.addWidget(self.refresh_button)
        self.page_layout.addWidget(self.filters)
        self.page_layout.addLayout(row)
        self.page_layout.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.older_button.clicked.connect(self._on_older_button_clicked)
        self.filters.changed.connect(self._on_filters_changed)

    def refresh(self) -> None:
        """Read what the log holds to filter by and its newest matching entries, on the
        reading thread; the ones shown stay until then."""
        self._read(with_choices=True)

    def _read(self, with_choices: bool) -> None:
        try:
            shown = self.filters.current()
        except UserFacingError as error:
            self.count_label.show_error(str(error))
            self.older_button.setEnabled(False)
            return
        workspace = self._workspace

        def first_read(_progress: object) -> _FirstRead | AuditEntries:
            page = audit.entries(workspace, shown, limit=PAGE_SIZE)
            return _FirstRead(audit.filter_choices(workspace), page) if with_choices else page

        self._shown = shown
        self.count_label.show_note(LOADING)
        self.refresh_button.setEnabled(False)
        self.older_button.setEnabled(False)
        background.runner().stop_load((self, "older"))
        background.runner().load(
            (self, "entries"),
            first_read,
            self._show_first,
            failed=self._on_read_failed,
            owner=self,
        )

    def _show_first(self, read: _FirstRead | AuditEntries) -> None:
        if isinstance(read, _FirstRead):
            self.filters.set_choices(read.choices)
            read = read.page
        self.refresh_button.setEnabled(True)
        self.model.set_rows(list(read.lines))
        self._shown_page(read)

    def _shown_page(self, page: AuditEntries) -> None:
        self._more = page.more
        self.older_button.setEnabled(page.more)
        filtered = self._shown != AuditFilter()
        self.count_label.show_note(shown_text(self.model.rowCount(), page.more, filtered))

    def _on_read_failed(self, error: UserFacingError) -> None:
        self.refresh_button.setEnabled(True)
        self.older_button.setEnabled(self._more)
        self.count_label.show_error(str(error))

    def _on_older_button_clicked(self) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        oldest = self.model.row_at(rows - 1).entry.id
        workspace, shown = self._workspace, self._shown
        self.older_button.setEnabled(False)
        background.runner().load(
            (self, "older"),
            lambda _progress: audit.entries(workspace, shown, before=oldest, limit=PAGE_SIZE),
            self._show_older,
            failed=self._on_read_failed,
            owner=self,
        )

    def _show_older(self, page: AuditEntries) -> None:
        self.model.add_rows(list(page.lines))
        self._shown_page(page)

    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    def _on_filters_changed(self) -> None:
        self._read(with_choices=False)
