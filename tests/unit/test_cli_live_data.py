"""`demo` and `import` on the command line: never synthetic cases in a live database, never for
a role that may not."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from marac_desktop import cli

PASSWORD = "quiet lantern test phrase"
COORDINATOR_PASSWORD = "river song long phrase"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> tuple[int, str]:
    as_cora = args[args.index("--user") + 1] == "cora"
    password = COORDINATOR_PASSWORD if as_cora else PASSWORD
    secrets = [password, COORDINATOR_PASSWORD] if args[:2] == ["user", "add"] else [password]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{s}\n" for s in secrets)))
    code = cli.main(args)
    return code, capsys.readouterr().err


@pytest.fixture
def db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    base = ["--db", str(tmp_path / "m.db"), "--password-stdin"]
    assert run(monkeypatch, capsys, ["init", *base, "--user", "admin"])[0] == 0
    add = ["user", "add", *base, "--user", "admin", "--name", "cora", "--role", "coordinator"]
    assert run(monkeypatch, capsys, add)[0] == 0
    return base


def _bundle(tmp_path: Path) -> Path:
    path = tmp_path / "b.json"
    document = {
        "format": "marac-bundle",
        "version": 1,
        "people": [{"id": "v1", "family_name": "Lindqvist", "given_names": "Test"}],
        "cases": [{"id": "c1", "victim": "v1"}],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_demo_refuses_a_live_database(
    db: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    imported = ["import", *db, "--user", "admin", str(_bundle(tmp_path))]
    assert run(monkeypatch, capsys, imported)[0] == 0
    code, err = run(monkeypatch, capsys, ["demo", *db, "--user", "admin", "--cases", "5"])
    assert code == cli.EXIT_INPUT_ERROR and err.count("\n") == 1 and "demo did not make" in err


def test_demo_then_more_demo_is_fine(
    db: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for seed in ("1", "2"):
        demo = ["demo", *db, "--user", "admin", "--cases", "3", "--seed", seed]
        assert run(monkeypatch, capsys, demo)[0] == 0


@pytest.mark.parametrize("command", ["demo", "import"])
def test_a_coordinator_may_not(
    command: str,
    db: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    extra = ["--cases", "3"] if command == "demo" else [str(_bundle(tmp_path))]
    code, err = run(monkeypatch, capsys, [command, *db, "--user", "cora", *extra])
    assert code == cli.EXIT_USER_ERROR and err.count("\n") == 1 and "may not" in err
