"""``server check`` and the transport rule, end to end on real throwaway clusters.

One cluster is set up as docs/server.md says (TLS with a certificate from the partnership's CA,
hostssl + scram-sha-256 only, logging that keeps case data out); the check is silent on it. The
other is set up carelessly on purpose, and the check names each unsafe setting. Each module
fixture stops and removes its cluster (tests/pg_cluster.running).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from marac_desktop import cli
from marac_desktop.domain.server_safety import HbaRule, PasswordKinds, ServerFacts, judge
from tests import pg_cluster, server_certificates
from tests.pg_cluster import Cluster

GUIDE = Path(__file__).resolve().parents[2] / "docs/server.md"
MACHINE_SETTINGS = ("listen_addresses", "ssl_cert_file", "ssl_key_file")
"""Settings of the guide's that name its example machine; the test cluster keeps its own."""


def guide_block(heading: str) -> list[str]:
    """The lines of the first code block under ``heading`` in docs/server.md, comments left out."""
    section = GUIDE.read_text(encoding="utf-8").split(f"## {heading}", 1)[1]
    block = section.split("```", 2)[1]
    return [
        line.strip()
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def guide_settings() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in guide_block("4. The server's settings"))
    return {
        name.strip(): value.strip() for name, value in pairs if name.strip() not in MACHINE_SETTINGS
    }


SAFE_SETTINGS = guide_settings()
SAFE_HBA = (
    "local all all scram-sha-256",
    "hostssl all all 127.0.0.1/32 scram-sha-256",
)
UNSAFE_SETTINGS = {
    "ssl": "off",
    "ssl_min_protocol_version": "'TLSv1'",
    "password_encryption": "md5",
    "log_statement": "all",
    "log_min_duration_statement": "0",
    "log_min_duration_sample": "0",
    "log_parameter_max_length_on_error": "-1",
    "debug_print_plan": "on",
    "shared_preload_libraries": "'auto_explain'",
    "auto_explain.log_min_duration": "0",
    "auto_explain.log_analyze": "on",
}
UNSAFE_HBA = (
    "local all all trust",
    "host all all 127.0.0.1/32 md5",
    "host all all 127.0.0.1/32 password",
)
OLD_ACCOUNT_PASSWORD = "old harbour test phrase"


@pytest.fixture(scope="module")
def authority() -> server_certificates.Authority:
    return server_certificates.authority()


@pytest.fixture(scope="module")
def ca_file(tmp_path_factory: pytest.TempPathFactory, authority: Any) -> Path:
    path = tmp_path_factory.mktemp("ca") / "partnership-ca.pem"
    path.write_bytes(authority.pem)
    return path


@pytest.fixture(scope="module")
def safe_cluster(authority: server_certificates.Authority) -> Iterator[Cluster]:
    with pg_cluster.running(
        settings=SAFE_SETTINGS,
        hba=SAFE_HBA,
        tcp=True,
        files=server_certificates.server_files(authority),
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def unsafe_cluster() -> Iterator[Cluster]:
    with pg_cluster.running(settings=UNSAFE_SETTINGS, hba=UNSAFE_HBA, tcp=True) as cluster:
        with cluster.connect() as connection:  # stored as MD5 under password_encryption = md5
            connection.execute(f"CREATE ROLE old_account LOGIN PASSWORD '{OLD_ACCOUNT_PASSWORD}'")
        yield cluster


def _network(cluster: Cluster, host: str = "127.0.0.1") -> str:
    return f"postgresql://{host}:{cluster.port}/postgres"


def _socket(cluster: Cluster) -> str:
    return f"postgresql:///postgres?host={cluster.sockets}&port={cluster.port}"


def check(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    url: str,
    password: str,
    *extra: str,
    user: str = "postgres",
) -> tuple[int, dict[str, Any] | None, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{password}\n"))
    code = cli.main(["server", "check", "--db", url, "--user", user, "--password-stdin", *extra])
    out, err = capsys.readouterr()
    if password:
        assert password not in out and password not in err
    return code, (json.loads(out) if out.strip() else None), err


def test_the_documented_server_over_tls_is_silent(
    safe_cluster: Cluster,
    ca_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = check(
        monkeypatch,
        capsys,
        _network(safe_cluster),
        safe_cluster.password,
        "--ca-file",
        str(ca_file),
    )
    assert (code, err) == (0, "")
    assert out == {
        "server": f"postgres on 127.0.0.1:{safe_cluster.port}",
        "connection": "TLS, the server's certificate checked against the CA file (verify-full)",
        "unsafe": [],
        "not_checked": [],
        "summary": "no unsafe settings found",
    }


def test_the_certificate_is_checked_for_the_host_name_as_well(
    safe_cluster: Cluster,
    ca_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = check(
        monkeypatch,
        capsys,
        _network(safe_cluster, "localhost"),
        safe_cluster.password,
        "--ca-file",
        str(ca_file),
    )
    assert code == 0 and out is not None and out["unsafe"] == []


def test_the_socket_on_the_servers_machine_needs_no_tls(
    safe_cluster: Cluster, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(monkeypatch, capsys, _socket(safe_cluster), safe_cluster.password)
    assert code == 0 and out is not None
    assert out["connection"] == "the Unix socket on the server's own machine"
    assert out["unsafe"] == [] and out["not_checked"] == []


def test_over_the_network_without_a_ca_file_nothing_is_attempted(
    safe_cluster: Cluster, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(monkeypatch, capsys, _network(safe_cluster), safe_cluster.password)
    assert (code, out) == (cli.EXIT_USER_ERROR, None)
    assert err == (
        "Connecting over the network needs the partnership's certificate authority file; "
        "name it in the server settings (--ca-file) so the server's identity can be checked.\n"
    )


def test_a_certificate_from_another_ca_is_refused_in_one_sentence(
    safe_cluster: Cluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = tmp_path / "other-ca.pem"
    other.write_bytes(server_certificates.authority("Another CA").pem)
    code, out, err = check(
        monkeypatch, capsys, _network(safe_cluster), safe_cluster.password, "--ca-file", str(other)
    )
    assert (code, out) == (cli.EXIT_USER_ERROR, None)
    assert err == (
        f"Could not connect to postgres on 127.0.0.1:{safe_cluster.port}: the server's "
        "certificate is not signed by the partnership's certificate authority (the CA file "
        "given), so it may not be the partnership's server; nothing was sent to it.\n"
    )


def test_a_wrong_password_is_one_sentence_without_it(
    safe_cluster: Cluster,
    ca_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = check(
        monkeypatch, capsys, _network(safe_cluster), "not the password", "--ca-file", str(ca_file)
    )
    assert code == cli.EXIT_USER_ERROR
    assert err.endswith(": the user name or password is wrong.\n") and err.count("\n") == 1


def test_what_the_account_may_not_read_is_said_not_passed(
    safe_cluster: Cluster,
    ca_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    password = "plain owner test phrase"
    with safe_cluster.connect() as connection:
        connection.execute(f"CREATE ROLE plain_owner LOGIN CREATEROLE PASSWORD '{password}'")
    try:
        code, out, err = check(
            monkeypatch,
            capsys,
            _network(safe_cluster),
            password,
            "--ca-file",
            str(ca_file),
            user="plain_owner",
        )
        assert code == 0 and out is not None and out["unsafe"] == []
        assert out["summary"] == "no unsafe settings found among those this account could read"
        not_checked = " ".join(out["not_checked"])
        assert "may not read the server's pg_hba.conf rules" in not_checked
        assert "ssl_min_protocol_version" in not_checked
        assert "old MD5 passwords were not looked for" in not_checked
        assert err.count("\n") == len(out["not_checked"])

        with safe_cluster.connect() as connection:  # the grants docs/server.md gives
            connection.execute("GRANT pg_read_all_settings TO plain_owner")
            connection.execute("GRANT SELECT ON pg_hba_file_rules TO plain_owner")
            connection.execute("GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO plain_owner")
        code, out, _ = check(
            monkeypatch,
            capsys,
            _network(safe_cluster),
            password,
            "--ca-file",
            str(ca_file),
            user="plain_owner",
        )
        assert code == 0 and out is not None and out["unsafe"] == []
        assert len(out["not_checked"]) == 1
        assert "old MD5 passwords were not looked for" in out["not_checked"][0]
    finally:
        with safe_cluster.connect() as connection:
            connection.execute("DROP OWNED BY plain_owner")
            connection.execute("REVOKE pg_read_all_settings FROM plain_owner")
            connection.execute("DROP ROLE plain_owner")


def test_the_careless_server_has_each_unsafe_setting_named(
    unsafe_cluster: Cluster, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(monkeypatch, capsys, _socket(unsafe_cluster), "")  # trust lets it in
    assert code == cli.EXIT_VERIFY_FAILED and out is not None
    unsafe = out["unsafe"]
    expected = [
        "TLS is off (ssl = off) although the server listens on the network",
        "(ssl_min_protocol_version = TLSv1)",
        "(password_encryption = md5)",
        "1 role stores its password as md5",
        "pg_hba.conf line 1 (local all all) lets anyone",
        "pg_hba.conf line 2 (host all all) allows connections over the network without TLS",
        "pg_hba.conf line 2 (host all all) accepts MD5 passwords",
        "pg_hba.conf line 3 (host all all) allows connections over the network without TLS",
        "pg_hba.conf line 3 (host all all) sends the password unencrypted",
        "(log_statement = all)",
        "(log_min_duration_statement = 0)",
        "(log_min_duration_sample = 0)",
        "(log_parameter_max_length = -1)",
        "(log_parameter_max_length_on_error = -1)",
        "(log_min_error_statement = error)",
        "(log_error_verbosity = default)",
        "(debug_print_plan = on)",
        "(auto_explain.log_min_duration = 0)",
    ]
    assert len(unsafe) == len(expected)
    for sentence, part in zip(unsafe, expected, strict=True):
        assert part in sentence
        assert sentence.endswith(".") and sentence.count(". ") == 0
    assert out["summary"] == f"{len(expected)} unsafe settings found"
    assert err.splitlines() == unsafe
    assert OLD_ACCOUNT_PASSWORD not in json.dumps(out)


def test_a_server_without_tls_is_refused_over_the_network(
    unsafe_cluster: Cluster,
    ca_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = check(
        monkeypatch,
        capsys,
        _network(unsafe_cluster),
        OLD_ACCOUNT_PASSWORD,
        "--ca-file",
        str(ca_file),
        user="old_account",
    )
    assert (code, out) == (cli.EXIT_USER_ERROR, None)
    assert err == (
        f"Could not connect to postgres on 127.0.0.1:{unsafe_cluster.port}: the server does "
        "not offer TLS, and over the network MARAC Desktop connects with TLS only; ask its "
        "administrator to turn ssl on (docs/server.md).\n"
    )


def _write_and_break_rules(connection: psycopg.Connection[tuple[object, ...]], canary: str) -> None:
    """An insert, a read, and two inserts the table's rules refuse, each carrying ``canary``."""
    connection.execute("CREATE TABLE leak_probe (name text UNIQUE, age integer CHECK (age > 0))")
    connection.execute("INSERT INTO leak_probe VALUES (%s, 30)", (canary,))
    connection.execute("SELECT age FROM leak_probe WHERE name = %s", (canary,)).fetchall()
    with pytest.raises(psycopg.errors.UniqueViolation):
        connection.execute("INSERT INTO leak_probe VALUES (%s, 31)", (canary,))
    with pytest.raises(psycopg.errors.CheckViolation):
        connection.execute("INSERT INTO leak_probe VALUES (%s, -1)", (f"{canary} second",))
    connection.execute("DROP TABLE leak_probe")


def test_the_documented_logging_keeps_values_out_of_the_server_log(
    safe_cluster: Cluster,
) -> None:
    canary = "Canaryfamily Safeserver"
    with safe_cluster.connect() as connection:
        _write_and_break_rules(connection, canary)
    log = pg_cluster.server_log(safe_cluster)
    assert 'violates check constraint "leak_probe_age_check"' in log  # errors are still logged
    assert "Canaryfamily" not in log


def test_postgresqls_own_defaults_would_log_the_values_of_a_refused_row(
    pg_empty: pg_cluster.EmptyDatabase,
) -> None:
    """Why docs/server.md sets log_error_verbosity and log_min_error_statement: with neither
    statement nor parameter logging, the defaults still quote a refused row in the log."""
    canary = "Canaryfamily Defaultserver"
    with pg_empty.connect() as connection:
        _write_and_break_rules(connection, canary)
    log = pg_cluster.server_log(pg_empty.cluster)
    assert f"Key (name)=({canary}) already exists" in log
    assert f"Failing row contains ({canary} second, -1)" in log


def test_the_careless_server_logs_every_value(unsafe_cluster: Cluster) -> None:
    canary = "Canaryfamily Carelessserver"
    with unsafe_cluster.connect(password="") as connection:
        _write_and_break_rules(connection, canary)
    log = pg_cluster.server_log(unsafe_cluster)
    assert f"parameters: $1 = '{canary}'" in log


def test_the_guide_sets_each_logging_rule_the_check_holds() -> None:
    assert {
        "ssl",
        "ssl_min_protocol_version",
        "password_encryption",
        "log_parameter_max_length",
        "log_min_error_statement",
        "log_error_verbosity",
    } <= set(SAFE_SETTINGS)


def test_the_guides_pg_hba_rules_are_safe() -> None:
    rules = []
    for number, line in enumerate(guide_block("5. Who may connect: pg_hba.conf"), start=1):
        kind, database, user, *rest = line.split()
        rules.append(HbaRule(number, kind, database, user, rest[-1]))
    assert [rule.kind for rule in rules] == ["local", "local", "hostssl"]
    facts = ServerFacts(
        settings={name: value.strip("'") for name, value in SAFE_SETTINGS.items()},
        hba_rules=tuple(rules),
        passwords=PasswordKinds({"scram-sha-256": 1}),
        over_tls=True,
        local_socket=False,
    )
    assert judge(facts).unsafe == ()
