"""The command line contract: JSON out, one sentence on errors, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marac_desktop import __version__, cli

PASSWORD = "quiet lantern test phrase"


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    stdin: list[str],
) -> tuple[int, object, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in stdin)))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def _db(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "m.db"), "--password-stdin"]


def test_full_account_lifecycle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)
    code, out, _ = run(monkeypatch, capsys, ["init", *db, "--user", "admin"], [PASSWORD])
    assert code == 0 and isinstance(out, dict)
    recovery = out["recovery_code"]
    as_admin = [*db, "--user", "admin"]
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["user", "add", *as_admin, "--name", "ivy", "--role", "idva"],
        [PASSWORD, "river song long phrase"],
    )
    assert (code, out) == (0, {"added": "ivy", "role": "idva"})
    code, out, _ = run(monkeypatch, capsys, ["user", "list", *as_admin], [PASSWORD])
    assert [u["username"] for u in out] == ["admin", "ivy"]  # type: ignore[attr-defined]

    code, _, err = run(
        monkeypatch, capsys, ["user", "list", *db, "--user", "ivy"], ["river song long phrase"]
    )
    assert code == 1 and err.count("\n") == 1 and "may not" in err

    code, out, _ = run(
        monkeypatch,
        capsys,
        ["user", "passwd", *db, "--user", "ivy"],
        ["river song long phrase", "river song long phrase", "a changed long phrase"],
    )
    assert code == 0
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["user", "reset", *db, "--recovery", "--name", "admin"],
        [recovery, "the new harbour phrase"],
    )
    assert (code, out) == (0, {"password_reset": "admin"})
    as_admin = [*db, "--user", "admin"]
    new_admin = "the new harbour phrase"
    code, out, _ = run(
        monkeypatch, capsys, ["user", "revoke", *as_admin, "--name", "ivy"], [new_admin]
    )
    assert code == 0
    code, out, _ = run(monkeypatch, capsys, ["rekey", *as_admin], [new_admin])
    assert code == 0
    backup = tmp_path / "b.maracbak"
    code, out, _ = run(
        monkeypatch, capsys, ["backup", *as_admin, "--out", str(backup)], [new_admin]
    )
    assert (code, out) == (0, {"backup": str(backup)})
    restored = tmp_path / "restored" / "m.db"
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["restore", str(backup), "--db", str(restored), "--user", "admin", "--password-stdin"],
        [new_admin],
    )
    assert code == 0 and isinstance(out, dict)
    assert out["ok"] is True and out["problems"] == []
    head = out["audit_head"]  # a printed copy of verify's output witnesses the log too
    assert head["row"] == out["audit_rows"] and len(head["hash"]) == 64
    code, out, _ = run(monkeypatch, capsys, ["verify", *as_admin], [new_admin])
    assert code == 0 and out["ok"] is True  # type: ignore[index]
    code, _, err = run(
        monkeypatch, capsys, ["verify", *db, "--user", "ivy"], ["a changed long phrase"]
    )
    assert code == 1 and "not correct" in err


def test_an_account_is_renamed_and_given_another_role(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)
    as_admin = [*db, "--user", "admin"]
    run(monkeypatch, capsys, ["init", *as_admin], [PASSWORD])
    ivy = "river song long phrase"
    add = ["user", "add", *as_admin, "--name", "ivy", "--role", "idva"]
    run(monkeypatch, capsys, add, [PASSWORD, ivy])
    rename = ["user", "rename", "ivy", *as_admin, "--display-name", "Ivy Testadviser"]
    code, out, _ = run(monkeypatch, capsys, rename, [PASSWORD])
    assert (code, out) == (0, {"renamed": "ivy", "display_name": "Ivy Testadviser"})
    role = ["user", "role", "ivy", *as_admin, "--role", "coordinator"]
    code, out, _ = run(monkeypatch, capsys, role, [PASSWORD])
    assert code == 0 and isinstance(out, dict)
    assert (out["changed"], out["role"]) == ("ivy", "coordinator")
    assert "next sign-in" in out["note"]
    code, out, _ = run(monkeypatch, capsys, ["user", "list", *as_admin], [PASSWORD])
    assert {"username": "ivy", "display_name": "Ivy Testadviser", "role": "coordinator",
            "active": True} in out  # type: ignore[operator]  # fmt: skip

    code, _, err = run(
        monkeypatch, capsys, ["user", "role", "admin", *as_admin, "--role", "idva"], [PASSWORD]
    )
    assert code == 2 and err.count("\n") == 1 and "own role" in err
    code, _, err = run(
        monkeypatch, capsys, ["user", "rename", "ivy", *db, "--user", "ivy",
                              "--display-name", "Me"], [ivy],
    )  # fmt: skip
    assert code == 1 and err.count("\n") == 1 and "may not" in err


def test_bad_input_exits_2_with_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        monkeypatch, capsys, ["init", *_db(tmp_path), "--user", "admin"], ["short"]
    )
    assert code == 2 and out is None and err.count("\n") == 1
    code, _, err = run(
        monkeypatch, capsys, ["init", *_db(tmp_path), "--user", "Bad Name"], [PASSWORD]
    )
    assert code == 2 and "User names" in err
    code, _, err = run(monkeypatch, capsys, ["init", *_db(tmp_path), "--user", "admin"], [])
    assert code == 2 and "Standard input ended" in err
    assert not (tmp_path / "m.db").exists()


def _process(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marac_desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


def test_version_and_help_in_a_real_process() -> None:
    assert _process(["--version"]).stdout.strip() == f"marac-desktop {__version__}"
    help_text = _process(["--help"]).stdout
    for command in ("init", "user", "rekey", "backup", "restore", "verify", "score"):
        assert command in help_text


def test_no_qt_is_imported_by_commands() -> None:
    probe = (
        "import sys; from marac_desktop import cli; "
        "sys.argv=['x','--version']\n"
        "try:\n  cli.main(['--help'])\nexcept SystemExit: pass\n"
        "import marac_desktop.services.access, marac_desktop.services.backups\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("False")


def test_wrong_password_in_a_real_process_is_one_sentence(db_path: Path) -> None:
    result = _process(
        ["verify", "--db", str(db_path), "--user", "admin", "--password-stdin"], "wrong one\n"
    )
    assert result.returncode == 1
    assert result.stderr == "The user name or password is not correct; check them and try again.\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_score_command_in_a_real_process(tmp_path: Path) -> None:
    answers = {f"q{n}": "yes" if n <= 14 else "no" for n in range(1, 25)}
    good = tmp_path / "answers.json"
    good.write_text(
        json.dumps(
            {
                "form": "dash",
                "assessment_date": "2026-01-05",
                "answers": answers,
                "victim_age": 34,
                "incident_dates": [],
                "last_marac_referral": None,
                "professional_judgement": None,
            }
        ),
        encoding="utf-8",
    )
    result = _process(["score", str(good)])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["yes_count"], out["level"], out["refer_to_marac"]) == (14, "high", True)
    assert out["criteria"]["visible_high_risk"] is True
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"form": "dash", "assessment_date": "2026-01-05", "answers": {"q25": "yes"}}),
        encoding="utf-8",
    )
    result = _process(["score", str(bad)])
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "answers.q25" in result.stderr
