"""``import-sheet``: a tracking sheet as Excel saved it, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sheet_samples import BAD_ROWS, REPEAT_JOINS, write_csv, write_xlsx
from test_cli import PASSWORD, _db, run


@pytest.fixture
def database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    db = _db(tmp_path)
    code, _, _ = run(monkeypatch, capsys, ["init", *db, "--user", "admin"], [PASSWORD])
    assert code == 0
    return [*db, "--user", "admin"]


def test_dry_run_says_the_suggested_mapping_and_every_problem(
    tmp_path: Path,
    database: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = write_csv(tmp_path / "tracking.csv", "cp1252")
    code, out, _ = run(
        monkeypatch, capsys, ["import-sheet", str(sheet), *database, "--dry-run"], [PASSWORD]
    )
    assert code == 0 and isinstance(out, dict)
    assert out["read_as"] == "Windows-1252" and out["mapping_is_suggested"] is True
    assert out["mapping"]["columns"]["B"] == {"header": "Victim name", "field": "victim_name"}
    assert out["counts"]["rows"] == 7 and out["counts"]["blank_rows"] == 3
    assert [(p["row"], p["column"], p["header"]) for p in out["problems"]] == [
        (row, column, header) for row, (column, header) in sorted(BAD_ROWS.items())
    ]
    assert [p["key"] for p in out["pairs"]] == ["V2-4"]
    assert out["imported"] is None


def test_problems_refuse_the_whole_sheet_with_exit_2(
    tmp_path: Path,
    database: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = write_csv(tmp_path / "tracking.csv", "utf-8", bom=True)
    code, out, err = run(monkeypatch, capsys, ["import-sheet", str(sheet), *database], [PASSWORD])
    assert code == 2 and isinstance(out, dict) and out["imported"] is None
    assert "nothing was imported" in err
    code, out, _ = run(monkeypatch, capsys, ["match", *database, "--name", "Ewa Nowak"], [PASSWORD])
    assert out == []


def test_clean_rows_import_with_a_given_mapping_joins_and_refused_file(
    tmp_path: Path,
    database: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workbook = write_xlsx(tmp_path / "tracking.xlsx")
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["import-sheet", str(workbook), *database, "--sheet", "2025 cases", "--dry-run"],
        [PASSWORD],
    )
    assert code == 0 and isinstance(out, dict)
    mapping = tmp_path / "map.json"
    chosen = out["mapping"]
    chosen["columns"]["K"] = "not_imported"
    mapping.write_text(json.dumps(chosen), encoding="utf-8")
    refused = tmp_path / "refused.csv"
    joins = [arg for key in REPEAT_JOINS[:1] for arg in ("--join", key)]
    code, out, err = run(
        monkeypatch,
        capsys,
        [
            "import-sheet", str(workbook), *database, "--mapping", str(mapping), *joins,
            "--clean-rows-only", "--refused-out", str(refused),
        ],
        [PASSWORD],
    )  # fmt: skip
    assert code == 0 and isinstance(out, dict)
    assert out["mapping_is_suggested"] is False
    assert out["columns_not_imported"] == ["K (Key worker)"]
    imported = out["imported"]
    assert (imported["rows_imported"], imported["rows_refused"], imported["cases"]) == (5, 2, 4)
    assert imported["flags"] >= 1  # the history repeat
    assert "holds case data" in err and refused.exists()


def test_an_unknown_sheet_is_one_sentence(
    tmp_path: Path,
    database: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workbook = write_xlsx(tmp_path / "tracking.xlsx")
    code, _, err = run(
        monkeypatch,
        capsys,
        ["import-sheet", str(workbook), *database, "--sheet", "Nope"],
        [PASSWORD],
    )
    assert code == 2 and err.count("\n") == 1 and "'2025 cases'" in err
