"""Results stay internal until released; criteria lock once scoring begins."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from readaloud import services
from readaloud.models import Advancement, Criterion, Heat, Performance
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import HeatFactory, RoundFactory

pytestmark = pytest.mark.django_db


def public_page(client, championship):
    return client.get(reverse("readaloud:public_results", args=[championship.pk])).content.decode()


def test_a_closed_heat_is_not_public_until_released(
    client, heat, place, assign, librarian, championship
):
    judge = assign()
    give_points(judge, place(first_name="Vinder", publish_consent=True), {}, default=5)
    give_points(judge, place(first_name="Toer", publish_consent=True), {}, default=3)
    services.heat_close(heat=heat, by=librarian)

    assert "Vinder" not in public_page(client, championship)
    assert "Der er endnu ikke frigivet resultater" in public_page(client, championship)

    services.heat_release(heat=heat, by=librarian)

    content = public_page(client, championship)
    assert "1. Vinder" in content
    assert "2. Toer" in content
    heat.refresh_from_db()
    assert heat.released_by == librarian
    assert heat.released_at is not None


def test_an_undecided_tie_can_never_be_released(heat, place, assign, librarian):
    judge = assign()
    give_points(judge, place(), {}, default=4)
    give_points(judge, place(), {}, default=4)
    services.heat_close(heat=heat, by=librarian)

    with pytest.raises(ValidationError) as error:
        services.heat_release(heat=heat, by=librarian)

    assert error.value.code == "tie_undecided"
    assert not Heat.objects.get(pk=heat.pk).is_released()


def test_an_open_heat_cannot_be_released(heat, place, assign, librarian):
    give_points(assign(), place(), {}, default=4)

    with pytest.raises(ValidationError) as error:
        services.heat_release(heat=heat, by=librarian)

    assert error.value.code == "heat_not_closed"


def test_a_released_heat_cannot_be_reopened(heat, place, assign, librarian):
    give_points(assign(), place(), {}, default=4)
    services.heat_close(heat=heat, by=librarian)
    services.heat_release(heat=heat, by=librarian)

    with pytest.raises(ValidationError) as error:
        services.heat_reopen(heat=heat)

    assert error.value.code == "released"


def test_the_public_ranks_close_up_when_a_reader_leaves(
    client, heat, place, assign, librarian, championship
):
    judge = assign()
    give_points(judge, place(first_name="Anna"), {}, default=5)
    gone = place(first_name="Bent")
    give_points(judge, gone, {}, default=4)
    give_points(judge, place(first_name="Cille"), {}, default=3)
    services.heat_close(heat=heat, by=librarian)
    services.consent_withdraw(contestant=gone.contestant, by=librarian)
    services.heat_release(heat=heat, by=librarian)

    content = public_page(client, championship)

    assert "1. Anna" in content
    assert "2. Cille" in content
    assert "Bent" not in content


def test_the_public_editions_list_only_editions_with_released_results(
    client, heat, place, assign, librarian, championship
):
    give_points(assign(), place(), {}, default=5)
    services.heat_close(heat=heat, by=librarian)
    url = reverse("readaloud:public_editions")

    assert championship.name not in client.get(url).content.decode()

    services.heat_release(heat=heat, by=librarian)

    assert championship.name in client.get(url).content.decode()


def test_the_release_asks_for_confirmation_first(librarian_client, heat, place, assign, librarian):
    give_points(assign(), place(), {}, default=5)
    services.heat_close(heat=heat, by=librarian)
    url = reverse("readaloud:heat_release", args=[heat.pk])

    page = librarian_client.get(url)

    assert page.status_code == 200
    assert "offentlige resultatside" in page.content.decode()
    assert not Heat.objects.get(pk=heat.pk).is_released()

    librarian_client.post(url)

    assert Heat.objects.get(pk=heat.pk).is_released()


def test_the_criteria_lock_when_the_first_score_is_entered(
    librarian_client, heat, place, assign, championship
):
    url = reverse("readaloud:criteria_update", args=[championship.pk])
    assert not championship.criteria_locked()
    assert "formset" in librarian_client.get(url).context

    give_points(assign(), place(), {"technique": 1}, default=1)

    page = librarian_client.get(url)
    assert championship.criteria_locked()
    assert "formset" not in page.context
    assert "Kriterierne er låst" in page.content.decode()


def test_reopening_the_criteria_needs_a_reason(librarian, heat, place, assign, championship):
    give_points(assign(), place(), {}, default=1)

    with pytest.raises(ValidationError) as error:
        services.criteria_reopen(championship=championship, reason="  ", by=librarian)

    assert error.value.code == "reason_required"
    assert championship.criteria_locked()


def test_a_locked_criteria_change_is_refused(librarian, heat, place, assign, championship):
    give_points(assign(), place(), {}, default=1)

    with pytest.raises(ValidationError) as error:
        services.criteria_change(championship=championship, save=lambda: None, by=librarian)

    assert error.value.code == "criteria_locked"


def test_reopening_is_refused_once_results_are_released(
    librarian, heat, place, assign, championship
):
    give_points(assign(), place(), {}, default=5)
    services.heat_close(heat=heat, by=librarian)
    services.heat_release(heat=heat, by=librarian)

    with pytest.raises(ValidationError) as error:
        services.criteria_reopen(championship=championship, reason="Fejl", by=librarian)

    assert error.value.code == "results_released"


def test_a_criteria_change_recomputes_ranks_and_advancement(
    librarian, heat, place, assign, championship
):
    final = HeatFactory(round=RoundFactory(championship=championship, number=2), name="Finale")
    heat.round.advance_count = 1
    heat.round.save()
    judge = assign()
    # Alma is strong on technique, Bo on interpretation; equal weights put Alma first.
    alma = place(first_name="Alma")
    bo = place(first_name="Bo")
    give_points(judge, alma, {"technique": 5, "interpretation": 3})
    give_points(judge, bo, {"technique": 3, "interpretation": 4})
    services.heat_close(heat=heat, by=librarian)
    assert Advancement.objects.get().from_performance == alma
    assert final.performances.get().contestant == alma.contestant

    services.criteria_reopen(championship=championship, reason="Vægt for fortolkning", by=librarian)
    services.criteria_change(
        championship=championship,
        save=lambda: Criterion.objects.filter(
            championship=championship, code="interpretation"
        ).update(weight=Decimal("3")),
        by=librarian,
    )

    alma.refresh_from_db()
    bo.refresh_from_db()
    assert (bo.rank, alma.rank) == (1, 2)
    assert Advancement.objects.get().from_performance == bo
    assert list(final.performances.values_list("contestant", flat=True)) == [bo.contestant_id]
    assert not championship.__class__.objects.get(pk=championship.pk).criteria_reopened_at
    # The stored snapshot agrees with a fresh computation.
    fresh = {row.performance.pk: row.rank for row in services.heat_result(heat=heat).rows}
    assert fresh == {p.pk: p.rank for p in Performance.objects.filter(heat=heat)}


def test_the_closing_error_names_each_missing_judge_and_reader(
    librarian_client, heat, place, assign
):
    judge = assign()
    reader = place(first_name="Mangler", last_name="Point")
    give_points(judge, place(), {}, default=3)

    response = librarian_client.post(reverse("readaloud:heat_close", args=[heat.pk]), follow=True)

    content = response.content.decode()
    assert f"{judge.judge}: Mangler Point (7)" in content
    assert Heat.objects.get(pk=heat.pk).closed_at is None
    assert reader.rank is None


def test_a_round_is_released_only_when_every_heat_is_closed(
    librarian_client, heat, place, assign, librarian
):
    other = HeatFactory(round=heat.round, name="Anden skole")
    give_points(assign(), place(), {}, default=5)
    services.heat_close(heat=heat, by=librarian)
    url = reverse("readaloud:round_release", args=[heat.round.pk])

    assert "Alle heats i runden frigives" in librarian_client.get(url).content.decode()
    refused = librarian_client.post(url, follow=True).content.decode()

    assert "Anden skole er ikke lukket endnu" in refused
    assert not Heat.objects.get(pk=heat.pk).is_released()

    give_points(assign(target=other), place(target=other), {}, default=5)
    services.heat_close(heat=other, by=librarian)
    librarian_client.post(url)

    assert Heat.objects.filter(round=heat.round, released_at__isnull=False).count() == 2
