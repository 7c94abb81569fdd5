"""The table of the "reporting" cache (settings.CACHES), shared by every web process."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def _table():
    return settings.CACHES["reporting"]["LOCATION"]


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", _table(), database=schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(_table())}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
