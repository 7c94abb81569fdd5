"""The Django admin in Danish: every app and model name translated, the audit log searchable."""

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse
from post_office.models import Email

from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnerFactory

pytestmark = pytest.mark.django_db

# The English names third-party apps used to show in the Danish admin.
KNOWN_ENGLISH = {
    "Audit log",
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Post Office",
    "Email Templates",
    "Emails",
    "Logs",
    "Tasks Database Backend",
    "Task Results",
    "Otp_Static",
    "Otp_Totp",
    "Static devices",
    "TOTP devices",
}
# Names that are the same word in both languages.
SAME_IN_BOTH = {"Heats", "Logins", "E-mails"}


def admin_labels(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    app_list = client.get(reverse("admin:index")).context["app_list"]
    labels = {}
    for app in app_list:
        labels[app["app_label"]] = str(app["name"])
        for model in app["models"]:
            labels[f"{app['app_label']}.{model['object_name']}"] = str(model["name"])
    return labels


def test_every_app_and_model_in_the_danish_admin_has_a_danish_name(admin_client_):
    english = admin_labels(admin_client_, "en")
    danish = admin_labels(admin_client_, "da")

    assert danish.keys() == english.keys()
    assert set(danish.values()) & KNOWN_ENGLISH == set()
    untranslated = {
        key: name
        for key, name in danish.items()
        if name == english[key] and name not in SAME_IN_BOTH
    }
    assert untranslated == {}
    assert danish["axes"] == "Loginforsøg"
    assert danish["auditlog.LogEntry"] == "Ændringer"


def test_the_danish_admin_index_page_shows_no_known_english_label(admin_client_):
    content = admin_client_.get(reverse("admin:index")).content.decode()

    for label in KNOWN_ENGLISH:
        assert f">{label}<" not in content, label


def test_the_audit_log_can_be_searched_by_the_actors_name_and_the_object(admin_client_):
    actor = UserFactory(full_name="Karen Søgbar", email="karen@example.com")
    with_actor = LogEntry.objects.log_create(
        PartnerFactory(name="Rønde Skole"), action=LogEntry.Action.CREATE, changes={}
    )
    with_actor.actor = actor
    with_actor.save()
    LogEntry.objects.log_create(
        PartnerFactory(name="Zyxby Skole"), action=LogEntry.Action.CREATE, changes={}
    )
    url = reverse("admin:auditlog_logentry_changelist")

    by_name = admin_client_.get(url, {"q": "Søgbar"})
    by_email = admin_client_.get(url, {"q": "karen@example"})
    by_object = admin_client_.get(url, {"q": "Zyxby"})

    assert by_name.status_code == 200
    assert [entry.pk for entry in by_name.context["cl"].result_list] == [with_actor.pk]
    assert [entry.pk for entry in by_email.context["cl"].result_list] == [with_actor.pk]
    assert {entry.object_repr for entry in by_object.context["cl"].result_list} == {"Zyxby Skole"}


@pytest.mark.parametrize(
    ("changelist", "english", "danish"),
    [
        ("auditlog_logentry", ["Resource", "Correlation ID", "action"], ["Objekt", "handling"]),
        ("axes_accessattempt", ["Attempt Time", "User Agent", "Failed Logins"], ["Sti"]),
        ("axes_accesslog", ["Logout Time", "Attempt Time"], ["Logget ud"]),
        ("post_office_email", ["Subject", "Priority", "Scheduled Time"], ["Emne"]),
        ("django_tasks_database_dbtaskresult", ["queue name", "enqueued at"], ["Efter kø"]),
    ],
)
def test_third_party_admin_lists_have_danish_columns_and_filters(
    admin_client_, changelist, english, danish
):
    # A row in each list, so that its columns are shown.
    PartnerFactory(name="Rønde Skole")  # an audit log entry
    Email.objects.create(to=["lise@example.com"], from_email="bib@example.com", subject="Hej")
    content = admin_client_.get(reverse(f"admin:{changelist}_changelist")).content.decode()

    for label in english:
        assert f">{label}<" not in content and f"Efter {label}" not in content, label
    for label in danish:
        assert label in content, label


# django-otp's model fields carry no translatable names; accounts/otp_admin.py labels them.
# ("Tolerance" is the same word in Danish.)
OTP_ENGLISH = [
    "User",
    "Name",
    "Created at",
    "Created",
    "Last used at",
    "Confirmed",
    "Identity",
    "Timestamps",
    "Configuration",
    "Throttling",
    "Key",
    "Step",
    "Digits",
    "Drift",
    "Throttling failure count",
    "Token",
    "QR Code",
]


def otp_pages(admin_user):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    totp = TOTPDevice.objects.get(user=admin_user)
    static = StaticDevice.objects.create(user=admin_user, name="backup", confirmed=True)
    static.token_set.create(token="abc123")
    return [
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[totp.pk]),
        reverse("admin:otp_totp_totpdevice_add"),
        reverse("admin:otp_static_staticdevice_changelist"),
        reverse("admin:otp_static_staticdevice_change", args=[static.pk]),
    ]


def visible_labels(content):
    """The text of every header, label, legend and filter title on an admin page."""
    import re

    pattern = r"<(?:th|label|h2|h3|legend|summary)[^>]*>(.*?)</(?:th|label|h2|h3|legend|summary)>"
    texts = set()
    for inner in re.findall(pattern, content, flags=re.S):
        text = re.sub(r"<[^>]+>", "", inner).strip().rstrip(":").strip()
        texts.add(text)
        texts.add(text.removeprefix("Efter ").removeprefix("By ").strip())
    return texts


def test_the_second_factor_device_admin_has_no_english_label_in_danish(admin_client_, admin_user):
    admin_client_.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    for url in otp_pages(admin_user):
        response = admin_client_.get(url)
        assert response.status_code == 200, url
        labels = visible_labels(response.content.decode())
        assert labels & set(OTP_ENGLISH) == set(), url

    changelist = admin_client_.get(reverse("admin:otp_totp_totpdevice_changelist"))
    change = admin_client_.get(otp_pages(admin_user)[1])
    assert {"Bruger", "Navn", "Oprettet", "Bekræftet"} <= visible_labels(
        changelist.content.decode()
    )
    assert {"Bruger", "Navn", "Bekræftet", "Hemmelig nøgle"} <= visible_labels(
        change.content.decode()
    )


def test_the_second_factor_device_admin_reads_english_in_english(admin_client_, admin_user):
    admin_client_.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    url = otp_pages(admin_user)[1]
    labels = visible_labels(admin_client_.get(url).content.decode())

    assert {"User", "Name", "Confirmed", "Secret key", "Created"} <= labels


def test_a_device_can_still_be_added_in_the_relabelled_admin(admin_client_, admin_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    colleague = UserFactory(email="kim@example.com")
    url = reverse("admin:otp_totp_totpdevice_add")
    form = admin_client_.get(url).context["adminform"].form
    values = {name: form[name].value() for name in form.fields if name != "confirmed"}
    data = {name: "" if value is None else value for name, value in values.items()}
    data.update(user=colleague.pk, name="telefon", confirmed="on")

    response = admin_client_.post(url, data)

    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=colleague)
    assert (device.name, device.confirmed, device.digits) == ("telefon", True, 6)
