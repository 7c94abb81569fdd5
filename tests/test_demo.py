"""Loading the demo data again creates what is missing and reverts nothing a user changed."""

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from partnerships.models import Branch, ContactPerson, Partner, Partnership

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
