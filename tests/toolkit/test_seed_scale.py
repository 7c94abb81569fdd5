import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from kindergarten_depots.models import DepotAgreement, Item, Loan
from partnerships.models import (
    Attachment,
    Evaluation,
    JournalEntry,
    Partner,
    Partnership,
    PartnershipMember,
    Task,
    TimeEntry,
)
from readaloud.models import Championship, Contestant, Heat, JudgeAssignment, Performance, Score

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    Partner,
    Partnership,
    PartnershipMember,
    JournalEntry,
    Task,
    TimeEntry,
    Evaluation,
    Attachment,
    DepotAgreement,
    Item,
    Loan,
    Championship,
    Contestant,
    Heat,
    JudgeAssignment,
    Performance,
    Score,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _seed(municipalities, **options):
    out = io.StringIO()
    call_command(
        "seed_scale",
        municipalities=municipalities,
        kindergartens=10,
        items=400,
        years=2,
        stdout=out,
        **options,
    )
    return out.getvalue()


def test_seed_scale_generates_every_app_in_proportion_and_a_second_run_adds_nothing(settings):
    settings.DEBUG = True
    _seed(1)
    one = _counts()
    _seed(2)
    two = _counts()

    # Every municipality brings the same amount of everything (loans vary a little with
    # the random draws of the schedule).
    for name, count in one.items():
        assert count > 0, name
        if name != "Loan":
            assert two[name] == 2 * count, name
    assert 1.8 * one["Loan"] < two["Loan"] < 2.2 * one["Loan"]
    # The proportions of the performance issue: per partnership ~20 journal entries
    # (one big journal), ~10 tasks, ~50 time entries, counting the depots' partnerships.
    ships = two["Partnership"] - two["DepotAgreement"]
    assert ships == 2 * 52
    assert two["JournalEntry"] == 2 * (500 + 51 * 30)
    assert two["Task"] == 20 * ships
    assert two["TimeEntry"] == 98 * ships
    assert two["Contestant"] == 200 * two["Championship"]
    # Scores: 3 judges x 7 slots per reading; the best readers read again in later rounds.
    assert two["Score"] == two["Performance"] * 3 * 7
    assert two["Performance"] == two["Championship"] * (180 + 40 + 10)

    output = _seed(2)

    assert _counts() == two
    assert output.count("already there") == 2 * 3


def test_every_generated_reader_in_a_later_round_won_a_place_in_the_round_before(settings):
    settings.DEBUG = True
    _seed(1)

    final = Performance.objects.filter(round__kind="final")
    assert final.count() == 10
    for performance in final:
        semi = Performance.objects.get(contestant=performance.contestant, round__kind="semi_final")
        assert semi.rank <= 5
    assert not Contestant.objects.filter(is_reserve=True, performances__isnull=False).exists()


def test_seed_scale_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_scale", municipalities=1, stdout=io.StringIO())


def test_generated_depot_agreements_are_active_like_their_partnerships_and_pass_the_gate(
    settings,
):
    from kindergarten_depots.models import DepotAgreement

    settings.DEBUG = True
    _seed(1)

    agreements = DepotAgreement.objects.select_related("partnership")
    assert agreements.exists()
    for agreement in agreements[:20]:
        assert agreement.status == agreement.partnership.status == "active"
        assert agreement.partnership.can_be_activated()
        assert agreement.partnership.start_date == agreement.start_date
