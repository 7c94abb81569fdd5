"""After erasure and the retention purge, no child's name is anywhere in the database."""

import datetime
import json

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from accounts.outbox import mail_queue
from readaloud import services
from readaloud.models import Contestant
from readaloud.services.traces import redact
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import ContestantFactory

pytestmark = pytest.mark.django_db

SECRETS = [
    "Zebulonia",
    "Quixbert",
    "Xantippa",
    "Vørmwood",
    "Bertil",
    "Flumpenstrøm",
    "Hortensia Grøddelund",
]


def database_text() -> str:
    """Return the text of every row of every table, JSON escapes and sessions decoded."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                parts.extend(str(value) for value in row)
    for session in Session.objects.all():
        parts.append(json.dumps(session.get_decoded(), ensure_ascii=False, default=str))
    return "\n".join(parts)


def names_found(text: str) -> list[str]:
    text = text.casefold()
    found = []
    for secret in SECRETS:
        escaped = json.dumps(secret)[1:-1]  # as JSON with ensure_ascii stores it
        if secret.casefold() in text or escaped.casefold() in text:
            found.append(secret)
    return found


def admin_change(client, contestant, **changes):
    """Change ``contestant`` through the Django admin's own form (writes its log)."""
    url = reverse("admin:readaloud_contestant_change", args=[contestant.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        widget_data = field.widget.format_value(value) if value is not None else ""
        if hasattr(field.widget, "widgets"):  # split date/time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = part or ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = widget_data if widget_data is not None else ""
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.fixture
def seeded(heat, place, assign, librarian, librarian_client, admin_client_):
    """A closed heat whose three readers left their names in every place a name can go."""
    championship = heat.round.championship
    judge = assign()
    zebulonia = place(
        first_name="Zebulonia", last_name="Quixbert", consent_given_by="Hortensia Grøddelund"
    )
    bertil = place(first_name="Bertil", last_name="Flumpenstrøm")
    give_points(judge, zebulonia, {}, default=4)
    give_points(judge, bertil, {}, default=4)
    services.reader_judgement_save(
        assignment=judge, performance=bertil, note="Bertil var nervøs.", absent=False
    )
    xantippa = ContestantFactory(
        championship=championship, first_name="Xantippa", last_name="Vørmwood"
    )
    services.heat_close(heat=heat, by=librarian)
    services.tie_decide(
        heat=heat,
        rank=1,
        order=[bertil.pk, zebulonia.pk],
        note="Bertils oplæsning var mere levende end ZEBULONIAS; Flumpenstrøm'",
        by=librarian,
    )
    admin_change(admin_client_, zebulonia.contestant, class_name="5.z")
    admin_change(admin_client_, xantippa, class_name="6.x")
    admin_change(admin_client_, bertil.contestant, book_title="Bog af Bertil")
    mail_queue(
        to=["skole@example.com"], subject="Om Bertil Flumpenstrøm", body="Xantippa Vørmwood er syg."
    )
    # Reads of the children's data, logged by the staff pages.
    for name in ("contestant_list", "consent_overview", "diplomas"):
        assert (
            librarian_client.get(reverse(f"readaloud:{name}", args=[championship.pk])).status_code
            == 200
        )
    assert (
        librarian_client.get(reverse("readaloud:heat_results", args=[heat.pk])).status_code == 200
    )
    assert names_found(database_text()) == SECRETS  # the test can fail
    return {"zebulonia": zebulonia.contestant, "bertil": bertil.contestant, "xantippa": xantippa}


def test_after_erasure_and_purge_no_childs_name_is_left_in_any_table(
    seeded, librarian_client, admin_client_
):
    zebulonia, bertil, xantippa = seeded["zebulonia"], seeded["bertil"], seeded["xantippa"]

    # Erased on the staff pages (scored: anonymised) …
    librarian_client.post(
        reverse("readaloud:contestant_erase", args=[zebulonia.pk]), {"confirmed": "1"}
    )
    # … deleted in the Django admin (never read: deleted) …
    response = admin_client_.post(
        reverse("admin:readaloud_contestant_delete", args=[xantippa.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Contestant.objects.filter(pk=xantippa.pk).exists()
    left = names_found(database_text())
    assert "Zebulonia" not in left and "Quixbert" not in left
    assert "Hortensia Grøddelund" not in left
    assert "Xantippa" not in left and "Vørmwood" not in left
    assert "Bertil" in left

    # … and the rest by the retention purge.
    championship = bertil.championship
    championship.retention_date = datetime.date(2000, 1, 1)
    championship.save()
    services.personal_data_purge(today=datetime.date(2027, 9, 1))

    assert names_found(database_text()) == []
    bertil.refresh_from_db()
    assert bertil.performances.get().rank == 1


def test_deleting_a_scored_reader_in_the_admin_anonymises_through_the_erase_service(
    seeded, admin_client_
):
    bertil = seeded["bertil"]
    url = reverse("admin:readaloud_contestant_delete", args=[bertil.pk])
    confirm = admin_client_.get(url)
    assert confirm.status_code == 200
    assert "Bertil Flumpenstrøm" in confirm.content.decode()  # no "protected objects" refusal
    assert not confirm.context["protected"]

    response = admin_client_.post(
        reverse("admin:readaloud_contestant_delete", args=[bertil.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    bertil.refresh_from_db()
    assert bertil.is_anonymised()
    assert bertil.performances.get().rank == 1
    text = database_text()
    assert "Flumpenstrøm" not in text


def test_the_admins_bulk_delete_action_erases_each_reader(seeded, admin_client_):
    ids = [seeded["bertil"].pk, seeded["xantippa"].pk]

    response = admin_client_.post(
        reverse("admin:readaloud_contestant_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )

    assert response.status_code == 302
    assert not Contestant.objects.filter(pk=seeded["xantippa"].pk).exists()
    assert Contestant.objects.get(pk=seeded["bertil"].pk).is_anonymised()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bertils oplæsning", "*** oplæsning"),
        ("Hans' bog og Hans's tale", "*** bog og *** tale"),
        ("bertil og BERTIL", "*** og ***"),
        ("Bertilsen er en anden", "Bertilsen er en anden"),
        ("Anne Maries tekst", "*** tekst"),
    ],
)
def test_redaction_catches_every_inflection_of_a_name_but_not_other_words(text, expected):
    assert redact(text, {"Bertil", "Hans", "Anne Marie", "Anne"}) == expected


def test_a_queued_mail_to_a_colleague_who_shares_the_childs_first_name_is_left_alone(
    championship,
):
    from post_office.models import Email

    reader = ContestantFactory(championship=championship, first_name="Anna", last_name="Zorn")
    mail_queue(to=["a@example.com"], subject="Hej Anna", body="Mødet er flyttet.")
    mail_queue(
        to=["b@example.com"], subject="Om Anna Zorn", body="Anna Zorn er syg; Annas far ringer."
    )

    services.contestant_erase(contestant=reader)

    subjects = {email.to[0]: (email.subject, email.message) for email in Email.objects.all()}
    assert subjects["a@example.com"] == ("Hej Anna", "Mødet er flyttet.")
    assert subjects["b@example.com"] == ("Om ***", "*** er syg; *** far ringer.")


def test_the_audit_log_says_who_erased_a_reader_and_why_without_the_name(
    seeded, librarian, librarian_client
):
    from auditlog.models import LogEntry

    zebulonia, xantippa = seeded["zebulonia"], seeded["xantippa"]

    for reader in (zebulonia, xantippa):
        librarian_client.post(
            reverse("readaloud:contestant_erase", args=[reader.pk]), {"confirmed": "1"}
        )
    championship = zebulonia.championship
    championship.retention_date = datetime.date(2000, 1, 1)
    championship.save()
    services.personal_data_purge(today=datetime.date(2027, 9, 1))

    erased = LogEntry.objects.filter(changes__has_key="erased").order_by("pk")
    assert [(int(e.object_pk), e.action, e.actor, e.additional_data["reason"]) for e in erased] == [
        (zebulonia.pk, LogEntry.Action.UPDATE, librarian, "request"),
        (xantippa.pk, LogEntry.Action.DELETE, librarian, "request"),
        (seeded["bertil"].pk, LogEntry.Action.UPDATE, None, "retention"),
    ]
    assert {e.object_repr for e in erased} == {"Anonymiseret oplæser"}
