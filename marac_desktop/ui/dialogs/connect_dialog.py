"""Connect to a partnership server: its address, the partnership's certificate authority, and
the person's own server account.

The address is checked here, before anything is sent, and what is wrong with it is said in one
sentence under the form, which keeps everything typed. The sign-in runs on the background
runner, as the unlock does; a wrong password or a server that does not answer is one sentence
too. After a sign-in the server, its CA file and the user name are remembered for the start
screen; the password never is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.errors import UserFacingError, WrongPasswordError
from marac_desktop.services import remembered_servers

from marac_desktop.ui import style
from marac_desktop.ui.background import runner
from marac_desktop.ui.widgets.new_password_fields import password_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.domain.progress import Progress
    from marac_desktop.services.workspace import Workspace

logger = logging.getLogger(__name__)

ADDRESS_EXAMPLE = "postgresql://marac.example.org/marac"
CA_FILTER = "Certificate authority (*.pem *.crt *.cer);;All files (*)"
NEEDS_CA_FILE = (
    "Choose the partnership's certificate authority file: over the network the server's "
    "identity is checked against it."
)


@dataclass(frozen=True, slots=True)
class ServerChoice:
    """What the connect dialog starts with: an address as typed or remembered, and the rest."""

    address: str = ""
    ca_file: Path | None = None
    user: str = ""


class ConnectDialog(QDialog):
    """Emits ``unlocked`` with the Workspace (also kept in ``workspace``) and accepts;
    ``signed_in`` is then the server, CA file and user that worked."""

    unlocked = Signal(object)

    def __init__(
        self,
        address: str = "",
        ca_file: Path | None = None,
        user: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.signed_in: ServerChoice | None = None
        self._connecting = False
        self.setWindowTitle(f"Connect – {style.APP_NAME}")
        self.setMinimumWidth(520)

        self.address_edit = QLineEdit(address)
        self.address_edit.setPlaceholderText(ADDRESS_EXAMPLE)
        self.address_edit.setCursorPosition(0)  # a long socket address shows its start
        self.address_edit.setMinimumWidth(style.field_min_width() + style.ems(6))
        self.ca_edit = QLineEdit(str(ca_file) if ca_file else "")
        self.ca_edit.setAccessibleName("Certificate authority file")
        self.ca_edit.setPlaceholderText("not needed on the server's own computer")
        self.ca_button = QPushButton("Choose…")
        self.ca_button.setAutoDefault(False)
        self.username_edit = QLineEdit(user)
        self.username_edit.setAccessibleDescription("Your account on the partnership server")
        self.password_edit = password_edit()
        self.password_edit.setAccessibleDescription("Your password on the partnership server")
        self.error_label = StatusLabel()
        self.step_label = StatusLabel(room_lines=1)  # the step while it works
        self.buttons = QDialogButtonBox()
        self.connect_button = self.buttons.addButton(
            "Connect", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.back_button = self.buttons.addButton("Back", QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.setDefault(True)

        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("Server address", self.address_edit)
        form.addRow("Certificate authority", ca_row)
        form.addRow("User name", self.username_edit)
        form.addRow("Password", self.password_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN + 4,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("Connect to a partnership server"))
        layout.addWidget(
            muted_label(
                "Sign in with your own account on the partnership's server. The address, the "
                "certificate authority and your user name are remembered; your password is not."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.step_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        for edit in (self.address_edit, self.username_edit, self.password_edit):
            edit.textChanged.connect(self._on_field_text_changed)
        self.ca_button.clicked.connect(self._on_ca_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        runner().ended.connect(self._on_runner_ended)
        self._focus_first_empty()
        self._update_connect_button()
        fit_to_contents(self)

    @classmethod
    def for_choice(cls, choice: ServerChoice, parent: QWidget | None = None) -> ConnectDialog:
        return cls(choice.address, choice.ca_file, choice.user, parent)

    @property
    def connecting(self) -> bool:
        return self._connecting

    def _focus_first_empty(self) -> None:
        for edit in (self.address_edit, self.username_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                return
        self.password_edit.setFocus()

    def _update_connect_button(self) -> None:
        ready = all(
            edit.text().strip()
            for edit in (self.address_edit, self.username_edit, self.password_edit)
        )
        self.connect_button.setEnabled(ready and not self._connecting)

    def _set_connecting(self, connecting: bool, label: str = "") -> None:
        self._connecting = connecting
        for widget in (
            self.address_edit,
            self.ca_edit,
            self.ca_button,
            self.username_edit,
            self.password_edit,
            self.back_button,
        ):
            widget.setEnabled(not connecting)
        if connecting:
            self.step_label.show_note(f"Connecting to {label}…")
        else:
            self.step_label.clear_message()
        self._update_connect_button()

    def _on_field_text_changed(self, _text: str) -> None:
        self._update_connect_button()

    def _on_ca_button_clicked(self) -> None:
        start = self.ca_edit.text().strip() or str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "The partnership's certificate authority", start, CA_FILTER
        )
        if chosen:
            self.ca_edit.setText(chosen)

    def _refuse(self, sentence: str, field: QLineEdit) -> None:
        self.error_label.show_error(sentence)
        field.setFocus()

    def _on_buttons_accepted(self) -> None:
        if not self.connect_button.isEnabled() or self._connecting:
            return
        try:
            location = remembered_servers.check_address(self.address_edit.text())
        except UserFacingError as error:
            self._refuse(str(error), self.address_edit)
            return
        ca_text = self.ca_edit.text().strip()
        ca_file = Path(ca_text).expanduser() if ca_text else None
        if ca_file is None and remembered_servers.needs_ca_file(location):
            self._refuse(NEEDS_CA_FILE, self.ca_edit)
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()

        def work(_progress: Progress) -> Workspace:
            # Deferred: SQLAlchemy and psycopg load here, on the worker, not at start.
            from marac_desktop.services import server_access

            return server_access.sign_in_at(location, username, password, ca_file)

        self.error_label.clear_message()
        started = runner().start(
            "Connecting",
            work,
            lambda workspace: self._on_sign_in_done(workspace, location, ca_file, username),
            failed=self._on_sign_in_failed,
            owner=self,
        )
        if not started:
            self.error_label.show_error(runner().refusal())
            return
        self._set_connecting(True, remembered_servers.label(location))

    def _on_runner_ended(self, _sentence: str) -> None:
        if self._connecting:  # first, so that an unexpected error leaves the form usable
            self._set_connecting(False)

    def _on_sign_in_done(
        self, workspace: Workspace, location: str, ca_file: Path | None, username: str
    ) -> None:
        try:
            remembered_servers.remember(location, ca_file, username)
        except UserFacingError as error:  # not remembered; the sign-in stands
            logger.warning("The server could not be remembered (%s).", type(error).__name__)
        self.password_edit.clear()
        self.workspace = workspace
        self.signed_in = ServerChoice(location, ca_file, username)
        self.unlocked.emit(workspace)
        self.accept()

    def _on_sign_in_failed(self, error: UserFacingError) -> None:
        self.error_label.show_error(str(error))
        if isinstance(error, WrongPasswordError):
            self.password_edit.clear()
            self.password_edit.setFocus()

    @override
    def reject(self) -> None:
        if not self._connecting:  # Escape does nothing while the sign-in runs
            self.password_edit.clear()
            super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._connecting:
            event.ignore()
            return
        super().closeEvent(event)
