"""Putting a case on a meeting's list by hand: found by the victim's name or its reference, with
the reason the coordinator gives kept beside it on the list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from marac_desktop.domain.cases import CaseId, form_name
from marac_desktop.domain.meetings import MeetingCase, MeetingId
from marac_desktop.domain.records import CaseListRow
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.services import meeting_list, records

from marac_desktop.ui import background, style
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.meetings.words import waits_there_text
from marac_desktop.ui.widgets.sizing import fit_to_contents, keep_room_for
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

FOUND_LIMIT = 20
"""Cases listed for one search; more words or the reference narrow it."""
SEARCH_DELAY_MS = 250
DEFAULT_REASON = "Added by the coordinator"
TYPE_TO_FIND = "Type the victim's name or the case reference."
NONE_FOUND = "No case has that name or reference."
FINDING = "Finding the case…"
CHOOSE_FIRST = "Find the case first: type the victim's name or the case reference."


@dataclass(frozen=True, slots=True)
class _Found:
    cases: list[CaseListRow]
    waiting: dict[CaseId, datetime]
    """The cases found that another meeting's list holds, with that meeting's start."""


def found_text(row: CaseListRow, waits_from: datetime | None = None) -> str:
    """One case found: its reference, the victim's name, the last referral, and the meeting
    whose list holds it already, if one does."""
    text = f"{row.reference} · {form_name(row.family_name, row.given_names)}"
    if row.last_referral is not None:
        text += f" · referred {day_text(row.last_referral)}"
    if waits_from is not None:
        text += f" · listed for {day_text(waits_from.date())}"
    return text


class _DownToResults(QObject):
    """Down in the search field moves on to the cases found, as in a search box anywhere."""

    def __init__(self, results: QListWidget, parent: QObject) -> None:
        super().__init__(parent)
        self._results = results

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self._results.count()
        ):
            self._results.setFocus()
            return True
        return False


class AddCaseDialog(QDialog):
    """``added`` holds the case's place on the list once it has been added."""

    def __init__(
        self,
        workspace: Workspace,
        meeting_id: MeetingId,
        listed: frozenset[CaseId] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        """``listed``: the cases on the list already, shown as such and not offered."""
        super().__init__(parent)
        self._workspace = workspace
        self._meeting_id = meeting_id
        self._listed = listed
        self.added: MeetingCase | None = None
        self._searching = False
        self.setWindowTitle("Add a case to the list")
        self.setMinimumWidth(style.ems(40))
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Find the case")
        self.search_edit.setAccessibleDescription(
            "The victim's name, any part in any order, or the case reference"
        )
        self.search_edit.setPlaceholderText("Victim's name or case reference, e.g. C-000123")
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Cases found")
        self.results.setMinimumHeight(self.results.fontMetrics().lineSpacing() * 8)
        self.count_label = muted_label(TYPE_TO_FIND)
        self.elsewhere_note = muted_label()
        keep_room_for(self.elsewhere_note, 2)
        self.elsewhere_note.setVisible(False)
        self._waiting: dict[CaseId, datetime] = {}
        self.reason_edit = QLineEdit(DEFAULT_REASON)
        self.reason_edit.setAccessibleName("Why the case is on the list")
        self.reason_edit.setAccessibleDescription(
            "Shown beside the case on the list; the agenda gives it to every agency"
        )
        self.reason_edit.setMaxLength(200)
        self.status = StatusLabel()
        self.buttons, self.add_button = cancel_and("Add to the list")

        form = QFormLayout()
        form.addRow("Find", self.search_edit)
        form.addRow("Cases found", self.results)
        form.addRow("", self.count_label)
        form.addRow("", self.elsewhere_note)
        form.addRow("Reason", self.reason_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Add a case to the list", 2))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.installEventFilter(_DownToResults(self.results, self))
        self.results.currentItemChanged.connect(self._on_results_current_item_changed)
        self.buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        fit_to_contents(self)
        self.setMinimumSize(self.size())  # the list filling in never moves the buttons
        self.search_edit.setFocus()

    def search(self) -> None:
        """Find the cases the search field names, on the reading thread."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        if not text:
            background.runner().stop_load((self, "search"))
            self._searching = False
            self._show_found([])
            self.count_label.setText(TYPE_TO_FIND)
            return
        workspace, meeting_id = self._workspace, self._meeting_id
        self._searching = True
        self.count_label.setText(FINDING)

        def find(_progress: object) -> _Found:
            cases = records.case_page(workspace, text, 0, FOUND_LIMIT)
            ids = [row.id for row in cases]
            return _Found(cases, meeting_list.waiting_on_other_lists(workspace, meeting_id, ids))

        background.runner().load(
            (self, "search"),
            find,
            self._on_found,
            failed=self._on_search_failed,
            owner=self,
        )

    def chosen(self) -> CaseListRow | None:
        item = self.results.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return found if isinstance(found, CaseListRow) else None

    def _show_found(self, found: list[CaseListRow]) -> None:
        self.results.clear()
        for row in found:
            listed = row.id in self._listed
            text = found_text(row, None if listed else self._waiting.get(row.id))
            item = QListWidgetItem(text + (" · on this list already" if listed else ""))
            if listed:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            else:
                item.setData(Qt.ItemDataRole.UserRole, row)
            self.results.addItem(item)
        first = next((n for n, row in enumerate(found) if row.id not in self._listed), None)
        if first is not None:
            self.results.setCurrentRow(first)
        self._show_where_it_waits()

    def _on_found(self, result: _Found) -> None:
        self._searching = False
        self._waiting = result.waiting
        found = result.cases
        self._show_found(found)
        if not found:
            self.count_label.setText(NONE_FOUND)
            return
        more = " (the first ones: type more to narrow it)" if len(found) >= FOUND_LIMIT else ""
        self.count_label.setText(f"{counted(len(found), 'case')} found{more}.")

    def _on_search_failed(self, error: UserFacingError) -> None:
        self._searching = False
        self._waiting = {}
        self._show_found([])
        self.count_label.setText(str(error))

    def _on_search_edit_text_edited(self, _text: str) -> None:
        self.status.clear_message()
        self._timer.start()

    def _on_results_current_item_changed(
        self, _current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self.status.clear_message()
        self._show_where_it_waits()

    def _show_where_it_waits(self) -> None:
        """Before it is added: the meeting whose list holds the chosen case already."""
        chosen = self.chosen()
        starts_at = None if chosen is None else self._waiting.get(chosen.id)
        if chosen is None or starts_at is None:
            self.elsewhere_note.clear()
            self.elsewhere_note.setVisible(False)
            return
        self.elsewhere_note.setText(waits_there_text(chosen.reference, starts_at))
        self.elsewhere_note.setVisible(True)

    @override
    def accept(self) -> None:
        self._on_add_button_clicked()

    def _on_add_button_clicked(self) -> None:
        if self._timer.isActive() or self._searching:
            # Enter straight after typing finds what was typed; the case found is added by the
            # next Enter, never one a search before it had found.
            if self._timer.isActive():
                self.search()
            return
        chosen = self.chosen()
        if chosen is None:
            self.status.show_error(CHOOSE_FIRST)
            return
        try:
            self.added = meeting_list.add_case(
                self._workspace, self._meeting_id, chosen.id, self.reason_edit.text()
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
