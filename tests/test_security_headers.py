"""Security headers: CSP, Permissions-Policy, Cache-Control, HSTS and friends."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from config.security import SecurityHeadersMiddleware

ROOT = Path(settings.BASE_DIR)

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "partnerskaber.example.dk",
    "CSRF_TRUSTED_ORIGINS": "https://partnerskaber.example.dk",
}

# Runs in a fresh interpreter with the production settings (config.settings, DEBUG off):
# the login page as the HTTPS proxy passes it on, and the same page over plain HTTP.
PRODUCTION_REQUEST = """
import json, django
django.setup()
from django.test import Client, override_settings
# Only the static files' storage differs: the manifest needs collectstatic.
override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}).enable()
client = Client()
https = client.get("/konto/login/", HTTP_HOST="partnerskaber.example.dk",
                   HTTP_X_FORWARDED_PROTO="https")
http = client.get("/konto/login/", HTTP_HOST="partnerskaber.example.dk")
print(json.dumps({"status": https.status_code, "headers": dict(https.headers),
                  "csrf_cookie_secure": bool(https.cookies["csrftoken"]["secure"]),
                  "http_status": http.status_code, "http_location": http.get("Location")}))
"""


def _production(args, tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
        if key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(
        PRODUCTION_ENV,
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def _directives(policy):
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_production_responses_carry_every_security_header(tmp_path):
    result = _production(["-c", PRODUCTION_REQUEST], tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["headers"]

    assert answer["status"] == 200
    csp = _directives(headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert answer["csrf_cookie_secure"] is True
    # Plain HTTP is sent to HTTPS.
    assert answer["http_status"] == 301
    assert answer["http_location"] == "https://partnerskaber.example.dk/konto/login/"


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_for_logged_in_users_are_never_stored(librarian_client):
    response = librarian_client.get(reverse("partnerships:partner_list"))

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_a_cache_control_set_by_the_view_becomes_private_for_a_logged_in_user(rf, librarian):
    def view(request):
        response = HttpResponse("Skolen ved Skoven")
        response["Cache-Control"] = "public, max-age=900"
        return response

    request = rf.get("/")
    request.user = librarian

    response = SecurityHeadersMiddleware(view)(request)

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_an_anonymous_cache_control_is_left_alone(rf):
    def view(request):
        response = HttpResponse("feed")
        response["Cache-Control"] = "private, max-age=900"
        return response

    request = rf.get("/")
    request.user = AnonymousUser()

    assert SecurityHeadersMiddleware(view)(request)["Cache-Control"] == "private, max-age=900"


@pytest.mark.django_db
def test_the_anonymous_login_page_is_not_marked_private(client):
    response = client.get(reverse("accounts:password_reset"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Permissions-Policy" in response


@pytest.mark.django_db
def test_static_files_keep_their_caching_for_logged_in_users(librarian, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # a new handler, so WhiteNoise reads the settings above
    client.force_login(librarian)

    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Permissions-Policy" not in response


@pytest.mark.django_db
def test_the_admin_alone_may_use_inline_styles_and_never_inline_scripts(client):
    admin = _directives(client.get(reverse("admin:login"))["Content-Security-Policy"])
    site = _directives(client.get(reverse("accounts:login"))["Content-Security-Policy"])

    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["script-src"] == ["'self'"]
    assert site["style-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_login_form_may_post_to_the_single_sign_on_providers(client, settings):
    settings.SSO_APPS = [
        {
            "provider_id": "entra",
            "name": "Entra",
            "settings": {"server_url": "https://login.example.com/t/v2.0"},
        }
    ]

    csp = _directives(client.get(reverse("accounts:login"))["Content-Security-Policy"])

    assert csp["form-action"] == ["'self'", "https://login.example.com"]


def test_no_template_has_inline_script_handler_or_style():
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\ssrc=)", r"<style", r"\sstyle=", r"\son[a-z]+="):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern}")
    assert offenders == []
