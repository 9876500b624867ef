"""The administrator sets the perpetrator priority weights on the Settings page, by keyboard:
the model in use is shown, a changed weight is saved as the next version, and the ranking and
each perpetrator's score afterwards use it and name that version. A refused value is said in
one sentence and nothing typed is lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind, PartyRole
from marac_desktop.services import audit, perpetrator_ranking, records
from marac_desktop.services.perpetrator_ranking import RankFilter
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.pages.priority_model_box import version_rule
from marac_desktop.ui.pages.settings_page import SettingsPage

TODAY = date.today()
VIOLENCE = IncidentKind.PHYSICAL_VIOLENCE


def _perpetrator(ws: Workspace) -> PersonId:
    case = records.open_case(ws, PersonDetails("Testvictim", "Ada"), today=TODAY)
    harmer = records.add_person_to_case(
        ws, case.id, PersonDetails("Testharm", "Ben"), PartyRole.PERPETRATOR, today=TODAY
    )
    for ago in (5, 40):
        day = TODAY - timedelta(days=ago)
        records.record_incident(ws, case.id, day, VIOLENCE, "Police", True, today=TODAY)
    return harmer.id


def _page(qtbot: QtBot, ws: Workspace) -> SettingsPage:
    page = SettingsPage(ws)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    assert page.priority_box is not None
    return page


def _type(qtbot: QtBot, spin: QAbstractSpinBox, number: int) -> None:
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, str(number))
    qtbot.keyClick(spin, Qt.Key.Key_Tab)


def _violence_points(ws: Workspace, person: PersonId) -> int:
    scored = perpetrator_ranking.perpetrator_score(ws, person, TODAY)
    return next(line.points for line in scored.lines if "physical violence" in line.text)


def test_a_changed_weight_is_saved_as_the_next_version_and_ranks(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    person = _perpetrator(admin_ws)
    before = perpetrator_ranking.priority_model(admin_ws)
    assert _violence_points(admin_ws, person) == 2 * 8  # two incidents at the shipped 8
    page = _page(qtbot, admin_ws)
    box = page.priority_box
    assert box is not None
    assert f"{before.id}, version {before.version} in use" in box.model_label.text()
    assert box.rule_label.text() == version_rule(before.version)
    assert box.version_spin.value() == before.version + 1
    assert box.kind_spins[VIOLENCE].text() == "8 points"

    _type(qtbot, box.kind_spins[VIOLENCE], 30)
    box.save_button.setFocus()
    qtbot.keyClick(box.save_button, Qt.Key.Key_Space)

    assert not box.status.is_error()
    assert box.status.text() == (
        f"Saved as version {before.version + 1}: rankings from now on use these weights and "
        "name this version."
    )
    assert f"version {before.version + 1} in use" in box.model_label.text()
    assert box.version_spin.value() == before.version + 2  # ready for the next change
    assert _violence_points(admin_ws, person) == 2 * 30
    scored = perpetrator_ranking.perpetrator_score(admin_ws, person, TODAY)
    assert (scored.model_id, scored.model_version) == (before.id, before.version + 1)
    ranking = perpetrator_ranking.ranked_list(admin_ws, RankFilter(), TODAY)
    assert (ranking.model_id, ranking.model_version) == (before.id, before.version + 1)
    [row] = [row for row in ranking.rows if row.person_id == person]
    assert row.score == scored.score
    assert any("v1->v2" in entry.detail for entry in audit.recent_entries(admin_ws, 20))


@pytest.mark.parametrize(
    ("which", "number", "said"),
    [
        (
            "version",
            1,
            "Changed weights need a version above 1, so every ranking names the weights that "
            "made it.",
        ),
        (
            "recency band 2",
            99,
            "Not saved: recency band 2: points must not be more than recency band 1's (20).",
        ),
    ],
)
def test_a_refused_weight_is_said_in_one_sentence_and_kept(
    qtbot: QtBot, admin_ws: Workspace, which: str, number: int, said: str
) -> None:
    page = _page(qtbot, admin_ws)
    box = page.priority_box
    assert box is not None
    _type(qtbot, box.kind_spins[VIOLENCE], 30)
    _type(qtbot, box.version_spin if which == "version" else box.recency_spins[1][1], number)
    box.save_button.setFocus()
    qtbot.keyClick(box.save_button, Qt.Key.Key_Space)
    assert box.status.is_error() and box.status.text() == said
    assert box.kind_spins[VIOLENCE].value() == 30  # nothing typed is lost
    assert perpetrator_ranking.priority_model(admin_ws).version == 1
    assert QApplication.focusWidget() is box.save_button


def test_only_an_administrator_is_offered_the_weights(qtbot: QtBot, idva_ws: Workspace) -> None:
    page = SettingsPage(idva_ws)
    qtbot.addWidget(page)
    assert page.priority_box is None
