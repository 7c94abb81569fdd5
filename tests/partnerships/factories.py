import factory

from partnerships.models import Branch, ContactPerson, Partner


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
