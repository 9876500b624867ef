"""The first screen: open the file on this computer, another file, or a partnership server.

Enter opens the file on this computer (the embedded default, set up by the first-run wizard
when there is none yet), as the application did before servers existed. The servers signed in
to before are listed to pick (Enter or a double-click) and can be forgotten (Delete).
"""

from __future__ import annotations

from pathlib import Path

from typing_extensions import override

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.errors import UserFacingError
from marac_desktop.paths import default_database_path
from marac_desktop.services import remembered_servers
from marac_desktop.services.remembered_servers import RememberedServer

from marac_desktop.ui import style
from marac_desktop.ui.dialogs.connect_dialog import ServerChoice
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

DATABASE_FILTER = "MARAC database (*.db);;All files (*)"
_SERVER_ROLE = Qt.ItemDataRole.UserRole + 1


def server_line(server: RememberedServer) -> str:
    return f"{server.label}  ·  {server.user}" if server.user else server.label


class StartDialog(QDialog):
    """Emits ``file_chosen`` (a path, which may not exist yet) or ``server_chosen`` (a
    ``ServerChoice``) and accepts; Quit rejects."""

    file_chosen = Signal(Path)
    server_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(style.APP_NAME)
        self.setMinimumWidth(520)
        default = default_database_path()
        self.default_path = default

        self.open_default_button = QPushButton("Open the file on this computer")
        self.open_default_button.setDefault(True)
        self.open_other_button = QPushButton("Open another file…")
        self.connect_button = QPushButton("Connect to a partnership server…")
        for button in (self.open_other_button, self.connect_button):
            button.setAutoDefault(False)
        self.servers_heading = heading_label("Partnership servers you have used", 2)
        self.server_list = QListWidget()
        self.server_list.setMaximumHeight(150)
        self.connect_chosen_button = QPushButton("Connect")
        self.forget_button = QPushButton("Forget")
        for button in (self.connect_chosen_button, self.forget_button):
            button.setAutoDefault(False)
        self.status_label = StatusLabel()
        self.buttons = QDialogButtonBox()
        self.quit_button = self.buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setAutoDefault(False)

        default_note = muted_label(
            f"{default.name} in {default.parent}"
            if default.exists()
            else "None yet: the first time, you set up a new encrypted file."
        )
        default_note.setToolTip(str(default))
        server_buttons = QHBoxLayout()
        server_buttons.addWidget(self.connect_chosen_button)
        server_buttons.addWidget(self.forget_button)
        server_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN + 4,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label(style.APP_NAME))
        layout.addWidget(self.open_default_button)
        layout.addWidget(default_note)
        layout.addWidget(self.open_other_button)
        layout.addSpacing(4)
        layout.addWidget(self.connect_button)
        layout.addWidget(
            muted_label(
                "A partnership server is the shared database where IDVAs, coordinators and "
                "safeguarding leads at different desks work on one set of records."
            )
        )
        layout.addWidget(self.servers_heading)
        layout.addWidget(self.server_list)
        layout.addLayout(server_buttons)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.open_default_button.clicked.connect(self._on_open_default_button_clicked)
        self.open_other_button.clicked.connect(self._on_open_other_button_clicked)
        self.connect_button.clicked.connect(self._on_connect_button_clicked)
        self.connect_chosen_button.clicked.connect(self._connect_chosen)
        self.forget_button.clicked.connect(self._forget_chosen)
        self.server_list.itemDoubleClicked.connect(self._on_server_list_item_double_clicked)
        self.buttons.rejected.connect(self.reject)
        self._fill_servers()
        self.open_default_button.setFocus()
        fit_to_contents(self)

    def servers(self) -> list[str]:
        return [self.server_list.item(row).text() for row in range(self.server_list.count())]

    def _fill_servers(self) -> None:
        self.server_list.clear()
        for server in remembered_servers.remembered():
            item = QListWidgetItem(server_line(server))
            item.setData(_SERVER_ROLE, server)
            self.server_list.addItem(item)
        if self.server_list.count():
            self.server_list.setCurrentRow(0)
        shown = self.server_list.count() > 0
        for widget in (
            self.servers_heading,
            self.server_list,
            self.connect_chosen_button,
            self.forget_button,
        ):
            widget.setVisible(shown)

    def _chosen(self) -> RememberedServer | None:
        item = self.server_list.currentItem()
        server = item.data(_SERVER_ROLE) if item is not None else None
        return server if isinstance(server, RememberedServer) else None

    def _choose_file(self, path: Path) -> None:
        self.file_chosen.emit(path)
        self.accept()

    def _choose_server(self, choice: ServerChoice) -> None:
        self.server_chosen.emit(choice)
        self.accept()

    def _connect_chosen(self) -> None:
        server = self._chosen()
        if server is not None:
            self._choose_server(ServerChoice(server.location, server.ca_file, server.user))

    def _forget_chosen(self) -> None:
        server = self._chosen()
        if server is None:
            return
        try:
            remembered_servers.forget(server.location)
        except UserFacingError as error:
            self.status_label.show_error(str(error))
            return
        self._fill_servers()
        self.status_label.show_note(f"{server.label} is no longer listed here.")
        (self.server_list if self.server_list.count() else self.open_default_button).setFocus()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.focusWidget() is self.server_list:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._connect_chosen()
                return
            if event.key() == Qt.Key.Key_Delete:
                self._forget_chosen()
                return
        super().keyPressEvent(event)

    def _on_open_default_button_clicked(self) -> None:
        self._choose_file(self.default_path)

    def _on_open_other_button_clicked(self) -> None:
        start = self.default_path.parent if self.default_path.parent.is_dir() else Path.home()
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Open a MARAC database", str(start), DATABASE_FILTER
        )
        if chosen:
            self._choose_file(Path(chosen))

    def _on_connect_button_clicked(self) -> None:
        self._choose_server(ServerChoice())

    def _on_server_list_item_double_clicked(self, _item: QListWidgetItem) -> None:
        self._connect_chosen()
