"""Table models, the level chart, and the sorting of a result's explanation sentences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from marac_desktop.domain.assessments import AssessmentId, AssessmentStatus
from marac_desktop.domain.cases import CaseId, CaseSummary, PersonId, Victim
from marac_desktop.risk import Answer, AreaPolicy, AssessmentInput, ProfessionalJudgement
from marac_desktop.risk.result_sentences import sentences_of
from marac_desktop.services.assessments import LevelPoint
from marac_desktop.services.checklists import checklist

from marac_desktop.ui.assessment.case_table_model import COL_LEVEL, NO_LEVEL, CaseTableModel
from marac_desktop.ui.assessment.history_table_model import COL_LEVEL as HISTORY_LEVEL
from marac_desktop.ui.assessment.history_table_model import HistoryTableModel
from marac_desktop.ui.assessment.level_chart import LevelChart

DAY = date(2026, 3, 10)


def _case(number: int, family: str, given: str) -> CaseSummary:
    victim = Victim(PersonId(number), family, given, None)
    return CaseSummary(CaseId(number), f"C-{number:06d}", victim)


def _point(number: int, level: str, status: AssessmentStatus) -> LevelPoint:
    return LevelPoint(
        AssessmentId(number), DAY + timedelta(days=30 * number), status, level, 3, False, "idva"
    )


def test_case_model_shows_the_levels_it_is_given(qtmodeltester: ModelTester) -> None:
    model = CaseTableModel()
    model.set_cases(
        [_case(1, "王", "秀英"), _case(2, "الزهراء", "فاطمة"), _case(3, "Nowak", "Ola")],
        {CaseId(1): "high", CaseId(3): "standard"},
    )
    assert model.index(0, COL_LEVEL).data() == "High risk"
    assert model.index(1, COL_LEVEL).data() == NO_LEVEL  # no completed assessment
    assert model.index(1, 1).data() == "الزهراء, فاطمة"
    assert model.latest_level(2) == "standard"
    assert model.row_of(3) == 2 and model.row_of(4) == -1
    model.set_rows([_case(1, "王", "秀英")])  # rows without levels forget the old ones
    assert model.index(0, COL_LEVEL).data() == NO_LEVEL
    qtmodeltester.check(model)


def test_history_model(qtmodeltester: ModelTester) -> None:
    model = HistoryTableModel()
    model.set_rows(
        [
            _point(1, "standard", AssessmentStatus.COMPLETED),
            _point(2, "high", AssessmentStatus.DRAFT),
        ]
    )
    assert model.index(1, HISTORY_LEVEL).data() == "High risk"
    assert model.index(1, 4).data() == "Draft"
    assert model.index(1, HISTORY_LEVEL).data(Qt.ItemDataRole.BackgroundRole) is not None
    qtmodeltester.check(model)


def test_level_chart_paints(qtbot: QtBot) -> None:
    chart = LevelChart()
    qtbot.addWidget(chart)
    chart.resize(500, 160)
    chart.show()
    assert not chart.grab().isNull()
    chart.set_points(
        [
            _point(1, "standard", AssessmentStatus.COMPLETED),
            _point(2, "medium", AssessmentStatus.COMPLETED),
            _point(3, "high", AssessmentStatus.DRAFT),
        ]
    )
    assert "High risk" in chart.accessibleDescription()
    assert not chart.grab().isNull()


@pytest.mark.parametrize(
    ("yes", "dont_know", "unanswered", "judged", "incidents", "referral_days"),
    [
        (0, 0, 24, False, 0, None),
        (9, 2, 0, True, 3, 30),
        (14, 0, 10, False, 1, 400),
        (24, 0, 0, True, 0, None),
    ],
)
def test_sentences_are_sorted_by_what_they_explain(
    yes: int,
    dont_know: int,
    unanswered: int,
    judged: bool,
    incidents: int,
    referral_days: int | None,
) -> None:
    sheet = checklist(AreaPolicy())
    ids = sheet.form.risk_factor_ids()
    answers = {q: Answer.YES for q in ids[:yes]}
    answers |= {q: Answer.DONT_KNOW for q in ids[yes : yes + dont_know]}
    answers |= {q: Answer.NO for q in ids[yes + dont_know : len(ids) - unanswered]}
    data = AssessmentInput(
        form_id=sheet.form.id,
        assessment_date=DAY,
        answers=answers,
        professional_judgement=ProfessionalJudgement(True, "reason") if judged else None,
        victim_age=30,
        incident_dates=tuple(DAY - timedelta(days=n) for n in range(incidents)),
        last_marac_referral=None if referral_days is None else DAY - timedelta(days=referral_days),
    )
    result = sheet.score(data)
    sentences = sentences_of(result)
    assert sentences.score.startswith(f"{yes} of 24 risk factor")
    assert sentences.judgement.startswith("Professional judgement")
    assert "incident" in sentences.escalation
    assert "MARAC referral" in sentences.repeat
    assert len(sentences.red_flags) == len(result.red_flags)
    assert len(sentences.gaps) == int(dont_know > 0) + int(bool(result.unanswered))
    assert sentences.outcome == result.explanations[-1]
