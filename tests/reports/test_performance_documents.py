"""The performance report's CSV, XLSX and PDF: the figures, suppression, and no personal data."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from marac_desktop.risk.performance import is_safe_cell
from marac_desktop.risk.perpetrator_figures import PerpetratorFigure, outcome_label
from marac_desktop.services import audit, performance
from marac_desktop.services.performance import ReportFormat, ReportSettings
from marac_desktop.services.workspace import Workspace
from tests.storage import test_perpetrator_figures as perpetrator_records
from tests.storage.test_performance import FROM, NAMES, TO, TODAY, build


def _save(ws: Workspace, folder: Path, fmt: ReportFormat) -> Path:
    return performance.save_report(ws, FROM, TO, folder / f"return.{fmt.value}", fmt, TODAY)


def _as_text(value: object) -> str:
    """A workbook cell as the CSV writes it: days in ISO, an empty cell empty."""
    if value is None:
        return ""
    return f"{value:%Y-%m-%d}" if isinstance(value, datetime) else str(value)


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_unsuppressed_csv_equals_xlsx_and_pdf_has_the_headlines(
    admin: Workspace, tmp_path: Path
) -> None:
    build(admin)
    performance.save_report_settings(admin, ReportSettings(100_000, 1))
    rows = _csv_rows(_save(admin, tmp_path, ReportFormat.CSV))
    assert rows[0][:4] == [
        "Meeting date",
        "Cases discussed",
        "Repeat cases",
        "Children in the households",
    ]
    assert [r[:4] for r in rows[1:]] == [
        ["2026-01-15", "3", "0", "3"],
        ["2026-02-12", "2", "1", "5"],
        ["2026-03-05", "1", "0", "0"],
        ["Total", "6", "1", "8"],
    ]
    book = load_workbook(_save(admin, tmp_path, ReportFormat.XLSX))
    assert book.sheetnames == [
        "Return",
        "Summary",
        "Trends",
        "Breakdowns",
        "Actions",
        "Perpetrators",
    ]
    sheet = [[_as_text(c) for c in row] for row in book["Return"].iter_rows(values_only=True)]
    assert sheet == rows
    assert book["Return"]["A1"].font.b
    day, count = book["Return"]["A2"], book["Return"]["B2"]
    assert isinstance(day.value, datetime) and day.number_format == "yyyy-mm-dd"
    assert isinstance(count.value, int)
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True)}
    assert summary["Period from"] == datetime(2026, 1, 1)
    assert summary["Repeat rate (% of cases discussed)"] == pytest.approx(0.167)
    month = book["Trends"]["B2"]
    assert month.value == datetime(2026, 1, 1) and month.number_format == "yyyy-mm"

    pdf = _save(admin, tmp_path, ReportFormat.PDF)
    reader = PdfReader(str(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    for figure in (
        "Cases discussed",
        "16.7%",
        "66.7%",
        "2.4",
        "11.5",
        "12.8",
        "OFFICIAL-SENSITIVE",
    ):
        assert figure in text
    assert f"Page 1 of {len(reader.pages)}" in text
    meta = reader.metadata
    assert meta is not None and meta.title == "MARAC performance report"
    assert not (meta.author or "") and not (meta.subject or "")
    everything = text + pdf.with_suffix(".csv").read_text(encoding="utf-8-sig")
    everything += str([list(ws.iter_rows(values_only=True)) for ws in book.worksheets])
    for name in (*NAMES, "Testgiven"):
        assert name not in everything
    exports = [e for e in audit.recent_entries(admin) if e.action == "export"]
    assert sorted(e.detail for e in exports) == ["csv", "pdf", "xlsx"]


def test_small_counts_never_leave_the_application(admin: Workspace, tmp_path: Path) -> None:
    build(admin)
    rows = _csv_rows(_save(admin, tmp_path, ReportFormat.CSV))
    assert rows[-1][:3] == ["Total", "6", "<5"]
    assert all(is_safe_cell(v, 5) for row in rows[1:] for v in row[1:])
    book = load_workbook(_save(admin, tmp_path, ReportFormat.XLSX))
    for ws in book.worksheets:
        if ws.title == "Summary":
            summary = dict(ws.iter_rows(values_only=True))
            assert summary["Repeat cases"] == "<5"
            assert summary["Repeat rate (% of cases discussed)"] == "not shown: repeat cases <5"
            # One decision per figure: the summary's counts are the return's totals row.
            totals = dict(zip(rows[0], rows[-1], strict=True))
            for name in ("Cases discussed", "Repeat cases", "Police referrals"):
                assert str(summary[name]) == totals[name]
            assert str(summary["Partner agency referrals"]) == totals["Partner agency referrals"]
            continue
        for row in list(ws.iter_rows(values_only=True))[1:]:
            assert all(is_safe_cell(str(v), 5) for v in row[1:] if v is not None)
    text = " ".join(
        p.extract_text() for p in PdfReader(str(_save(admin, tmp_path, ReportFormat.PDF))).pages
    )
    assert "<5" in text and "16.7%" not in text


def test_command_line_report(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from marac_desktop import cli
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    def run(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ADMIN_PASSWORD}\n"))
        base = ["report", "--db", str(db_path), "--user", ADMIN, "--password-stdin"]
        code = cli.main([*base, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    out_file = tmp_path / "q1.xlsx"
    code, out, _ = run(
        "--from", "2026-01-01", "--to", "2026-03-31", "--format", "xlsx", "--out", str(out_file)
    )
    assert code == 0 and json.loads(out)["report"] == str(out_file)
    assert load_workbook(out_file)["Return"]["A1"].value == "Meeting date"
    code, _, err = run(
        "--from", "2026-02-30", "--to", "2026-03-31", "--format", "csv", "--out", "x"
    )
    assert code == 2 and err.count("\n") == 1 and "YYYY-MM-DD" in err
    code, _, err = run(
        "--from", "2026-04-01", "--to", "2026-03-31", "--format", "csv", "--out", "x"
    )
    assert code == 2 and "after" in err


def test_the_perpetrator_figures_are_in_every_export_with_one_decision_each(
    admin: Workspace, tmp_path: Path
) -> None:
    perpetrator_records.build(admin)
    period = (perpetrator_records.FROM, perpetrator_records.TO)
    figures = performance.performance_report(admin, *period, today=TODAY).perpetrators
    unsuppressed = {
        **{f.label: str(figures.count(f)) for f in PerpetratorFigure},
        **{outcome_label(s): str(n) for s, n in figures.outcomes},
        outcome_label(None): str(figures.with_an_outcome),
    }
    for threshold in (1, 5):
        performance.save_report_settings(admin, ReportSettings(100_000, threshold))
        files = {
            fmt: performance.save_report(
                admin, *period, tmp_path / f"{threshold}.{fmt.value}", fmt, TODAY
            )
            for fmt in ReportFormat
        }
        rows = _csv_rows(files[ReportFormat.CSV])
        totals = dict(zip(rows[0], rows[-1], strict=True))
        in_csv = {label: totals[label] for label in unsuppressed}
        assert all(
            row[rows[0].index(label)] == "" for row in rows[1:-1] for label in unsuppressed
        )  # counted for the whole period, so not by meeting
        book = load_workbook(files[ReportFormat.XLSX])
        sheet = {str(k): _as_text(v) for k, v in book["Perpetrators"].iter_rows(values_only=True)}
        assert {label: sheet[label] for label in unsuppressed} == in_csv
        assert sheet["Serial perpetrator window in days (area setting)"] == "1095"
        pages = PdfReader(str(files[ReportFormat.PDF])).pages
        text = " ".join(" ".join(p.extract_text() for p in pages).split())
        assert "Perpetrators, each counted once" in text and "Interventions by outcome" in text
        if threshold == 1:
            assert in_csv == unsuppressed
            assert "Serial (two or more victims within the serial window) 4" in text
        else:
            # 12 in cases discussed is shown; every count from 1 to 4 is hidden, and so is the
            # total of the outcomes (3), which would give away the one hidden outcome.
            assert in_csv[PerpetratorFigure.RECORDED.label] == "12"
            assert all(is_safe_cell(v, 5) for v in in_csv.values())
            assert in_csv[outcome_label(None)] == "<5"
            assert "Serial (two or more victims within the serial window) <5" in text
