"""Every invalid submit shows one error summary at the top: it lists each error as a
link to its field, the page title starts with "Fejl:" and the field errors stay."""

import re

import pytest
from django import forms
from django.urls import reverse

from tests.kindergarten_depots.conftest import depot_world
from toolkit.templatetags.error_summary import form_errors_in

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    match = re.search(r'<div class="error-summary[^"]*"(.*?)</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_a_failed_login_gets_a_summary_linking_to_the_first_field_and_an_error_title(client):
    response = client.post(
        reverse("accounts:login"), {"username": "nobody@example.com", "password": "wrong"}
    )

    html = response.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert 'href="#id_username"' in summary
    assert _title(html).startswith("Fejl: Log ind")
    # The summary comes before the form, and the script that focuses it is a file.
    assert html.index("error-summary") < html.index('name="password"')
    assert "js/error-summary.js" in html


def test_the_login_page_without_errors_has_no_summary_and_a_plain_title(client):
    html = client.get(reverse("accounts:login")).content.decode()

    assert "error-summary" not in html
    assert "error-summary.js" not in html
    assert not _title(html).startswith("Fejl")


def test_the_kindergarten_wish_form_lists_its_error_and_keeps_the_field_error(
    staff_a_client, kindergarten_a, librarian
):
    depot_world(kindergarten=kindergarten_a, coordinator=librarian, label="A")

    response = staff_a_client.post(
        reverse("kindergarten_depots:portal_wishes"), {"theme": "", "age_group": "", "text": " "}
    )

    assert response.status_code == 200
    html = response.content.decode()
    summary = _summary(html)
    assert 'href="#id_theme"' in summary
    assert _title(html).startswith("Fejl: ")
    # The general message does not send the user looking for a colour.
    assert "rødt" not in html
    assert "red" not in summary


def test_a_partnership_form_links_each_missing_field_with_its_label(librarian_client):
    response = librarian_client.post(reverse("partnerships:partnership_create"), {"title": ""})

    assert response.status_code == 200
    html = response.content.decode()
    summary = _summary(html)
    assert '<a href="#id_title" data-error-link>Titel: Dette felt er påkrævet.</a>' in summary
    # The field's own error is still shown next to the field.
    assert 'id="id_title"' in html
    assert "is-invalid" in html
    assert _title(html).startswith("Fejl: ")


def test_an_english_page_gets_an_english_prefix(librarian_client):
    librarian_client.cookies["django_language"] = "en"

    html = librarian_client.post(
        reverse("partnerships:partnership_create"), {"title": ""}
    ).content.decode()

    assert _title(html).startswith("Error: ")
    assert "The form was not saved" in _summary(html)


class _Pair(forms.Form):
    name = forms.CharField(label="Navn")
    kind = forms.ChoiceField(
        label="Slags", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    secret = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Noget passer ikke sammen.")


def test_errors_are_collected_from_forms_formsets_and_lists_in_order():
    form = _Pair({"name": "", "kind": "", "secret": ""}, prefix="p")
    formset = forms.formset_factory(_Pair, extra=1)(
        {"f-TOTAL_FORMS": "1", "f-INITIAL_FORMS": "0", "f-0-name": "x"}, prefix="f"
    )
    unbound = _Pair()

    errors = form_errors_in([form, [formset, unbound], {"again": form}, "not a form"])

    ids = [error.field_id for error in errors]
    messages = [error.message for error in errors]
    # Non-field and hidden-field errors link to the first visible field; radio groups to
    # their first option; the same form twice is listed once; unbound forms add nothing.
    assert ids[:4] == ["id_p-name", "id_p-name", "id_p-kind_0", "id_p-name"]
    assert messages[0] == "Noget passer ikke sammen."
    assert messages[1].startswith("Navn: ")
    assert all("f-0" in field_id for field_id in ids[4:])
    assert len(ids) == 4 + 3
