import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.roles import Role
from readaloud import services
from readaloud.models import Score
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login
from tests.readaloud.factories import (
    ChampionshipFactory,
    ContestantFactory,
    HeatFactory,
    JudgeAssignmentFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def role_groups():
    """Recreate the role groups: an earlier browser test's flush removed the migrated rows."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def test_a_judge_scores_two_readers_on_a_phone(phone_page):
    page = phone_page
    judge = UserFactory(email="dommer@example.com", full_name="Karen Dommer", roles=[Role.JUDGE])
    librarian = UserFactory(roles=[Role.LIBRARIAN])
    championship = ChampionshipFactory(name="Syddjursmesterskaberne i oplæsning 2027")
    heat = HeatFactory(round=RoundFactory(championship=championship, number=1), name="Rønde Skole")
    for first_name in ("Asta", "Emil"):
        services.contestant_place(
            contestant=ContestantFactory(championship=championship, first_name=first_name),
            heat=heat,
        )
    services.running_order_draw(heat=heat, by=librarian)
    JudgeAssignmentFactory(heat=heat, judge=judge)
    first, second = heat.performances.order_by("running_position")

    login(page, "dommer@example.com", PASSWORD)
    assert_accessible(page)
    # On a phone the main menu is folded behind the "Menu" button.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Oplæsning").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Min bedømmelse"
    assert_accessible(page)

    page.get_by_role("link", name="Skolerunde: Rønde Skole").click()
    assert_accessible(page)
    page.get_by_role("link", name=first.contestant.full_name).click()
    assert page.get_by_role("heading", level=1).inner_text() == first.contestant.full_name
    assert_accessible(page)

    chosen = page.get_by_role("group", name="Selvvalgt tekst")
    unseen = page.get_by_role("group", name="Ukendt tekst")
    chosen.get_by_label("Læseteknik").fill("4")
    chosen.get_by_label("Fortolkning").fill("5")
    chosen.get_by_label("Tekstvalg").fill("3")
    chosen.get_by_label("Kontakt med publikum").fill("4")
    chosen.get_by_label("Kontakt med publikum").blur()
    # With JavaScript the scores are saved as the judge goes; the status line says so.
    page.locator("#save-status").filter(has_text="Gemt kl.").wait_for()
    assert Score.objects.filter(performance=first, part="chosen").count() == 4
    unseen.get_by_label("Læseteknik").fill("9")  # above the maximum: refused
    unseen.get_by_label("Fortolkning").fill("4")
    unseen.get_by_label("Kontakt med publikum").fill("3")
    # Skip the browser's own validation so the server's message is what the judge sees.
    page.evaluate("document.querySelector('main form').noValidate = true")
    save_and_next = page.get_by_role("button", name="Gem og gå til næste oplæser")
    # "next" is only ever a return address; this button has its own name.
    assert save_and_next.get_attribute("name") == "save_and_next"
    save_and_next.click()
    expect(page.locator("#save-status")).to_contain_text("Højst 5 point")
    assert_accessible(page)
    assert not Score.objects.filter(part="unseen", criterion__code="technique").exists()

    page.get_by_role("group", name="Ukendt tekst").get_by_label("Læseteknik").fill("5")
    page.get_by_role("button", name="Gem og gå til næste oplæser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.contestant.full_name)
    assert_accessible(page)
    assert Score.objects.filter(performance=first).count() == 7

    for group in ("Selvvalgt tekst", "Ukendt tekst"):
        fields = page.get_by_role("group", name=group).get_by_role("spinbutton")
        for index in range(fields.count()):
            fields.nth(index).fill("3")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator("#save-status")).to_contain_text("Gemt kl.")
    assert_accessible(page)
    assert Score.objects.filter(performance=second).count() == 7

    page.get_by_role("link", name="Skolerunde: Rønde Skole").click()
    assert page.get_by_text("Bedømt").count() == 2
    assert_accessible(page)


def test_a_judge_who_loses_the_network_loses_no_score(phone_page):
    page = phone_page
    judge = UserFactory(email="dommer@example.com", full_name="Karen Dommer", roles=[Role.JUDGE])
    championship = ChampionshipFactory()
    heat = HeatFactory(round=RoundFactory(championship=championship, number=1), name="Rønde Skole")
    performance = services.contestant_place(
        contestant=ContestantFactory(championship=championship, first_name="Asta"), heat=heat
    )
    JudgeAssignmentFactory(heat=heat, judge=judge)
    login(page, "dommer@example.com", PASSWORD)
    page.goto(f"/oplaesning/bedoemmelse/heats/{heat.pk}/{performance.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(performance.contestant.full_name)
    # The first score field is above the fold on a 390 x 844 phone.
    first_field = page.get_by_role("group", name="Selvvalgt tekst").get_by_role("spinbutton").first
    box = first_field.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844

    page.context.set_offline(True)
    for group in ("Selvvalgt tekst", "Ukendt tekst"):
        fields = page.get_by_role("group", name=group).get_by_role("spinbutton")
        for index in range(fields.count()):
            fields.nth(index).fill("4")
    page.get_by_label("Noter om denne oplæser").fill("Flot indlevelse")
    page.get_by_label("Noter om denne oplæser").blur()
    status = page.locator("#save-status")
    expect(status).to_contain_text("Ikke gemt")
    expect(status).not_to_contain_text("Gemt kl.")
    expect(page.locator("#unsent-count")).to_contain_text("1 pointark er ikke sendt")
    assert not Score.objects.filter(performance=performance).exists()
    assert_accessible(page)

    page.context.set_offline(False)
    expect(status).to_contain_text("Gemt kl.", timeout=15000)
    expect(page.locator("#unsent-count")).to_be_hidden()
    assert Score.objects.filter(performance=performance).count() == 7
    assert set(Score.objects.values_list("points", flat=True)) == {4}
    assert performance.judgements.get().note == "Flot indlevelse"
