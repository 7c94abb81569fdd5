"""Migration operations that only do something on PostgreSQL (SQLite skips them).

Trigram indexes make ``icontains`` searches (``UPPER(col) LIKE '%…%'``) use an
index on PostgreSQL; SQLite has neither the extension nor GIN indexes, and its
small databases don't need them. The indexes are not part of the model state, so
``makemigrations --check`` stays clean on both databases.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionOnPostgres(TrigramExtension):
    """Create ``pg_trgm`` on PostgreSQL; on other databases do nothing. Never dropped."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # Other indexes may use the extension: leave it in place.
        pass


class RunSQLOnPostgres(migrations.RunSQL):
    """``RunSQL`` that runs on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(table, column, name):
    """A GIN trigram index on ``UPPER(column)``, the expression ``icontains`` searches."""
    return RunSQLOnPostgres(
        sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )
