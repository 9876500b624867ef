"""The Actions page: every agency action from MARAC meetings, filtered, chased and exported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QPushButton,
    QTableView,
    QWidget,
)

from marac_desktop.domain.meetings import Action, ActionFilter, ActionStatus, MeetingId
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.words import counted
from marac_desktop.errors import InvalidInputError, UserFacingError
from marac_desktop.services import (
    actions,
    meeting_documents,
    meeting_settings,
    meetings,
    sheet_import,
    vocabularies,
)
from marac_desktop.services.actions import TrackedAction

from marac_desktop.ui import style
from marac_desktop.ui.actions.action_table_model import (
    COL_AGENCY,
    COL_CASE,
    COL_DUE,
    COL_MEETING,
    COL_STATUS,
    COL_WHAT,
    COL_WHO,
    ActionTableModel,
)
from marac_desktop.ui.actions.edit_dialog import ActionEditDialog
from marac_desktop.ui.actions.status_dialog import ActionStatusDialog
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.meetings.words import NOT_ALLOWED
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.models.paged_table_model import fit_rows_to_pages
from marac_desktop.ui.models.table_selection import select_row_where, selected_row
from marac_desktop.ui.page_jobs import start_page_job
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.printing import print_pdf
from marac_desktop.ui.widgets.date_field import DateField
from marac_desktop.ui.widgets.flow_layout import FlowLayout, kept_together, labelled
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import StatusLabel, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.domain.progress import Progress
    from marac_desktop.services.workspace import Workspace

T = TypeVar("T")

INTRODUCTION = (
    "Every action agreed at a MARAC meeting, with who is doing it and by when. Overdue actions "
    "are marked; incomplete ones come back on the next meeting's list. On a chosen action, "
    "Enter changes its status and F2 corrects it. Exports and prints list exactly the actions "
    "shown, in the order shown."
)
EDIT_KEY = QKeySequence(Qt.Key.Key_F2)
OVERDUE = "overdue"
LOADING = "Loading actions…"
ACTIONS_FILE_NAME = "marac-actions"
PDF_FILTER = "PDF document (*.pdf);;All files (*)"
CSV_FILTER = "CSV spreadsheet (*.csv);;All files (*)"
SAVING = "Saving the actions"
MAKING = "Making the actions PDF"
WRITE_FAILED = "The file could not be written there; choose another folder or free some space."


class ActionsPage(Page):
    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__("Actions", parent=parent)
        self._workspace = workspace
        self._today = today
        self.allowed = workspace.can(Permission.MANAGE_MEETINGS)
        self.model = ActionTableModel(workspace, self)
        self._reselect: int | None = None
        self.table = QTableView()
        self.table.setAccessibleName("Actions")
        self.agency_combo = QComboBox()
        self.agency_combo.setAccessibleDescription("Show only this agency's actions")
        self.meeting_combo = QComboBox()
        self.meeting_combo.setAccessibleDescription("Show only the actions set at this meeting")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleDescription("Show only actions with this status")
        self.due_checkbox = QCheckBox("Due by")
        today = self._today or date.today()
        self._due_day = today
        """The due-by day the list shows, kept while a day typed cannot be read."""
        # Typed whole, as meeting mode's due date: a date picker's Tab went from day to month
        # to year before it left the field.
        self.due_edit = DateField(today, order=sheet_import.date_order(workspace))
        self.due_edit.setAccessibleDescription(
            "With Due by ticked, show only actions due before this day"
        )
        self.due_edit.setAccessibleName("Due before")
        self.count_label = muted_label()
        self.change_button = QPushButton("Change &status…")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip(f"Correct what, who or the due date ({EDIT_KEY.toString()})")
        self.pdf_button = QPushButton("Export PDF…")
        self.csv_button = QPushButton("Export CSV…")
        self.print_button = QPushButton("Print…")
        self.status = StatusLabel()
        if not self.allowed:
            self.not_allowed_label = self.add_refusal(NOT_ALLOWED)
            return
        self.add_text(paragraph_label(INTRODUCTION))
        self._build()

    def _build(self) -> None:
        self.agency_combo.setMinimumContentsLength(16)
        self.meeting_combo.setMinimumContentsLength(14)
        self.status_combo.addItem("Any status", None)
        self.status_combo.addItem("Overdue", OVERDUE)
        for status in ActionStatus:
            self.status_combo.addItem(status.label, status)
        self.due_edit.setEnabled(False)

        table = self.table
        sort = (COL_DUE, Qt.SortOrder.AscendingOrder)
        # the model sorts in the database, and loads nothing until load_actions() chooses
        # the filter
        read_only_table(table, self.model, wrap=True, alternating=False, sort_by=sort)
        fit_rows_to_pages(table, 2)
        header = table.horizontalHeader()
        for column in (COL_MEETING, COL_CASE, COL_AGENCY, COL_WHO, COL_DUE, COL_STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)

        filters = FlowLayout(gap=style.SECTION_SPACING)
        for text, widget in (
            ("Agency", self.agency_combo),
            ("Meeting", self.meeting_combo),
            ("Status", self.status_combo),
        ):
            filters.addWidget(labelled(text, widget))
        filters.addWidget(kept_together(self.due_checkbox, self.due_edit))
        buttons = FlowLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.edit_button)
        buttons.add_stretch()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.print_button)
        self.page_layout.addLayout(filters)
        self.page_layout.addWidget(self.count_label)
        self.page_layout.addWidget(self.table, 1)
        self.page_layout.addWidget(self.status)
        self.page_layout.addLayout(buttons)

        self.agency_combo.activated.connect(self._on_filter_changed)
        self.meeting_combo.activated.connect(self._on_filter_changed)
        self.status_combo.activated.connect(self._on_filter_changed)
        self.due_checkbox.toggled.connect(self._on_due_checkbox_toggled)
        self.due_edit.editingFinished.connect(self._on_due_edit_done)
        self.due_edit.chosen.connect(self._on_due_edit_done)
        self.due_edit.refused.connect(self.status.show_error)
        self.due_edit.textEdited.connect(self._on_due_edit_text_edited)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.edit_shortcut = QShortcut(EDIT_KEY, self.table)
        self.edit_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_shortcut.activated.connect(self._on_edit_shortcut_activated)
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.model.load_failed.connect(self.status.show_error)
        self.model.modelReset.connect(self._update_buttons)
        self.model.reloaded.connect(self._on_model_reloaded)

    # ----- filters ------------------------------------------------------------------------

    def agency(self) -> str | None:
        value = self.agency_combo.currentData()
        return value if isinstance(value, str) else None

    def meeting_id(self) -> MeetingId | None:
        value = self.meeting_combo.currentData()
        return MeetingId(value) if isinstance(value, int) else None

    def status_filter(self) -> ActionStatus | None:
        value = self.status_combo.currentData()  # Qt hands a status back as its plain value
        return next((status for status in ActionStatus if status.value == value), None)

    def overdue_only(self) -> bool:
        return bool(self.status_combo.currentData() == OVERDUE)

    def due_before(self) -> date | None:
        return self._due_day if self.due_checkbox.isChecked() else None

    def set_filter(self, combo: QComboBox, value: object) -> bool:
        """Choose a filter value, as a person would (tests and previews use this too)."""
        for index in range(combo.count()):
            if combo.itemData(index) == value or (
                isinstance(value, str) and combo.itemText(index) == value
            ):
                combo.setCurrentIndex(index)
                self.load_actions()
                return True
        return False

    def set_due_by(self, day: date) -> None:
        """Show the actions due by ``day``, as ticking Due by and typing it does (tests and
        previews use this)."""
        self.due_edit.set_value(day)
        self._on_due_edit_done()
        self.due_checkbox.setChecked(True)

    def show_overdue(self) -> None:
        """Every overdue action, whatever the other filters held (Home's count leads here)."""
        if not self.allowed:
            return
        self.agency_combo.setCurrentIndex(0)
        self.meeting_combo.setCurrentIndex(0)
        self.due_checkbox.blockSignals(True)
        self.due_checkbox.setChecked(False)
        self.due_checkbox.blockSignals(False)
        self.due_edit.setEnabled(False)
        self.set_filter(self.status_combo, OVERDUE)

    def _fill_filters(self) -> None:
        agency, meeting_id = self.agency(), self.meeting_id()
        settings = meeting_settings.load_meeting_settings(self._workspace)
        seen = actions.agencies_with_actions(self._workspace)
        words = vocabularies.current(self._workspace).agency
        codes = list(settings.agencies) + sorted(seen - set(settings.agencies), key=words.label)
        self.agency_combo.clear()
        self.agency_combo.addItem("All agencies", None)
        for code in codes:
            self.agency_combo.addItem(words.label(code), code)
        self.meeting_combo.clear()
        self.meeting_combo.addItem("All meetings", None)
        for meeting in meetings.list_meetings(self._workspace):
            text = f"{day_text(meeting.day)} ({meeting.area})"
            self.meeting_combo.addItem(text, int(meeting.id))
        for combo, value in ((self.agency_combo, agency), (self.meeting_combo, meeting_id)):
            found = combo.findData(value)
            combo.setCurrentIndex(max(found, 0))

    # ----- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.allowed:
            return
        try:
            self._fill_filters()
        except UserFacingError as error:
            self.status.show_error(str(error))
        self.load_actions()

    def chosen(self) -> ActionFilter:
        return ActionFilter(
            self.agency(),
            self.meeting_id(),
            self.status_filter(),
            self.due_before(),
            self.overdue_only(),
            self._today,
        )

    def load_actions(self) -> None:
        """Count the actions the filters keep and read the first page on the reading thread;
        the rest load as the list scrolls."""
        selected = self.selected()
        if selected is not None:
            self._reselect = selected.action.id
        self.count_label.setText(LOADING)
        self.model.set_filter(self.chosen())

    def _on_model_reloaded(self) -> None:
        total, overdue = self.model.total, self.model.overdue
        text = f"{counted(total, 'action')} shown." if total else "No actions match the filters."
        if overdue:
            text += f" {overdue} overdue."
        self.count_label.setText(text)
        if self._reselect is not None:
            self.select_action(self._reselect)
            self._reselect = None
        self._update_buttons()

    def selected(self) -> TrackedAction | None:
        return selected_row(self.table, None, self.model) if self.allowed else None

    def select_action(self, action_id: int) -> bool:
        return select_row_where(
            self.table, None, self.model, lambda row: row.action.id == action_id
        )

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.change_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)
        has_rows = self.model.rowCount() > 0
        for button in (self.pdf_button, self.csv_button, self.print_button):
            button.setEnabled(has_rows)

    # ----- status ---------------------------------------------------------------------------

    def _chosen_now(self) -> tuple[TrackedAction, Action] | None:
        """The chosen row and its action as stored now (someone may have changed it)."""
        item = self.selected()
        if item is None:
            return None
        try:
            return item, actions.get_action(self._workspace, item.action.id)
        except UserFacingError as error:
            show_user_error(self, error)
            return None

    def change_status(self) -> bool:
        chosen = self._chosen_now()
        if chosen is None:
            return False
        item, current = chosen
        dialog = ActionStatusDialog(
            self._workspace, current, f"{item.reference} · {item.agency_label}", self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.changed is None:
            return False
        self.load_actions()
        self.status.show_success(
            f"{item.reference}: the {item.agency_label} action is now "
            f"'{dialog.changed.status.label.lower()}'."
        )
        return True

    # ----- correcting ---------------------------------------------------------------------

    def edit_action(self) -> bool:
        """Open the chosen action's correction form; True once a correction is saved (the
        table is read again with the action still chosen)."""
        chosen = self._chosen_now()
        if chosen is None:
            return False
        item, current = chosen
        dialog = ActionEditDialog(
            self._workspace,
            current,
            f"{item.reference} · {item.agency_label}",
            item.meeting_starts_at.date(),
            self,
            self._today,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.edited is None:
            return False
        self.load_actions()
        self.status.show_success(f"{item.reference}: the {item.agency_label} action is corrected.")
        return True

    # ----- export ---------------------------------------------------------------------------

    def _shown(self) -> tuple[ActionFilter, str, bool]:
        """What the table shows: its filters and its order, which every document follows."""
        return self.chosen(), self.model.sort_key, self.model.descending

    def export(self, suffix: str) -> Path | None:
        """Ask where, then save the filtered actions as ``.pdf`` or ``.csv`` on the background
        runner; the path chosen, or None (the status line says how it ended)."""
        is_csv = suffix == ".csv"
        picked, _filter = QFileDialog.getSaveFileName(
            self,
            "Export the actions",
            str(Path.home() / f"{ACTIONS_FILE_NAME}{suffix}"),
            CSV_FILTER if is_csv else PDF_FILTER,
        )
        if not picked:
            return None
        path = Path(picked)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        workspace = self._workspace
        chosen, sort, descending = self._shown()

        def save(progress: Progress) -> None:
            try:
                meeting_documents.save_actions(workspace, path, chosen, sort, descending, progress)
            except OSError:
                raise UserFacingError(WRITE_FAILED) from None

        started = self._in_background(
            SAVING, save, lambda _none: self.status.show_success(f"Actions saved to {path}.")
        )
        return path if started else None

    def print_actions(self) -> bool:
        """Make the PDF on the background runner, then offer the print dialog; False if it
        could not start."""
        workspace = self._workspace
        chosen, sort, descending = self._shown()
        agency = chosen.agency

        def made(pdf: bytes) -> None:
            try:
                if not print_pdf(self, pdf):
                    return
                meeting_documents.record_print(
                    workspace, "actions", detail=f"actions for {agency or 'all'}"
                )
            except UserFacingError as error:
                show_user_error(self, error)
                return
            self.status.show_success("The actions were sent to the printer.")

        return self._in_background(
            MAKING,
            lambda progress: meeting_documents.actions_bytes(
                workspace, chosen, sort, descending, progress=progress
            ),
            made,
        )

    def _in_background(
        self, title: str, work: Callable[[Progress], T], done: Callable[[T], None]
    ) -> bool:
        return start_page_job(self, self.status, title, work, done)

    # ----- slots --------------------------------------------------------------------------

    def _on_filter_changed(self, _index: int) -> None:
        self.status.clear_message()
        self.load_actions()

    def _on_due_checkbox_toggled(self, checked: bool) -> None:
        self.due_edit.setEnabled(checked)
        self.load_actions()

    def _on_due_edit_done(self) -> None:
        """A day read is shown at once; one that cannot be read is refused in the status line
        (by the field), the list and the text typed staying as they were."""
        try:
            day = self.due_edit.value("due-by date")
        except InvalidInputError:
            return
        if day != self._due_day:
            self._due_day = day
            if self.due_checkbox.isChecked():
                self.status.clear_message()
                self.load_actions()

    def _on_due_edit_text_edited(self, _text: str) -> None:
        if self.status.is_error():
            self.status.clear_message()  # the refusal goes as the day is corrected

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex | QPersistentModelIndex) -> None:
        self.change_status()

    def _on_change_button_clicked(self) -> None:
        self.change_status()

    def _on_edit_shortcut_activated(self) -> None:
        self.edit_action()

    def _on_edit_button_clicked(self) -> None:
        self.edit_action()

    def _on_pdf_button_clicked(self) -> None:
        self.export(".pdf")

    def _on_csv_button_clicked(self) -> None:
        self.export(".csv")

    def _on_print_button_clicked(self) -> None:
        self.print_actions()
