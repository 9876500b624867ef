"""Shared fixtures. Every test runs offscreen, with its own data and log folders."""

from __future__ import annotations

import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from marac_desktop.domain import date_style
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.users import Role
from marac_desktop.services import access, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import keyslots
from tests import database_template
from tests import pg_cluster as pg_cluster_module
from tests.engines import ADMIN, ADMIN_PASSWORD, ENGINES, Server, start_server

SignIn = Callable[[str, str], Workspace]
MEMORY_FOLDER = "/dev/shm"
MEMORY_NEEDED = 4 << 30
"""A whole run writes about 1 GB of temporary files, and pytest keeps its last three runs."""
REAL_CALIBRATE = keyslots.calibrate_kdf

# Slow input generation on a busy machine (two test processes, other work) is not a failure;
# every test still runs all its examples.
settings.register_profile("marac", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("marac")


def _temporary_files_in_memory() -> None:
    """Every commit to a test database is synced to disk; in memory that costs nothing (a
    PostgreSQL database copy takes 0.02 s there, 0.2 to 0.5 s on a virtual disk). The test
    processes xdist starts later inherit the setting."""
    if "TMPDIR" in os.environ or not os.access(MEMORY_FOLDER, os.W_OK):
        return
    if shutil.disk_usage(MEMORY_FOLDER).free > MEMORY_NEEDED:
        os.environ["TMPDIR"] = MEMORY_FOLDER
        tempfile.tempdir = None  # asked again at its next use


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Under MARAC_BENCH_SMOKE every benchmark runs once, untimed, instead of being skipped.

    A full-size benchmark run may take longer than the per-test timeout, so it has none, and
    it measures files on the disk a user has, not in memory.
    """
    from tests.benchmarks import scale

    if scale.smoke() or not config.option.benchmark_only:
        _temporary_files_in_memory()
    if scale.smoke():
        config.option.benchmark_skip = False
        config.option.benchmark_only = False
        config.option.benchmark_disable = True
    elif config.option.benchmark_only and config.option.timeout is None:
        config.option.timeout = 0.0


def pytest_sessionfinish(session: pytest.Session) -> None:
    database_template.remove_templates()


@pytest.fixture(autouse=True)
def _days_in_the_default_style() -> Iterator[None]:
    """A test that changes the area's date style leaves the next one the default."""
    yield
    date_style.use(date_style.DEFAULT)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``both_engines`` runs once on the encrypted file and once on a server."""
    if metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user folders; derive keys cheaply unless a test says otherwise."""
    home = tmp_path_factory.mktemp("appdata")
    monkeypatch.setenv("MARAC_DESKTOP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("MARAC_DESKTOP_LOG_DIR", str(home / "logs"))
    monkeypatch.setenv("MARAC_DESKTOP_CONFIG_DIR", str(home / "config"))
    monkeypatch.setattr(keyslots, "calibrate_kdf", lambda *a, **k: TEST_KDF)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A new encrypted database with one administrator (password ADMIN_PASSWORD)."""
    path = tmp_path / "cases" / "marac.db"
    database_template.create_database(path, ADMIN, ADMIN_PASSWORD, "Test Administrator")
    return path


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """Which engine holds this test's data: the file, unless the test is marked both_engines."""
    return str(getattr(request, "param", "file"))


@pytest.fixture
def engine_server(pg_empty: pg_cluster_module.EmptyDatabase) -> Server:
    return start_server(pg_empty)


@pytest.fixture
def sign_in(engine: str, request: pytest.FixtureRequest) -> Iterator[SignIn]:
    """Open a workspace as an account on this test's engine; every one is closed afterwards."""
    if engine == "server":
        opener: SignIn = request.getfixturevalue("engine_server").sign_in
    else:
        path: Path = request.getfixturevalue("db_path")

        def opener(name: str, password: str) -> Workspace:
            return access.unlock(path, name, password)

    opened: list[Workspace] = []

    def open_as(name: str, password: str) -> Workspace:
        opened.append(opener(name, password))
        return opened[-1]

    yield open_as
    for workspace in reversed(opened):
        workspace.close()


@pytest.fixture
def admin(sign_in: SignIn) -> Workspace:
    return sign_in(ADMIN, ADMIN_PASSWORD)


def add_user(admin_ws: Workspace, name: str, role: Role) -> str:
    password = f"lantern grove phrase {sum(map(ord, name))}"
    users.add_user(admin_ws, name, role, password)
    return password


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg_cluster_module.Cluster]:
    """One throwaway PostgreSQL cluster per test process (see tests/pg_cluster.py)."""
    with pg_cluster_module.running() as cluster:
        yield cluster


@pytest.fixture
def pg_empty(pg_cluster: pg_cluster_module.Cluster) -> Iterator[pg_cluster_module.EmptyDatabase]:
    """An empty database and its owner; dropped, with every role the test made, afterwards."""
    yield pg_cluster_module.empty_database(pg_cluster, "marac_test")
    pg_cluster_module.drop_everything(pg_cluster)
