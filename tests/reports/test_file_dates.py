"""Files for other programs carry ISO days whatever the area's style; what people read (the
screen, a printed report) follows the style."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sheet_samples import REPEAT_JOINS, write_xlsx
from sheet_samples import TODAY as SHEET_TODAY

from marac_desktop.domain import date_style
from marac_desktop.domain.date_style import DateStyle
from marac_desktop.services import performance, settings, sheet_import
from marac_desktop.services.performance import ReportFormat, ReportSettings
from marac_desktop.services.sheet_reader import read_sheet
from marac_desktop.services.workspace import Workspace
from tests.storage.test_performance import FROM, TO, TODAY, build


def _save(ws: Workspace, folder: Path, fmt: ReportFormat) -> Path:
    return performance.save_report(ws, FROM, TO, folder / f"return.{fmt.value}", fmt, TODAY)


@pytest.mark.parametrize("style", [DateStyle.DAY_MONTH_YEAR, DateStyle.DAY_MONTH_NAME])
def test_the_performance_files_write_iso_days_and_the_pdf_the_areas(
    admin: Workspace, tmp_path: Path, style: DateStyle
) -> None:
    build(admin)
    performance.save_report_settings(admin, ReportSettings(100_000, 1))
    settings.set_date_style(admin, style)

    text = _save(admin, tmp_path, ReportFormat.CSV).read_text(encoding="utf-8-sig")
    days = [row[0] for row in csv.reader(io.StringIO(text))][1:-1]
    assert days == ["2026-01-15", "2026-02-12", "2026-03-05"]

    book = load_workbook(_save(admin, tmp_path, ReportFormat.XLSX))
    day = book["Return"]["A2"]
    assert day.value == datetime(2026, 1, 15) and day.number_format == "yyyy-mm-dd"
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows()}
    assert summary["Period from"].value == datetime(2026, 1, 1)
    assert summary["Period from"].number_format == "yyyy-mm-dd"
    month = book["Trends"]["B2"]
    assert month.value == datetime(2026, 1, 1) and month.number_format == "yyyy-mm"

    pdf = _save(admin, tmp_path, ReportFormat.PDF)
    printed = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert style.shown(date(2026, 1, 15)) in printed  # the return's first meeting
    assert f"Period {style.shown(FROM)} to {style.shown(TO)}" in printed
    assert "2026-01-15" not in printed

    report = performance.performance_report(admin, FROM, TO, TODAY)
    assert report.by_month[0].label == style.month(date(2026, 1, 1))  # the screen's months


def test_refused_rows_come_back_with_iso_days(admin: Workspace, tmp_path: Path) -> None:
    settings.set_date_style(admin, DateStyle.DAY_MONTH_YEAR)
    sheet = read_sheet(write_xlsx(tmp_path / "tracking.xlsx"))  # days as Excel's own dates
    refused = tmp_path / "refused.csv"
    mapping = sheet_import.suggested_mapping(admin, sheet)
    sheet_import.import_sheet(
        admin,
        sheet,
        mapping,
        REPEAT_JOINS,
        clean_rows_only=True,
        refused_file=refused,
        today=SHEET_TODAY,
    )
    rows = {r[1]: r for r in csv.reader(io.StringIO(refused.read_text(encoding="utf-8-sig")))}
    assert rows["AL-SAYED Layla"][:3] == ["2025-10-15", "AL-SAYED Layla", "1979-07-07"]
    assert rows["Amina Farah"][2] == "31/02/1988"  # typed text goes back as it was typed


def test_the_command_line_writes_iso_days(
    admin: Workspace,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from marac_desktop import cli
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    settings.set_date_style(admin, DateStyle.DAY_MONTH_YEAR)
    admin.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ADMIN_PASSWORD}\n"))
    out_file = tmp_path / "q1.csv"
    argv = ["report", "--db", str(db_path), "--user", ADMIN, "--password-stdin"]
    period = ["--from", "2026-01-01", "--to", "2026-03-31", "--format", "csv"]
    assert cli.main([*argv, *period, "--out", str(out_file)]) == 0
    said = json.loads(capsys.readouterr().out)
    assert (said["from"], said["to"]) == ("2026-01-01", "2026-03-31")
    assert date_style.in_use() is DateStyle.DAY_MONTH_YEAR  # the area's style was read
