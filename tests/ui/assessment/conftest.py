"""Fixtures for the assessment screens: a wizard opened on the admin workspace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from marac_desktop.services.assessments import AssessmentRecord
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.wizard import AssessmentWizard


@pytest.fixture
def open_wizard(qtbot: QtBot, admin: Workspace) -> Callable[[AssessmentRecord], AssessmentWizard]:
    def opener(record: AssessmentRecord) -> AssessmentWizard:
        wizard = AssessmentWizard(admin, record)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard

    return opener
