"""Indexes on the audit log for a partnership's history page (PostgreSQL only).

The history finds the log entries of objects a partnership holds or held by the
partnership recorded in their creation or deletion (``changes -> partnership``) and
then by ``(content type, object pk)``. Without these the first lookup read the whole
audit log (a sequential scan: 333 ms over 400,000 entries, ~1 ms with them).
The audit log is django-auditlog's table, so the indexes are plain SQL here.
"""

from django.db import migrations

from toolkit.migration_operations import RunSQLOnPostgres

TABLE = "auditlog_logentry"


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0008_partnership_title_index"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        RunSQLOnPostgres(
            sql=f"CREATE INDEX IF NOT EXISTS partnerships_log_partnership_new ON {TABLE} "
            "((changes #> '{partnership,1}'))",
            reverse_sql="DROP INDEX IF EXISTS partnerships_log_partnership_new",
        ),
        RunSQLOnPostgres(
            sql=f"CREATE INDEX IF NOT EXISTS partnerships_log_partnership_old ON {TABLE} "
            "((changes #> '{partnership,0}'))",
            reverse_sql="DROP INDEX IF EXISTS partnerships_log_partnership_old",
        ),
        RunSQLOnPostgres(
            sql=f"CREATE INDEX IF NOT EXISTS partnerships_log_object ON {TABLE} "
            "(content_type_id, object_pk)",
            reverse_sql="DROP INDEX IF EXISTS partnerships_log_object",
        ),
    ]
