"""The admin pages the app's users open pass axe, in Danish and English."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from partnerships.models import PartnershipMember
from partnerships.services import partnership_change_status
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_admin_second_factor import code_of
from tests.e2e.conftest import assert_accessible
from tests.partnerships.factories import PartnershipFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_administrators_pages_pass_axe_in_both_languages(page, live_server):
    admin = UserFactory(
        email="ulla@example.com", is_staff=True, is_superuser=True, roles=[Role.ADMINISTRATOR]
    )
    device = TOTPDevice.objects.create(user=admin, name="telefon", confirmed=True)
    partnership = PartnershipFactory(title="SKOFO")
    partnership_change_status(partnership=partnership, to_status="negotiating", by=admin)
    PartnershipMember.objects.create(partnership=partnership, user=admin, role="Koordinator")
    TaskFactory(partnership=partnership, title="Bestil bøger")

    page.goto(reverse("admin:login"))
    assert_accessible(page)
    page.locator("#id_username").fill(admin.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_otp_token").fill(code_of(device))
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")

    urls = [
        reverse("admin:index"),
        reverse("admin:auditlog_logentry_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:partnerships_partnership_changelist"),
        # Tabular inlines (partners, members, tasks, status changes) with rows in them.
        reverse("admin:partnerships_partnership_change", args=[partnership.pk]),
    ]
    for language in ("da", "en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url + "/"}]
        )
        for url in urls:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            assert_accessible(page)
