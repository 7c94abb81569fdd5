"""Generating the schedules of all active agreements: one background task, with progress."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kindergarten_depots.models import ScheduleRun, Swap
from kindergarten_depots.services import schedule as schedule_service
from kindergarten_depots.services.lifecycle import agreement_end
from kindergarten_depots.services.schedule_runs import schedule_run_start
from tests.kindergarten_depots.factories import agreement_make
from tests.threads import at_once

pytestmark = pytest.mark.django_db

CONFIRM_URL = reverse("kindergarten_depots:schedules_generate")


@pytest.fixture
def agreements(kindergarten_a, kindergarten_b, librarian):
    first = agreement_make(kindergarten=kindergarten_a, coordinator=librarian)
    second = agreement_make(kindergarten=kindergarten_b, coordinator=librarian)
    ended = agreement_make(
        kindergarten=kindergarten_b,
        coordinator=librarian,
        start_date=date(2025, 1, 6),
        end_date=date(2025, 12, 31),
    )
    agreement_end(agreement=ended, on=date(2025, 12, 31), reason="Slut", by=librarian)
    return first, second, ended


def test_the_agreement_list_offers_the_action_and_the_confirm_page_counts_agreements(
    librarian_client, agreements
):
    listing = librarian_client.get(reverse("kindergarten_depots:agreement_list"))
    assert CONFIRM_URL in listing.content.decode()

    page = librarian_client.get(CONFIRM_URL).content.decode()

    assert "2 aktive aftaler" in page
    assert 'method="post"' in page
    assert not ScheduleRun.objects.exists()


# The worker manages its own database connections, so this test really commits.
@pytest.mark.django_db(transaction=True)
def test_confirming_twice_queues_one_task_and_the_worker_reports_progress_and_result(
    role_groups, librarian_client, librarian, agreements, database_tasks
):
    ended = agreements[2]

    response = librarian_client.post(CONFIRM_URL)
    again = librarian_client.post(CONFIRM_URL, follow=True)

    run = ScheduleRun.objects.get()
    progress_url = reverse("kindergarten_depots:schedule_run_progress", args=[run.pk])
    assert response.url == progress_url
    assert again.redirect_chain == [(progress_url, 302)]
    assert "allerede ved at blive lavet" in again.content.decode()
    assert DBTaskResult.objects.count() == 1
    assert run.started_by == librarian
    waiting = librarian_client.get(progress_url).content.decode()
    assert "Venter på at starte" in waiting
    assert "0 af 2 aftaler" in waiting
    assert 'hx-trigger="every 2s"' in waiting
    assert f'href="{progress_url}"' in waiting  # the Refresh button without JavaScript
    assert "allerede ved at blive lavet" in librarian_client.get(CONFIRM_URL).content.decode()
    assert not Swap.objects.exists()

    call_command("run_worker", "--once", verbosity=0)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE
    assert not run.in_progress
    assert (run.agreements_done, run.agreements_total, run.schedules_made) == (2, 2, 2)
    assert run.swaps_created == Swap.objects.count() > 0
    assert not Swap.objects.filter(agreement=ended).exists()
    assert run.errors == []
    done = librarian_client.get(progress_url).content.decode()
    assert "hx-trigger" not in done
    assert f"{run.swaps_created} udskiftninger tilføjet" in done

    librarian_client.post(CONFIRM_URL)  # once finished, a new run may be started
    assert ScheduleRun.objects.count() == 2
    assert DBTaskResult.objects.count() == 2


def test_running_again_keeps_the_swaps_and_an_agreement_that_fails_is_listed_with_its_error(
    librarian_client, agreements, monkeypatch
):
    first, second, _ended = agreements
    schedule_service.swap_generate(agreement=first)
    kept = Swap.objects.filter(agreement=first).count()
    real_generate = schedule_service.swap_generate

    def failing_for_second(*, agreement, today=None):
        if agreement.pk == second.pk:
            raise ValidationError("Aftalen kan ikke planlægges.", code="broken")
        return real_generate(agreement=agreement, today=today)

    monkeypatch.setattr(
        "kindergarten_depots.services.schedule_runs.swap_generate", failing_for_second
    )

    response = librarian_client.post(CONFIRM_URL, follow=True)  # tests run tasks at once

    run = ScheduleRun.objects.get()
    assert run.status == ScheduleRun.Status.DONE
    assert (run.agreements_done, run.schedules_made) == (2, 1)
    assert run.swaps_removed == kept
    assert run.swaps_created == kept
    assert run.errors == [
        {"agreement": second.pk, "name": str(second), "message": "Aftalen kan ikke planlægges."}
    ]
    page = response.content.decode()
    assert "Aftalen kan ikke planlægges." in page
    assert reverse("kindergarten_depots:agreement_detail", args=[second.pk]) in page
    assert not Swap.objects.filter(agreement=second).exists()


def test_a_partner_may_neither_start_nor_see_a_run(partner_member_client, agreements):
    assert partner_member_client.post(CONFIRM_URL).status_code == 403
    assert not ScheduleRun.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
def test_ten_simultaneous_confirmations_queue_one_run(role_groups, librarian, database_tasks):
    results = at_once(lambda: schedule_run_start(by=librarian)[1])

    assert sorted(results) == [False] * 9 + [True]
    assert ScheduleRun.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_failed_run_shows_a_red_bar_and_says_what_is_kept(librarian_client, librarian):
    run = ScheduleRun.objects.create(
        started_by=librarian,
        status=ScheduleRun.Status.FAILED,
        in_progress=False,
        agreements_total=4,
        agreements_done=1,
    )

    page = librarian_client.get(run.get_absolute_url()).content.decode()

    assert "bg-danger" in page
    assert 'aria-valuenow="25"' in page
    assert 'aria-label="Aftaler færdige"' in page
    assert "De planer, der allerede er dannet, bevares" in page
    assert "hx-trigger" not in page
