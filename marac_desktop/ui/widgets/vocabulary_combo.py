"""A drop-down list of a vocabulary's terms: shows labels, gives back codes.

When ``typed`` is allowed, words that match no term can be typed; the service then stores the
code ``other`` with those words kept apart, never on an anonymised document.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget

from marac_desktop.domain.vocabulary import OTHER, Vocabulary

from marac_desktop.ui import style


class VocabularyCombo(QComboBox):
    def __init__(
        self,
        vocabulary: Vocabulary,
        parent: QWidget | None = None,
        *,
        first: Iterable[str] = (),
        blank: str | None = "Not recorded",
        typed: bool = False,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.setEditable(typed)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumWidth(style.field_min_width())
        if blank is not None:
            self.addItem(blank, "")
        leading = [c for c in first if c in vocabulary]
        for code in leading:
            self.addItem(vocabulary.label(code), code)
        for term in vocabulary:
            if term.code not in leading:
                self.addItem(term.label, term.code)
        line = self.lineEdit()
        if line is not None and placeholder:
            line.setPlaceholderText(placeholder)
        self.setCurrentIndex(0 if blank is not None else -1)

    def value(self) -> str:
        """The chosen term's code, or the words typed when they match no item's label."""
        text = " ".join(self.currentText().split())
        found = self.findText(text)
        if found >= 0:
            code = self.itemData(found)
            return str(code) if code is not None else ""
        return text

    def set_value(self, code: str, detail: str = "") -> None:
        found = self.findData(code)
        if code == OTHER and detail and self.isEditable():
            self.setEditText(detail)
        elif found >= 0:
            self.setCurrentIndex(found)
        elif self.isEditable():
            self.setEditText(detail or code)
