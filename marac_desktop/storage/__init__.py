"""Encrypted storage: SQLAlchemy 2 over SQLCipher, key slots, migrations, backups."""
