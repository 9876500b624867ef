"""How long the window is blocked while each page opens and each long job runs (target 100 ms).

Pages are opened as the navigation opens them, and then searched, sorted and scrolled as a
person would; jobs run on the background runner as the pages start them (the same service calls
with the same arguments).

Run with: pytest tests/benchmarks/test_responsiveness_benchmark.py --benchmark-only -s
Sizes from ``scale.size()`` (``MARAC_BENCH_SMOKE=1`` for a quick run); the table printed at the
end gives each page or job, its total time and the longest gap between event-loop ticks.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from action_data import seed_actions
from event_loop_gaps import TARGET_GAP_S, measure
from scale import BENCH_TODAY, open_demo, size
from sheet_samples import big_sheet
from sqlalchemy import delete, insert, select

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog

from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.meetings import ActionFilter, MeetingId, RemovalReason
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.progress import Progress
from marac_desktop.risk import Answer, AssessmentInput
from marac_desktop.services import (
    access,
    assessment_reports,
    assessments,
    backups,
    bundle,
    csv_import,
    demo,
    meeting_documents,
    meeting_list,
    meetings,
    people_matching,
    performance,
    sheet_import,
    users,
)
from marac_desktop.services.sheet_reader import read_sheet
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.orm import ActionRow, CaseRow, ReportStaleRow

from marac_desktop.ui import background
from marac_desktop.ui.actions import actions_page as actions_page_module
from marac_desktop.ui.actions.actions_page import OVERDUE, ActionsPage
from marac_desktop.ui.assessment.assessments_page import AssessmentsPage
from marac_desktop.ui.cases.case_table_model import COL_LAST_REFERRAL
from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.cases.people_page import PeoplePage
from marac_desktop.ui.flags.flags_page import FlagsPage
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.meetings import meetings_page as meetings_page_module
from marac_desktop.ui.meetings.meetings_page import MeetingsPage
from marac_desktop.ui.perpetrators.perpetrators_page import PerpetratorsPage
from marac_desktop.ui.reports.reports_page import count_changed_cases

CASES = size(20_000)
TIMEOUT_S = 3600.0
SETTLE_S = 0.5
CSV_ROWS = 50
BUNDLE_CASES = 50
AGENDA_CASES = 200
HEADER = "Case ref,Surname,Forename,DOB,Referral date,Referring agency,High risk,Repeat\n"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = open_demo(tmp_path_factory.mktemp("bench"), CASES)
    yield ws
    ws.close()


def _mark_every_case_changed(ws: Workspace) -> None:
    with ws.transaction() as session:
        session.execute(delete(ReportStaleRow))
        session.execute(insert(ReportStaleRow).from_select(["case_id"], select(CaseRow.id)))


def _meeting(ws: Workspace) -> MeetingId:
    """A meeting with the proposed list, made up to AGENDA_CASES cases (fewer on small data)."""
    meeting = meetings.create_meeting(
        ws, datetime(2026, 12, 3, 10, 0), "Civic Centre", False, "Chair", "Leeds", BENCH_TODAY
    )
    view = meeting_list.build_list(ws, meeting.id, BENCH_TODAY)
    listed = {r.case_id for r in view.rows}
    for case_id in range(1, min(CASES, AGENDA_CASES) + 1):
        if len(listed) >= AGENDA_CASES:
            break
        if case_id not in listed:
            meeting_list.add_case(ws, meeting.id, CaseId(case_id), "Added for the benchmark")
            listed.add(CaseId(case_id))
    return meeting.id


def _an_assessment(ws: Workspace) -> AssessmentId:
    """A completed assessment of the first case (the demo data has none)."""
    draft = assessments.start(ws, CaseId(1), BENCH_TODAY, today=BENCH_TODAY)
    answers = {f"q{n}": Answer.YES if n % 3 == 0 else Answer.NO for n in range(1, 25)}
    main = AssessmentInput("dash", BENCH_TODAY, answers, victim_age=34)
    assessments.complete(ws, draft.id, main, {}, today=BENCH_TODAY)
    return draft.id


def _small_bundle(folder: Path) -> Path:
    path = folder / "small.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    ws = access.unlock(path, "admin", "quiet lantern test phrase")
    try:
        demo.generate(ws, BUNDLE_CASES, seed=7, today=BENCH_TODAY)
        target = folder / "small.json"
        bundle.write_bundle(ws, target)
    finally:
        ws.close()
    return target


def _csv(folder: Path) -> Path:
    path = folder / "sheet.csv"
    lines = [HEADER]
    for n in range(CSV_ROWS):
        lines.append(f"B{n},Fenwick{n},Tamsin,14/02/1988,03/03/2026,Police,Y,N\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


Row = tuple[str, float, float]


def _print(rows: list[Row]) -> None:
    print(f"\nResponsiveness at {CASES:,} cases (target: no gap over {TARGET_GAP_S * 1000:.0f} ms)")
    print(f"{'page or job':<34}{'total s':>10}{'longest gap ms':>16}")
    for name, total, gap in rows:
        flag = "" if gap <= TARGET_GAP_S else "  over"
        print(f"{name:<34}{total:>10.2f}{gap * 1000:>16.0f}{flag}")


def _open(window: MainWindow, title: str) -> tuple[float, float]:
    """Show a page as the navigation does; done once it has painted and any load has ended."""
    shown: list[bool] = []

    def start() -> None:
        window.show_page(title)
        shown.append(True)

    return measure(start, lambda: bool(shown) and background.runner().idle, TIMEOUT_S, SETTLE_S)


def _on_page(act: Callable[[], None]) -> tuple[float, float]:
    """Do something on a shown page (search, sort, scroll); done once what it reads is in."""
    acted: list[bool] = []

    def start() -> None:
        act()
        acted.append(True)

    return measure(start, lambda: bool(acted) and background.runner().idle, TIMEOUT_S, SETTLE_S)


def _page_actions(window: MainWindow) -> list[tuple[str, Callable[[], None]]]:
    cases = window.pages["Cases"]
    flags_page = window.pages["Flags"]
    actions_page = window.pages["Actions"]
    assessments_page = window.pages["Assessments"]
    perpetrators_page = window.pages["Perpetrators"]
    assert isinstance(cases, CasesPage) and isinstance(flags_page, FlagsPage)
    assert isinstance(perpetrators_page, PerpetratorsPage)
    assert isinstance(actions_page, ActionsPage) and isinstance(assessments_page, AssessmentsPage)

    def scroll_cases() -> None:
        cases.table.scrollToBottom()

    return [
        ("Cases: search a name", lambda: cases.model.set_search("nowak")),
        ("Cases: search cleared", lambda: cases.model.set_search("")),
        (
            "Cases: sort by last referral",
            lambda: cases.model.sort(COL_LAST_REFERRAL, Qt.SortOrder.DescendingOrder),
        ),
        ("Cases: scroll to the next page", scroll_cases),
        ("Flags: every kind, any status", lambda: _everything(flags_page)),
        (
            "Actions: overdue only",
            lambda: actions_page.set_filter(actions_page.status_combo, OVERDUE),
        ),
        ("Assessments: search a name", lambda: _search_assessments(assessments_page, "nowak")),
        (
            "Perpetrators: search a name",
            lambda: perpetrators_page.register.model.set_search("nowak"),
        ),
        ("Perpetrators: the ranked list", perpetrators_page.show_ranked_list),
    ]


def _everything(page: FlagsPage) -> None:
    page.set_kind_filter("Everything")
    page.set_status_filter("Any status")


def _search_assessments(page: AssessmentsPage, text: str) -> None:
    page.filter_edit.setText(text)
    QTest.keyClick(page.filter_edit, Qt.Key.Key_Return)


def _in_background(name: str, work: Callable[[Progress], object]) -> tuple[float, float]:
    """Run a job on the runner, as the pages do; the error, if any, fails the benchmark."""
    ended: list[object] = []

    def start() -> None:
        started = background.runner().start(
            name, work, ended.append, failed=ended.append, stopped=lambda: ended.append(None)
        )
        assert started, background.runner().refusal()

    total, gap = measure(start, lambda: bool(ended), TIMEOUT_S)
    assert not isinstance(ended[0], Exception), ended[0]
    return total, gap


def test_responsiveness(benchmark, qtbot, big: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark.pedantic(_measure_all, (qtbot, big, tmp_path), rounds=1, iterations=1)
    _print(rows)
    assert len(rows) > 10


def _measure_all(qtbot, big: Workspace, tmp_path: Path) -> list[Row]:  # type: ignore[no-untyped-def]
    rows: list[Row] = []
    list(performance.count_changed_cases(big))
    window = MainWindow(big)
    qtbot.addWidget(window)
    window.show()
    for title in window.page_titles():
        total, gap = _open(window, title)
        rows.append((f"open {title}", total, gap))
        print(f"{rows[-1][0]:<34}{total:>10.2f}{gap * 1000:>16.0f}", flush=True)
    for name, act in _page_actions(window):
        page = name.split(":")[0]
        window.show_page(page)
        background.runner().wait()
        QCoreApplication.processEvents()
        total, gap = _on_page(act)
        rows.append((name, total, gap))
        print(f"{name:<34}{total:>10.2f}{gap * 1000:>16.0f}", flush=True)
    window.show_page("Home")

    _with_actions(big)
    meeting = _meeting(big)
    assessed = _an_assessment(big)
    agency = meeting_documents.research_agencies(big, meeting)[0]
    small = _small_bundle(tmp_path)
    sheet = _csv(tmp_path)
    table = csv_import.read_csv(sheet)
    mapping = csv_import.suggest_mapping(table.headers)
    tracking = read_sheet(big_sheet(tmp_path / "tracking.csv", CSV_ROWS))
    tracking_mapping = sheet_import.suggested_mapping(big, tracking)
    backup = tmp_path / "b.maracbak"
    ten_years = (date(2016, 10, 1), date(2026, 9, 30))
    nothing: Callable[[], None] = lambda: None  # noqa: E731
    jobs: list[tuple[str, Callable[[Progress], object], Callable[[], None]]] = [
        ("back up", lambda p: backups.back_up(big, backup, p), nothing),
        ("verify", lambda p: backups.verify(big, progress=p), nothing),
        ("restore", lambda p: backups.restore(backup, tmp_path / "r.db", big, p), nothing),
        ("bundle export", lambda p: bundle.write_bundle(big, tmp_path / "all.json", p), nothing),
        (
            f"bundle import ({BUNDLE_CASES} cases)",
            lambda p: bundle.import_bundle(
                big, bundle.read_bundle_file(small), BENCH_TODAY, progress=p
            ),
            nothing,
        ),
        (
            f"CSV import ({CSV_ROWS} rows)",
            lambda p: csv_import.import_rows(big, table, mapping, BENCH_TODAY, p),
            nothing,
        ),
        (
            f"tracking-sheet check and import ({CSV_ROWS} rows)",
            lambda p: sheet_import.import_sheet(
                big, tracking, tracking_mapping, today=BENCH_TODAY, progress=p
            ),
            nothing,
        ),
        (
            "report recount (every case)",
            lambda p: count_changed_cases(big, p),  # the Reports page's, in its batches
            lambda: _mark_every_case_changed(big),
        ),
        (
            "report, ten years",
            lambda p: performance.performance_report(big, *ten_years, BENCH_TODAY),
            nothing,
        ),
        (
            "report PDF, ten years",
            lambda p: performance.report_pdf_bytes(big, *ten_years, BENCH_TODAY),
            nothing,
        ),
        (
            "propose a meeting's list",
            lambda p: meeting_list.build_list(big, meeting, BENCH_TODAY, p),
            nothing,
        ),
        (
            "assessment summary PDF",
            lambda p: assessment_reports.save_summary_pdf(
                big, assessed, tmp_path / "summary.pdf", p
            ),
            nothing,
        ),
        ("agenda PDF", lambda p: meeting_documents.agenda_bytes(big, meeting), nothing),
        (
            "actions CSV (every action)",
            lambda p: meeting_documents.actions_bytes(
                big, ActionFilter(today=BENCH_TODAY), as_csv=True
            ),
            nothing,
        ),
        (
            "actions PDF (every action)",
            lambda p: meeting_documents.actions_bytes(big, ActionFilter(today=BENCH_TODAY)),
            nothing,
        ),
        (
            "research list PDF",
            lambda p: meeting_documents.research_list_bytes(big, meeting, agency),
            nothing,
        ),
        (
            "first people search",
            lambda p: people_matching.find_candidates(
                big, PersonDetails("Nowak", "Ewa"), progress=p
            ),
            big.cache.clear,
        ),
        ("rekey", lambda p: users.rekey(big, p), nothing),
    ]
    for name, work, prepare in jobs:
        prepare()
        total, gap = _in_background(name, work)
        rows.append((name, total, gap))
        print(f"{name:<34}{total:>10.2f}{gap * 1000:>16.0f}", flush=True)
    window.close()
    return rows


def _with_actions(ws: Workspace) -> None:
    """The meetings and actions of ``action_data``, added once for the module."""
    with ws.transaction() as session:
        if session.scalar(select(ActionRow.id).limit(1)) is None:
            session.rollback()
            seed_actions(ws)


def _from_the_page(act: Callable[[], object]) -> tuple[float, float]:
    """Press a page's button (as its slot does); done once any job it started has ended."""
    acted: list[bool] = []

    def start() -> None:
        act()
        acted.append(True)

    return measure(start, lambda: bool(acted) and background.runner().idle, TIMEOUT_S, SETTLE_S)


def test_documents_and_changes_started_from_their_pages(  # type: ignore[no-untyped-def]
    benchmark, qtbot, big: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Actions page's export and print, the Meetings page's documents and list changes,
    and the People page's search, each started as its button starts it."""
    rows = benchmark.pedantic(
        _measure_pages, (qtbot, big, tmp_path, monkeypatch), rounds=1, iterations=1
    )
    _print(rows)
    assert (tmp_path / "actions.csv").exists() and (tmp_path / "actions.pdf").exists()


def _measure_pages(qtbot, big: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    _with_actions(big)
    meeting = _meeting(big)
    window = MainWindow(big)
    qtbot.addWidget(window)
    window.show()
    targets: list[Path] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(targets[-1]), ""))
    )
    monkeypatch.setattr(actions_page_module, "print_pdf", lambda _parent, _pdf: True)
    monkeypatch.setattr(meetings_page_module, "print_pdf", lambda _parent, _pdf: True)
    monkeypatch.setattr(meetings_page_module, "confirm", lambda *_a, **_k: True)
    actions_page = window.show_page("Actions")
    assert isinstance(actions_page, ActionsPage)
    background.runner().wait()
    meetings_page = window.pages["Meetings"]
    people_page = window.pages["People"]
    assert isinstance(meetings_page, MeetingsPage) and isinstance(people_page, PeoplePage)

    def save(name: str, act: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            targets.append(tmp_path / name)
            return act()

        return run

    def on_meetings() -> None:
        window.show_page("Meetings")
        background.runner().wait()
        QCoreApplication.processEvents()
        assert meetings_page.select_meeting(meeting)
        background.runner().wait()
        QCoreApplication.processEvents()

    def reorder() -> None:
        order = [meetings_page.agenda_model.row_at(n).case_id for n in range(5)]
        meetings_page.agenda_model.move_rows_to([0], 5)
        assert order != [meetings_page.agenda_model.row_at(n).case_id for n in range(5)]

    def take_off() -> None:
        meetings_page.agenda_table.selectRow(0)
        meetings_page.remove_selected()

    class Research:
        def __init__(self, agencies: list[str], _parent: object) -> None:
            self.agency, self.password, self.choice = agencies[0], None, "save"

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(meetings_page_module, "ResearchListDialog", Research)

    class TakeOff:
        def __init__(self, _reference: str, _parent: object) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

        def reason(self) -> RemovalReason:
            return next(iter(RemovalReason))

    monkeypatch.setattr(meetings_page_module, "RemoveCaseDialog", TakeOff)

    def search_people() -> None:
        people_page.search_edit.setText("nowak")
        people_page.search()

    steps: list[tuple[str, Callable[[], None], Callable[[], object]]] = [
        (
            "Actions: export CSV",
            lambda: None,
            save("actions.csv", lambda: actions_page.export(".csv")),
        ),
        (
            "Actions: export PDF",
            lambda: None,
            save("actions.pdf", lambda: actions_page.export(".pdf")),
        ),
        ("Actions: print", lambda: None, actions_page.print_actions),
        ("Meetings: save the agenda", on_meetings, save("agenda.pdf", meetings_page.save_agenda)),
        ("Meetings: print the agenda", on_meetings, meetings_page.print_agenda),
        ("Meetings: reorder the list", on_meetings, reorder),
        ("Meetings: research list", on_meetings, save("research.pdf", meetings_page.research_list)),
        ("Meetings: take a case off", on_meetings, take_off),
        ("People: search a name", lambda: window.show_page("People"), search_people),
    ]
    rows: list[Row] = []
    for name, prepare, act in steps:
        prepare()
        background.runner().wait()
        QCoreApplication.processEvents()
        total, gap = _from_the_page(act)
        rows.append((name, total, gap))
        print(f"{name:<34}{total:>10.2f}{gap * 1000:>16.0f}", flush=True)
    window.close()
    return rows
