"""The lists coded fields choose from; an administrator adds the area's own terms here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.errors import UserFacingError
from marac_desktop.risk.vocabularies import TRAITS
from marac_desktop.services import vocabularies
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.widgets.text import StatusLabel, muted_label

TRAIT_WORDS = {
    "police": "Counts as a police referral in the data return",
    "research": "Asked to research new cases by default",
    "children_only": "Asked to research only cases with children",
    "minoritised": "Counted as Black, Asian or racially minoritised",
    "male": "Counted as a male victim",
    "lgbt": "Counted as LGBT+",
}
EXPLANATION = (
    "Records store a code from these lists, so anonymised papers and reports print only the "
    "list's own words. Words typed that are not in a list are kept on the record as 'other' "
    "and never printed on an anonymised paper. A term added here cannot be removed later, "
    "because records keep its code."
)


class VocabularyBox(QGroupBox):
    def __init__(self, workspace: Workspace, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__("Lists used in records", parent)
        self._workspace = workspace
        self.list_combo = QComboBox(self)
        self.list_combo.setAccessibleDescription("The list to see or add to")
        for vocabulary in vocabularies.current(workspace):
            self.list_combo.addItem(vocabulary.title, vocabulary.id.value)
        self.list_combo.setAccessibleName("List")
        self.terms = QListWidget(self)
        self.terms.setAccessibleName("Terms in the list")
        self.terms.setMinimumHeight(160)
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("for example fire_service")
        self.code_edit.setAccessibleName("Code")
        self.label_edit = QLineEdit(self)
        self.label_edit.setPlaceholderText("for example Fire and rescue service")
        self.label_edit.setAccessibleName("Label")
        self.trait_boxes: dict[str, QCheckBox] = {
            trait: QCheckBox(words, self) for trait, words in TRAIT_WORDS.items()
        }
        self.add_button = QPushButton("Add to the list", self)
        self.status = StatusLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label(EXPLANATION))
        layout.addWidget(self.list_combo)
        layout.addWidget(self.terms)
        self.form = QFormLayout()
        self.form.addRow("Code", self.code_edit)
        self.form.addRow("Label", self.label_edit)
        for box in self.trait_boxes.values():
            self.form.addRow("", box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        if editable:
            layout.addLayout(self.form)
            layout.addLayout(buttons)
            layout.addWidget(self.status)
        else:
            for widget in (
                self.code_edit,
                self.label_edit,
                self.add_button,
                *self.trait_boxes.values(),
            ):
                widget.hide()
            layout.addWidget(muted_label("Only an administrator can add to these lists."))
        self.list_combo.currentIndexChanged.connect(self._on_list_combo_current_index_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self._show_list()

    def chosen(self) -> VocabularyId:
        return VocabularyId(self.list_combo.currentData())

    def _show_list(self) -> None:
        chosen = self.chosen()
        vocabulary = vocabularies.current(self._workspace).get(chosen)
        self.terms.clear()
        for term in vocabulary:
            own = " · this area's own" if term.local else ""
            self.terms.addItem(f"{term.label}  ({term.code}{own})")
        for trait, box in self.trait_boxes.items():
            box.setVisible(self.add_button.isVisibleTo(self) and trait in TRAITS[chosen])
            box.setChecked(False)

    def add(self) -> bool:
        traits = frozenset(t for t, box in self.trait_boxes.items() if box.isChecked())
        try:
            term = vocabularies.add_term(
                self._workspace,
                self.chosen(),
                self.code_edit.text(),
                self.label_edit.text(),
                traits & frozenset(TRAITS[self.chosen()]),
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return False
        self.code_edit.clear()
        self.label_edit.clear()
        self._show_list()
        self.status.show_success(f"Added: {term.label}.")
        return True

    def _on_list_combo_current_index_changed(self, _index: int) -> None:
        self.status.clear_message()
        self._show_list()

    def _on_add_button_clicked(self) -> None:
        self.add()
