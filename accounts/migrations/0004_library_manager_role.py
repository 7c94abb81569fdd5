from django.db import migrations

ROLE_NAME = "Library manager"


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=ROLE_NAME)


def remove_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=ROLE_NAME, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_invitations")]

    operations = [migrations.RunPython(create_role, remove_role)]
