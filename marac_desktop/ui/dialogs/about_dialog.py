"""What the application is, its version, and how it protects data."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from marac_desktop import __version__
from marac_desktop.paths import log_dir

from marac_desktop.ui import style
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import heading_label, muted_label, paragraph_label


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {style.APP_NAME}")
        self.setMinimumWidth(500)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN + 4,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label(style.APP_NAME))
        layout.addWidget(muted_label(f"Version {__version__}"))
        layout.addWidget(
            paragraph_label(
                "Case work for independent domestic violence advisers (IDVAs) and MARAC "
                "coordinators: risk checklists, referrals, meetings and agency actions."
            )
        )
        layout.addWidget(
            paragraph_label(
                "Your data is encrypted at rest with SQLCipher and never leaves this computer: "
                "the program makes no network connections. Every sign-in, change and export is "
                "recorded in a tamper-evident audit log."
            )
        )
        layout.addWidget(
            paragraph_label(
                f"Logs are kept in {log_dir()}. They record what the program did, never case data, "
                "passwords or keys."
            )
        )
        layout.addWidget(buttons)
        fit_to_contents(self)
