"""Coded fields hold vocabulary codes; what a person typed moves to a ``*_detail`` column.

Agencies (referring, research, action, incident source), ethnicity, gender,
sexuality and relationship held free text. Each stored value that is a code, label or known
spelling of a term (``resources/vocabularies``) becomes its code; anything else becomes
``other`` and the original words are kept in the record's detail column, which no anonymised
output reads. The agencies an administrator had named in the meeting settings that are not in
the vocabulary become the area's own agency terms, so lists using them keep them.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from marac_desktop import paths
from marac_desktop.domain.vocabulary import OTHER, Coded, Term, Vocabulary, VocabularyId
from marac_desktop.risk.vocabularies import load_vocabularies, resolve, with_additions

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_LOG = logging.getLogger(__name__)
ADDITIONS_KEY = "vocabulary_additions"
MEETING_SETTINGS_KEY = "meeting_settings"

# (table, coded column, detail column, vocabulary)
CODED = (
    ("people", "gender", "gender_detail", VocabularyId.GENDER),
    ("people", "ethnicity", "ethnicity_detail", VocabularyId.ETHNICITY),
    ("people", "sexuality", "sexuality_detail", VocabularyId.SEXUALITY),
    ("referrals", "referring_agency", "referring_agency_detail", VocabularyId.AGENCY),
    ("case_people", "relationship", "relationship_detail", VocabularyId.RELATIONSHIP),
    ("incidents", "source_agency", "source_agency_detail", VocabularyId.AGENCY),
    ("actions", "agency", "agency_detail", VocabularyId.AGENCY),
)


def _setting(connection: sa.Connection, key: str) -> object:
    value = connection.execute(
        sa.text("SELECT value FROM settings WHERE key = :key"), {"key": key}
    ).scalar()
    return None if value is None else json.loads(value)


def _store(connection: sa.Connection, key: str, value: object) -> None:
    encoded = json.dumps(value)
    done = connection.execute(
        sa.text("UPDATE settings SET value = :value WHERE key = :key"),
        {"key": key, "value": encoded},
    )
    if not done.rowcount:
        connection.execute(
            sa.text("INSERT INTO settings (key, value) VALUES (:key, :value)"),
            {"key": key, "value": encoded},
        )


def local_code(label: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:40] or "agency"
    return f"local_{slug}"


def _agency_terms(connection: sa.Connection, agency: Vocabulary) -> tuple[Vocabulary, list[Term]]:
    """The agency vocabulary with the settings' own agency names added as local terms."""
    settings = _setting(connection, MEETING_SETTINGS_KEY)
    names = settings.get("agencies", []) if isinstance(settings, dict) else []
    added: list[Term] = []
    for name in names:
        label = " ".join(str(name).split())
        if not label or agency.resolve(label).code != OTHER:
            continue
        code = local_code(label)
        if code in agency or any(t.code == code for t in added):
            continue
        added.append(Term(code, label, frozenset({"research"}), local=True))
    return with_additions(agency, added), added


def _map(
    connection: sa.Connection, table: str, column: str, detail: str, vocabulary: Vocabulary
) -> tuple[int, int]:
    mapped = sent_to_other = 0
    values = connection.execute(
        sa.text(f"SELECT {column}, count(*) FROM {table} GROUP BY {column}")  # noqa: S608
    ).all()
    for old, n in values:
        coded = resolve(vocabulary, old or "")
        if coded.code == OTHER and coded.detail:
            sent_to_other += n
        elif coded.code:
            mapped += n
        if coded.code == (old or "") and not coded.detail:
            continue
        connection.execute(
            sa.text(
                f"UPDATE {table} SET {column} = :code, {detail} = :detail "  # noqa: S608
                f"WHERE {column} = :old"
            ),
            {"code": coded.code, "detail": coded.detail, "old": old},
        )
    return mapped, sent_to_other


def _rewrite_agency_lists(
    connection: sa.Connection, convert: Callable[[list[str]], list[str]]
) -> None:
    """Each meeting case's research agencies, and the meeting settings' agencies, converted."""
    lists = connection.execute(
        sa.text("SELECT meeting_id, case_id, research_agencies FROM meeting_cases")
    ).all()
    for meeting_id, case_id, listed in lists:
        connection.execute(
            sa.text(
                "UPDATE meeting_cases SET research_agencies = :agencies "
                "WHERE meeting_id = :meeting AND case_id = :case"
            ),
            {
                "agencies": json.dumps(convert(json.loads(listed))),
                "meeting": meeting_id,
                "case": case_id,
            },
        )
    settings = _setting(connection, MEETING_SETTINGS_KEY)
    if isinstance(settings, dict) and "agencies" in settings:
        settings["agencies"] = convert(settings["agencies"])
        _store(connection, MEETING_SETTINGS_KEY, settings)


def upgrade() -> None:
    for table, _column, detail, _vocabulary in CODED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(detail, sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    vocabularies = load_vocabularies(paths.vocabularies_dir())
    agency, added = _agency_terms(connection, vocabularies.agency)
    mapped = other = 0
    for table, column, detail, vocabulary_id in CODED:
        vocabulary = (
            agency if vocabulary_id is VocabularyId.AGENCY else vocabularies.get(vocabulary_id)
        )
        done = _map(connection, table, column, detail, vocabulary)
        mapped, other = mapped + done[0], other + done[1]

    def codes(names: list[str]) -> list[str]:
        return list(dict.fromkeys(resolve(agency, n).code for n in names if n.strip()))

    _rewrite_agency_lists(connection, codes)
    if added:
        _store(
            connection,
            ADDITIONS_KEY,
            {
                VocabularyId.AGENCY.value: [
                    {"code": t.code, "label": t.label, "traits": sorted(t.traits)} for t in added
                ]
            },
        )
    _LOG.info("vocabulary codes: %d values mapped to a code, %d sent to other", mapped, other)


def _label(vocabulary: Vocabulary, coded: Coded) -> str:
    if not coded.code:
        return ""
    if coded.code == OTHER and coded.detail:
        return coded.detail
    return vocabulary.label(coded.code)


def downgrade() -> None:
    connection = op.get_bind()
    vocabularies = load_vocabularies(paths.vocabularies_dir())
    stored = _setting(connection, ADDITIONS_KEY)
    kept = stored.get(VocabularyId.AGENCY.value, []) if isinstance(stored, dict) else []
    local = [Term(t["code"], t["label"], frozenset(t.get("traits", ())), local=True) for t in kept]
    agency = with_additions(vocabularies.agency, local)
    for table, column, detail, vocabulary_id in CODED:
        vocabulary = (
            agency if vocabulary_id is VocabularyId.AGENCY else vocabularies.get(vocabulary_id)
        )
        pairs = connection.execute(
            sa.text(f"SELECT DISTINCT {column}, {detail} FROM {table}")  # noqa: S608
        ).all()
        for code, words in pairs:
            connection.execute(
                sa.text(
                    f"UPDATE {table} SET {column} = :text "  # noqa: S608
                    f"WHERE {column} = :code AND {detail} = :detail"
                ),
                {
                    "text": _label(vocabulary, Coded(code, words))[:64],
                    "code": code,
                    "detail": words,
                },
            )
        connection.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {detail}"))
    _rewrite_agency_lists(connection, lambda codes: [agency.label(c) for c in codes])
    connection.execute(sa.text("DELETE FROM settings WHERE key = :key"), {"key": ADDITIONS_KEY})
