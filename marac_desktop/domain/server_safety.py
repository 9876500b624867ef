"""Which of a partnership server's own settings are unsafe, one sentence each.

The facts are what ``storage.server_settings`` read from the server; the judging here is pure,
so each rule is tested on planted facts as well as on real clusters. What is safe is what
docs/server.md tells an area's IT team to set: TLS for anything on the network, SCRAM
passwords, ``hostssl`` rules only, and no logging that could carry case data into the server's
log.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

MINIMUM_VERSION = 150000
SAFE_TLS_VERSIONS = ("TLSv1.2", "TLSv1.3")
PASSWORD_METHODS = {
    "trust": "lets anyone who reaches the server sign in as that user with no password (trust)",
    "password": "sends the password unencrypted to the server (password)",
    "md5": "accepts MD5 passwords, which are weaker than SCRAM (md5)",
    "ident": "believes what the client's machine says about who the user is (ident)",
}
"""Authentication methods docs/server.md rules out, and what each does wrong."""

PRELOAD_SETTINGS = (
    "shared_preload_libraries",
    "session_preload_libraries",
    "local_preload_libraries",
)

SETTINGS_READ = (
    "server_version_num",
    "listen_addresses",
    "ssl",
    "ssl_min_protocol_version",
    "password_encryption",
    "log_statement",
    "log_min_duration_statement",
    "log_min_duration_sample",
    "log_statement_sample_rate",
    "log_transaction_sample_rate",
    "log_parameter_max_length",
    "log_parameter_max_length_on_error",
    "log_min_error_statement",
    "log_error_verbosity",
    "debug_print_parse",
    "debug_print_rewritten",
    "debug_print_plan",
    *PRELOAD_SETTINGS,
    "auto_explain.log_min_duration",
    "pgaudit.log",
    "pgaudit.log_parameter",
)
"""The settings the rules look at; any the account may not read is named as not checked."""


@dataclass(frozen=True, slots=True)
class HbaRule:
    """One line of the server's pg_hba.conf, as pg_hba_file_rules shows it."""

    line: int
    kind: str  # local, host, hostssl, hostnossl, hostgssenc, hostnogssenc
    databases: str
    users: str
    method: str
    error: str = ""


@dataclass(frozen=True, slots=True)
class PasswordKinds:
    """How many roles store each kind of password ("scram-sha-256", "md5")."""

    counts: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ServerFacts:
    settings: Mapping[str, str]
    """Setting name -> its value as pg_settings shows it; absent when the account may not
    read it (or, for a library's settings, when the library is not loaded)."""
    hba_rules: tuple[HbaRule, ...] | None
    """None when the account may not read pg_hba_file_rules."""
    passwords: PasswordKinds | None
    """None when the account may not see which kind of password roles store."""
    over_tls: bool
    local_socket: bool


@dataclass(frozen=True, slots=True)
class Judgement:
    unsafe: tuple[str, ...]
    not_checked: tuple[str, ...]

    @property
    def summary(self) -> str:
        if self.unsafe:
            count = len(self.unsafe)
            return f"{count} unsafe setting{'s' if count != 1 else ''} found"
        if self.not_checked:
            return "no unsafe settings found among those this account could read"
        return "no unsafe settings found"


def judge(facts: ServerFacts) -> Judgement:
    """Every unsafe setting in ``facts``, and every rule that could not be checked."""
    unsafe = [
        *_version(facts.settings),
        *_connection(facts),
        *_transport(facts.settings),
        *_passwords(facts.settings, facts.passwords),
        *_hba(facts.hba_rules),
        *_logging(facts.settings),
        *_library_logging(facts.settings),
    ]
    return Judgement(tuple(unsafe), tuple(_not_checked(facts)))


def _not_checked(facts: ServerFacts) -> Iterator[str]:
    hidden = [
        name
        for name in SETTINGS_READ
        if name not in facts.settings and not name.startswith(("auto_explain.", "pgaudit."))
    ]
    if hidden:
        yield (
            f"This account may not read the settings {', '.join(hidden)}; run server check as "
            "the postgres superuser, or grant the account pg_read_all_settings."
        )
    if facts.hba_rules is None:
        yield (
            "This account may not read the server's pg_hba.conf rules (pg_hba_file_rules), so "
            "they were not checked; run server check as the postgres superuser, or grant the "
            "account SELECT on pg_hba_file_rules and EXECUTE on pg_hba_file_rules()."
        )
    if facts.passwords is None:
        yield (
            "Only a superuser may see which kind of password each role stores, so old MD5 "
            "passwords were not looked for; run server check as the postgres superuser to "
            "look."
        )


def _number(settings: Mapping[str, str], name: str, default: float) -> float:
    try:
        return float(settings.get(name, default))
    except ValueError:
        return default


def _on(settings: Mapping[str, str], name: str) -> bool:
    return settings.get(name, "off") == "on"


def _loaded_libraries(settings: Mapping[str, str]) -> set[str]:
    found: set[str] = set()
    for name in PRELOAD_SETTINGS:
        for part in settings.get(name, "").split(","):
            library = part.strip().strip('"').rsplit("/", 1)[-1].removesuffix(".so")
            if library:
                found.add(library)
    return found


def _version(settings: Mapping[str, str]) -> Iterator[str]:
    version = _number(settings, "server_version_num", MINIMUM_VERSION)
    if version < MINIMUM_VERSION:
        yield (
            f"The server is PostgreSQL {int(version) // 10000}, older than 15, the oldest "
            "release MARAC Desktop supports; upgrade it."
        )


def _connection(facts: ServerFacts) -> Iterator[str]:
    if not facts.local_socket and not facts.over_tls:
        yield (
            "This check reached the server over the network without TLS, so anything sent "
            "could be read on the way; connect with TLS (verify-full) only."
        )


def _transport(settings: Mapping[str, str]) -> Iterator[str]:
    listening = settings.get("listen_addresses", "").strip()
    if settings.get("ssl") == "off" and listening:
        yield (
            f"TLS is off (ssl = off) although the server listens on the network "
            f"(listen_addresses = '{listening}'), so anything sent over the network could be "
            "read on the way; turn ssl on with the partnership's certificate."
        )
    tls_floor = settings.get("ssl_min_protocol_version", "TLSv1.2")
    if tls_floor not in SAFE_TLS_VERSIONS:
        yield (
            f"The server accepts TLS versions older than 1.2 (ssl_min_protocol_version = "
            f"{tls_floor}); set it to TLSv1.2 or TLSv1.3."
        )


def _passwords(settings: Mapping[str, str], passwords: PasswordKinds | None) -> Iterator[str]:
    encryption = settings.get("password_encryption", "scram-sha-256")
    if encryption != "scram-sha-256":
        yield (
            f"New passwords are stored as {encryption} (password_encryption = {encryption}); "
            "set it to scram-sha-256."
        )
    others = {
        kind: count
        for kind, count in (passwords.counts.items() if passwords else ())
        if kind != "scram-sha-256" and count
    }
    for kind, count in sorted(others.items()):
        roles = "role stores its" if count == 1 else "roles store their"
        yield (
            f"{count} {roles} password as {kind} rather than SCRAM; set password_encryption to "
            "scram-sha-256 and have each such account's password set again."
        )


def _hba(rules: tuple[HbaRule, ...] | None) -> Iterator[str]:
    for rule in rules or ():
        where = f"pg_hba.conf line {rule.line} ({rule.kind} {rule.databases} {rule.users})"
        if rule.error:
            yield (
                f"{where} has an error the server reports as '{rule.error}', so the file on "
                "disk is not the one in force; correct it and reload."
            )
            continue
        if rule.method == "reject":
            continue
        if rule.kind in ("host", "hostnossl", "hostgssenc", "hostnogssenc"):
            yield (
                f"{where} allows connections over the network without TLS ({rule.kind}); use "
                "hostssl lines only."
            )
        if rule.method in PASSWORD_METHODS:
            yield f"{where} {PASSWORD_METHODS[rule.method]}; use scram-sha-256."


def _logging(settings: Mapping[str, str]) -> Iterator[str]:
    """Settings that would copy statements, the values in them, or rows into the log."""
    statement = settings.get("log_statement", "none")
    if statement != "none":
        yield (
            f"Statements are written to the server's log (log_statement = {statement}), and "
            "they carry case data; set log_statement to none."
        )
    for name, what in (
        ("log_min_duration_statement", "Every statement slower than the limit"),
        ("log_min_duration_sample", "A sample of statements slower than the limit"),
    ):
        limit = _number(settings, name, -1)
        if limit >= 0:
            yield (
                f"{what} is written to the server's log with its text ({name} = "
                f"{settings[name]}); set {name} to -1."
            )
    rate = _number(settings, "log_transaction_sample_rate", 0)
    if rate > 0:
        yield (
            "Every statement of a sample of transactions is written to the server's log "
            f"(log_transaction_sample_rate = {settings['log_transaction_sample_rate']}); set "
            "it to 0."
        )
    for name, when in (
        ("log_parameter_max_length", "with any statement that is logged"),
        ("log_parameter_max_length_on_error", "with a statement that fails"),
    ):
        length = settings.get(name, "0")
        if name in settings and length != "0":
            yield (
                f"The values sent with statements (names, addresses, notes) are written to the "
                f"log {when} ({name} = {length}); set {name} to 0."
            )
    error_statement = settings.get("log_min_error_statement", "panic")
    if error_statement != "panic":
        yield (
            f"The text of a statement that fails is written to the log (log_min_error_statement"
            f" = {error_statement}); set it to panic."
        )
    verbosity = settings.get("log_error_verbosity", "terse")
    if verbosity != "terse":
        yield (
            f"Error details, which quote the values of a row that broke a rule, are written "
            f"to the log (log_error_verbosity = {verbosity}); set it to terse."
        )
    for name in ("debug_print_parse", "debug_print_rewritten", "debug_print_plan"):
        if _on(settings, name):
            yield (
                f"Every query's {name.rsplit('_', 1)[-1]} tree, with the values in it, is "
                f"written to the log ({name} = on); turn it off."
            )


def _library_logging(settings: Mapping[str, str]) -> Iterator[str]:
    loaded = _loaded_libraries(settings)
    if "auto_explain" in loaded and _number(settings, "auto_explain.log_min_duration", -1) >= 0:
        yield (
            "auto_explain writes the text and plan of statements to the server's log "
            f"(auto_explain.log_min_duration = {settings['auto_explain.log_min_duration']}); "
            "set it to -1 or stop loading auto_explain."
        )
    if "pgaudit" in loaded:
        audited = settings.get("pgaudit.log", "none")
        if audited != "none":
            yield (
                f"pgaudit writes statements to the server's log (pgaudit.log = {audited}); "
                "set pgaudit.log to none (the application keeps its own audit trail)."
            )
        if _on(settings, "pgaudit.log_parameter"):
            yield (
                "pgaudit writes the values sent with statements to the server's log "
                "(pgaudit.log_parameter = on); turn it off."
            )
