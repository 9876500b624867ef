"""Demo data on a partnership server for the benchmarks, built once by moving a demo file in.

A cluster holds one database, ``marac_bench``, made by ``move-to-server`` from the demo file of
``scale.demo_database`` (so the same cases as the file's benchmarks), then analysed. With
``MARAC_BENCH_DB_DIR`` set (and not a smoke run) the cluster lives in
``server-<cases>-<schema revision>`` there: shut down cleanly after the run and started again
by the next (one run at a time: a lock file beside it), and rebuilt when it is missing, cannot
start, or holds another revision. Otherwise it is a throwaway cluster, removed after the run.

A benchmark never works on ``marac_bench`` itself but on a copy (``copy``: ``CREATE DATABASE
... TEMPLATE``, a file copy), dropped afterwards with the login roles made in it, so what one
run writes never changes the next run's data.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.users import Role
from marac_desktop.services import access, server_access, server_move
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import migrate, server_roles
from marac_desktop.storage.server_address import ServerAddress
from tests import pg_cluster
from tests.benchmarks import scale

TEMPLATE = "marac_bench"
SETTINGS = {"max_connections": "200", "shared_buffers": "'256MB'"}
_STATE = "bench-state.json"


@dataclass(frozen=True)
class DemoCluster:
    """A running cluster whose ``marac_bench`` database holds ``cases`` demo cases."""

    cluster: pg_cluster.Cluster
    cases: int
    owner: str
    owner_password: str


@dataclass(frozen=True)
class BenchServer:
    """A copy of the demo database that one benchmark may change."""

    demo: DemoCluster
    database: str

    @property
    def address(self) -> ServerAddress:
        cluster = self.demo.cluster
        return ServerAddress(str(cluster.sockets), cluster.port, self.database)

    def sign_in(
        self, username: str = scale.BENCH_USER, password: str = scale.BENCH_PASSWORD
    ) -> Workspace:
        return server_access.sign_in(self.address, username, password, kdf=TEST_KDF)

    def count(self, table: str) -> int:
        with self.demo.cluster.connect(self.database) as connection:
            row = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        assert row is not None
        return int(row[0])  # type: ignore[call-overload]


def _revision(cluster: pg_cluster.Cluster) -> str | None:
    with cluster.connect() as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)
        ).fetchone()
    if found is None:
        return None
    with cluster.connect(TEMPLATE) as connection:
        table = connection.execute("SELECT to_regclass('alembic_version')").fetchone()
        if table is None or table[0] is None:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _build(cluster: pg_cluster.Cluster, cases: int, work: Path) -> DemoCluster:
    """``marac_bench`` moved in from the demo file (the file opened once first, which brings
    a prebuilt file up to this version's schema)."""
    pg_cluster.drop_everything(cluster)
    empty = pg_cluster.empty_database(cluster, TEMPLATE)
    path = scale.demo_database(work, cases)
    access.unlock(path, scale.BENCH_USER, scale.BENCH_PASSWORD).close()
    address = ServerAddress(str(cluster.sockets), cluster.port, TEMPLATE, empty.owner)
    report = server_move.move_to_server(
        path, scale.BENCH_USER, scale.BENCH_PASSWORD, address, empty.owner_password
    )
    assert all(check.matches for check in report.tables)
    path.unlink()
    with cluster.connect(TEMPLATE) as connection:
        connection.execute("VACUUM ANALYZE")
    print(f"\nbench server: {cases} cases moved in {report.seconds:.0f} s")
    return DemoCluster(cluster, cases, empty.owner, empty.owner_password)


def _kept(folder: Path, cases: int, work: Path) -> DemoCluster:
    """The cluster kept in ``folder``, started, and rebuilt if it is not this version's."""
    state_file = folder / _STATE
    if state_file.exists():
        state = json.loads(state_file.read_text())
        try:
            cluster = pg_cluster.resume(folder, state["password"])
        except subprocess.CalledProcessError as error:  # a broken folder: made again below
            print(
                f"\nbench server: {folder.name} did not start ({error.stderr.strip()}); rebuilding"
            )
        else:
            if _revision(cluster) == migrate.head_revision():
                return DemoCluster(cluster, cases, state["owner"], state["owner_password"])
            print(f"\nbench server: {folder.name} holds another schema revision; rebuilding")
            cluster.halt()
    shutil.rmtree(folder, ignore_errors=True)
    cluster = pg_cluster.start(settings=SETTINGS, folder=folder)
    try:
        demo = _build(cluster, cases, work)
    except BaseException:
        cluster.stop()
        raise
    state = {
        "password": cluster.password,
        "owner": demo.owner,
        "owner_password": demo.owner_password,
    }
    state_file.write_text(json.dumps(state))
    state_file.chmod(0o600)
    return demo


@contextlib.contextmanager
def demo_cluster(cases: int, work: Path) -> Iterator[DemoCluster]:
    """A cluster holding ``marac_bench`` with ``cases`` demo cases, for the whole run."""
    kept = os.environ.get("MARAC_BENCH_DB_DIR")
    if scale.smoke() or not kept:
        with pg_cluster.running(settings=SETTINGS) as cluster:
            yield _build(cluster, cases, work)
        return
    folder = Path(kept) / f"server-{cases}-{migrate.head_revision()}"
    with _only_run(folder):
        demo = _kept(folder, cases, work)
        try:
            yield demo
        finally:
            demo.cluster.halt()


@contextlib.contextmanager
def _only_run(folder: Path) -> Iterator[None]:
    """Hold the kept cluster's lock: another run (in another worktree, say) waits its turn."""
    with folder.with_name(f"{folder.name}.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"\nbench server: waiting for another run to finish with {folder.name}")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _roles(connection: psycopg.Connection[tuple[object, ...]]) -> set[str]:
    return {str(name) for (name,) in connection.execute("SELECT rolname FROM pg_roles")}


@contextlib.contextmanager
def copy(demo: DemoCluster, name: str) -> Iterator[BenchServer]:
    """A copy of ``marac_bench`` called ``name``, dropped afterwards together with every login
    role made while it existed."""
    groups = ", ".join(f'"{server_roles.group_role(TEMPLATE, role)}"' for role in Role)
    with demo.cluster.connect() as connection:
        before = _roles(connection)
        connection.execute(
            f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}" OWNER "{demo.owner}"'
            " STRATEGY FILE_COPY"
        )
        connection.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
        connection.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{name}" TO {groups}')
    try:
        yield BenchServer(demo, name)
    finally:
        with demo.cluster.connect() as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            for role in sorted(_roles(connection) - before):
                connection.execute(f'DROP ROLE "{role}"')


ENGINES = ("file", "server")
_copies = itertools.count(1)


@contextlib.contextmanager
def open_demo(
    engine: str, folder: Path, cases: int, demos: Callable[[int], DemoCluster]
) -> Iterator[Workspace]:
    """The demo data with ``cases`` cases opened as the benchmark administrator: on the
    encrypted file (``scale.open_demo``) or on a copy of the server's."""
    if engine == "file":
        ws = scale.open_demo(folder, cases)
        try:
            yield ws
        finally:
            ws.close()
        return
    with copy(demos(cases), f"marac_run_{next(_copies)}") as server:
        ws = server.sign_in()
        try:
            yield ws
        finally:
            ws.close()
