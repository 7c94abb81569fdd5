"""A paginator for the admin lists of the biggest tables."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows counting them exactly is cheap enough.
ESTIMATE_ABOVE = 100_000


class EstimatedCountPaginator(Paginator):
    """Count an unfiltered list from PostgreSQL's planner statistics instead of ``COUNT(*)``.

    Counting two million loans exactly takes longer than the rest of the admin page; the
    estimate (kept fresh by autovacuum's ``ANALYZE``) is enough for "page 1 of 19,000".
    A filtered or searched list, a small table and SQLite are counted exactly.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[getattr(queryset, "db", "default")]
        query = getattr(queryset, "query", None)
        if connection.vendor == "postgresql" and query is not None and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > ESTIMATE_ABOVE:
                return row[0]
        return super().count
