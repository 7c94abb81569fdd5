"""The legal pages: the privacy notice and the accessibility statement link."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("privacy_notice")


def test_the_privacy_notice_is_public_and_names_the_data_controller(client, settings):
    settings.DATA_CONTROLLER_NAME = "Syddjurs Kommune"
    settings.DATA_CONTROLLER_EMAIL = "persondata@syddjurs.example.dk"
    settings.DATA_CONTROLLER_ADDRESS = "Lundbergsvej 2\n8400 Ebeltoft"

    response = client.get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Behandling af personoplysninger" in content
    assert "Syddjurs Kommune" in content
    assert 'href="mailto:persondata@syddjurs.example.dk"' in content
    assert "Lundbergsvej 2<br>8400 Ebeltoft" in content
    assert "Datatilsynet" in content


def test_the_privacy_notice_reads_the_retention_from_the_settings(client, settings):
    settings.PASSWORD_RESET_LIMIT_MINUTES = 45
    settings.READALOUD_RETENTION_MONTHS = 7

    content = client.get(URL).content.decode()

    assert "7 måneder efter" in content
    assert "i 45 minutter" in content


def test_the_privacy_notice_is_in_english_too(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    content = client.get(URL).content.decode()

    assert '<html lang="en">' in content
    assert "Privacy notice" in content
    assert "Children in the reading-aloud championship" in content


def test_the_footer_links_the_accessibility_statement_and_the_privacy_notice(settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/partnerskaber-syddjurs-dk"

    content = Client().get(reverse("accounts:login")).content.decode()

    footer = content[content.index("<footer") :]
    assert 'href="https://www.was.digst.dk/partnerskaber-syddjurs-dk"' in footer
    assert "Tilgængelighedserklæring" in footer
    assert f'href="{URL}"' in footer


def test_without_a_statement_address_the_footer_has_no_dead_link(settings):
    settings.ACCESSIBILITY_STATEMENT_URL = ""

    content = Client().get(reverse("accounts:login")).content.decode()

    assert "Tilgængelighedserklæring" not in content
