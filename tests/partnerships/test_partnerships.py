import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from partnerships.models import (
    Attachment,
    Evaluation,
    JournalEntry,
    Partnership,
    PartnershipMember,
    StatusChange,
    Task,
    TimeEntry,
)
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import (
    JournalEntryFactory,
    PartnershipFactory,
    SchoolFactory,
    TaskFactory,
    TimeEntryFactory,
    WinWinPartnershipFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def partnership(librarian, partner_member, school):
    return WinWinPartnershipFactory(
        title="SKOFO", coordinator=librarian, members=[partner_member], partners=[school]
    )


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(title="Hemmeligt partnerskab")


def status_post(client, partnership, to_status, note=""):
    return client.post(
        reverse("partnerships:partnership_change_status", args=[partnership.pk]),
        {"to_status": to_status, "note": note},
        follow=True,
    )


# --- Workflow and the win-win gate ------------------------------------------


@pytest.mark.django_db
def test_a_partnership_without_gains_or_backing_cannot_become_active(librarian_client, librarian):
    partnership = PartnershipFactory(coordinator=librarian, library_gains="Noget")

    response = status_post(librarian_client, partnership, "active")

    partnership.refresh_from_db()
    assert partnership.status == "idea"
    content = response.content.decode()
    assert "kan ikke blive aktivt" in content
    assert "Hvad partneren får ud af det" in content
    assert "Ledelsens opbakning" in content
    assert not StatusChange.objects.filter(partnership=partnership, to_status="active").exists()


@pytest.mark.django_db
def test_the_detail_page_shows_the_win_win_checklist(librarian_client, librarian):
    partnership = PartnershipFactory(coordinator=librarian, library_gains="Noget")

    content = librarian_client.get(partnership.get_absolute_url()).content.decode()

    assert "Før partnerskabet kan blive aktivt" in content
    assert content.count("✔") == 1
    assert content.count("✘") == 2


@pytest.mark.django_db
def test_each_status_change_is_recorded_with_user_and_date(
    librarian_client, librarian, partnership
):
    status_post(librarian_client, partnership, "negotiating", note="Første møde holdt")
    status_post(librarian_client, partnership, "active")
    status_post(librarian_client, partnership, "paused")

    partnership.refresh_from_db()
    assert partnership.status == "paused"
    changes = list(partnership.status_changes.order_by("changed_at", "pk"))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("idea", "negotiating"),
        ("negotiating", "active"),
        ("active", "paused"),
    ]
    assert {c.changed_by for c in changes} == {librarian}
    assert changes[0].note == "Første møde holdt"
    assert all(c.changed_at.date() == datetime.date.today() for c in changes)
    assert partnership.start_date is not None


@pytest.mark.django_db
def test_a_disallowed_transition_is_refused(librarian_client, partnership):
    response = status_post(librarian_client, partnership, "paused")

    partnership.refresh_from_db()
    assert partnership.status == "idea"
    assert "Vælg en af de viste statusser" in response.content.decode()


@pytest.mark.django_db
def test_an_active_partnership_cannot_lose_its_gains_in_the_edit_form(
    librarian_client, partnership
):
    partnership.status = Partnership.Status.ACTIVE
    partnership.save()
    url = reverse("partnerships:partnership_update", args=[partnership.pk])
    data = partnership_form_data(partnership, partner_gains="")

    response = librarian_client.post(url, data)

    assert response.status_code == 200
    assert "Sæt det på pause først" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.partner_gains


def partnership_form_data(partnership=None, **overrides):
    data = {
        "title": "Læsebånd",
        "kind": "school",
        "partners": [],
        "start_date": "2027-01-10",
        "end_date": "",
        "review_date": "2027-06-01",
        "purpose": "Mere læsning",
        "library_contributes": "",
        "partner_contributes": "",
        "library_gains": "",
        "partner_gains": "",
        "scope": "small",
        "estimated_hours": "20",
        "coordinator": "",
        "backing_approved_by": "",
        "backing_approved_on": "",
        "backing_note": "",
    }
    if partnership is not None:
        data.update(
            {
                "title": partnership.title,
                "kind": partnership.kind,
                "coordinator": partnership.coordinator_id,
                "library_gains": partnership.library_gains,
                "partner_gains": partnership.partner_gains,
                "backing_approved_by": partnership.backing_approved_by,
                "backing_approved_on": partnership.backing_approved_on.isoformat(),
                "partners": [p.pk for p in partnership.partners.all()],
            }
        )
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_librarian_creates_a_partnership_that_starts_as_an_idea(
    librarian_client, librarian, school
):
    data = partnership_form_data(coordinator=librarian.pk, partners=[school.pk])

    response = librarian_client.post(reverse("partnerships:partnership_create"), data)

    partnership = Partnership.objects.get(title="Læsebånd")
    assert response.status_code == 302
    assert partnership.status == "idea"
    assert list(partnership.partners.all()) == [school]
    assert partnership.status_changes.get().to_status == "idea"
    assert partnership.created_by == librarian


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "danish_error"),
    [
        ({"end_date": "2027-01-01"}, "Slutdatoen kan ikke ligge før startdatoen"),
        ({"title": ""}, "Dette felt er påkrævet"),
        ({"estimated_hours": "-5"}, "større end eller lig 0"),
        ({"coordinator": "999999"}, "Marker en gyldig valgmulighed"),
        ({"start_date": "31-02-2027"}, "Indtast en gyldig dato"),
    ],
)
def test_bad_partnership_input_is_refused_in_danish(
    librarian_client, librarian, overrides, danish_error
):
    data = partnership_form_data(coordinator=librarian.pk)
    data.update(overrides)

    response = librarian_client.post(reverse("partnerships:partnership_create"), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert danish_error in content
    assert "Mere læsning" in content
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_end_before_the_start(librarian):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PartnershipFactory(
            coordinator=librarian,
            start_date=datetime.date(2027, 5, 1),
            end_date=datetime.date(2027, 4, 1),
        )


# --- Members ------------------------------------------------------------------


@pytest.mark.django_db
def test_librarian_adds_and_removes_a_member(librarian_client, partnership):
    newcomer = UserFactory(full_name="Nina Ny", roles=["Librarian"])
    add_url = reverse("partnerships:member_add", args=[partnership.pk])

    librarian_client.post(add_url, {"user": newcomer.pk, "role": "Oplæsningsansvarlig"})
    membership = PartnershipMember.objects.get(partnership=partnership, user=newcomer)
    assert membership.role == "Oplæsningsansvarlig"

    librarian_client.post(
        reverse("partnerships:member_remove", args=[partnership.pk, membership.pk])
    )
    assert not PartnershipMember.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_an_unknown_or_unsuitable_member_is_refused(librarian_client, partnership, staff_a):
    add_url = reverse("partnerships:member_add", args=[partnership.pk])

    unknown = librarian_client.post(add_url, {"user": 999999}, follow=True)
    kindergarten_user = librarian_client.post(add_url, {"user": staff_a.pk}, follow=True)

    for response in (unknown, kindergarten_user):
        assert "Vælg en bibliotekar eller et partnermedlem" in response.content.decode()
    assert partnership.memberships.count() == 1


# --- Journal -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_decision_is_emailed_to_every_member_but_the_author(
    partner_member_client, partner_member, librarian, partnership
):
    colleague = UserFactory(email="kollega@example.com", roles=["Librarian"])
    PartnershipMember.objects.create(partnership=partnership, user=colleague)

    response = partner_member_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "decision", "entry_date": "2027-01-15", "text": "Finalen holdes i Rønde."},
    )

    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.author == partner_member
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([librarian.email, colleague.email])
    assert partner_member.email not in message.to
    assert "Beslutning i SKOFO" in message.subject
    assert "Finalen holdes i Rønde." in message.body
    assert reverse("partnerships:partnership_journal", args=[partnership.pk]) in message.body


@pytest.mark.django_db
def test_a_note_sends_no_mail(librarian_client, partnership):
    librarian_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "note", "entry_date": "2027-01-15", "text": "Bare en note."},
    )

    assert JournalEntry.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_editing_an_entry_keeps_the_earlier_text_visible(librarian_client, librarian, partnership):
    entry = JournalEntryFactory(partnership=partnership, author=librarian, text="Første udgave")

    librarian_client.post(
        reverse("partnerships:journal_entry_edit", args=[partnership.pk, entry.pk]),
        {"kind": "note", "text": "Rettet udgave"},
    )

    entry.refresh_from_db()
    assert entry.text == "Rettet udgave"
    assert entry.edited_at is not None
    assert entry.revisions.get().text == "Første udgave"
    page = librarian_client.get(
        reverse("partnerships:partnership_journal", args=[partnership.pk])
    ).content.decode()
    assert "Rettet udgave" in page
    assert "Første udgave" in page


@pytest.mark.django_db
def test_a_member_cannot_edit_somebody_elses_entry(partner_member_client, librarian, partnership):
    entry = JournalEntryFactory(partnership=partnership, author=librarian)

    response = partner_member_client.post(
        reverse("partnerships:journal_entry_edit", args=[partnership.pk, entry.pk]),
        {"kind": "note", "text": "Overskrevet"},
    )

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.text != "Overskrevet"


@pytest.mark.django_db
def test_an_empty_entry_is_refused(librarian_client, partnership):
    response = librarian_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "decision", "entry_date": "2027-01-15", "text": ""},
    )

    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    assert not JournalEntry.objects.exists()


# --- Attachments -------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_an_attachment_is_served_only_to_those_who_may_see_the_partnership(
    librarian_client, partner_member_client, staff_a_client, partnership, media_root, client
):
    upload = SimpleUploadedFile("aftale.pdf", PDF, content_type="application/pdf")
    librarian_client.post(
        reverse("partnerships:attachment_upload", args=[partnership.pk]),
        {"title": "Underskrevet aftale", "file": upload},
    )
    attachment = Attachment.objects.get()
    url = attachment.get_absolute_url()

    member_response = partner_member_client.get(url)
    assert member_response.status_code == 200
    assert b"".join(member_response.streaming_content) == PDF
    assert staff_a_client.get(url).status_code == 403
    assert client.get(url).status_code == 302
    outsider = UserFactory(roles=["Partner member"])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    # Not reachable from a public media URL either.
    assert "/media/" not in url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "danish_error"),
    [
        ("virus.exe", b"MZ\x90\x00", "Filer af denne type kan ikke uploades"),
        ("falsk.pdf", b"MZ\x90\x00not a pdf", "Filens indhold passer ikke til navnet"),
        ("stor.pdf", PDF + b"0" * (10 * 1024 * 1024), "Filen er for stor"),
    ],
)
def test_oversized_or_disallowed_attachments_are_refused(
    librarian_client, partnership, media_root, name, content, danish_error
):
    response = librarian_client.post(
        reverse("partnerships:attachment_upload", args=[partnership.pk]),
        {"title": "Fil", "file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 400
    assert danish_error in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(media_root.rglob("*.*"))


# --- Tasks -------------------------------------------------------------------


@pytest.mark.django_db
def test_assigning_a_task_emails_the_assignee(librarian_client, partner_member, partnership):
    response = librarian_client.post(
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        {
            "title": "Send samtykkeerklæringer",
            "description": "Til alle forældre i 5. klasse",
            "assignee": partner_member.pk,
            "due_date": "2027-02-01",
        },
    )

    assert response.status_code == 302
    task = Task.objects.get()
    assert task.assignee == partner_member
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [partner_member.email]
    assert "Ny opgave: Send samtykkeerklæringer" in mail.outbox[0].subject


@pytest.mark.django_db
def test_reassigning_a_task_emails_the_new_assignee_only(
    librarian_client, librarian, partner_member, partnership
):
    task = TaskFactory(partnership=partnership, assignee=librarian, created_by=librarian)

    librarian_client.post(
        reverse("partnerships:task_edit", args=[partnership.pk, task.pk]),
        {"title": task.title, "description": "", "assignee": partner_member.pk, "due_date": ""},
    )

    assert [m.to for m in mail.outbox] == [[partner_member.email]]


@pytest.mark.django_db
def test_a_task_cannot_be_assigned_to_someone_outside_the_partnership(
    librarian_client, partnership
):
    outsider = UserFactory(roles=["Librarian"])

    response = librarian_client.post(
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        {"title": "Hemmelig", "assignee": outsider.pk},
    )

    assert response.status_code == 200
    assert "Den ansvarlige skal være medlem af partnerskabet" in response.content.decode()
    assert not Task.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_overdue_tasks_are_highlighted_and_can_be_marked_done(librarian_client, partnership):
    task = TaskFactory(partnership=partnership, due_date=datetime.date(2020, 1, 1))
    url = reverse("partnerships:partnership_tasks", args=[partnership.pk])

    page = librarian_client.get(url).content.decode()
    assert "Overskredet" in page
    assert "table-danger" in page

    done_url = reverse("partnerships:task_set_done", args=[partnership.pk, task.pk])
    assert librarian_client.get(done_url).status_code == 405
    librarian_client.post(done_url, {"done": "1"})
    task.refresh_from_db()
    assert task.status == "done"


@pytest.mark.django_db
def test_my_tasks_lists_my_tasks_across_partnerships_only(
    partner_member_client, partner_member, partnership, other_partnership
):
    mine = TaskFactory(partnership=partnership, assignee=partner_member, title="Min opgave")
    TaskFactory(partnership=partnership, title="Koordinatorens opgave")
    TaskFactory(partnership=other_partnership, assignee=partner_member, title="Skjult opgave")

    content = partner_member_client.get(reverse("partnerships:my_tasks")).content.decode()

    assert mine.title in content
    assert "Koordinatorens opgave" not in content
    assert "Skjult opgave" not in content


# --- Time --------------------------------------------------------------------


@pytest.mark.django_db
def test_hours_are_summed_per_person_with_a_warning_over_the_estimate(
    librarian_client, librarian, partner_member, partnership
):
    partnership.estimated_hours = Decimal("5")
    partnership.save()
    TimeEntryFactory(partnership=partnership, user=librarian, hours=Decimal("3"))
    TimeEntryFactory(partnership=partnership, user=partner_member, hours=Decimal("2.5"))

    response = librarian_client.get(reverse("partnerships:partnership_time", args=[partnership.pk]))

    assert response.context["used"] == Decimal("5.5")
    assert response.context["over_estimate"] is True
    assert "har brugt flere timer end anslået" in response.content.decode()
    per_person = {row["user__full_name"]: row["total"] for row in response.context["per_person"]}
    assert per_person == {
        librarian.full_name: Decimal("3"),
        partner_member.full_name: Decimal("2.5"),
    }


@pytest.mark.django_db
def test_a_member_logs_hours(partner_member_client, partner_member, partnership):
    partner_member_client.post(
        reverse("partnerships:partnership_time", args=[partnership.pk]),
        {"date": "2027-01-15", "hours": "1.5", "note": "Møde"},
    )

    entry = TimeEntry.objects.get()
    assert (entry.user, entry.hours) == (partner_member, Decimal("1.5"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "danish_error"),
    [
        ("0", "Timerne skal være mere end 0"),
        ("-2", "Timerne skal være mere end 0"),
        ("25", "Et døgn har højst 24 timer"),
        ("mange", "Indtast et tal"),
    ],
)
def test_negative_zero_or_huge_hours_are_refused(
    librarian_client, partnership, hours, danish_error
):
    response = librarian_client.post(
        reverse("partnerships:partnership_time", args=[partnership.pk]),
        {"date": "2027-01-15", "hours": hours, "note": "Møde"},
    )

    assert response.status_code == 200
    assert danish_error in response.content.decode()
    assert not TimeEntry.objects.exists()


# --- Evaluation and ending --------------------------------------------------


@pytest.mark.django_db
def test_ending_with_an_evaluation_records_both(librarian_client, partnership):
    partnership.status = Partnership.Status.ACTIVE
    partnership.save()

    response = librarian_client.post(
        reverse("partnerships:partnership_end", args=[partnership.pk]),
        {
            "end_date": "2030-06-30",
            "evaluated_on": "2030-06-30",
            "goals_met": "partly",
            "goals_comment": "To ud af tre mål",
            "library_gained": "on",
            "partner_gained": "on",
            "people_reached": "240",
            "lessons_learned": "Start tidligere",
            "recommendation": "change",
        },
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "ended"
    assert partnership.end_date == datetime.date(2030, 6, 30)
    evaluation = Evaluation.objects.get()
    assert (evaluation.goals_met, evaluation.people_reached) == ("partly", 240)


@pytest.mark.django_db
def test_ending_without_an_evaluation_needs_a_reason(librarian_client, partnership):
    url = reverse("partnerships:partnership_end", args=[partnership.pk])

    refused = librarian_client.post(url, {"end_date": "2030-06-30", "skip_evaluation": "on"})
    assert refused.status_code == 200
    assert "Skriv, hvorfor partnerskabet afsluttes uden en evaluering" in refused.content.decode()
    partnership.refresh_from_db()
    assert partnership.status == "idea"

    librarian_client.post(
        url,
        {"end_date": "2030-06-30", "skip_evaluation": "on", "skip_reason": "Partneren lukkede"},
    )
    partnership.refresh_from_db()
    assert partnership.status == "ended"
    assert partnership.evaluation_skipped_reason == "Partneren lukkede"
    assert not Evaluation.objects.exists()


# --- History -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_history_tab_shows_who_changed_what(librarian_client, librarian, partnership):
    librarian_client.post(
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        {"title": "Bestil diplomer", "assignee": librarian.pk},
    )
    status_post(librarian_client, partnership, "negotiating")

    content = librarian_client.get(
        reverse("partnerships:partnership_history", args=[partnership.pk])
    ).content.decode()

    assert "Bestil diplomer" in content
    assert librarian.full_name in content
    assert "Forhandling" in content


# --- Reminders ---------------------------------------------------------------


@pytest.mark.django_db
def test_send_reminders_sends_each_reminder_once(partner_member, librarian):
    today = datetime.date(2027, 3, 1)
    partnership = WinWinPartnershipFactory(
        coordinator=librarian,
        review_date=today + datetime.timedelta(days=14),
        members=[partner_member],
    )
    PartnershipFactory(coordinator=librarian, review_date=today + datetime.timedelta(days=40))
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today + datetime.timedelta(days=1),
        title="I morgen",
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today - datetime.timedelta(days=3),
        title="Forsinket",
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today + datetime.timedelta(days=5),
        title="Senere",
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today - datetime.timedelta(days=3),
        status="done",
        title="Færdig",
    )

    call_command("send_reminders", date=today.isoformat())
    first = [(m.to, m.subject) for m in mail.outbox]
    call_command("send_reminders", date=today.isoformat())

    assert len(mail.outbox) == len(first) == 3
    subjects = {subject for _to, subject in first}
    assert any("Evaluering af" in s for s in subjects)
    assert any("I morgen" in s for s in subjects)
    assert any("Forsinket" in s for s in subjects)
    assert [m.to for m in mail.outbox if "Evaluering af" in m.subject] == [[librarian.email]]


# --- Access ------------------------------------------------------------------


def partnership_urls(partnership, task, entry, attachment):
    pk = partnership.pk
    return {
        # name: (method, url, who besides librarians may use it)
        "list": ("get", reverse("partnerships:partnership_list"), "member"),
        "my_tasks": ("get", reverse("partnerships:my_tasks"), "member"),
        "create": ("get", reverse("partnerships:partnership_create"), None),
        "detail": ("get", reverse("partnerships:partnership_detail", args=[pk]), "member"),
        "update": ("get", reverse("partnerships:partnership_update", args=[pk]), None),
        "status": ("post", reverse("partnerships:partnership_change_status", args=[pk]), None),
        "end": ("get", reverse("partnerships:partnership_end", args=[pk]), None),
        "member_add": ("post", reverse("partnerships:member_add", args=[pk]), None),
        "journal": ("get", reverse("partnerships:partnership_journal", args=[pk]), "member"),
        "journal_edit": (
            "get",
            reverse("partnerships:journal_entry_edit", args=[pk, entry.pk]),
            "member",
        ),
        "tasks": ("get", reverse("partnerships:partnership_tasks", args=[pk]), "member"),
        "task_edit": ("get", reverse("partnerships:task_edit", args=[pk, task.pk]), "member"),
        "task_done": ("post", reverse("partnerships:task_set_done", args=[pk, task.pk]), "member"),
        "time": ("get", reverse("partnerships:partnership_time", args=[pk]), "member"),
        "evaluation": ("get", reverse("partnerships:partnership_evaluation", args=[pk]), None),
        "history": ("get", reverse("partnerships:partnership_history", args=[pk]), None),
        "upload": ("post", reverse("partnerships:attachment_upload", args=[pk]), "member"),
        "download": ("get", attachment.get_absolute_url(), "member"),
    }


@pytest.fixture
def full_partnership(partnership, partner_member, media_root):
    task = TaskFactory(partnership=partnership)
    entry = JournalEntryFactory(partnership=partnership, author=partner_member)
    attachment = Attachment.objects.create(
        partnership=partnership,
        title="Aftale",
        file=SimpleUploadedFile("aftale.pdf", PDF),
        size=len(PDF),
        uploaded_by=partner_member,
    )
    return partnership, task, entry, attachment


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona_client",
    ["anonymous", "librarian", "partner_member", "staff_a", "judge", "admin"],
    indirect=True,
)
def test_access_matrix_for_every_partnership_url(persona_client, full_partnership, request):
    persona = request.node.callspec.params["persona_client"]
    urls = partnership_urls(*full_partnership)
    for name, (method, url, member_may) in urls.items():
        response = getattr(persona_client, method)(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/konto/login/" in response.url, name
        elif persona in ("librarian", "admin"):
            assert response.status_code in (200, 302, 400), name
        elif persona == "partner_member":
            expected = (200, 302, 400) if member_may else (403,)
            assert response.status_code in expected, (name, response.status_code)
        else:
            assert response.status_code == 403, (name, response.status_code)
            assert "SKOFO" not in response.content.decode()


@pytest.mark.django_db
def test_a_partner_member_gets_404_for_partnerships_they_are_not_in(
    partner_member_client, other_partnership, media_root
):
    task = TaskFactory(partnership=other_partnership)
    entry = JournalEntryFactory(partnership=other_partnership)
    attachment = Attachment.objects.create(
        partnership=other_partnership,
        title="Hemmelig",
        file=SimpleUploadedFile("x.pdf", PDF),
        size=len(PDF),
        uploaded_by=other_partnership.coordinator,
    )
    urls = partnership_urls(other_partnership, task, entry, attachment)
    for name, (method, url, member_may) in urls.items():
        if not member_may or name in ("list", "my_tasks"):
            continue
        response = getattr(partner_member_client, method)(url)
        assert response.status_code == 404, name
    listing = partner_member_client.get(reverse("partnerships:partnership_list")).content.decode()
    assert "Hemmeligt partnerskab" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["status", "member_add", "task_done", "upload"],
)
def test_post_only_actions_reject_get(librarian_client, full_partnership, name):
    _method, url, _who = partnership_urls(*full_partnership)[name]

    assert librarian_client.get(url).status_code == 405


# --- Lists and query counts ----------------------------------------------------


@pytest.mark.django_db
def test_list_filters_by_status_kind_mine_and_review_due(librarian_client, librarian):
    mine = PartnershipFactory(title="Mit", coordinator=librarian, review_date=datetime.date.today())
    other = PartnershipFactory(title="Andres", kind="event", status="active")
    url = reverse("partnerships:partnership_list")

    def titles(params):
        return {p.title for p in librarian_client.get(url, params).context["object_list"]}

    assert titles({}) == {"Mit", "Andres"}
    assert titles({"status": "active"}) == {other.title}
    assert titles({"kind": "event"}) == {other.title}
    assert titles({"mine": "on"}) == {mine.title}
    assert titles({"review_due": "on"}) == {mine.title}
    counts = {s: n for s, _l, n in librarian_client.get(url).context["status_counts"]}
    assert counts["idea"] == 1 and counts["active"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 40])
def test_partnership_list_query_count_is_bounded(
    librarian_client, django_assert_max_num_queries, size
):
    for partnership in PartnershipFactory.create_batch(size):
        partnership.partners.add(SchoolFactory())

    with django_assert_max_num_queries(14):
        response = librarian_client.get(reverse("partnerships:partnership_list"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 30])
def test_dashboard_query_count_is_bounded(
    librarian_client, librarian, django_assert_max_num_queries, size
):
    for partnership in PartnershipFactory.create_batch(size, coordinator=librarian):
        TaskFactory(partnership=partnership, assignee=librarian)
        JournalEntryFactory(partnership=partnership, kind="decision")
        TimeEntryFactory(partnership=partnership, user=librarian)

    with django_assert_max_num_queries(16):
        response = librarian_client.get(reverse("dashboard"))

    assert len(response.context["my_tasks"]) == min(size, 15)


@pytest.mark.django_db
def test_dashboard_shows_overdue_tasks_first_and_the_latest_decisions(
    partner_member_client, partner_member, partnership
):
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        title="Senere",
        due_date=datetime.date.today() + datetime.timedelta(days=10),
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        title="Forsinket",
        due_date=datetime.date(2020, 1, 1),
    )
    JournalEntryFactory(
        partnership=partnership, kind="decision", text="Vi har besluttet noget vigtigt."
    )
    TimeEntryFactory(partnership=partnership, user=partner_member, hours=Decimal("2"))

    response = partner_member_client.get(reverse("dashboard"))

    assert [t.title for t in response.context["my_tasks"]] == ["Forsinket", "Senere"]
    content = response.content.decode()
    assert "Vi har besluttet noget vigtigt." in content
    assert response.context["hours_this_month"] == Decimal("2")
    assert "SKOFO" in content


@pytest.mark.django_db
def test_admin_pages_for_partnerships_load(admin_client_, full_partnership):
    partnership, task, entry, _attachment = full_partnership
    pages = [
        reverse("admin:partnerships_partnership_changelist") + "?status__exact=idea",
        reverse("admin:partnerships_partnership_change", args=[partnership.pk]),
        reverse("admin:partnerships_journalentry_change", args=[entry.pk]),
        reverse("admin:partnerships_task_changelist") + "?status__exact=open",
        reverse("admin:partnerships_timeentry_changelist"),
        reverse("admin:partnerships_evaluation_changelist"),
        reverse("admin:partnerships_attachment_changelist"),
        reverse("admin:partnerships_sentreminder_changelist"),
        reverse("admin:auditlog_logentry_changelist"),
    ]
    for url in pages:
        assert admin_client_.get(url).status_code == 200, url
    change = admin_client_.get(
        reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    ).content.decode()
    assert task.title in change
