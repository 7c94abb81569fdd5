from datetime import date

import factory

from accounts.roles import Role
from kindergarten_depots import services
from kindergarten_depots.models import (
    AgeGroup,
    ClosurePeriod,
    DepotAgreement,
    Item,
    Swap,
    Theme,
    Wish,
)
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import (
    BranchFactory,
    KindergartenFactory,
    approved_backing_create,
)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tema {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        skip_postgeneration_save = True

    barcode = factory.Sequence(lambda n: f"3{n:09d}")
    title = factory.Sequence(lambda n: f"Bog nummer {n}")
    author = "Kim Fupz Aakeson"
    age_group = AgeGroup.YOUNG

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ClosurePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosurePeriod

    start_date = date(2027, 7, 1)
    end_date = date(2027, 7, 21)
    reason = "Sommerferie"


def agreement_make(
    *,
    kindergarten=None,
    branch=None,
    coordinator=None,
    start_date=date(2027, 1, 4),
    end_date=date(2027, 12, 31),
    age_groups=("3-4",),
    themes=(),
    type=DepotAgreement.Type.DEPOT,
    active=True,
    **details,
) -> DepotAgreement:
    """Create an agreement the way the app does (with its partnership); unless
    ``active=False``, activate it through the win-win gate as the demo data does."""
    coordinator = coordinator or UserFactory(roles=[Role.LIBRARIAN])
    agreement = services.agreement_create(
        kindergarten=kindergarten or KindergartenFactory(),
        type=type,
        branch=branch or BranchFactory(name="Ebeltoft Bibliotek"),
        start_date=start_date,
        end_date=end_date,
        coordinator=coordinator,
        age_groups=list(age_groups),
        themes=themes,
        **details,
    )
    if active:
        # As WinWinPartnershipFactory does: an approved backing, without its mails.
        approved_backing_create(agreement.partnership)
        services.agreement_activate(agreement=agreement, by=coordinator, note="Test data")
        agreement.refresh_from_db()
    return agreement


class SwapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Swap

    agreement = factory.LazyFunction(agreement_make)
    planned_date = date(2027, 3, 1)
    original_date = factory.SelfAttribute("planned_date")
    sequence = factory.Sequence(lambda n: n + 1)


class WishFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wish

    text = "Flere bøger om dinosaurer"
