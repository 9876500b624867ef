"""Fixtures for the storage and command-line tests."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from marac_desktop import cli
from tests.conftest import ADMIN, ADMIN_PASSWORD

Command = Callable[..., tuple[int, Any, str]]


@pytest.fixture
def run(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Command:
    """A command run as the administrator on ``db_path``: (exit code, its JSON, its stderr)."""

    def command(*argv: str) -> tuple[int, Any, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ADMIN_PASSWORD}\n"))
        code = cli.main([*argv, "--db", str(db_path), "--user", ADMIN, "--password-stdin"])
        out, err = capsys.readouterr()
        return code, json.loads(out) if out.strip() else None, err

    return command
