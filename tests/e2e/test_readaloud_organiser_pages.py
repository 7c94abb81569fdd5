import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role
from readaloud import services
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import (
    ChampionshipFactory,
    ContestantFactory,
    HeatFactory,
    JudgeAssignmentFactory,
    NoConsentContestantFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def role_groups():
    """Recreate the role groups: an earlier browser test's flush removed the migrated rows."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def test_the_organiser_pages_are_accessible(page):
    librarian = UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])
    championship = ChampionshipFactory(name="Syddjursmesterskaberne i oplæsning 2027")
    heat = HeatFactory(round=RoundFactory(championship=championship, number=1), name="Rønde Skole")
    assignment = JudgeAssignmentFactory(heat=heat)
    for index, publish in enumerate((True, False, True)):
        performance = services.contestant_place(
            contestant=ContestantFactory(championship=championship, publish_consent=publish),
            heat=heat,
        )
        give_points(assignment, performance, {}, default=3 if index < 2 else 4)
    NoConsentContestantFactory(championship=championship)
    services.heat_close(heat=heat, by=librarian)
    open_heat = HeatFactory(round=RoundFactory(championship=championship, number=2), name="Finale")
    open_assignment = JudgeAssignmentFactory(heat=open_heat)
    waiting = services.contestant_place(
        contestant=ContestantFactory(championship=championship), heat=open_heat
    )

    login(page, "lise@example.com", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Oplæsning").click()
    assert_accessible(page)
    page.get_by_role("link", name=championship.name).click()
    assert "anonymiseret" in page.content()
    assert_accessible(page)
    for url in (
        reverse("readaloud:contestant_list", args=[championship.pk]),
        reverse("readaloud:contestant_create", args=[championship.pk]),
        reverse("readaloud:championship_update", args=[championship.pk]),
        reverse("readaloud:round_create", args=[championship.pk]),
        reverse("readaloud:heat_create", args=[heat.round.pk]),
        reverse("readaloud:heat_detail", args=[heat.pk]),
        reverse("readaloud:heat_detail", args=[open_heat.pk]),
        reverse("readaloud:heat_results", args=[open_heat.pk]),
        reverse("readaloud:organiser_score", args=[open_heat.pk, open_assignment.pk, waiting.pk]),
        reverse("readaloud:criteria_update", args=[championship.pk]),
        reverse("readaloud:heat_update", args=[heat.pk]),
        reverse("readaloud:round_update", args=[heat.round.pk]),
        reverse("readaloud:heat_results", args=[heat.pk]),
        reverse("readaloud:heat_running_order", args=[heat.pk]),
        reverse("readaloud:heat_score_sheets", args=[heat.pk]),
        reverse("readaloud:diplomas", args=[championship.pk]),
        reverse("readaloud:public_results", args=[championship.pk]),
        reverse("readaloud:public_editions"),
        reverse("readaloud:consent_overview", args=[championship.pk]),
        reverse("readaloud:consent_letters", args=[championship.pk]),
        reverse("readaloud:contestant_import", args=[championship.pk]),
        reverse("readaloud:heat_close", args=[open_heat.pk]),
        reverse("readaloud:contestant_erase", args=[waiting.contestant.pk]),
        reverse("readaloud:contestant_access_log", args=[waiting.contestant.pk]),
        reverse("readaloud:contestant_withdraw", args=[waiting.contestant.pk]),
        reverse("readaloud:contestant_consent_withdraw", args=[waiting.contestant.pk]),
    ):
        page.goto(url)
        assert page.get_by_role("heading", level=1).count() == 1, url
        assert_accessible(page)

    page.goto(reverse("readaloud:heat_results", args=[heat.pk]))
    assert "juryen afgør" in page.content()
    page.get_by_role("button", name="Registrér juryens afgørelse").click()
    assert "Juryens afgørelse er registreret" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Frigiv resultaterne").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Frigiv resultaterne")
    assert_accessible(page)
    page.get_by_role("button", name="Frigiv resultaterne").click()
    assert "Resultaterne er frigivet" in page.content()
    page.goto(reverse("readaloud:public_results", args=[championship.pk]))
    assert page.get_by_text("Vinder").count() == 1
    assert_accessible(page)

    page.goto(reverse("readaloud:heat_projector", args=[heat.pk]))
    page.get_by_text("Styring").click()
    page.get_by_role("button", name="Vis vinderen").click()
    page.locator(".projector-winner").wait_for()
    assert_accessible(page)
