"""One listed case's research: which agencies are asked, and what each has sent back."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.research import CaseResearch, ResearchReturn, ResearchStatus
from marac_desktop.domain.vocabulary import Term
from marac_desktop.errors import InvalidInputError, StaleEditError, UserFacingError
from marac_desktop.services import research_returns

from marac_desktop.ui.cases.record_fields import past_date_edit
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

RETURNED_ON = "day it came back"
HINT = (
    "Tick each agency asked to research this case. Select one to record what it sent back; "
    "an agency that has returned stays ticked."
)


class ResearchDialog(QDialog):
    """``saved`` is the case entry's new version once the research has been stored."""

    def __init__(
        self,
        workspace: Workspace,
        meeting_id: MeetingId,
        research: CaseResearch,
        agencies: list[Term],
        version: int | None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._meeting_id = meeting_id
        self._case_id = research.case_id
        self._version = version
        self._today = today or date.today()
        self._answers = {r.agency: r for r in research.returns}
        self._shown: str | None = None
        self.saved: int | None = None
        self.setWindowTitle("Research returns")
        self.agency_list = QListWidget()
        self.agency_list.setAccessibleName("Agencies asked to research")
        known = {t.code: t for t in agencies}
        order = list(self._answers) + [t.code for t in agencies if t.code not in self._answers]
        self._labels = {code: known[code].label if code in known else code for code in order}
        for code in order:
            item = QListWidgetItem(self._item_text(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if code in self._answers else Qt.CheckState.Unchecked
            )
            self.agency_list.addItem(item)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleDescription(
            "Whether the agency has sent its research back, and if it knows the people"
        )
        for status in ResearchStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.setAccessibleName("What came back")
        self.returned_edit = past_date_edit(self._today)
        self.returned_edit.setAccessibleName("Day it came back")
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setAccessibleDescription(
            "What the agency knows, in a few lines, not its whole file"
        )
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setAccessibleName("What the agency knows, in summary")
        self.risks_edit = QPlainTextEdit()
        self.risks_edit.setAccessibleDescription("Risks the agency sees from what it holds")
        self.risks_edit.setTabChangesFocus(True)
        self.risks_edit.setAccessibleName("Risks the agency sees")
        for edit in (self.summary_edit, self.risks_edit):
            edit.setFixedHeight(80)
        self.contact_edit = QLineEdit()
        self.contact_edit.setAccessibleDescription("Who at the agency can say more")
        self.contact_edit.setAccessibleName("Who at the agency holds it")
        self.contact_edit.setMaxLength(200)
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Save research")

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Status", self.status_combo)
        form.addRow("Came back on", self.returned_edit)
        form.addRow("Summary", self.summary_edit)
        form.addRow("Risks", self.risks_edit)
        form.addRow("Contact", self.contact_edit)
        columns = QHBoxLayout()
        columns.addWidget(self.agency_list, 2)
        columns.addWidget(self.form, 3)
        layout = dialog_layout(self)
        layout.addWidget(
            heading_label(f"{research.meeting_reference} · {research.case_reference}", 2)
        )
        layout.addWidget(muted_label(HINT))
        layout.addLayout(columns)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.agency_list.currentItemChanged.connect(self._on_agency_list_current_item_changed)
        self.agency_list.itemChanged.connect(self._on_agency_list_item_changed)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_changed)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        chain = (
            self.agency_list,
            self.status_combo,
            self.returned_edit,
            self.summary_edit,
            self.risks_edit,
            self.contact_edit,
        )
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.agency_list.setCurrentRow(0)
        self._show(self._current_code())
        fit_to_contents(self)
        self.setMinimumSize(self.size())  # the form never resizes under the pointer
        self.agency_list.setFocus()

    # ----- what is shown --------------------------------------------------------------------

    def _current_code(self) -> str | None:
        item = self.agency_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _item_text(self, code: str) -> str:
        answer = self._answers.get(code)
        if answer is None or answer.status is ResearchStatus.SENT:
            return self._labels[code]
        return f"{self._labels[code]} · {answer.status.label.lower()}"

    def _item(self, code: str) -> QListWidgetItem | None:
        for row in range(self.agency_list.count()):
            item = self.agency_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                return item
        return None

    def _checked(self, code: str) -> bool:
        item = self._item(code)
        return item is not None and item.checkState() is Qt.CheckState.Checked

    def _show(self, code: str | None) -> None:
        self._shown = code
        answer = self._answers.get(code or "") or ResearchReturn(code or "")
        self.status_combo.setCurrentIndex(list(ResearchStatus).index(answer.status))
        self.returned_edit.set_value(answer.returned_on or self._today)
        self.summary_edit.setPlainText(answer.summary)
        self.risks_edit.setPlainText(answer.risks)
        self.contact_edit.setText(answer.contact)
        self._enable()

    def _enable(self) -> None:
        asked = self._shown is not None and self._checked(self._shown)
        self.form.setEnabled(asked)
        self.returned_edit.setEnabled(asked and self._status().returned)

    def _status(self) -> ResearchStatus:
        value = self.status_combo.currentData()
        return value if isinstance(value, ResearchStatus) else ResearchStatus(value)

    def _keep_shown(self) -> None:
        """Hold what the form shows for the agency it shows, before another is shown."""
        if self._shown is None or not self._checked(self._shown):
            return
        status = self._status()
        returned_on = None
        if status.returned:
            with contextlib.suppress(InvalidInputError):  # unreadable: saving says so
                returned_on = self.returned_edit.value(RETURNED_ON)
        self._answers[self._shown] = ResearchReturn(
            self._shown,
            status,
            returned_on,
            self.summary_edit.toPlainText(),
            self.risks_edit.toPlainText(),
            self.contact_edit.text(),
        )
        item = self._item(self._shown)
        if item is not None:
            self.agency_list.blockSignals(True)  # a new text is not a new tick
            item.setText(self._item_text(self._shown))
            self.agency_list.blockSignals(False)

    def answers(self) -> list[ResearchReturn]:
        """The ticked agencies, in the list's order, each with what the form holds for it."""
        self._keep_shown()
        chosen = []
        for row in range(self.agency_list.count()):
            item = self.agency_list.item(row)
            code = str(item.data(Qt.ItemDataRole.UserRole))
            if item.checkState() is Qt.CheckState.Checked:
                chosen.append(self._answers.get(code) or ResearchReturn(code))
        return chosen

    # ----- slots ----------------------------------------------------------------------------

    def _on_agency_list_current_item_changed(
        self, _current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self._keep_shown()
        self._show(self._current_code())

    def _on_agency_list_item_changed(self, item: QListWidgetItem) -> None:
        code = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() is Qt.CheckState.Checked:
            self._answers.setdefault(code, ResearchReturn(code))
        if code == self._shown:
            self._enable()
        self.status.clear_message()

    def _on_status_combo_changed(self, _index: int) -> None:
        self._enable()
        self.status.clear_message()

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            if self._status().returned:
                self.returned_edit.value(RETURNED_ON)
            self.saved = research_returns.save_case_research(
                self._workspace,
                self._meeting_id,
                self._case_id,
                self.answers(),
                self._version,
                today=self._today,
            )
        except UserFacingError as error:
            if isinstance(error, StaleEditError):  # saving again saves over theirs
                self._version = error.current
            self.status.show_error(str(error))
            return
        super().accept()
