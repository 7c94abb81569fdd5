from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from toolkit.discovery import app_modules


class Command(BaseCommand):
    help = (
        "Load the demo data (a Syddjurs-like municipality) and the demo logins. "
        "Idempotent: running it again updates the same rows. Refuses to run with "
        "DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create demo users with known passwords. "
                "Use --force if this really is a demo or test installation."
            )
        translation.activate(settings.LANGUAGE_CODE)
        logins = []
        # Each app may ship a demo.py with seed(stdout=...); apps run in the order of
        # INSTALLED_APPS, so an app's demo data can build on the apps it depends on.
        for module in app_modules("demo"):
            logins += module.seed(stdout=self.stdout) or []
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write("")
        self.stdout.write("Demo logins (e-mail / password):")
        for role, email, password in logins:
            self.stdout.write(f"  {role:<22} {email:<32} {password}")
