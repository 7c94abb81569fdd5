"""Operations: /healthz, the request id in the logs, refused requests on one line."""

import io
import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from accounts.outbox import mail_queue
from config.logging import ClientErrorsBriefFilter, RequestIdFilter
from toolkit.models import JobRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}


def test_healthz_answers_200_when_the_worker_runs_and_nothing_waits(client):
    JobRun.record(JobRun.Name.WORKER)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["outbox"]["oldest_unsent_age_seconds"] is None
    assert body["checks"]["reminders"] == {"ok": True, "last_run_seconds_ago": None}


def test_healthz_answers_503_when_the_worker_has_not_run(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


def test_healthz_answers_503_when_a_mail_has_waited_too_long(client, queued):
    JobRun.record(JobRun.Name.WORKER)
    mail_queue(to=["a@example.com"], subject="Hej", body="Tekst")
    Email.objects.update(created=timezone.now() - timedelta(hours=1))

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["outbox"]["oldest_unsent_age_seconds"] >= 3600


def test_healthz_answers_503_when_the_reminders_are_a_day_late(client):
    JobRun.record(JobRun.Name.WORKER)
    JobRun.objects.create(
        name=JobRun.Name.REMINDERS, last_run_at=timezone.now() - timedelta(days=2)
    )

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["reminders"]["ok"] is False


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch("config.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {"database": {"ok": False}}}


@pytest.fixture
def request_log(settings):
    """Collect django.request's lines as the configured stdout handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(ClientErrorsBriefFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_a_403_is_logged_on_one_line_with_the_request_id(staff_a_client, request_log):
    response = staff_a_client.get(
        reverse("partnerships:partner_list"), headers={"X-Request-ID": "abc-123"}
    )

    assert response.status_code == 403
    assert response["X-Request-ID"] == "abc-123"
    lines = request_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "[abc-123]" in lines[0] and "Forbidden" in lines[0]
    assert "Traceback" not in request_log.getvalue()


def test_a_404_is_logged_on_one_line(librarian_client, request_log):
    response = librarian_client.get("/partnerskaber/999999/")

    assert response.status_code == 404
    lines = request_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert f"[{response['X-Request-ID']}]" in lines[0]


def test_a_request_id_from_the_proxy_that_is_not_an_id_is_replaced(client):
    response = client.get(reverse("accounts:login"), headers={"X-Request-ID": "bad id\n"})

    assert response["X-Request-ID"] != "bad id\n"
    assert len(response["X-Request-ID"]) == 32
