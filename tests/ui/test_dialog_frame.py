"""The frame the dialogs share: margins, and Cancel beside the button that accepts."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit

from marac_desktop.ui import style
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout

pytestmark = pytest.mark.gui


def test_the_named_button_accepts_and_cancel_rejects(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = dialog_layout(dialog)
    buttons, save = cancel_and("Save referral")
    layout.addWidget(buttons)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    assert dialog.layout() is layout and layout.spacing() == style.SECTION_SPACING
    assert layout.contentsMargins().left() == style.DIALOG_MARGIN
    assert save.text() == "Save referral"
    assert buttons.buttonRole(save) == QDialogButtonBox.ButtonRole.AcceptRole
    save.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.setResult(0)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None
    cancel.click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert len(buttons.buttons()) == 2


def test_enter_in_a_field_presses_the_named_button_not_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = dialog_layout(dialog)
    field = QLineEdit()
    buttons, save = cancel_and("Save")
    save.setDefault(True)  # set before the dialog holds it: the dialog used to forget it
    layout.addWidget(field)
    layout.addWidget(buttons)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    dialog.show()
    field.setFocus()
    qtbot.keyClicks(field, "typed")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
