"""The things every page shares: language, layout, settings, translations."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_pages_are_danish_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    content = response.content.decode()
    assert '<html lang="da">' in content
    assert "Log ind" in content


@pytest.mark.django_db
def test_the_language_switcher_changes_to_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("accounts:login")).content.decode()
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    danish = client.get(reverse("accounts:login")).content.decode()

    assert '<html lang="en">' in english
    assert "Log in" in english
    assert '<html lang="da">' in danish


@pytest.mark.django_db
def test_layout_has_landmarks_skip_link_and_one_h1(librarian_client):
    content = librarian_client.get(reverse("partnerships:partner_list")).content.decode()

    assert content.count("<h1") == 1
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in content
    assert 'href="#main"' in content
    assert 'id="main"' in content


@pytest.mark.django_db
def test_navigation_follows_the_role(librarian_client, staff_a_client):
    librarian_page = librarian_client.get(reverse("dashboard")).content.decode()
    staff_page = staff_a_client.get(reverse("kindergarten_depots:portal_home")).content.decode()

    assert reverse("partnerships:partner_list") in librarian_page
    assert reverse("partnerships:partner_list") not in staff_page
    assert reverse("kindergarten_depots:portal_home") in staff_page


@pytest.mark.django_db
def test_vendor_assets_are_served_by_the_app_not_a_cdn(client):
    content = client.get(reverse("accounts:login")).content.decode()

    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in content
    assert "/static/django_htmx/htmx" in content
    assert "cdn" not in content.lower()
    assert (ROOT / "node_modules/bootstrap/dist/css/bootstrap.min.css").exists()


def _catalogue(language):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def test_danish_catalogue_is_complete_and_has_no_fuzzy_entries():
    catalogue = _catalogue("da")

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 100


@pytest.mark.parametrize("language", ["da", "en"])
def test_compiled_catalogues_match_their_sources(language):
    source = _catalogue(language)
    compiled = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))

    def entries(catalogue):
        return {
            (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            for entry in catalogue
            if entry.msgstr or any(entry.msgstr_plural.values())
        }

    assert entries(compiled) == entries(source), "run `make messages`"


def _import_settings(**env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = _import_settings(DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_reject_a_malformed_boolean():
    result = _import_settings(DEBUG="perhaps")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_settings_start_for_local_development_without_configuration():
    assert _import_settings(DEBUG="1").returncode == 0


def _manage(*args, **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_manage_py_assumes_debug_in_an_unconfigured_checkout():
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")

    assert result.stdout.strip().endswith("True")
    assert "running with DEBUG=1" in result.stderr


def test_manage_py_keeps_debug_off_when_a_secret_key_is_configured():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY="configured-in-production-0123456789-abcdefghijklmnopqrstuvwxyz",
    )

    assert result.stdout.strip().endswith("False")
    assert "DEBUG=1" not in result.stderr
