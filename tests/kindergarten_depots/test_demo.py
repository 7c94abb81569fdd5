import io

import pytest

from kindergarten_depots import demo
from kindergarten_depots.models import DepotAgreement, Item, Loan, Swap
from partnerships import demo as partnerships_demo

pytestmark = pytest.mark.django_db


def test_the_demo_data_has_every_swap_state_and_seeding_twice_adds_nothing():
    out = io.StringIO()
    partnerships_demo.seed(stdout=out)

    demo.seed(stdout=out)
    counts = (
        Item.objects.count(),
        DepotAgreement.objects.count(),
        Swap.objects.count(),
        Loan.objects.count(),
    )
    demo.seed(stdout=out)

    assert counts == (
        Item.objects.count(),
        DepotAgreement.objects.count(),
        Swap.objects.count(),
        Loan.objects.count(),
    )
    assert counts[0] == 2000
    assert counts[1] == 15
    assert set(Swap.objects.values_list("status", flat=True)) == set(Swap.Status.values)
    assert set(DepotAgreement.objects.values_list("type", flat=True)) == {"depot", "library"}
    names = set(DepotAgreement.objects.values_list("kindergarten__name", flat=True))
    assert {"Børnehuset Solsikken", "Troldehøjen"} <= names
    assert Loan.objects.filter(return_state="missing").exists()
    # Item statuses agree with the loans.
    assert not Loan.objects.open().exclude(item__status=Item.Status.IN_DEPOT).exists()
