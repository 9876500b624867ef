"""The ``server`` command group: its usage, and addresses refused before anything connects."""

from __future__ import annotations

import io
import sys

import pytest

from marac_desktop import cli


def test_server_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["server"])
    assert stopped.value.code == cli.EXIT_INPUT_ERROR
    assert "required: ACTION" in capsys.readouterr().err


def test_server_check_needs_the_address_and_the_account() -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.build_parser().parse_args(["server", "check", "--db", "postgresql://h/marac"])
    assert stopped.value.code == cli.EXIT_INPUT_ERROR
    args = cli.build_parser().parse_args(
        ["server", "check", "--db", "postgresql://h/marac", "--user", "it", "--ca-file", "ca.pem"]
    )
    assert (args.db, args.user, args.ca_file, args.password_stdin) == (
        "postgresql://h/marac",
        "it",
        "ca.pem",
        False,
    )


def test_a_password_in_the_address_is_refused_and_not_repeated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("typed secret phrase\n"))
    code = cli.main(
        [
            "server",
            "check",
            "--db",
            "postgresql://it:address%20secret@marac.example.org/marac",
            "--user",
            "it",
            "--password-stdin",
        ]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (cli.EXIT_USER_ERROR, "")
    assert err == (
        "Leave the password out of the server address; you are asked for it when you sign in.\n"
    )
