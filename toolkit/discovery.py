"""Find the modules that apps offer by convention (``demo.py``, ``reminders.py``,
``dashboard.py``), so a lower app never imports the apps built on it."""

import sys
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


def app_modules(module_name: str) -> list[ModuleType]:
    """Import ``<app>.<module_name>`` for every installed app that has one.

    Returns the modules in the order of ``INSTALLED_APPS``, so an app's module can
    build on what the apps below it did. An import error inside such a module is raised.
    """
    autodiscover_modules(module_name)
    found = []
    for app_config in apps.get_app_configs():
        module = sys.modules.get(f"{app_config.name}.{module_name}")
        if module is not None:
            found.append(module)
    return found
