"""Opening the risk checklist wizard on a fresh draft, until it is shown (target: under 300 ms).

Run with: python -m pytest tests/benchmarks/test_wizard_benchmark.py --benchmark-only
"""

from __future__ import annotations

from datetime import date

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from marac_desktop.services import assessments
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.wizard import AssessmentWizard

TARGET_SECONDS = 0.3


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
def test_open_wizard_on_a_fresh_draft(
    benchmark: BenchmarkFixture, qtbot: QtBot, admin: Workspace
) -> None:
    case = assessments.create_case(admin, "王", "秀英", date(1986, 11, 2))
    record = assessments.start(admin, case.id, date.today())

    def open_wizard() -> str:
        wizard = AssessmentWizard(admin, record)
        wizard.show()
        QApplication.processEvents()
        title = wizard.windowTitle()
        wizard.done(0)
        wizard.deleteLater()
        return title

    assert benchmark.pedantic(open_wizard, rounds=15, warmup_rounds=2) == "Risk assessment"
    if benchmark.stats is not None:  # None under --benchmark-disable
        assert benchmark.stats.stats.mean < TARGET_SECONDS
