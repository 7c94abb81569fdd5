"""Calendar feeds: RFC 5545 escaping, and no free-text reasons in the feed."""

import re
from datetime import date, timedelta

import pytest

from kindergarten_depots.feeds import _escape
from kindergarten_depots.models import CalendarFeed
from tests.kindergarten_depots.factories import SwapFactory

pytestmark = pytest.mark.django_db


def feed_body(client, feed):
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def unfolded_lines(body):
    """The content lines of the feed, unfolded (RFC 5545 section 3.1)."""
    assert body.endswith("\r\n")
    return body[:-2].replace("\r\n ", "").split("\r\n")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a\r\nb", "a\\nb"),
        ("a\rb", "a\\nb"),
        ("a\nb", "a\\nb"),
        ("a;b,c\\d", "a\\;b\\,c\\\\d"),
        ("a\x00b\x1bc\x7f", "abc"),
        ("tab\there", "tab\there"),
    ],
)
def test_text_values_are_escaped_as_rfc_5545_says(text, escaped):
    assert _escape(text) == escaped


def test_a_carriage_return_in_a_name_cannot_start_a_property_of_its_own(
    anonymous_client, agreement
):
    agreement.kindergarten.name = "Solsikken\rATTENDEE:mailto:evil@example.com"
    agreement.kindergarten.save()
    SwapFactory(agreement=agreement, planned_date=date.today())
    feed = CalendarFeed.objects.create(kindergarten=agreement.kindergarten)

    body = feed_body(anonymous_client, feed)

    assert re.search(r"\r(?!\n)", body) is None  # every CR ends a line (CRLF)
    lines = unfolded_lines(body)
    assert not any(line.startswith("ATTENDEE") for line in lines)
    assert "SUMMARY:Udskiftning af bøger: Solsikken\\nATTENDEE:mailto:evil@example.com" in lines


def test_the_free_text_moved_reason_stays_out_of_the_feed(anonymous_client, agreement):
    SwapFactory(
        agreement=agreement,
        original_date=date.today() - timedelta(days=2),
        planned_date=date.today(),
        moved_reason="Flyttet fordi Bertil Hansens mor ringede",
    )
    SwapFactory(agreement=agreement, planned_date=date.today() + timedelta(days=90))
    feed = CalendarFeed.objects.create(kindergarten=agreement.kindergarten)

    lines = unfolded_lines(feed_body(anonymous_client, feed))

    text = "\n".join(lines)
    assert "Bertil" not in text
    assert "mor ringede" not in text
    descriptions = [line for line in lines if line.startswith("DESCRIPTION:")]
    assert len(descriptions) == 2
    assert "Datoen er flyttet fra" in descriptions[0]
    assert "flyttet" not in descriptions[1]
