"""The frame shared by main-window pages: margins, a heading and an introduction."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from marac_desktop.ui import style
from marac_desktop.ui.widgets.scrolling import ScrolledContents, quiet_scroll
from marac_desktop.ui.widgets.text import heading_label, paragraph_label


class Page(QWidget):
    """A page with its heading; ``refresh()`` reloads it each time it is shown.

    A ``scrolling`` page holds its sections to a paragraph's width, for a page of many
    sections read from top to bottom; any page scrolls when the window is too small for it."""

    allowed = True
    """Whether the signed-in role may use it: a page it may not use is not offered."""

    def __init__(
        self,
        title: str,
        introduction: str = "",
        parent: QWidget | None = None,
        scrolling: bool = False,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.page_layout = QVBoxLayout()
        contents = ScrolledContents(tables=not scrolling)
        contents.setLayout(self.page_layout)
        if scrolling:
            # Sections as wide as a paragraph: wrapped text is then measured at the width it
            # is shown at, and no section is given less height than its text needs.
            contents.setMaximumWidth(style.text_max_width() + 2 * style.PAGE_MARGIN)
        # Every page scrolls once the window is smaller than it needs (larger system text):
        # its contents are never squeezed below their text.
        area = quiet_scroll(QScrollArea(self), contents)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)
        self.page_layout.setContentsMargins(*(style.PAGE_MARGIN,) * 4)
        self.page_layout.setSpacing(style.SECTION_SPACING)
        self.page_layout.addWidget(heading_label(title))
        if introduction:
            self.add_text(paragraph_label(introduction))

    def add_text(self, label: QLabel) -> QLabel:
        """Add a paragraph, kept to a readable line length."""
        label.setMaximumWidth(style.text_max_width())
        self.page_layout.addWidget(label)
        return label

    def add_refusal(self, sentence: str) -> QLabel:
        """Shown instead of the page's contents to a role that may not use it."""
        label = self.add_text(paragraph_label(sentence))
        self.page_layout.addStretch(1)
        return label

    def refresh(self) -> None:
        """Reload from the services; pages that show stored data override this."""
