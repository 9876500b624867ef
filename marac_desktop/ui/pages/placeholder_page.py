"""Pages for parts of the application that later versions add."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.text import muted_label

NOT_AVAILABLE = "Not available yet in this version."

# Pages that later versions fill, and what each will hold.
PLANNED_PAGES: dict[str, str] = {
    "Reports": "Performance reports and the quarterly data return will be produced here.",
}


class PlaceholderPage(Page):
    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(title, description, parent)
        self.add_text(muted_label(NOT_AVAILABLE))
        self.page_layout.addStretch(1)
