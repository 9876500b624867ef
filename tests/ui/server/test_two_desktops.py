"""From an empty server to three people at three desktops, each its own process: ``server init``
and the accounts from the command line; the coordinator and the safeguarding lead have their
windows open when the IDVA completes a checklist and refers; the coordinator's window says so,
F5 reads it, and the proposed list holds the case; the lead's flag queue shows the repeat.

``MARAC_SCREENS_DIR`` keeps each desktop's screens there as PNG.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from marac_desktop.domain.users import Role
from tests.pg_cluster import EmptyDatabase
from tests.server.conftest import password_of

ADMIN_PASSWORD = "quiet lantern test phrase"
STAFF = {"ivy": Role.IDVA, "cora": Role.COORDINATOR, "sam": Role.SAFEGUARDING_LEAD}
ROOT = Path(__file__).resolve().parents[3]
WAIT_S = 240


def _url(empty: EmptyDatabase, user: str = "") -> str:
    cluster = empty.cluster
    who = f"{user}@" if user else ""
    return f"postgresql://{who}/{empty.name}?host={cluster.sockets}&port={cluster.port}"


def _command(arguments: list[str], passwords: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "marac_desktop", *arguments],
        input="".join(f"{p}\n" for p in passwords),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=WAIT_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    return result


def _desk(url: str, user: str, desk: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.ui.server.desk", "--db", url, "--user", user]
    command += ["--desk", desk]
    if screens := os.environ.get("MARAC_SCREENS_DIR"):
        command += ["--screens", screens]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert process.stdin is not None
    process.stdin.write(password_of(user) + "\n")
    process.stdin.flush()
    return process


def _go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.close()


def _line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, f"the desktop ended early ({process.wait(WAIT_S)})"
    return line.strip()


def _result(process: subprocess.Popen[str]) -> dict[str, object]:
    result = json.loads(_line(process))
    for pipe in (process.stdin, process.stdout):
        if pipe is not None and not pipe.closed:
            pipe.close()
    assert process.wait(WAIT_S) == 0
    assert isinstance(result, dict)
    return result


def test_an_idva_refers_and_the_coordinator_and_lead_see_it_at_their_desktops(
    pg_empty: EmptyDatabase,
) -> None:
    owner = _url(pg_empty, pg_empty.owner)
    made = _command(
        ["server", "init", "--db", owner, "--user", "admin", "--password-stdin"],
        [pg_empty.owner_password, ADMIN_PASSWORD],
    )
    assert made["done"] == "created"
    url = _url(pg_empty)
    for name, role in STAFF.items():
        admin = ["--db", url, "--user", "admin", "--password-stdin"]
        added = _command(
            ["user", "add", *admin, "--name", name, "--role", role.value],
            [ADMIN_PASSWORD, password_of(name)],
        )
        assert added == {"added": name, "role": role.value}

    coordinator = _desk(url, "cora", "coordinator")
    lead = _desk(url, "sam", "lead")
    try:
        assert _line(coordinator) == "ready"
        assert _line(lead) == "ready"
        referred = _result(_desk(url, "ivy", "idva"))
        assert referred["refer"] is True
        _go(coordinator)
        _go(lead)
        listed = _result(coordinator)
        flagged = _result(lead)
    finally:
        for process in (coordinator, lead):
            if process.poll() is None:
                process.kill()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None and not pipe.closed:
                    pipe.close()
    assert listed["listed"] == [referred["case"]]
    [flag] = flagged["flags"]  # type: ignore[misc]
    assert any(str(referred["reference"]) in str(cell) for cell in flag)
    assert any("repeat" in str(cell).lower() for cell in flag)
