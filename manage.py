#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A checkout without any configuration is a developer's: let manage.py work
    # there. Production always sets SECRET_KEY, so this never applies to it (and
    # the web server, config.wsgi, never assumes DEBUG).
    if "SECRET_KEY" not in os.environ and "DEBUG" not in os.environ:
        os.environ["DEBUG"] = "1"
        print(
            "manage.py: no SECRET_KEY set, running with DEBUG=1 (local development).",
            file=sys.stderr,
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
