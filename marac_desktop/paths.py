"""Where files live: platform folders, environment overrides and bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "marac-desktop"
DATA_DIR_ENV = "MARAC_DESKTOP_DATA_DIR"
LOG_DIR_ENV = "MARAC_DESKTOP_LOG_DIR"
CONFIG_DIR_ENV = "MARAC_DESKTOP_CONFIG_DIR"
DATABASE_FILENAME = "marac.db"


def data_dir() -> Path:
    """Folder for the default database, its key slots and its backups."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]) / "logs"
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Folder for the desktop's own settings (the servers it connects to), not the database's."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / DATABASE_FILENAME


def keyslot_path(database: Path) -> Path:
    """The key-slot sidecar that unlocks ``database``."""
    return database.with_name(database.name + ".keys")


def pending_keyslot_path(database: Path) -> Path:
    """Key slots for a new database key, present only while a rekey is in progress."""
    return database.with_name(database.name + ".keys.pending")


def unlock_failures_path(database: Path) -> Path:
    """Failed unlock attempts waiting to enter the audit log at the next unlock."""
    return database.with_name(database.name + ".failures")


def backup_dir(database: Path) -> Path:
    return database.parent / "backups"


def default_document_folders() -> tuple[Path, ...]:
    """Where the save dialogs suggest writing documents (checked for crash leftovers)."""
    home = Path.home()
    return (home, home / "Documents")


def project_root() -> Path:
    """The source tree, or PyInstaller's bundle folder when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)


def forms_dir() -> Path:
    return project_root() / "forms"


def risk_models_dir() -> Path:
    return project_root() / "risk_models"


def priority_models_dir() -> Path:
    """The perpetrator priority models: a folder of their own, which load_models skips."""
    return risk_models_dir() / "priority"


def vocabularies_dir() -> Path:
    return resource_path("vocabularies")
