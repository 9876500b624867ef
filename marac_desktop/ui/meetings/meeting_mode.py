"""Meeting mode: step through the list case by case, record what was shared, set actions.

The screen shows the anonymised facts of each case (its meeting case reference, never a name),
a running timer against the case's slot, a summary of what the agencies shared, the risks
discussed, and SMART actions. "Mark heard" stores the time used and marks the case heard, once
the meeting has started; "Close meeting" marks the meeting held, on its day or later. A refused
button says why beside it and in its tooltip.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.words import counted
from marac_desktop.errors import StaleEditError, UserFacingError
from marac_desktop.services import (
    actions,
    agenda_view,
    meeting_mode,
    meeting_settings,
    meetings,
    sheet_import,
    vocabularies,
)
from marac_desktop.services.agenda_view import AgendaRow, MeetingView

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import day_text, level_words
from marac_desktop.ui.dialogs.frame import dialog_layout
from marac_desktop.ui.meetings.agenda_model import heard_text
from marac_desktop.ui.meetings.words import (
    CLOSED,
    STATUS_WORDS,
    close_question,
    heard_minutes,
    meeting_title,
    minutes_text,
    research_statuses,
    returns_text,
    slot_text,
)
from marac_desktop.ui.messages import confirm
from marac_desktop.ui.widgets.date_field import DateField
from marac_desktop.ui.widgets.flow_layout import FlowLayout
from marac_desktop.ui.widgets.refusal import refusal_note, show_refusal
from marac_desktop.ui.widgets.scrolling import ScrolledContents, quiet_scroll
from marac_desktop.ui.widgets.sizing import first_size, keep_room_for
from marac_desktop.ui.widgets.text import (
    StatusLabel,
    heading_label,
    muted_label,
    paragraph_label,
)
from marac_desktop.ui.widgets.vocabulary_combo import VocabularyCombo

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

TICK_MS = 1000
DEFAULT_DUE_DAYS = 28


def repeat_text(row: AgendaRow) -> str:
    if not row.repeat:
        return "No"
    if row.months_since_last_marac is None:
        return "Yes"
    return f"Yes, {counted(row.months_since_last_marac, 'month')} since the last MARAC"


def risk_text(row: AgendaRow) -> str:
    if row.risk_level is None:
        return "Not assessed"
    return f"{level_words(row.risk_level)} ({row.yes_count} yes answers)"


def _line(text: str = "") -> QLabel:
    """A one-line label: no wrapping, so the layout never guesses it taller than it is."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class MeetingModeDialog(QDialog):
    """``changed`` is True once anything was stored, so the caller can reload the list."""

    def __init__(
        self,
        workspace: Workspace,
        meeting_id: MeetingId,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = datetime.now,
        view: MeetingView | None = None,
    ) -> None:
        """``clock`` times each case; ``now`` (local wall-clock time) says whether the meeting
        has started and its day has come. ``view``: the list as the caller has just read it
        (read here when None), so opening the dialog reads nothing more on the window's thread
        than the settings and the actions."""
        super().__init__(parent)
        self._workspace = workspace
        self._meeting_id = meeting_id
        self._clock = clock
        self._now = now
        self._elapsed: dict[int, float] = {}
        self._shown_since = clock()
        self.changed = False
        self.index = 0
        self.view: MeetingView = view or agenda_view.meeting_view(workspace, meeting_id)
        self.meeting_seen = self.view.meeting.version
        self.entries_seen = {case: notes.version for case, notes in self.view.notes.items()}
        """The versions as this screen last read them whole, moved on only by its own saves;
        closing sends them back."""
        self._agencies = meeting_settings.load_meeting_settings(workspace).agencies
        self.setWindowTitle("Meeting mode")

        self.position_label = muted_label()
        self.position_label.setWordWrap(False)
        self.case_heading = heading_label("", 2)
        self.case_heading.setWordWrap(False)
        self.slot_label = _line()
        self.timer_label = QLabel()
        self.timer_label.setFont(style.heading_font(3))
        self.facts = {
            name: _line()
            for name in ("reason", "age", "gender", "repeat", "children", "referrer", "risk")
        }
        self.facts["criteria"] = paragraph_label()
        self.facts["research"] = paragraph_label()
        self.returns_edit = QPlainTextEdit()
        self.returns_edit.setAccessibleDescription(
            "What each agency asked to research this case sent back"
        )
        self.returns_edit.setReadOnly(True)
        self.returns_edit.setTabChangesFocus(True)
        self.returns_edit.setFixedHeight(90)
        self.returns_edit.setPlaceholderText("No agency has returned information for this case.")
        self.returns_edit.setAccessibleName("What the agencies' research found")
        agencies = vocabularies.current(workspace).agency
        self._agency_labels = {term.code: term.label for term in agencies.terms}
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setAccessibleDescription(
            "A summary of what each agency shared, not every word said"
        )
        self.summary_edit.setAccessibleName("What the agencies shared, in summary")
        self.summary_edit.setPlaceholderText(
            "What each agency shared: a summary, not minutes of every word"
        )
        self.summary_edit.setTabChangesFocus(True)
        self.risks_edit = QPlainTextEdit()
        self.risks_edit.setAccessibleDescription("The risks the meeting identified for this case")
        self.risks_edit.setAccessibleName("The risks discussed")
        self.risks_edit.setPlaceholderText("The risks discussed")
        self.risks_edit.setTabChangesFocus(True)
        self.risks_edit.setFixedHeight(80)
        self.summary_edit.setMinimumHeight(100)

        self.agency_combo = VocabularyCombo(agencies, first=self._agencies, blank=None, typed=True)
        self.agency_combo.setAccessibleDescription("The agency that will carry out the action")
        self.agency_combo.setCurrentIndex(0)
        self.what_edit = QLineEdit()
        self.what_edit.setPlaceholderText("Exactly what the agency will do")
        self.who_edit = QLineEdit()
        self.who_edit.setPlaceholderText("The person responsible")
        # Typed whole, as the action's edit form takes it: a date picker's Tab went from day
        # to month to year before it left the field.
        self.due_edit = DateField(
            self.view.meeting.day,
            earliest=self.view.meeting.day,
            order=sheet_import.date_order(workspace),
        )
        self.due_edit.setAccessibleDescription("The day the action must be done by")
        self.add_action_button = QPushButton("Add action")
        self.action_list = QListWidget()
        self.action_list.setWordWrap(True)
        self.action_status = StatusLabel()
        keep_room_for(self.action_status, 2)  # a refusal moves nothing: no scroll bar comes

        self.previous_button = QPushButton("Previous case")
        self.next_button = QPushButton("Next case")
        self.heard_button = QPushButton("Mark heard")
        self.heard_note = refusal_note()
        self.close_meeting_button = QPushButton("Close meeting…")
        self.close_note = refusal_note()
        self.close_button = QPushButton("Leave meeting mode")
        self.title_label = muted_label()
        self.status = StatusLabel()
        self._build_layout()

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.heard_button.clicked.connect(self._on_heard_button_clicked)
        self.close_meeting_button.clicked.connect(self._on_close_meeting_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.add_action_button.clicked.connect(self._on_add_action_button_clicked)
        for typed in (self.what_edit, self.who_edit):
            typed.textEdited.connect(self._on_action_field_edited)
        self.agency_combo.currentIndexChanged.connect(self._on_action_field_edited)
        self.due_edit.textEdited.connect(self._on_action_field_edited)
        self.due_edit.refused.connect(self.action_status.show_error)
        for notes in (self.summary_edit, self.risks_edit):
            notes.textChanged.connect(self._on_notes_changed)
        self._show_title()
        first_unheard = next((n for n, r in enumerate(self.view.rows) if not r.heard), 0)
        self._show(first_unheard)
        self._timer.start()

    def _build_layout(self) -> None:
        facts = QFormLayout()
        labels = (
            ("Why listed", "reason"),
            ("Age band", "age"),
            ("Gender", "gender"),
            ("Referral criteria", "criteria"),
            ("Repeat", "repeat"),
            ("Children", "children"),
            ("Referring agency", "referrer"),
            ("Risk", "risk"),
            ("Asked to research", "research"),
        )
        for text, name in labels:
            facts.addRow(text, self.facts[name])
        facts_box = QGroupBox("The case (anonymised)")
        facts_box.setLayout(facts)
        # Never squeezed below its text: the notes below give way instead.
        facts_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.position_label)
        left.addWidget(self.case_heading)
        left.addWidget(self.slot_label)
        left.addWidget(self.timer_label)
        left.addWidget(facts_box)
        left.addSpacing(6)
        left.addWidget(_line("What the agencies shared (summary)"))
        left.addWidget(self.summary_edit, 1)
        left.addWidget(_line("Risks discussed"))
        left.addWidget(self.risks_edit)

        form = QFormLayout()
        form.addRow("Agency", self.agency_combo)
        form.addRow("What", self.what_edit)
        form.addRow("Who", self.who_edit)
        form.addRow("Due by", self.due_edit)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_action_button)
        actions_box = QGroupBox("SMART actions for this case")
        actions_layout = QVBoxLayout(actions_box)
        actions_layout.addWidget(muted_label("Every field is needed: agency, what, who and when."))
        actions_layout.addLayout(form)
        actions_layout.addLayout(add_row)
        actions_layout.addWidget(self.action_status)
        actions_layout.addWidget(_line("Actions set for this case"))
        actions_layout.addWidget(self.action_list, 1)

        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(_line("What the agencies' research found"))
        right.addWidget(self.returns_edit)
        right.addWidget(actions_box, 1)

        # The case's facts and the forms scroll in a window too small for them (larger system
        # text); the buttons stay in sight below.
        case_area = ScrolledContents()
        columns = QHBoxLayout(case_area)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(style.SECTION_SPACING * 2)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        buttons = FlowLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.add_stretch()
        buttons.addWidget(self.heard_button)
        buttons.addWidget(self.close_meeting_button)
        buttons.addWidget(self.close_button)
        for note in (self.heard_note, self.close_note):
            note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        layout = dialog_layout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(quiet_scroll(QScrollArea(self), case_area), 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.heard_note)
        layout.addWidget(self.close_note)
        self.resize(first_size(style.ems(74), style.ems(50), self))

    # ----- the case shown ---------------------------------------------------------------------

    def current(self) -> AgendaRow | None:
        rows = self.view.rows
        return rows[self.index] if 0 <= self.index < len(rows) else None

    def seconds_used(self) -> float:
        row = self.current()
        if row is None:
            return 0.0
        return self._elapsed.get(row.case_id, 0.0) + self._clock() - self._shown_since

    def minutes_used(self) -> int:
        return int(self.seconds_used() / 60 + 0.5)

    def _show(self, index: int) -> None:
        self.index = index
        self._shown_since = self._clock()
        self.status.clear_message()
        self.action_status.clear_message()
        row = self.current()
        total = len(self.view.rows)
        self.previous_button.setEnabled(row is not None and index > 0)
        self.next_button.setEnabled(row is not None and index < total - 1)
        self._update_buttons()
        editors: tuple[QWidget, ...] = (
            self.summary_edit,
            self.risks_edit,
            self.add_action_button,
        )
        for editor in editors:
            editor.setEnabled(row is not None)
        if row is None:
            self.position_label.setText("")
            self.case_heading.setText("There are no cases on this list.")
            self.slot_label.setText("Build the list on the Meetings page first.")
            self.timer_label.setText("")
            return
        self._show_position(row)
        self.case_heading.setText(f"{row.reference} · {row.section.label}")
        self.slot_label.setText(
            f"Slot {slot_text(row.slot_start, row.slot_end)} "
            f"({self.view.meeting.slot_minutes} minutes)"
        )
        notes = self.view.notes[row.case_id]
        self.facts["reason"].setText(notes.reason)
        self.facts["age"].setText(row.age_band)
        self.facts["gender"].setText(row.gender or "Not recorded")
        self.facts["criteria"].setText(", ".join(row.criteria) or "None recorded")
        self.facts["repeat"].setText(repeat_text(row))
        self.facts["children"].setText(str(row.children))
        self.facts["referrer"].setText(row.referring_agency or "Not recorded")
        self.facts["risk"].setText(risk_text(row))
        research = next((c for c in self.view.research.cases if c.case_id == row.case_id), None)
        self.facts["research"].setText(
            research_statuses(research, self._agency_labels) if research else ""
        )
        self.returns_edit.setPlainText(
            returns_text(research, self._agency_labels) if research else ""
        )
        self.summary_edit.setPlainText(notes.agency_summary)
        self.risks_edit.setPlainText(notes.risks)
        day = self.view.meeting.day + timedelta(days=DEFAULT_DUE_DAYS)
        self.due_edit.set_value(day)
        self.what_edit.clear()
        self.who_edit.clear()
        self.agency_combo.setCurrentIndex(0)  # each case's actions start from the first agency
        self._load_actions()
        self._update_timer()

    def _show_position(self, row: AgendaRow) -> None:
        heard = heard_text(row) if row.heard else "not heard yet"
        self.position_label.setText(f"Case {self.index + 1} of {len(self.view.rows)} · {heard}")

    def _show_heard(self, case_id: int) -> None:
        """After the list is read again: the case shown keeps its place and says if it is heard."""
        self.index = next(
            (n for n, r in enumerate(self.view.rows) if r.case_id == case_id), self.index
        )
        row = self.current()
        if row is not None:
            self._show_position(row)
        self.previous_button.setEnabled(row is not None and self.index > 0)
        self.next_button.setEnabled(row is not None and self.index < len(self.view.rows) - 1)
        self._update_buttons()
        self._update_timer()

    def _show_title(self) -> None:
        meeting = self.view.meeting
        self.title_label.setText(f"{meeting_title(meeting)} · {STATUS_WORDS[meeting.status]}")

    def _update_buttons(self) -> None:
        """Mark heard once the meeting has started; Close meeting on its day, once."""
        row = self.current()
        meeting = self.view.meeting
        now = self._now()
        waiting = row is not None and not row.heard
        show_refusal(
            self.heard_button, self.heard_note, meeting.heard_refusal(now) if waiting else None
        )
        self.heard_button.setEnabled(waiting and self.heard_button.isEnabled())
        show_refusal(self.close_meeting_button, self.close_note, meeting.close_refusal(now.date()))

    def _load_actions(self) -> None:
        row = self.current()
        self.action_list.clear()
        if row is None:
            return
        try:
            tracked = actions.list_actions(self._workspace, meeting_id=self._meeting_id)
        except UserFacingError as error:
            self.action_status.show_error(str(error))
            return
        for item in tracked:
            action = item.action
            if action.case_id == row.case_id:
                self.action_list.addItem(
                    f"{item.agency_label}: {action.what} — {action.who}, due {day_text(action.due)}"
                )
        if not self.action_list.count():
            self.action_list.addItem("No actions yet.")

    def _update_timer(self) -> None:
        row = self.current()
        if row is None:
            return
        slot = self.view.meeting.slot_minutes * 60
        if row.heard:
            used = row.minutes_used
            self.timer_label.setText(
                f"Heard: {heard_minutes(used, '')} of {self.view.meeting.slot_minutes} minutes used"
                if used is not None
                else "Heard"
            )
            self.timer_label.setStyleSheet("")
            return
        seconds = self.seconds_used()
        text = f"Time used {minutes_text(seconds)} of {minutes_text(slot)}"
        if seconds > slot:
            text += f" — {minutes_text(seconds - slot)} over the slot"
            self.timer_label.setStyleSheet(f"color: {style.ERROR_COLOUR};")
        else:
            self.timer_label.setStyleSheet("")
        self.timer_label.setText(text)

    # ----- storing ------------------------------------------------------------------------

    def _reload(self) -> None:
        self.view = agenda_view.meeting_view(self._workspace, self._meeting_id)

    def _saved(self, case_id: CaseId, version: int) -> None:
        """This screen's own save: read the list again; the entry is as this screen left it."""
        self.entries_seen[case_id] = version
        self._reload()

    def _typed(self) -> tuple[str, str]:
        return self.summary_edit.toPlainText().strip(), self.risks_edit.toPlainText().strip()

    def save_discussion(self) -> bool:
        """Store the summary and risks if they changed; False (with a message) if refused."""
        row = self.current()
        if row is None:
            return True
        notes = self.view.notes[row.case_id]
        typed = self._typed()
        if typed == (notes.agency_summary, notes.risks):
            return True
        minutes = row.minutes_used if row.heard else self.minutes_used()
        try:
            saved = meeting_mode.record_discussion(
                self._workspace, self._meeting_id, row.case_id, *typed, minutes, notes.version
            )
            self.changed = True
            self._saved(row.case_id, saved)
        except UserFacingError as error:
            self._refused(error)
            return False
        return True

    def _refused(self, error: UserFacingError) -> None:
        """Say why. After someone else's newer save the list is read again, so that saving
        again saves over theirs: a field typed in keeps what was typed, one left as it was
        shows theirs."""
        if isinstance(error, StaleEditError):
            row = self.current()
            before = self.view.notes[row.case_id] if row is not None else None
            with contextlib.suppress(UserFacingError):  # the sentence still says what happened
                self._reload()
            if row is not None and before is not None:
                now = self.view.notes.get(row.case_id, before)
                for edit, was, theirs in (
                    (self.summary_edit, before.agency_summary, now.agency_summary),
                    (self.risks_edit, before.risks, now.risks),
                ):
                    if edit.toPlainText().strip() == was:
                        edit.setPlainText(theirs)
                self._show_heard(row.case_id)
        self.status.show_error(str(error))

    def _leave(self) -> bool:
        row = self.current()
        if not self.save_discussion():
            return False
        if row is not None and not row.heard:
            self._elapsed[row.case_id] = self.seconds_used()
        return True

    def go_to(self, index: int) -> bool:
        if not 0 <= index < len(self.view.rows) or not self._leave():
            return False
        self._show(index)
        return True

    def mark_heard(self) -> bool:
        row = self.current()
        if row is None or row.heard:
            return False
        minutes = max(1, self.minutes_used())  # a case heard took some time
        try:
            if not self.save_discussion():
                return False
            version = self.view.notes[row.case_id].version
            saved = meeting_mode.mark_heard(
                self._workspace, self._meeting_id, row.case_id, minutes, self._now(), version
            )
            self._saved(row.case_id, saved)
        except UserFacingError as error:
            self._refused(error)
            return False
        self.changed = True
        self._elapsed.pop(row.case_id, None)
        following = next(
            (n for n, r in enumerate(self.view.rows) if not r.heard and n > self.index), None
        )
        if following is None:
            following = next((n for n, r in enumerate(self.view.rows) if not r.heard), None)
        self._show(self.index if following is None else following)
        if following is None:
            self.status.show_success("Every case on the list has been heard.")
        else:
            self.status.show_success(f"{row.reference} marked heard ({minutes} min).")
        return True

    def close_meeting(self) -> bool:
        """Ask, then mark the meeting held (what is typed for the case shown is stored first)."""
        if not self.save_discussion():
            return False
        unheard = sum(not r.heard for r in self.view.rows)
        if not confirm(self, close_question(unheard)):
            return False
        try:
            meetings.close_meeting(
                self._workspace,
                self._meeting_id,
                self._now().date(),
                self.meeting_seen,
                self.entries_seen,
            )
            self._reload()
        except UserFacingError as error:
            self._refused(error)
            if isinstance(error, StaleEditError):  # read again whole: closing again closes
                self.meeting_seen = self.view.meeting.version
                self.entries_seen = {c: notes.version for c, notes in self.view.notes.items()}
                self._show_title()
            return False
        self.changed = True
        self._show_title()
        self._update_buttons()
        self.status.show_success(CLOSED)
        return True

    def add_action(self) -> bool:
        row = self.current()
        if row is None:
            return False
        try:
            actions.add_action(
                self._workspace,
                self._meeting_id,
                row.case_id,
                self.agency_combo.value(),
                self.what_edit.text(),
                self.who_edit.text(),
                self.due_edit.value("due date"),
            )
        except UserFacingError as error:
            self.action_status.show_error(str(error))
            return False
        self.changed = True
        self.what_edit.clear()
        self.who_edit.clear()
        self._load_actions()
        self.action_status.show_success("Action added.")
        self.what_edit.setFocus()
        return True

    def _close(self) -> bool:
        if not self._leave():
            return False
        self._timer.stop()
        return True

    # ----- slots --------------------------------------------------------------------------

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The scroll area settles its scroll bars on the layouts' next pass: taken now, the
        # window opens as it stays, and nothing moves from under the pointer.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    @override
    def reject(self) -> None:
        if self._close():
            super().reject()

    def _on_timer_timeout(self) -> None:
        self._update_timer()
        self._update_buttons()  # the start time may have come while the screen was open

    def _on_previous_button_clicked(self) -> None:
        self.go_to(self.index - 1)

    def _on_next_button_clicked(self) -> None:
        self.go_to(self.index + 1)

    def _on_heard_button_clicked(self) -> None:
        self.mark_heard()

    def _on_close_meeting_button_clicked(self) -> None:
        self.close_meeting()

    def _on_action_field_edited(self, *_args: object) -> None:
        """A refusal no longer stands once the action is being changed."""
        if self.action_status.is_error():
            self.action_status.clear_message()

    def _on_notes_changed(self) -> None:
        if self.status.is_error():
            self.status.clear_message()

    def _on_add_action_button_clicked(self) -> None:
        self.add_action()

    def _on_close_button_clicked(self) -> None:
        if self._close():
            self.accept()
