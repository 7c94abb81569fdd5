"""The Django admin stays fast with national-scale data (issue 18, item 7)."""

import io

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from partnerships.models import Partner

pytestmark = pytest.mark.django_db


def _seed(municipalities):
    call_command(
        "seed_scale",
        municipalities=municipalities,
        kindergartens=3,
        items=200,
        years=1,
        stdout=io.StringIO(),
    )


def _changelist_queries(client) -> dict[str, int]:
    counts = {}
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[f"{meta.app_label}.{meta.model_name}"] = len(captured)
    return counts


def test_every_admin_changelist_runs_the_same_few_queries_at_two_data_sizes(
    settings, admin_client_
):
    settings.DEBUG = True
    _seed(1)
    small = _changelist_queries(admin_client_)
    _seed(2)

    large = _changelist_queries(admin_client_)

    assert large == small
    # The score list used to read each row's heat and round one by one (205 queries).
    assert large["readaloud.score"] <= 10
    assert max(large.values()) <= 15, large


def test_no_admin_filter_lists_every_person_or_partner():
    """A filter on a user or partner field would list thousands of values nationally."""
    for model, model_admin in admin.site._registry.items():
        for entry in model_admin.list_filter:
            path = entry[0] if isinstance(entry, tuple) else entry
            if not isinstance(path, str):
                continue  # a SimpleListFilter with fixed choices
            field = get_fields_from_path(model, path)[-1]
            target = getattr(field, "related_model", None)
            if target in (User, Partner) and not (
                isinstance(entry, tuple) and entry[1] is admin.EmptyFieldListFilter
            ):
                pytest.fail(f"{model.__name__} admin filters by {path}")


def test_the_big_tables_have_no_date_hierarchy_scanning_every_row():
    from kindergarten_depots.models import Loan

    assert admin.site._registry[Loan].date_hierarchy is None


def test_the_big_tables_count_a_filtered_list_exactly(settings):
    settings.DEBUG = True
    from toolkit.paginators import EstimatedCountPaginator

    _seed(1)
    schools = Partner.objects.filter(kind=Partner.Kind.SCHOOL)

    assert EstimatedCountPaginator(schools, 100).count == schools.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics")
def test_an_unfiltered_big_table_is_counted_from_the_planner_statistics(settings, monkeypatch):
    settings.DEBUG = True
    from toolkit import paginators

    _seed(1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_partner")
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = 'partnerships_partner'::regclass"
        )
        (estimate,) = cursor.fetchone()
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 0)

    with CaptureQueriesContext(connection) as captured:
        count = paginators.EstimatedCountPaginator(Partner.objects.all(), 100).count

    assert count == estimate > 0
    assert "COUNT(" not in captured[0]["sql"].upper()
