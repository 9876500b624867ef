"""The Reports page: figures equal the service's, the period changes them, exports and printing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from marac_desktop.risk.perpetrator_figures import (
    OUTCOMES,
    PERPETRATORS_TITLE,
    WITH_AN_OUTCOME,
    PerpetratorFigure,
)
from marac_desktop.services import demo, performance
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui import background
from marac_desktop.ui.reports import reports_page as reports_page_module
from marac_desktop.ui.reports.period_picker import last_complete_quarter, quarter_bounds
from marac_desktop.ui.reports.report_view import count_text, percent_text, rate_text
from marac_desktop.ui.reports.reports_page import NOT_ALLOWED, ReportsPage

TODAY = date(2026, 10, 15)
SAFE_NAME = re.compile(r"marac-return-(\d{4}-Q[1-4]|\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d)\.\w+")


@pytest.fixture
def page(qtbot: QtBot, admin_ws: Workspace) -> ReportsPage:
    demo.generate(admin_ws, 300, seed=6, today=TODAY)
    made = ReportsPage(admin_ws, today=TODAY)
    made.refresh()  # as the main window does when the page is shown
    wait_for_jobs()
    qtbot.addWidget(made)
    made.resize(1180, 860)
    made.show()
    return made


def _shown(page: ReportsPage) -> dict[str, str]:
    return {card.name_label.text(): card.value_label.text() for card in page.cards}


def _assert_shows(page: ReportsPage, first: date, last: date) -> performance.PerformanceReport:
    report = performance.performance_report(page._workspace, first, last, today=TODAY)
    shown = _shown(page)
    assert shown["Cases discussed"] == count_text(report.totals.cases)
    assert shown["Repeat cases"] == percent_text(report.rates.repeat_percent)
    assert shown["Partner-agency referrals"] == percent_text(report.rates.partner_percent)
    assert shown["Cases per 10,000 adult women a year"] == rate_text(report.rates.per_10k_a_year)
    assert "Recommended 40" in page.cards[3].note_label.text()
    # The charts and tables carry the same figures.
    assert [bar.value for bar in page.agency_chart.bars()] == [
        n for _, n in report.totals.by_agency
    ]
    assert sum(bar.value for bar in page.month_chart.bars()) == report.totals.cases
    model = page.return_table.model
    assert model.rowCount() == len(report.rows) + 1
    last_row = model.rowCount() - 1
    assert model.cell(last_row, 0) == "Total"
    assert model.cell(last_row, 1) == count_text(report.totals.cases)
    assert model.cell(last_row, 2) == count_text(report.totals.repeats)
    titles = [table.title_label.text() for table in page.breakdown_tables]
    assert titles == [f"Victims by {b.title.lower()}" for b in report.breakdowns]
    for table, breakdown in zip(page.breakdown_tables, report.breakdowns, strict=True):
        totals_row = table.model.rowCount() - 1
        assert table.model.cell(totals_row, 1) == count_text(breakdown.total)
        assert breakdown.total == report.totals.cases
    return report


def test_defaults_to_the_last_complete_quarter_and_shows_the_services_figures(
    page: ReportsPage,
) -> None:
    assert last_complete_quarter(TODAY) == (2026, 3)
    assert page.period.period() == (date(2026, 7, 1), date(2026, 9, 30))
    assert page.period_label.text() == "1 Jul 2026 to 30 Sep 2026"
    report = _assert_shows(page, date(2026, 7, 1), date(2026, 9, 30))
    assert report.totals.cases > 0


def test_changing_the_period_updates_the_figures(page: ReportsPage) -> None:
    before = _shown(page)["Cases discussed"]
    page.period.quarter_box.setCurrentIndex(0)  # Q1 2026
    wait_for_jobs()
    _assert_shows(page, *quarter_bounds(2026, 1))
    page.period.set_dates(date(2024, 1, 1), date(2026, 9, 30))
    wait_for_jobs()
    report = _assert_shows(page, date(2024, 1, 1), date(2026, 9, 30))
    assert count_text(report.totals.cases) != before
    assert page.month_chart.title == "Cases discussed by quarter"  # 33 months: by quarter


def test_the_perpetrators_tab_shows_the_services_figures(page: ReportsPage, qtbot: QtBot) -> None:
    page.tabs.tabBar().setFocus()
    for _ in range(4):  # Summary, Data return, Who is reached, Actions, Perpetrators
        qtbot.keyClick(page.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Perpetrators"
    people, outcomes = page.perpetrator_tables
    assert people.isVisible() and outcomes.isVisible()
    report = performance.performance_report(page._workspace, *page.period.period(), today=TODAY)
    figures = report.perpetrators
    assert figures.recorded > 0  # the demo's cases have perpetrators
    assert people.title_label.text() == PERPETRATORS_TITLE
    shown = {people.model.cell(n, 0): people.model.cell(n, 1) for n in range(5)}
    assert shown == {f.name_in_table: count_text(figures.count(f)) for f in PerpetratorFigure}
    assert [outcomes.model.cell(n, 0) for n in range(outcomes.model.rowCount())] == [
        *(s.label for s in OUTCOMES),
        WITH_AN_OUTCOME,
    ]
    assert outcomes.model.cell(5, 1) == count_text(figures.with_an_outcome)
    assert "3 years" in people.note_label.text()  # the area's serial window, in words


def test_a_period_that_ends_before_it_starts_says_so(page: ReportsPage) -> None:
    page.period.set_dates(date(2026, 9, 30), date(2026, 7, 1))
    assert page.status.isVisible()
    assert "ends before it starts" in page.status.text()
    assert not page.csv_button.isEnabled()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("export_csv", "csv"), ("export_xlsx", "xlsx"), ("save_pdf", "pdf")],
)
def test_exports_write_files_whose_suggested_names_hold_no_personal_data(
    page: ReportsPage,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    message_boxes: MessageBoxes,
    method: str,
    suffix: str,
) -> None:
    suggested: list[str] = []

    def choose(_parent: object, _caption: str, directory: str, _filter: str) -> tuple[str, str]:
        suggested.append(Path(directory).name)
        return str(tmp_path / "chosen"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    written = getattr(page, method)()
    wait_for_jobs()
    assert suggested == [f"marac-return-2026-Q3.{suffix}"]
    assert SAFE_NAME.fullmatch(suggested[0])
    assert written == tmp_path / f"chosen.{suffix}"
    assert written.stat().st_size > 0
    assert message_boxes.shown == []
    assert str(written) in page.status.text()

    page.period.set_dates(date(2026, 1, 1), date(2026, 6, 30))
    wait_for_jobs()
    getattr(page, method)()
    wait_for_jobs()
    assert suggested[1] == f"marac-return-2026-01-01-to-2026-06-30.{suffix}"
    assert SAFE_NAME.fullmatch(suggested[1])


def test_cancelling_the_save_dialog_writes_nothing(
    page: ReportsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: ("", "")))
    assert page.export_csv() is None


def test_print_records_the_print_only_after_it_succeeds(
    page: ReportsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[bytes] = []
    recorded: list[tuple[date, date]] = []
    outcome = [False]

    def fake_print(_parent: object, pdf: bytes) -> bool:
        printed.append(pdf)
        return outcome[0]

    monkeypatch.setattr(reports_page_module, "print_pdf", fake_print)
    monkeypatch.setattr(
        performance, "record_print", lambda _ws, first, last: recorded.append((first, last))
    )
    results: list[bool] = []
    page.printed.connect(results.append)
    assert page.print_report() is True  # started
    wait_for_jobs()
    assert results == [False]
    assert recorded == []
    outcome[0] = True
    assert page.print_report() is True
    wait_for_jobs()
    assert results == [False, True]
    assert printed[-1].startswith(b"%PDF")
    assert recorded == [(date(2026, 7, 1), date(2026, 9, 30))]


def test_an_idva_sees_one_plain_sentence_and_the_service_is_not_called(
    qtbot: QtBot, idva_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the service was called")

    monkeypatch.setattr(performance, "performance_report", refuse)
    page = ReportsPage(idva_ws, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.not_allowed_label.text() == NOT_ALLOWED
    assert not page.tabs.isVisible()
    page.refresh()


def _changed(ws: Workspace) -> int:
    return performance.changed_cases(ws)


def test_many_changed_cases_are_counted_with_a_progress_bar_first(
    qtbot: QtBot, admin_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.generate(admin_ws, 120, seed=6, today=TODAY)
    monkeypatch.setattr(reports_page_module, "COUNT_WITH_PROGRESS_FROM", 50)
    shown: list[int] = []
    background.runner().changed.connect(
        lambda: shown.append(step.done) if (step := background.runner().step) else None
    )
    monkeypatch.setattr(
        performance, "count_changed_cases", _in_batches_of(performance.count_changed_cases, 40)
    )
    page = ReportsPage(admin_ws, today=TODAY)
    qtbot.addWidget(page)
    page.refresh()
    wait_for_jobs()
    assert [n for n in dict.fromkeys(shown) if n] == [40, 80, 120]
    assert _changed(admin_ws) == 0
    _assert_shows(page, *quarter_bounds(*last_complete_quarter(TODAY)))


def test_stopping_the_count_keeps_what_was_counted_and_says_so(
    qtbot: QtBot, admin_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.generate(admin_ws, 120, seed=6, today=TODAY)
    monkeypatch.setattr(reports_page_module, "COUNT_WITH_PROGRESS_FROM", 50)
    real_count = _in_batches_of(performance.count_changed_cases, 40)

    def stop_after_one_batch(workspace: Workspace, batch: int):  # type: ignore[no-untyped-def]
        for done in real_count(workspace, batch):
            background.runner().cancel()  # as the Stop button does, while the job runs
            yield done

    monkeypatch.setattr(performance, "count_changed_cases", stop_after_one_batch)
    page = ReportsPage(admin_ws, today=TODAY)
    qtbot.addWidget(page)
    page.refresh()
    wait_for_jobs()
    assert page.status.text() == reports_page_module.NOT_COUNTED
    assert _changed(admin_ws) == 80  # one batch of 40 kept
    monkeypatch.setattr(performance, "count_changed_cases", real_count)
    page.refresh()
    wait_for_jobs()
    assert _changed(admin_ws) == 0
    _assert_shows(page, *quarter_bounds(*last_complete_quarter(TODAY)))


def _in_batches_of(count, size: int):  # type: ignore[no-untyped-def]
    return lambda workspace, batch: count(workspace, batch=size)
