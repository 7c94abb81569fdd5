"""The partnership journal: notes, minutes and decisions, shared by all its members."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partnerships import services
from partnerships.forms import JournalEntryEditForm, JournalEntryForm
from partnerships.models import JournalEntry, JournalEntryRevision
from partnerships.permissions import journal_entry_for, may_edit_journal_entry, partnership_for
from partnerships.views.tabs import partnership_access_required, tab_context
from toolkit.forms import form_errors_message
from toolkit.pagination import page_of
from toolkit.views import form_action_run

ENTRIES_PER_PAGE = 25


@partnership_access_required
def partnership_journal(request, pk):
    partnership = partnership_for(request.user, pk)
    form = JournalEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid() and form_action_run(
            form,
            lambda: services.journal_entry_create(
                partnership=partnership,
                author=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                entry_date=form.cleaned_data["entry_date"],
                upload=form.cleaned_data.get("attachment_file"),
            ),
        ):
            if form.cleaned_data["kind"] == JournalEntry.Kind.DECISION:
                messages.success(
                    request, _("The decision is recorded and has been e-mailed to the members.")
                )
            else:
                messages.success(request, _("The entry is saved in the journal."))
            return redirect("partnerships:partnership_journal", pk=partnership.pk)
        form_errors_message(request)
    # Newest first, a page at a time: a busy partnership has thousands of entries.
    page_obj = page_of(
        request,
        partnership.journal_entries.select_related("author", "attachment").prefetch_related(
            Prefetch("revisions", queryset=JournalEntryRevision.objects.select_related("edited_by"))
        ),
        ENTRIES_PER_PAGE,
    )
    entries = list(page_obj.object_list)
    for entry in entries:
        entry.can_edit = may_edit_journal_entry(request.user, entry)
    context = tab_context(
        request, partnership, "journal", entries=entries, page_obj=page_obj, form=form
    )
    return render(request, "partnerships/partnership_journal.html", context)


@partnership_access_required
def journal_entry_edit(request, pk, entry_pk):
    entry = journal_entry_for(request.user, pk, entry_pk)
    if not may_edit_journal_entry(request.user, entry):
        raise PermissionDenied
    partnership = entry.partnership
    form = JournalEntryEditForm(request.POST or None, instance=entry)
    if request.method == "POST":
        if form.is_valid() and form_action_run(
            form,
            lambda: services.journal_entry_edit(
                entry=entry,
                by=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            ),
        ):
            messages.success(request, _("The entry was changed. The earlier text is kept."))
            return redirect("partnerships:partnership_journal", pk=partnership.pk)
        form_errors_message(request)
    context = tab_context(request, partnership, "journal", entry=entry, form=form)
    return render(request, "partnerships/journal_entry_form.html", context)
