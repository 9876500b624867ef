"""The command line against a partnership server: set it up, manage accounts, verify."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.pg_cluster import EmptyDatabase
from tests.unit.test_cli import run


def _url(empty: EmptyDatabase, user: str = "") -> str:
    cluster = empty.cluster
    who = f"{user}@" if user else ""
    return f"postgresql://{who}/{empty.name}?host={cluster.sockets}&port={cluster.port}"


def test_init_then_accounts_then_verify_from_the_command_line(
    pg_empty: EmptyDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owner_url = _url(pg_empty, pg_empty.owner)
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["server", "init", "--db", owner_url, "--user", "admin", "--password-stdin"],
        [pg_empty.owner_password, ADMIN_PASSWORD],
    )
    assert code == 0 and out == {
        "server": "marac_test on this computer",
        "administrator": "admin",
        "done": "created",
    }
    server = ["--db", _url(pg_empty), "--password-stdin", "--user", "admin"]
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["user", "add", *server, "--name", "ivy", "--role", "idva"],
        [ADMIN_PASSWORD, "river song long phrase"],
    )
    assert (code, out) == (0, {"added": "ivy", "role": "idva"})
    code, out, _ = run(monkeypatch, capsys, ["verify", *server], [ADMIN_PASSWORD])
    assert code == 0 and isinstance(out, dict) and out["ok"] is True
    # Run again, the owner's init upgrades (here: finds nothing to do) and asks no new password.
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["server", "init", "--db", owner_url, "--user", "admin", "--password-stdin"],
        [pg_empty.owner_password],
    )
    assert code == 0 and isinstance(out, dict) and out["done"].startswith("already at schema")


def test_init_needs_the_owner_named_in_the_address(
    pg_empty: EmptyDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        monkeypatch,
        capsys,
        ["server", "init", "--db", _url(pg_empty), "--user", "admin", "--password-stdin"],
        [],
    )
    assert code == 2 and "Name the database's owner in the address" in err
