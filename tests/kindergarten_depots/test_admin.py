import pytest
from django.urls import reverse

from kindergarten_depots import models

pytestmark = pytest.mark.django_db

MODELS = [
    models.Theme,
    models.DepotAgreement,
    models.ClosurePeriod,
    models.Swap,
    models.Item,
    models.Loan,
    models.Wish,
    models.LossReport,
    models.CalendarFeed,
    models.ImportBatch,
    models.Box,
    models.RouteStop,
]


def test_every_depot_model_has_a_working_admin(admin_client_, swap):
    for model in MODELS:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert admin_client_.get(url).status_code == 200, url
    url = reverse("admin:kindergarten_depots_swap_change", args=[swap.pk])
    assert admin_client_.get(url).status_code == 200
    url = reverse("admin:kindergarten_depots_depotagreement_change", args=[swap.agreement_id])
    assert admin_client_.get(url).status_code == 200
