"""A throwaway PostgreSQL cluster for the tests, started from Debian's packages.

PostgreSQL refuses to run as root, so under root the cluster belongs to the ``postgres`` system
user (``runuser``); otherwise to whoever runs the tests. It listens on a Unix socket in its own
folder (and on a local TCP port only when asked), every connection needs a password (SCRAM),
and ``stop`` removes it all.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

SUPERUSER = "postgres"
DEFAULT_HBA = (
    "local all all scram-sha-256",
    "host all all 127.0.0.1/32 scram-sha-256",
)


def bin_dir() -> Path:
    """The newest installed server's programs (Debian keeps them off PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parent.parent.name
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError(
        "PostgreSQL is not installed; the README's test command installs it "
        "(apt-get install postgresql)."
    )


def _owner() -> str | None:
    """The system user the server runs as: None for the current user, unless that is root."""
    return "postgres" if os.geteuid() == 0 else None


def _run(owner: str | None, *command: str) -> None:
    prefix = ("runuser", "-u", owner, "--") if owner else ()
    subprocess.run((*prefix, *command), check=True, capture_output=True, text=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    password: str
    owner: str | None
    tcp: bool

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def sockets(self) -> Path:
        return self.folder / "sockets"

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str = "") -> str:
        """A SQLAlchemy URL over the Unix socket (the password in it only for tests)."""
        secret = f":{quote(password, safe='')}" if password else ""
        return (
            f"postgresql+psycopg://{quote(user, safe='')}{secret}@/{database}"
            f"?host={self.sockets}&port={self.port}"
        )

    def connect(
        self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None
    ) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=str(self.sockets),
            port=self.port,
            dbname=database,
            user=user,
            password=self.password if password is None else password,
            autocommit=True,
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            _run(
                self.owner,
                str(bin_dir() / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    def halt(self) -> None:
        """Shut the server down cleanly and keep its folder, to ``resume`` it later."""
        _run(self.owner, str(bin_dir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")


def resume(folder: Path, password: str) -> Cluster:
    """Start again a cluster that ``start`` made in ``folder`` and ``halt`` shut down, on a
    new free port."""
    cluster = Cluster(folder, _free_port(), password, _owner(), tcp=False)
    _run(
        cluster.owner,
        str(bin_dir() / "pg_ctl"),
        "-D",
        str(cluster.data),
        "-l",
        str(cluster.folder / "server.log"),
        "-o",
        f"-p {cluster.port}",
        "-w",
        "start",
    )
    return cluster


def start(
    settings: Mapping[str, str] | None = None,
    hba: Sequence[str] = DEFAULT_HBA,
    tcp: bool = False,
    files: Mapping[str, bytes] | None = None,
    folder: Path | None = None,
) -> Cluster:
    """A new cluster with ``settings`` added to postgresql.conf and ``hba`` as pg_hba.conf;
    ``files`` are written into the data folder first (certificates, keys). It lives in
    ``folder`` (made here) or in a new temporary folder."""
    owner = _owner()
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="marac-pg-"))
    else:
        folder.mkdir(parents=True)
    password = secrets.token_hex(16)
    cluster = Cluster(folder, _free_port(), password, owner, tcp)
    cluster.sockets.mkdir()
    secret = folder / "superuser-password"
    secret.write_text(password)
    if owner:
        account = pwd.getpwnam(owner)
        for path in (folder, cluster.sockets, secret):
            os.chown(path, account.pw_uid, account.pw_gid)
    try:
        _run(
            owner,
            str(bin_dir() / "initdb"),
            "-D",
            str(cluster.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(secret),
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        secret.unlink()
        lines = {
            "listen_addresses": "'127.0.0.1'" if tcp else "''",
            "port": str(cluster.port),
            "unix_socket_directories": f"'{cluster.sockets}'",
            "fsync": "off",  # a throwaway cluster: speed over durability
            "synchronous_commit": "off",
            "full_page_writes": "off",
            **(settings or {}),
        }
        with (cluster.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in lines.items())
        (cluster.data / "pg_hba.conf").write_text("\n".join(hba) + "\n")
        for name, content in (files or {}).items():
            path = cluster.data / name
            path.write_bytes(content)
            path.chmod(0o600)
            if owner:
                account = pwd.getpwnam(owner)
                os.chown(path, account.pw_uid, account.pw_gid)
        _run(
            owner,
            str(bin_dir() / "pg_ctl"),
            "-D",
            str(cluster.data),
            "-l",
            str(cluster.folder / "server.log"),
            "-w",
            "start",
        )
    except BaseException:
        cluster.stop()
        raise
    return cluster


@contextlib.contextmanager
def running(**options: object) -> Iterator[Cluster]:
    cluster = start(**options)  # type: ignore[arg-type]
    try:
        yield cluster
    finally:
        cluster.stop()


def server_log(cluster: Cluster) -> str:
    """Everything the server has logged so far (read as the test's own user)."""
    path = cluster.folder / "server.log"
    return path.read_text(errors="replace") if path.exists() else ""


@dataclass(frozen=True)
class EmptyDatabase:
    """An empty database on ``cluster`` owned by ``owner`` (a login role that may create roles,
    as an area's database owner is)."""

    cluster: Cluster
    name: str
    owner: str
    owner_password: str

    def url(self, user: str | None = None, password: str = "") -> str:
        return self.cluster.url(self.name, user or self.owner, password)

    def connect(
        self, user: str | None = None, password: str | None = None
    ) -> psycopg.Connection[tuple[object, ...]]:
        return self.cluster.connect(
            self.name, user or self.owner, self.owner_password if password is None else password
        )


def empty_database(cluster: Cluster, name: str) -> EmptyDatabase:
    owner, secret = f"{name}_owner", secrets.token_hex(12)
    with cluster.connect() as connection:
        connection.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(owner), sql.Literal(secret)
            )
        )
        connection.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        connection.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
    return EmptyDatabase(cluster, name, owner, secret)


def drop_everything(cluster: Cluster) -> None:
    """Drop every database and role the tests made, leaving the cluster as initdb left it."""
    with cluster.connect() as connection:
        databases = connection.execute(
            "SELECT datname FROM pg_database"
            " WHERE datname NOT IN ('postgres', 'template0', 'template1')"
        ).fetchall()
        for (name,) in databases:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        roles = connection.execute(
            "SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%%' AND rolname <> %s",
            (SUPERUSER,),
        ).fetchall()
        for (name,) in roles:
            connection.execute(f'DROP ROLE "{name}"')
