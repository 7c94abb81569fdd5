"""Loading the demo data again creates what is missing and reverts nothing a user changed."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from kindergarten_depots.models import DepotAgreement
from partnerships.models import Branch, ContactPerson, Partner, Partnership
from readaloud.demo import OPEN_NAME
from readaloud.models import Heat, Round

pytestmark = pytest.mark.django_db


def test_seeding_again_keeps_what_users_changed(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    partnership = Partnership.objects.get(title__startswith="SKOFO")
    partnership.purpose = "Vores egen formulering"
    partnership.save(update_fields=["purpose"])
    partner = Partner.objects.get(name="Rønde Skole")
    partner.phone = "11 22 33 44"
    partner.save(update_fields=["phone"])
    librarian = User.objects.get(email="bibliotekar@example.com")
    librarian.full_name = "Lise Omdøbt"
    librarian.set_password("mit-eget-kodeord-42")
    librarian.save()
    librarian.groups.clear()
    judge = User.objects.get(email="dommer@example.com")
    judge.is_active = False
    judge.save(update_fields=["is_active"])
    open_round = Round.objects.get(championship__name=OPEN_NAME)
    Round.objects.filter(pk=open_round.pk).update(date=date(2030, 1, 1))
    counts = (Partner.objects.count(), Branch.objects.count(), Partnership.objects.count())

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    partnership.refresh_from_db()
    partner.refresh_from_db()
    librarian.refresh_from_db()
    judge.refresh_from_db()
    assert partnership.purpose == "Vores egen formulering"
    assert partner.phone == "11 22 33 44"
    assert librarian.full_name == "Lise Omdøbt"
    assert librarian.check_password("mit-eget-kodeord-42")
    assert not librarian.groups.filter(name=Role.LIBRARIAN).exists()
    assert not judge.is_active
    open_round.refresh_from_db()
    assert open_round.date == date(2030, 1, 1)
    assert counts == (Partner.objects.count(), Branch.objects.count(), Partnership.objects.count())


def test_seeding_creates_again_what_was_deleted(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    contacts = ContactPerson.objects.count()
    skofo = Partnership.objects.get(title__startswith="SKOFO")
    assert skofo.status == "active" and skofo.has_approved_backing()
    assert User.objects.get(email="leder@example.com").groups.filter(name=Role.LIBRARY_MANAGER)
    for partnership in Partnership.objects.exclude(kind__startswith="kindergarten"):
        changes = list(partnership.status_changes.order_by("changed_at", "pk"))
        assert changes and changes[-1].to_status == partnership.status
    ContactPerson.objects.filter(partner__name="Rønde Skole").delete()

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert ContactPerson.objects.count() == contacts
    assert ContactPerson.objects.filter(partner__name="Rønde Skole").exists()


def test_the_demo_judge_has_an_open_heat_near_today_and_people_have_real_names(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    judge = User.objects.get(email="dommer@example.com")

    open_heats = Heat.objects.scorable_by(judge).filter(closed_at__isnull=True)

    assert [heat.name for heat in open_heats] == ["Rønde Skole, 5. årgang"]
    heat = open_heats.get()
    assert abs(heat.round.date - timezone.localdate()) <= timedelta(days=7)
    assert heat.performances.count() == 3 and heat.running_order_drawn
    client = Client()
    client.force_login(judge)
    overview = client.get(reverse("dashboard")).content.decode()
    assert "Rønde Skole, 5. årgang" in overview
    # Demo people have names, not roles, and the work is shared among the librarians.
    role_words = ("Bibliotekar", "Dommer", "Pædagog", "Administrator")
    assert not [
        u.full_name
        for u in User.objects.filter(email__endswith="@example.com")
        if any(word in u.full_name for word in role_words)
    ]
    coordinators = set(DepotAgreement.objects.values_list("partnership__coordinator", flat=True))
    coordinators |= set(Partnership.objects.values_list("coordinator", flat=True))
    assert len(coordinators) >= 3
