"""Record that a new IDVA supports the victim of a case, or that the current IDVA has stopped.

Earlier IDVAs are kept by the service (the reports count who had an IDVA on which day), so the
dialog never edits or removes an allocation: it adds one, or ends the current one. The new
IDVA is one of the IDVA accounts, chosen in the list, or a name typed for an IDVA from
outside the partnership; a line under the field says which the text is.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.domain.users import IdvaAccount
from marac_desktop.errors import StaleEditError, UserFacingError
from marac_desktop.services import records

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.record_fields import date_of, past_date_edit
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

NEW_CHOICE = "&A new IDVA is supporting the victim"
STOP_CHOICE = "The IDVA has &stopped supporting the victim"
OPTION_INDENT = 26  # the fields of a choice sit under its text, past the round button
NAME_DESCRIPTION = (
    "The IDVA who supports the victim from the date below: choose an IDVA account, or type "
    "the name of an IDVA from outside the partnership."
)
NO_NAME_YET = "Choose an IDVA account, or type the name of an IDVA from outside the partnership."
OUTSIDE = "Not an account here: recorded as an IDVA from outside the partnership."


def account_text(account: IdvaAccount) -> str:
    return (
        f"{account.display_name}'s account ({account.username}): the case will be among "
        "their own cases."
    )


def _choices(accounts: list[IdvaAccount]) -> list[tuple[str, str]]:
    """Each account's text in the list and its user name; a display name two accounts share
    is told apart by the user name."""
    names = [a.display_name for a in accounts]
    return [
        (
            a.display_name
            if names.count(a.display_name) == 1
            else f"{a.display_name} ({a.username})",
            a.username,
        )
        for a in accounts
    ]


class IdvaDialog(QDialog):
    """Saves on "Save", or says in one sentence why not and stays open with the input kept.

    ``current`` is the IDVA allocated now (``None``: none is, and stopping is not offered) and
    ``version`` the case's version it was read with: after someone else's newer change the
    dialog shows their IDVA, keeps what was typed, and saving again saves over it.
    """

    def __init__(
        self,
        workspace: Workspace,
        case_id: CaseId,
        current: IdvaAllocation | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
        version: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._case_id = case_id
        self._today = today
        self._version = version
        self.setWindowTitle("IDVA")
        self.setMinimumWidth(520)
        self.new_choice = QRadioButton(NEW_CHOICE)
        self.stop_choice = QRadioButton(STOP_CHOICE)
        self.choices = QButtonGroup(self)
        self.choices.addButton(self.new_choice)
        self.choices.addButton(self.stop_choice)
        self._accounts = self._idva_accounts(workspace)
        self.name_field = self._name_field(list(self._accounts.values()))
        edit = self.name_field.lineEdit()
        assert edit is not None  # an editable combo box has one
        self.name_edit: QLineEdit = edit
        self.which_label = muted_label()
        self.date_edit = past_date_edit(today)
        self.stop_date_edit = past_date_edit(today)
        self.replaces_label = muted_label()
        self.who_label = muted_label()
        self._show_current(current)
        self.new_choice.setChecked(True)
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Save")  # the default: Enter saves

        self.name_label = self._field_label("IDVA's &name *", self.name_field)
        self.date_label = self._field_label("Supporting &from", self.date_edit)
        self.stop_date_label = self._field_label("Stopped &on", self.stop_date_edit)
        # One grid for both choices, so that their fields line up under each other.
        choices = QGridLayout()
        choices.setHorizontalSpacing(10)
        choices.setVerticalSpacing(8)
        choices.setColumnMinimumWidth(0, OPTION_INDENT - 10)
        choices.setColumnStretch(2, 1)
        choices.addWidget(self.new_choice, 0, 0, 1, 3)
        choices.addWidget(self.name_label, 1, 1)
        choices.addWidget(self.name_field, 1, 2)
        choices.addWidget(self.which_label, 2, 2)
        choices.addWidget(self.date_label, 3, 1)
        choices.addWidget(self.date_edit, 3, 2)
        choices.addWidget(self.replaces_label, 4, 1, 1, 2)
        choices.setRowMinimumHeight(5, 6)  # a little more room between the two choices
        choices.addWidget(self.stop_choice, 6, 0, 1, 3)
        choices.addWidget(self.who_label, 7, 1, 1, 2)
        choices.addWidget(self.stop_date_label, 8, 1)
        choices.addWidget(self.stop_date_edit, 8, 2)

        layout = dialog_layout(self)
        layout.addWidget(heading_label("IDVA for this case", 2))
        layout.addWidget(
            muted_label(
                "The independent domestic violence adviser supporting the victim. Earlier "
                "IDVAs stay in the case's history."
            )
        )
        layout.addLayout(choices)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.setTabOrder(self.new_choice, self.name_field)
        self.setTabOrder(self.name_field, self.date_edit)
        self.setTabOrder(self.date_edit, self.stop_choice)
        self.setTabOrder(self.stop_choice, self.stop_date_edit)
        self.new_choice.toggled.connect(self._on_choice_toggled)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.name_field.editTextChanged.connect(self._on_name_field_edit_text_changed)
        self._show_which()
        self._enable()
        self.name_field.setFocus()
        fit_to_contents(self)

    @staticmethod
    def _idva_accounts(workspace: Workspace) -> dict[str, IdvaAccount]:
        """By user name; an account list that cannot be read leaves typed names only."""
        try:
            with busy_cursor():
                return {a.username: a for a in records.idva_accounts(workspace)}
        except UserFacingError:
            return {}

    @staticmethod
    def _name_field(accounts: list[IdvaAccount]) -> QComboBox:
        """The IDVA accounts to choose from, by display name, in a field that takes any
        name typed."""
        field = QComboBox()
        field.setEditable(True)
        field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        field.setMinimumWidth(style.field_min_width())
        for text, username in _choices(accounts):
            field.addItem(text, username)
        completer = QCompleter(field.model(), field)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        field.setCompleter(completer)
        field.setCurrentIndex(-1)
        field.setEditText("")
        return field

    @property
    def chosen_account(self) -> str | None:
        """The user name of the account the text names (``None``: a name from outside)."""
        text = " ".join(self.name_field.currentText().split())
        index = self.name_field.findText(text, Qt.MatchFlag.MatchFixedString) if text else -1
        return str(self.name_field.itemData(index)) if index >= 0 else None

    def _show_which(self) -> None:
        account = self.chosen_account
        if account is not None:
            which = account_text(self._accounts[account])
        elif self.name_field.currentText().strip():
            which = OUTSIDE
        else:
            which = NO_NAME_YET
        self.which_label.setText(which)
        self.name_field.setAccessibleDescription(f"{NAME_DESCRIPTION} {which}")

    def _on_name_field_edit_text_changed(self, _text: str) -> None:
        self._show_which()

    def _show_current(self, current: IdvaAllocation | None) -> None:
        if current is None:
            replaces = ""
            who = "No IDVA is allocated to this case now."
        else:
            since = day_text(current.allocated_on)
            replaces = f"{current.name} stops being the IDVA on that date."
            who = f"{current.name}, supporting the victim since {since}."
        self.replaces_label.setText(replaces)
        self.replaces_label.setVisible(bool(replaces))
        self.who_label.setText(who)
        self.stop_choice.setEnabled(current is not None)

    def _show_theirs(self, error: StaleEditError) -> None:
        """The IDVA as the other desk left it; what was typed stays."""
        self._version = error.current
        try:
            record = records.case_record(self._workspace, self._case_id)
        except UserFacingError:
            return  # the sentence shown still says what happened
        self._version = record.version
        self._show_current(record.idva)

    @property
    def stopping(self) -> bool:
        """Whether the dialog records that the IDVA stopped (rather than a new IDVA)."""
        return self.stop_choice.isChecked()

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    @staticmethod
    def _field_label(text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)
        return label

    def _enable(self) -> None:
        new = not self.stopping
        for widget in (
            self.name_label,
            self.name_field,
            self.which_label,
            self.date_label,
            self.date_edit,
        ):
            widget.setEnabled(new)
        self.stop_date_label.setEnabled(not new)
        self.stop_date_edit.setEnabled(not new)

    def _on_choice_toggled(self, _checked: bool) -> None:
        self._enable()
        self.status.clear_message()

    def _on_save_button_clicked(self) -> None:
        try:
            if self.stopping:
                day = date_of(self.stop_date_edit, "date the IDVA stopped", self._today)
                with busy_cursor():
                    records.end_idva(
                        self._workspace, self._case_id, day, self._today, self._version
                    )
            else:
                day = date_of(self.date_edit, "IDVA allocation date", self._today)
                allocation = IdvaAllocation(
                    self.name_field.currentText(), day, account=self.chosen_account
                )
                with busy_cursor():
                    records.allocate_idva(
                        self._workspace, self._case_id, allocation, self._today, self._version
                    )
        except UserFacingError as error:
            if isinstance(error, StaleEditError):
                self._show_theirs(error)
            self.status.show_error(str(error))
            fit_to_contents(self)  # room for the sentence, without squeezing the form
            return
        super().accept()
