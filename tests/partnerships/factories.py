from decimal import Decimal

import factory

from accounts.roles import Role
from partnerships.models import (
    BackingDecision,
    BackingRequest,
    Branch,
    ContactPerson,
    JournalEntry,
    Partner,
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    Task,
    TimeEntry,
)
from tests.accounts.factories import UserFactory


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Filial {n}")
    town = "Ebeltoft"
    postcode = "8400"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Partner.Kind.ASSOCIATION
    address = factory.Faker("street_address", locale="da_DK")
    postcode = "8400"
    town = "Ebeltoft"
    area = "Ebeltoft"


class KindergartenFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"Børnehaven {n}")
    kind = Partner.Kind.KINDERGARTEN
    number_of_children = 40


class SchoolFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"Skole {n}")
    kind = Partner.Kind.SCHOOL
    number_of_children = 400


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Faker("name", locale="da_DK")
    role = "Leder"
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
    phone = "20 30 40 50"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Partnerskab {n}")
    kind = Partnership.Kind.SCHOOL
    status = Partnership.Status.IDEA
    coordinator = factory.SubFactory(UserFactory, roles=[Role.LIBRARIAN])
    purpose = "Flere børn skal læse."

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            for partner in extracted:
                PartnershipPartner.objects.create(partnership=self, partner=partner)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            for user in extracted:
                PartnershipMember.objects.create(partnership=self, user=user)


class WinWinPartnershipFactory(PartnershipFactory):
    """A partnership that passes the win-win gate: both gains and an approved backing."""

    library_gains = "Kontakt til alle skolens elever."
    partner_gains = "Motiverede læsere."

    @factory.post_generation
    def backing(self, create, extracted, **kwargs):
        if create and extracted is not False:
            approved_backing_create(self)


def approved_backing_create(partnership, manager=None):
    """Give ``partnership`` a backing request approved by a library manager."""
    request = BackingRequest.objects.create(
        partnership=partnership,
        requested_by=partnership.coordinator,
        comment="Vi beder om opbakning.",
    )
    BackingDecision.objects.create(
        request=request,
        decided_by=manager or UserFactory(full_name="Hanne Leder", roles=[Role.LIBRARY_MANAGER]),
        approved=True,
        comment="Godkendt på ledermødet.",
    )
    return request


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Opgave {n}")
    created_by = factory.SelfAttribute("partnership.coordinator")
    assignee = factory.SelfAttribute("partnership.coordinator")


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    partnership = factory.SubFactory(PartnershipFactory)
    author = factory.SelfAttribute("partnership.coordinator")
    kind = JournalEntry.Kind.NOTE
    text = "Vi mødtes og aftalte næste skridt."


class TimeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeEntry

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SelfAttribute("partnership.coordinator")
    hours = Decimal("2.5")
