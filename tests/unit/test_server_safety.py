"""The server-settings rules on planted facts, and the connection failures in one sentence.

The real clusters (tests/storage/test_server_check.py) prove the settings are read; here each
rule is shown alone, including those a cluster in the tests cannot show (PostgreSQL 14,
pgaudit, a pg_hba.conf line with an error).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from marac_desktop.domain.server_safety import (
    SETTINGS_READ,
    HbaRule,
    PasswordKinds,
    ServerFacts,
    judge,
)
from marac_desktop.storage.server_connect import reason

DOCUMENTED = {
    "server_version_num": "150013",
    "listen_addresses": "*",
    "ssl": "on",
    "ssl_min_protocol_version": "TLSv1.2",
    "password_encryption": "scram-sha-256",
    "log_statement": "none",
    "log_min_duration_statement": "-1",
    "log_min_duration_sample": "-1",
    "log_statement_sample_rate": "1",
    "log_transaction_sample_rate": "0",
    "log_parameter_max_length": "0",
    "log_parameter_max_length_on_error": "0",
    "log_min_error_statement": "panic",
    "log_error_verbosity": "terse",
    "debug_print_parse": "off",
    "debug_print_rewritten": "off",
    "debug_print_plan": "off",
    "shared_preload_libraries": "",
    "session_preload_libraries": "",
    "local_preload_libraries": "",
}
SAFE = ServerFacts(
    settings=DOCUMENTED,
    hba_rules=(
        HbaRule(1, "local", "all", "all", "peer"),
        HbaRule(2, "hostssl", "marac", "all", "scram-sha-256"),
        HbaRule(3, "host", "all", "all", "reject"),
    ),
    passwords=PasswordKinds({"scram-sha-256": 4}),
    over_tls=True,
    local_socket=False,
)


def _with(**settings: str) -> ServerFacts:
    return replace(SAFE, settings={**DOCUMENTED, **settings})


def test_the_documented_server_is_silent() -> None:
    verdict = judge(SAFE)
    assert verdict.unsafe == () and verdict.not_checked == ()
    assert verdict.summary == "no unsafe settings found"


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"server_version_num": "140011"}, "PostgreSQL 14, older than 15"),
        ({"ssl": "off"}, "TLS is off (ssl = off) although the server listens"),
        ({"ssl_min_protocol_version": "TLSv1.1"}, "(ssl_min_protocol_version = TLSv1.1)"),
        ({"password_encryption": "md5"}, "(password_encryption = md5)"),
        ({"log_statement": "mod"}, "(log_statement = mod)"),
        ({"log_statement": "ddl"}, "(log_statement = ddl)"),
        ({"log_min_duration_statement": "250"}, "(log_min_duration_statement = 250)"),
        ({"log_min_duration_sample": "0"}, "(log_min_duration_sample = 0)"),
        ({"log_transaction_sample_rate": "0.01"}, "(log_transaction_sample_rate = 0.01)"),
        ({"log_parameter_max_length": "-1"}, "(log_parameter_max_length = -1)"),
        ({"log_parameter_max_length_on_error": "64"}, "(log_parameter_max_length_on_error = 64)"),
        ({"log_min_error_statement": "error"}, "(log_min_error_statement = error)"),
        ({"log_error_verbosity": "verbose"}, "(log_error_verbosity = verbose)"),
        ({"debug_print_parse": "on"}, "(debug_print_parse = on)"),
        ({"debug_print_rewritten": "on"}, "(debug_print_rewritten = on)"),
        ({"debug_print_plan": "on"}, "(debug_print_plan = on)"),
        (
            {
                "session_preload_libraries": "$libdir/auto_explain",
                "auto_explain.log_min_duration": "100",
            },
            "(auto_explain.log_min_duration = 100)",
        ),
        (
            {"shared_preload_libraries": "pg_stat_statements,pgaudit", "pgaudit.log": "write"},
            "(pgaudit.log = write)",
        ),
        (
            {
                "shared_preload_libraries": "pgaudit",
                "pgaudit.log": "none",
                "pgaudit.log_parameter": "on",
            },
            "(pgaudit.log_parameter = on)",
        ),
    ],
)
def test_each_unsafe_setting_is_named_in_one_sentence(settings: dict[str, str], named: str) -> None:
    verdict = judge(_with(**settings))
    assert len(verdict.unsafe) == 1
    assert named in verdict.unsafe[0] and verdict.unsafe[0].endswith(".")
    assert verdict.summary == "1 unsafe setting found"


def test_a_socket_only_server_may_leave_tls_off() -> None:
    assert judge(_with(ssl="off", listen_addresses="")).unsafe == ()


def test_a_library_that_is_not_loaded_is_not_judged_by_its_leftover_settings() -> None:
    verdict = judge(_with(**{"auto_explain.log_min_duration": "0", "pgaudit.log": "all"}))
    assert verdict.unsafe == ()


@pytest.mark.parametrize(
    ("rule", "named"),
    [
        (HbaRule(4, "host", "all", "all", "scram-sha-256"), "without TLS (host)"),
        (HbaRule(4, "hostnossl", "all", "all", "scram-sha-256"), "without TLS (hostnossl)"),
        (HbaRule(4, "hostssl", "all", "all", "trust"), "with no password (trust)"),
        (HbaRule(4, "local", "all", "all", "trust"), "with no password (trust)"),
        (HbaRule(4, "hostssl", "marac", "idva1", "password"), "unencrypted to the server"),
        (HbaRule(4, "hostssl", "all", "all", "md5"), "weaker than SCRAM (md5)"),
        (HbaRule(4, "hostssl", "all", "all", "ident"), "(ident)"),
        (HbaRule(4, "", "", "", "", error="invalid authentication method"), "has an error"),
    ],
)
def test_each_unsafe_pg_hba_line_is_named_by_its_number(rule: HbaRule, named: str) -> None:
    verdict = judge(replace(SAFE, hba_rules=(*(SAFE.hba_rules or ()), rule)))
    assert len(verdict.unsafe) == 1
    assert verdict.unsafe[0].startswith("pg_hba.conf line 4 ") and named in verdict.unsafe[0]


def test_a_host_line_with_a_weak_method_gives_a_sentence_for_each_fault() -> None:
    rule = HbaRule(7, "host", "all", "all", "md5")
    assert len(judge(replace(SAFE, hba_rules=(rule,))).unsafe) == 2


def test_stored_md5_passwords_are_counted_not_named() -> None:
    facts = replace(SAFE, passwords=PasswordKinds({"scram-sha-256": 3, "md5": 2}))
    assert judge(facts).unsafe == (
        "2 roles store their password as md5 rather than SCRAM; set password_encryption to "
        "scram-sha-256 and have each such account's password set again.",
    )


def test_a_network_connection_without_tls_is_itself_unsafe() -> None:
    assert "over the network without TLS" in judge(replace(SAFE, over_tls=False)).unsafe[0]
    assert judge(replace(SAFE, over_tls=False, local_socket=True)).unsafe == ()


def test_what_could_not_be_read_is_said_not_passed() -> None:
    hidden = {
        name: value
        for name, value in DOCUMENTED.items()
        if name not in ("ssl_min_protocol_version", "shared_preload_libraries")
    }
    verdict = judge(replace(SAFE, settings=hidden, hba_rules=None, passwords=None))
    assert verdict.unsafe == ()
    assert len(verdict.not_checked) == 3
    assert "ssl_min_protocol_version, shared_preload_libraries;" in verdict.not_checked[0]
    assert "pg_hba_file_rules" in verdict.not_checked[1]
    assert "superuser" in verdict.not_checked[2]
    assert verdict.summary == "no unsafe settings found among those this account could read"


def test_every_setting_read_is_known_to_the_rules() -> None:
    assert set(DOCUMENTED) <= set(SETTINGS_READ)


@pytest.mark.parametrize(
    ("message", "sentence"),
    [
        (
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: SSL '
            "error: certificate verify failed",
            "not signed by the partnership's certificate authority",
        ),
        (
            'connection failed: server certificate for "db.example.org" does not match host '
            'name "10.0.0.5"',
            "for another host name",
        ),
        (
            "connection failed: server does not support SSL, but SSL was required",
            "does not offer TLS",
        ),
        (
            'connection failed: FATAL:  password authentication failed for user "idva1"',
            "the user name or password is wrong",
        ),
        (
            'FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "idva1", database "marac", '
            "SSL encryption",
            "no rule admitting this user",
        ),
        ('FATAL:  database "marac" does not exist', "no such database"),
        ("connection failed: Connection refused", "nothing answered at that address"),
        ("connection failed: timeout expired", "did not answer in time"),
        ("FATAL:  sorry, too many clients already", "no free connections"),
        ("something nobody foresaw", "its administrator can see why in the server log"),
    ],
)
def test_a_failed_connection_is_one_plain_reason(message: str, sentence: str) -> None:
    said = reason(message)
    assert sentence in said
    assert "idva1" not in said and "10.0.0" not in said and "\n" not in said
