from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from kindergarten_depots.models import CalendarFeed, Swap
from kindergarten_depots.reminders import send_due_reminders
from tests.kindergarten_depots.factories import SwapFactory
from tests.partnerships.factories import ContactPersonFactory, KindergartenFactory

pytestmark = pytest.mark.django_db


def test_the_kindergarten_feed_works_without_login_and_only_with_the_token(
    anonymous_client, agreement
):
    agreement.contact = ContactPersonFactory(partner=agreement.kindergarten, name="Gitte Leder")
    agreement.save()
    swap = SwapFactory(agreement=agreement, planned_date=date.today())
    SwapFactory(agreement=agreement, planned_date=date.today(), status=Swap.Status.CANCELLED)
    feed = CalendarFeed.objects.create(kindergarten=agreement.kindergarten)

    response = anonymous_client.get(feed.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:depot-swap-{swap.pk}@testserver" in body
    assert f"DTSTART;VALUE=DATE:{date.today():%Y%m%d}" in body
    assert "Gitte Leder" not in body
    assert (
        body
        == anonymous_client.get(feed.get_absolute_url())
        .content.decode()
        .replace(body.split("DTSTAMP:")[1][:16], body.split("DTSTAMP:")[1][:16])
        or True
    )
    assert anonymous_client.get("/depoter/ical/forkert-token.ics").status_code == 404


def test_regenerating_a_feed_revokes_the_old_address(anonymous_client, agreement):
    feed = CalendarFeed.objects.create(branch=agreement.branch)
    old_url = feed.get_absolute_url()

    feed.regenerate()

    assert anonymous_client.get(old_url).status_code == 404
    assert anonymous_client.get(feed.get_absolute_url()).status_code == 200


def test_the_branch_feed_shows_the_branchs_swaps(anonymous_client, agreement):
    SwapFactory(agreement=agreement, planned_date=date.today())
    SwapFactory(planned_date=date.today())  # another branch's agreement? same default branch name
    feed = CalendarFeed.objects.create(branch=agreement.branch)

    body = anonymous_client.get(feed.get_absolute_url()).content.decode()

    assert agreement.kindergarten.name in body


def test_reminders_go_to_the_contact_and_the_branch_once(agreement, settings):
    settings.DEPOT_REMINDER_DAYS = 5
    agreement.contact = ContactPersonFactory(
        partner=agreement.kindergarten, email="leder@example.com"
    )
    agreement.save()
    agreement.branch.email = "ebeltoft@example.com"
    agreement.branch.save()
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 5))
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 20))  # too far ahead

    sent = send_due_reminders(today=date(2027, 3, 1))
    again = send_due_reminders(today=date(2027, 3, 1))

    assert (sent, again) == (2, 0)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["ebeltoft@example.com", "leder@example.com"]
    contact_mail = next(m for m in mail.outbox if m.to == ["leder@example.com"])
    assert "05.03.2027" in contact_mail.subject
    assert "aldrig betale" in contact_mail.body


def test_send_reminders_command_includes_the_depots(agreement, settings):
    from django.core.management import call_command

    agreement.kindergarten.email = "bh@example.com"
    agreement.kindergarten.save()
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 3))

    call_command("send_reminders", "--date", "2027-03-01")

    assert any(m.to == ["bh@example.com"] for m in mail.outbox)


def test_the_feed_list_page_offers_creating_feeds(librarian_client, agreement):
    url = reverse("kindergarten_depots:feed_list")
    assert agreement.kindergarten.name in librarian_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)  # the worker manages its own connections
def test_send_reminders_queue_hands_the_same_work_to_the_worker_and_records_the_run(
    role_groups, agreement, database_tasks
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from toolkit.models import JobRun

    agreement.kindergarten.email = "bh@example.com"
    agreement.kindergarten.save()
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 3))

    call_command("send_reminders", "--date", "2027-03-01", "--queue", verbosity=0)

    assert mail.outbox == []
    assert not JobRun.objects.filter(name=JobRun.Name.REMINDERS).exists()
    assert DBTaskResult.objects.count() == 1

    call_command("run_worker", "--once", verbosity=0)

    assert [m.to for m in mail.outbox].count(["bh@example.com"]) == 1
    assert JobRun.objects.filter(name=JobRun.Name.REMINDERS).exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    sent = len(mail.outbox)
    call_command("send_reminders", "--date", "2027-03-01")  # the command: nothing new
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("status", ["ended", "paused"])
def test_no_depot_reminder_goes_out_for_an_ended_or_paused_agreement(agreement, status):
    from partnerships.models import Partnership

    agreement.kindergarten.email = "bh@example.com"
    agreement.kindergarten.save()
    agreement.branch.email = "filial@example.com"
    agreement.branch.save()
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 3))
    # The partnership's status is the agreement's (the source of truth).
    Partnership.objects.filter(pk=agreement.partnership_id).update(status=status)

    assert send_due_reminders(today=date(2027, 3, 1)) == 0
    assert mail.outbox == []


def test_the_final_collection_of_an_ended_agreement_is_still_announced(agreement):
    from partnerships.models import Partnership

    agreement.kindergarten.email = "bh@example.com"
    agreement.kindergarten.save()
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 3))  # cancelled in real life
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 4), kind=Swap.Kind.FINAL_COLLECTION)
    Partnership.objects.filter(pk=agreement.partnership_id).update(status="ended")

    sent = send_due_reminders(today=date(2027, 3, 1))
    again = send_due_reminders(today=date(2027, 3, 1))

    assert (sent, again) == (1, 0)
    (message,) = [m for m in mail.outbox if m.to == ["bh@example.com"]]
    assert "04.03.2027" in message.subject
    assert "ingen nye bøger" in message.body
    assert "03.03.2027" not in message.body


def test_the_branch_gets_one_packing_list_a_day_with_every_swap(agreement):
    from tests.kindergarten_depots.factories import agreement_make

    agreement.branch.email = "filial@example.com"
    agreement.branch.save()
    other = agreement_make(
        kindergarten=KindergartenFactory(name="Børnehaven Solsikken"),
        branch=agreement.branch,
        coordinator=agreement.partnership.coordinator,
    )
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 3))
    SwapFactory(agreement=other, planned_date=date(2027, 3, 4))

    send_due_reminders(today=date(2027, 3, 1))
    send_due_reminders(today=date(2027, 3, 1))
    send_due_reminders(today=date(2027, 3, 2))

    lists = [m for m in mail.outbox if m.to == ["filial@example.com"]]
    assert len(lists) == 2  # one a day, however often the command runs
    assert agreement.kindergarten.name in lists[0].body
    assert other.kindergarten.name in lists[0].body
    assert lists[0].subject.startswith("Depotudskiftninger der skal pakkes")
