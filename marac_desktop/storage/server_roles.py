"""What the PostgreSQL server itself enforces: group roles, grants, row-level security, the
audit log's checks and the account functions (see docs/architecture.md, "Partnership server").

Everything here is installed by the database owner (``server init``, and again after each
schema upgrade, since new tables need their grants). Who may read and write each table comes
from the one permission table, ``domain.permissions.ROLE_PERMISSIONS``: a role's group gets a
grant exactly when its permissions include the table's. The services check the same table, so
the two layers agree; ``tests/server`` proves it for each role with raw SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from marac_desktop.domain.permissions import ROLE_PERMISSIONS, Permission
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError
from marac_desktop.storage import audit_log

DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
AUDIT_LOCK = 7_312_026
"""The advisory lock that serialises audit appends from every desktop."""
CLOCK_SKEW = "15 minutes"
"""How far an audit row's time may be from the server's clock."""


@dataclass(frozen=True, slots=True)
class TableAccess:
    read: Permission | None
    """Who may SELECT (None: only through the functions below)."""
    write: Permission | None
    """Who may INSERT, UPDATE and DELETE (None: nobody directly)."""


_CASEWORK = TableAccess(Permission.MANAGE_CASES, Permission.MANAGE_CASES)
TABLES: dict[str, TableAccess] = {
    "users": TableAccess(Permission.VIEW_SETTINGS, None),  # rows: one's own, or all (admins)
    "audit_log": TableAccess(Permission.VIEW_AUDIT_LOG, None),  # appends: INSERT, checked
    "settings": TableAccess(Permission.VIEW_SETTINGS, Permission.VIEW_SETTINGS),  # rows: below
    "alembic_version": TableAccess(Permission.VIEW_SETTINGS, None),
    "people": _CASEWORK,
    "person_aliases": _CASEWORK,
    "person_other_dobs": _CASEWORK,
    "person_match_keys": _CASEWORK,
    "person_links": _CASEWORK,
    "cases": _CASEWORK,
    "case_people": _CASEWORK,
    "case_idvas": _CASEWORK,
    "case_imports": _CASEWORK,
    "case_notes": _CASEWORK,
    "incidents": _CASEWORK,
    "referrals": _CASEWORK,
    "flags": _CASEWORK,
    "actions": _CASEWORK,
    "action_changes": _CASEWORK,
    "action_edits": _CASEWORK,
    "assessments": TableAccess(Permission.MANAGE_CASES, Permission.RECORD_ASSESSMENTS),
    "assessment_answers": TableAccess(Permission.MANAGE_CASES, Permission.RECORD_ASSESSMENTS),
    "meetings": TableAccess(Permission.MANAGE_CASES, Permission.MANAGE_MEETINGS),
    "meeting_cases": TableAccess(Permission.MANAGE_CASES, Permission.MANAGE_MEETINGS),
    "meeting_attendance": TableAccess(Permission.MANAGE_CASES, Permission.MANAGE_MEETINGS),
    "research_returns": TableAccess(Permission.MANAGE_CASES, Permission.MANAGE_MEETINGS),
    # The counts' triggers mark changed cases from every kind of write (INSERT ... ON CONFLICT
    # needs SELECT as well); the table holds case ids only.
    "report_stale": TableAccess(Permission.MANAGE_CASES, Permission.MANAGE_CASES),
    "report_discussions": TableAccess(Permission.VIEW_REPORTS, Permission.VIEW_REPORTS),
    "report_days": TableAccess(Permission.VIEW_REPORTS, Permission.VIEW_REPORTS),
    "report_perpetrators": TableAccess(Permission.VIEW_REPORTS, Permission.VIEW_REPORTS),
    "account_keys": TableAccess(Permission.VIEW_SETTINGS, Permission.VIEW_SETTINGS),  # own row
    **dict.fromkeys(
        (
            "perpetrator_referrals",
            "perpetrator_interventions",
            "perpetrator_actions",
            "perpetrator_nominations",
            "perpetrator_rankings",
            "perpetrator_ranking_places",
        ),
        TableAccess(Permission.VIEW_PERPETRATORS, Permission.MANAGE_PERPETRATORS),
    ),
}
SEQUENCES: dict[str, str] = {
    "case_numbers": "cases",  # case references (storage/references.py)
}
"""Sequences besides the tables' own id counters, each with the table whose writers may take
from it and move it on."""
SETTING_WRITERS: dict[str, Permission] = {
    "meeting_settings": Permission.MANAGE_MEETINGS,
    "report_rules": Permission.VIEW_REPORTS,  # the counts' fingerprint, kept by a recount
}
"""Settings rows that a permission other than EDIT_SETTINGS writes."""


def check_database_name(name: str) -> None:
    if not DATABASE_NAME.match(name):
        raise InvalidInputError(
            "A partnership database's name is up to 41 lower-case letters, digits or '_', "
            "starting with a letter or '_'."
        )


def group_role(prefix: str, role: Role) -> str:
    """The group role of ``role`` for the database set up under ``prefix`` (its name at
    ``server init``, kept in ``marac_group_prefix()``), so two partnerships' databases on one
    server never share a group, and a database restored under another name keeps its own."""
    check_database_name(prefix)
    return f"{prefix}_{role.value}"


def groups_with(prefix: str, permission: Permission) -> list[str]:
    return [
        group_role(prefix, role)
        for role, permissions in ROLE_PERMISSIONS.items()
        if permission in permissions
    ]


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _group_statements(prefix: str) -> list[str]:
    statements = []
    for role in Role:
        name = group_role(prefix, role)
        statements.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
            f'THEN CREATE ROLE "{name}" NOLOGIN; END IF; END $$'
        )
    everyone = _quoted(group_role(prefix, role) for role in Role)
    statements.append(
        "DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO "
        + everyone
        + "', current_database()); END $$"
    )
    statements.append(f"GRANT USAGE ON SCHEMA public TO {everyone}")
    statements.append("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    return statements


ACCOUNT_KEYS_TABLE = (
    "CREATE TABLE IF NOT EXISTS account_keys ("
    "account varchar(32) PRIMARY KEY, key_data text NOT NULL)"
)


def _grant_statements(prefix: str, tables: Iterable[str]) -> list[str]:
    everyone = _quoted(group_role(prefix, role) for role in Role)
    statements = []
    for table in tables:
        access = TABLES[table]
        statements.append(f'REVOKE ALL ON "{table}" FROM PUBLIC, {everyone}')
        if access.read is not None:
            statements.append(
                f'GRANT SELECT ON "{table}" TO {_quoted(groups_with(prefix, access.read))}'
            )
        if access.write is not None:
            writers = _quoted(groups_with(prefix, access.write))
            statements.append(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO {writers}')
    statements.append(f"GRANT INSERT ON audit_log TO {everyone}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}")
    for sequence, table in SEQUENCES.items():
        statements.append(f'REVOKE ALL ON SEQUENCE "{sequence}" FROM PUBLIC, {everyone}')
        write = TABLES[table].write
        if write is not None:
            users = _quoted(groups_with(prefix, write))
            # UPDATE: setval, when cases copied in are passed (references.catch_up_case_numbers)
            statements.append(f'GRANT USAGE, SELECT, UPDATE ON SEQUENCE "{sequence}" TO {users}')
    return statements


def _is_admin(prefix: str) -> str:
    return f"pg_has_role(session_user, '{group_role(prefix, Role.ADMIN)}', 'MEMBER')"


def _policy_statements(prefix: str) -> list[str]:
    admin = _is_admin(prefix)
    everyone = _quoted(group_role(prefix, role) for role in Role)
    statements = [
        "ALTER TABLE users ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS users_own ON users",
        f"CREATE POLICY users_own ON users FOR SELECT TO {everyone} "
        f"USING (username = session_user OR {admin})",
        "ALTER TABLE account_keys ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS account_keys_own ON account_keys",
        f"CREATE POLICY account_keys_own ON account_keys FOR ALL TO {everyone} "
        f"USING (account = session_user OR {admin}) "
        f"WITH CHECK (account = session_user OR {admin})",
        "ALTER TABLE settings ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS settings_read ON settings",
        f"CREATE POLICY settings_read ON settings FOR SELECT TO {everyone} USING (true)",
    ]
    special = ", ".join(f"'{key}'" for key in SETTING_WRITERS)
    writers: list[tuple[str, Permission, str]] = [
        ("settings_area", Permission.EDIT_SETTINGS, f"key NOT IN ({special})"),
        *(
            (f"settings_{key}", permission, f"key = '{key}'")
            for key, permission in SETTING_WRITERS.items()
        ),
    ]
    for name, permission, rows in writers:
        groups = _quoted(groups_with(prefix, permission))
        for command in ("INSERT", "UPDATE", "DELETE"):
            policy = f"{name}_{command.lower()}"
            statements.append(f"DROP POLICY IF EXISTS {policy} ON settings")
            using = "" if command == "INSERT" else f" USING ({rows})"
            check = "" if command == "DELETE" else f" WITH CHECK ({rows})"
            statements.append(
                f"CREATE POLICY {policy} ON settings FOR {command} TO {groups}{using}{check}"
            )
    return statements


def _audit_statements() -> list[str]:
    """Appends are serialised by an advisory lock taken when a session reads the head, and
    each new row is checked against the chain: its actor must be the session's own login, its
    id and previous hash the head's, its hash recomputed here, its time the server's."""
    return [
        "CREATE OR REPLACE FUNCTION marac_audit_head() RETURNS TABLE (id integer, row_hash text) "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$ BEGIN "
        f"PERFORM pg_advisory_xact_lock({AUDIT_LOCK}); "
        "RETURN QUERY SELECT a.id, a.row_hash::text FROM public.audit_log a "
        "ORDER BY a.id DESC LIMIT 1; END $$",
        "CREATE OR REPLACE FUNCTION marac_audit_check() RETURNS trigger "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$ "
        "DECLARE last_id integer; last_hash text; expected text; BEGIN "
        f"PERFORM pg_advisory_xact_lock({AUDIT_LOCK}); "
        "SELECT a.id, a.row_hash INTO last_id, last_hash FROM public.audit_log a "
        "ORDER BY a.id DESC LIMIT 1; "
        "IF NEW.actor IS DISTINCT FROM session_user::text THEN RAISE EXCEPTION "
        "'audit rows are written in the name of the signed-in account only' "
        "USING ERRCODE = 'insufficient_privilege'; END IF; "
        "IF NEW.id IS DISTINCT FROM coalesce(last_id, 0) + 1 "
        "OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, repeat('0', 64)) THEN "
        "RAISE EXCEPTION 'the audit row does not follow the head of the chain' "
        "USING ERRCODE = 'serialization_failure'; END IF; "
        "expected := encode(sha256(convert_to(concat_ws(chr(31), NEW.prev_hash, NEW.id::text, "
        "NEW.at, NEW.actor, NEW.action, NEW.target_type, NEW.target_id, NEW.outcome, "
        "NEW.detail, nullif(NEW.signer_key, '')), 'UTF8')), 'hex'); "
        "IF NEW.row_hash IS DISTINCT FROM expected THEN RAISE EXCEPTION "
        "'the audit row''s hash does not match its fields' "
        "USING ERRCODE = 'insufficient_privilege'; END IF; "
        f"IF abs(extract(epoch FROM (NEW.at::timestamptz - now()))) > "
        f"extract(epoch FROM interval '{CLOCK_SKEW}') THEN RAISE EXCEPTION "
        "'the audit row''s time is not the server''s' "
        "USING ERRCODE = 'insufficient_privilege'; END IF; "
        "RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS audit_log_chain ON audit_log",
        "CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION marac_audit_check()",
        "REVOKE ALL ON FUNCTION marac_audit_check() FROM PUBLIC",
    ]


def _keeps_an_administrator(function: str, when: str = "") -> str:
    """The start of an account function that would leave no active administrator if the
    account it changes is the last one (and ``when`` holds): refused. Under a lock on
    ``users``, so two administrators revoking or demoting each other at once cannot both
    pass: the second waits, then sees the first's change (and the application says why in
    one sentence on a retry)."""
    admin = Role.ADMIN.value
    return (
        "LOCK TABLE public.users IN SHARE ROW EXCLUSIVE MODE; "
        f"IF {when}EXISTS (SELECT 1 FROM public.users u WHERE u.username = {function}.username "
        f"AND u.role = '{admin}' AND u.active) AND (SELECT count(*) FROM public.users u "
        f"WHERE u.role = '{admin}' AND u.active) <= 1 THEN RAISE EXCEPTION "
        "'the last administrator stays' USING ERRCODE = 'serialization_failure'; END IF; "
    )


def _account_statements(prefix: str) -> list[str]:
    """Account management, run with the owner's right to create roles, for administrators
    only. Passwords arrive as SCRAM verifiers, never in plain text."""
    admin_only = (
        f"IF NOT {_is_admin(prefix)} THEN RAISE EXCEPTION "
        "'only administrators manage accounts' USING ERRCODE = 'insufficient_privilege'; "
        "END IF; "
    )
    groups = "ARRAY[" + ", ".join(f"'{group_role(prefix, r)}'" for r in Role) + "]"
    named = f"'{prefix}_'"
    header = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$ "
    everyone = _quoted(group_role(prefix, role) for role in Role)
    functions = {
        "marac_add_account(username text, display_name text, role text, verifier text)": (
            "RETURNS integer",
            "DECLARE new_id integer; BEGIN "
            + admin_only
            + f"IF NOT ({named} || role = ANY ({groups})) THEN RAISE EXCEPTION 'unknown role' "
            "USING ERRCODE = 'invalid_parameter_value'; END IF; "
            "EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', username, verifier, "
            f"{named} || role); "
            "INSERT INTO public.users (username, display_name, role, active, created_at) "
            "VALUES (username, display_name, role, true, now()) RETURNING id INTO new_id; "
            "RETURN new_id; END",
        ),
        "marac_set_password(username text, verifier text)": (
            "RETURNS void",
            "BEGIN "
            + admin_only
            + "IF NOT EXISTS (SELECT 1 FROM public.users u WHERE u.username = "
            "marac_set_password.username AND u.active) THEN RAISE EXCEPTION 'no such account' "
            "USING ERRCODE = 'invalid_parameter_value'; END IF; "
            "EXECUTE format('ALTER ROLE %I PASSWORD %L', username, verifier); END",
        ),
        "marac_revoke_account(username text)": (
            "RETURNS void",
            "DECLARE g text; BEGIN "
            + admin_only
            + _keeps_an_administrator("marac_revoke_account")
            + "UPDATE public.users u SET active = false, revoked_at = now() "
            "WHERE u.username = marac_revoke_account.username; "
            "EXECUTE format('ALTER ROLE %I NOLOGIN PASSWORD NULL', username); "
            f"FOREACH g IN ARRAY {groups} LOOP "
            "EXECUTE format('REVOKE %I FROM %I', g, username); END LOOP; "
            "DELETE FROM public.account_keys k WHERE k.account = marac_revoke_account.username; "
            "END",
        ),
        "marac_change_role(username text, role text)": (
            "RETURNS void",
            "DECLARE g text; BEGIN "
            + admin_only
            + f"IF NOT ({named} || role = ANY ({groups})) THEN RAISE EXCEPTION 'unknown role' "
            "USING ERRCODE = 'invalid_parameter_value'; END IF; "
            + _keeps_an_administrator("marac_change_role", f"role <> '{Role.ADMIN.value}' AND ")
            + f"FOREACH g IN ARRAY {groups} LOOP "
            "EXECUTE format('REVOKE %I FROM %I', g, username); END LOOP; "
            f"EXECUTE format('GRANT %I TO %I', {named} || role, username); "
            "UPDATE public.users u SET role = marac_change_role.role "
            "WHERE u.username = marac_change_role.username; END",
        ),
        "marac_rename_account(username text, display_name text)": (
            "RETURNS void",
            "BEGIN "
            + admin_only
            + "UPDATE public.users u SET display_name = marac_rename_account.display_name "
            "WHERE u.username = marac_rename_account.username AND u.active; "
            "IF NOT FOUND THEN RAISE EXCEPTION 'no such account' "
            "USING ERRCODE = 'invalid_parameter_value'; END IF; END",
        ),
    }
    statements = []
    for signature, (returns, body) in functions.items():
        name = signature.split("(", 1)[0]
        statements.append(f"CREATE OR REPLACE FUNCTION {signature} {returns} {header}{body} $$")
        statements.append(f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC")
        statements.append(f"GRANT EXECUTE ON FUNCTION {name} TO {everyone}")
    statements.append(
        "CREATE OR REPLACE FUNCTION marac_own_signing_keys() RETURNS SETOF text "
        f"{header}BEGIN RETURN QUERY SELECT a.detail FROM public.audit_log a "
        "WHERE a.action = 'signing_key' AND a.target_id = session_user::text ORDER BY a.id; "
        "END $$"
    )
    statements.append("REVOKE ALL ON FUNCTION marac_own_signing_keys() FROM PUBLIC")
    statements.append(f"GRANT EXECUTE ON FUNCTION marac_own_signing_keys() TO {everyone}")
    # Whoever may give a case an IDVA may see which accounts are IDVAs (only the user name and
    # display name of the active ones), though not read the other rows of ``users``.
    allocators = _quoted(groups_with(prefix, Permission.MANAGE_CASES))
    statements.append(
        "CREATE OR REPLACE FUNCTION marac_idva_accounts() "
        "RETURNS TABLE (username text, display_name text) "
        f"{header}BEGIN RETURN QUERY SELECT u.username::text, u.display_name::text "
        f"FROM public.users u WHERE u.role = '{Role.IDVA.value}' AND u.active "
        "ORDER BY u.display_name, u.username; END $$"
    )
    statements.append("REVOKE ALL ON FUNCTION marac_idva_accounts() FROM PUBLIC")
    statements.append(f"GRANT EXECUTE ON FUNCTION marac_idva_accounts() TO {allocators}")
    statements.append(audit_log.changes_since_function())
    for name in ("marac_audit_head()", "marac_changes_since(integer)"):
        statements.append(f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC")
        statements.append(f"GRANT EXECUTE ON FUNCTION {name} TO {everyone}")
    return statements


def stored_prefix(connection: sa.Connection) -> str | None:
    """The group prefix ``install`` recorded in this database, if it has run here."""
    if not connection.exec_driver_sql(
        "SELECT to_regprocedure('marac_group_prefix()') IS NOT NULL"
    ).scalar():
        return None
    return str(connection.exec_driver_sql("SELECT marac_group_prefix()").scalar())


def install(connection: sa.Connection, prefix: str) -> None:
    """Create or refresh every server-side object, in the caller's transaction."""
    tables = [name for name in TABLES if name != "account_keys"]
    present = set(sa.inspect(connection).get_table_names())
    missing = sorted(set(tables) - present)
    if missing:
        raise RuntimeError(f"tables missing before the grants: {', '.join(missing)}")
    statements = [
        *_group_statements(prefix),
        "CREATE OR REPLACE FUNCTION marac_group_prefix() RETURNS text LANGUAGE sql IMMUTABLE "
        f"AS $$ SELECT '{prefix}'::text $$",
        ACCOUNT_KEYS_TABLE,
        *_grant_statements(prefix, TABLES),
        *_policy_statements(prefix),
        *_audit_statements(),
        *_account_statements(prefix),
    ]
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        for statement in statements:
            cursor.execute(statement)  # no parameters: '%' in function bodies stays as written
    finally:
        cursor.close()


def ungranted_tables(connection: sa.Connection) -> list[str]:
    """Tables the schema holds that ``TABLES`` does not name (a new migration's table, which
    would otherwise reach no role): the schema test keeps this empty."""
    present = set(sa.inspect(connection).get_table_names())
    return sorted(present - set(TABLES))


def ungranted_sequences(connection: sa.Connection) -> list[str]:
    """Sequences that are no table's own id counter and that ``SEQUENCES`` does not name."""
    present = connection.exec_driver_sql(
        "SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' "
        "AND c.relnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_depend d "
        "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))"
    ).scalars()
    return sorted(set(present) - set(SEQUENCES))


def protection_problems(connection: sa.Connection, prefix: str) -> list[str]:
    """One sentence for each protection that is no longer as ``install`` left it."""
    problems = []
    triggers = {
        row[0]: row[1]
        for row in connection.exec_driver_sql(
            "SELECT tgname, tgenabled FROM pg_trigger "
            "WHERE tgrelid = 'public.audit_log'::regclass AND NOT tgisinternal"
        )
    }
    for trigger in ("audit_log_chain", "audit_log_append_only"):
        if triggers.get(trigger, "D") == "D":
            problems.append(f"the audit log's trigger {trigger} is missing or disabled")
    for role in Role:
        group = group_role(prefix, role)
        for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
            allowed = connection.exec_driver_sql(
                f"SELECT has_table_privilege('{group}', 'public.audit_log', '{privilege}')"
            ).scalar()
            if allowed:
                problems.append(f"the group {group} may {privilege} audit rows")
    secured = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = "
            "'public'::regnamespace"
        )
    }
    for table in ("users", "settings", "account_keys"):
        if table not in secured:
            problems.append(f"row-level security is off on {table}")
    problems.extend(
        f"the table {table} has no grants for the application's roles"
        for table in ungranted_tables(connection)
    )
    problems.extend(
        f"the sequence {sequence} has no grants for the application's roles"
        for sequence in ungranted_sequences(connection)
    )
    return problems
