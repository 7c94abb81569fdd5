"""The partnership's admin inlines save members, tasks and journal entries through the
services, recorded as the admin user's, like the partnership's page does."""

import re

import pytest
from django import forms
from django.core import mail
from django.urls import reverse

from partnerships.models import JournalEntry, JournalEntryRevision, PartnershipMember, Task
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import JournalEntryFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _put(data, bound_field):
    value = bound_field.value()
    if isinstance(bound_field.field, forms.BooleanField):
        if value:
            data[bound_field.html_name] = "on"
        return
    data[bound_field.html_name] = "" if value is None else value


def change_form_data(client, url):
    """The change form's data as shown (main form, every inline and management form)."""
    context = client.get(url).context
    data = {}
    for bound_field in context["adminform"].form:
        _put(data, bound_field)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            _put(data, bound_field)
        for form in formset.forms:
            for bound_field in form:
                _put(data, bound_field)
    return data


def new_row(data, prefix, **values):
    """Add a row to the inline ``prefix`` in ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value


def save(client, partnership, change=None):
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = change_form_data(client, url)
    if change:
        change(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    return response


def test_a_task_and_a_decision_added_in_the_admin_go_through_the_services(
    admin_client_, admin_user, partnership, partner_member, librarian
):
    def add(data):
        new_row(data, "tasks", title="Bestil bøger", assignee=partner_member.pk, status="open")
        new_row(data, "journal_entries", kind="decision", text="Finalen holdes i Rønde.")

    save(admin_client_, partnership, add)

    task = Task.objects.get(partnership=partnership)
    entry = JournalEntry.objects.get(partnership=partnership)
    assert task.created_by == admin_user
    assert entry.author == admin_user
    # The services tell the assignee and every member of a decision.
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Bestil bøger" in s for s in subjects)
    assert any("Beslutning i SKOFO" in s for s in subjects)
    decision_mail_to = {m.to[0] for m in mail.outbox if "Beslutning" in m.subject}
    assert decision_mail_to == {partner_member.email, librarian.email}


def test_editing_in_the_admin_keeps_the_journal_revision_and_marks_a_task_done(
    admin_client_, admin_user, partnership, partner_member
):
    task = TaskFactory(partnership=partnership, title="Bestil bøger")
    entry = JournalEntryFactory(partnership=partnership, author=partner_member, text="Første")

    def edit(data):
        data["tasks-0-status"] = "done"
        data["journal_entries-0-text"] = "Rettet"

    save(admin_client_, partnership, edit)

    task.refresh_from_db()
    entry.refresh_from_db()
    assert task.status == Task.Status.DONE and task.completed_at is not None
    assert entry.text == "Rettet"
    revision = JournalEntryRevision.objects.get(entry=entry)
    assert (revision.text, revision.edited_by) == ("Første", admin_user)


def test_members_are_added_and_removed_in_the_admin_through_the_services(
    admin_client_, partnership, partner_member
):
    newcomer = UserFactory(full_name="Nina Ny")

    def change(data):
        data["memberships-0-DELETE"] = "on"
        new_row(data, "memberships", user=newcomer.pk, role="Skolebibliotekar")

    save(admin_client_, partnership, change)

    assert list(
        PartnershipMember.objects.filter(partnership=partnership).values_list("user", "role")
    ) == [(newcomer.pk, "Skolebibliotekar")]


def test_the_admin_cannot_delete_tasks_or_journal_entries_the_history_needs(
    admin_client_, partnership, partner_member
):
    TaskFactory(partnership=partnership)
    JournalEntryFactory(partnership=partnership, author=partner_member)
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])

    page = admin_client_.get(url).content.decode()

    assert 'name="tasks-0-DELETE"' not in page
    assert 'name="journal_entries-0-DELETE"' not in page


def test_the_tabular_inlines_have_no_empty_header_and_label_every_field(
    admin_client_, partnership, partner_member
):
    TaskFactory(partnership=partnership)
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])

    page = admin_client_.get(url).content.decode()

    assert re.search(r"<th[^>]*>\s*</th>", page) is None
    assert '<span class="visually-hidden">Slet?</span>' in page  # tasks are not deleted
    assert '<label class="visually-hidden" for="id_tasks-0-title">Titel</label>' in page
    assert '<label class="visually-hidden" for="id_memberships-0-DELETE">Slet?</label>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["journalentry", "task", "timeentry", "evaluation", "attachment"])
def test_the_standalone_admins_only_show_rows_so_no_change_bypasses_the_services(
    admin_client_, model
):
    changelist = admin_client_.get(reverse(f"admin:partnerships_{model}_changelist"))
    add = admin_client_.get(reverse(f"admin:partnerships_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 403
