import datetime

import factory

from accounts.roles import Role
from partnerships.models import Partnership
from readaloud import services
from readaloud.models import Championship, Contestant, Heat, JudgeAssignment, Round
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import SchoolFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    title = factory.Sequence(lambda n: f"SKOFO {n}")
    kind = Partnership.Kind.SCHOOL
    status = Partnership.Status.ACTIVE
    coordinator = factory.SubFactory(UserFactory, roles=[Role.LIBRARIAN])


class ChampionshipFactory(factory.django.DjangoModelFactory):
    """An edition with the default criteria (each 0–5 points, weight 1)."""

    class Meta:
        model = Championship
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mesterskab {n} 2027")
    year = 2027
    organiser = factory.SubFactory(PartnershipFactory)
    status = Championship.Status.REGISTRATION_OPEN

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create:
            services.criteria_add_defaults(championship=self)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    championship = factory.SubFactory(ChampionshipFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Round.Kind.SCHOOL
    date = datetime.date(2027, 3, 1)
    advance_count = 1


class HeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Heat

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Heat {n}")


class ContestantFactory(factory.django.DjangoModelFactory):
    """A reader with a guardian's consent, including consent to publish."""

    class Meta:
        model = Contestant

    championship = factory.SubFactory(ChampionshipFactory)
    first_name = factory.Sequence(lambda n: f"Barn{n}")
    last_name = "Hansen"
    school = factory.SubFactory(SchoolFactory)
    grade = 5
    class_name = "5.b"
    book_title = "Ronja Røverdatter"
    book_author = "Astrid Lindgren"
    passage = "Kapitel 1"
    consent_given_by = factory.LazyAttribute(lambda c: f"Forælder til {c.first_name}")
    consent_given_at = datetime.date(2027, 1, 10)
    consent_method = Contestant.ConsentMethod.PAPER
    publish_consent = True


class NoConsentContestantFactory(ContestantFactory):
    consent_given_by = ""
    consent_given_at = None
    consent_method = ""
    publish_consent = False


class JudgeAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudgeAssignment

    heat = factory.SubFactory(HeatFactory)
    judge = factory.SubFactory(UserFactory, roles=[Role.JUDGE])
