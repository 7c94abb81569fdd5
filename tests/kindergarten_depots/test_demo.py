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


@pytest.mark.parametrize("email", ["paedagog@example.com", "paedagog2@example.com"])
def test_the_demo_kindergarten_staff_see_a_meaningful_portal(client, email):
    from django.urls import reverse

    from accounts.models import User

    out = io.StringIO()
    partnerships_demo.seed(stdout=out)
    demo.seed(stdout=out)
    client.force_login(User.objects.get(email=email))

    response = client.get(reverse("kindergarten_depots:portal_home"))

    assert response.status_code == 200
    assert response.context["agreement"] is not None
    assert response.context["loans"]
    assert response.context["next_swap"] is not None
    assert response.context["open_wishes"]
    assert response.context["past_swaps"]
