"""Partnership pages: list, overview, journal, tasks, time, evaluation and history.

Librarians see every partnership; partner members only those they coordinate or
belong to (anything else is 404); other roles get 403. Changing a partnership's
core data, status or members is for librarians; members share the journal,
tasks, time and attachments.
"""

from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from accounts import roles
from accounts.permissions import RoleRequiredMixin, librarian_required, role_required
from partnerships import services
from partnerships.filters import PartnershipFilter
from partnerships.forms import (
    AttachmentForm,
    EndPartnershipForm,
    EvaluationForm,
    JournalEntryEditForm,
    JournalEntryForm,
    MemberForm,
    PartnershipForm,
    StatusChangeForm,
    TaskForm,
    TimeEntryForm,
)
from partnerships.models import (
    Attachment,
    JournalEntry,
    JournalEntryRevision,
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    StatusChange,
    Task,
    TimeEntry,
)
from partnerships.permissions import may_use_partnerships, partnership_for
from toolkit.forms import form_errors_message
from toolkit.redirects import redirect_to_next

partnership_access_required = role_required(may_use_partnerships)


def _tab_context(request, partnership, tab, **extra):
    return {
        "partnership": partnership,
        "tab": tab,
        "can_manage": roles.is_librarian(request.user),
        **extra,
    }


# --- List, create, edit ------------------------------------------------------


class PartnershipListView(RoleRequiredMixin, FilterView):
    role_test = staticmethod(may_use_partnerships)
    filterset_class = PartnershipFilter
    template_name = "partnerships/partnership_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            Partnership.objects.visible_to(self.request.user)
            .select_related("coordinator")
            .prefetch_related("partners")
            .order_by("title", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        without_status = self.request.GET.copy()
        without_status.pop("status", None)
        others = PartnershipFilter(
            without_status, queryset=self.get_queryset(), user=self.request.user
        ).qs
        counts = dict(
            others.order_by().values_list("status").annotate(n=Count("pk", distinct=True))
        )
        context["status_counts"] = [
            (status, label, counts.get(status, 0)) for status, label in Partnership.Status.choices
        ]
        context["today"] = timezone.localdate()
        context["can_manage"] = roles.is_librarian(self.request.user)
        return context


@librarian_required
def partnership_create(request):
    form = PartnershipForm(request.POST or None, initial={"coordinator": request.user})
    if request.method == "POST":
        if form.is_valid():
            partnership = services.partnership_create(form=form, by=request.user)
            messages.success(
                request, _("The partnership %(title)s was created.") % {"title": partnership}
            )
            return redirect(partnership)
        form_errors_message(request)
    return render(request, "partnerships/partnership_form.html", {"form": form})


@librarian_required
def partnership_update(request, pk):
    partnership = partnership_for(request.user, pk)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The changes were saved."))
            return redirect(partnership)
        form_errors_message(request)
    return render(
        request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership}
    )


# --- Overview, status, members, attachments ---------------------------------


def _overview(request, partnership, *, attachment_form=None, status=200):
    context = _tab_context(
        request,
        partnership,
        "overview",
        partner_links=PartnershipPartner.objects.filter(partnership=partnership).select_related(
            "partner"
        ),
        memberships=partnership.memberships.select_related("user", "user__partner"),
        attachments=partnership.attachments.select_related("uploaded_by"),
        checklist=partnership.activation_checklist(),
        status_form=StatusChangeForm(partnership=partnership),
        member_form=MemberForm(partnership=partnership),
        attachment_form=attachment_form or AttachmentForm(),
    )
    return render(request, "partnerships/partnership_detail.html", context, status=status)


@partnership_access_required
def partnership_detail(request, pk):
    return _overview(request, partnership_for(request.user, pk))


@require_POST
@librarian_required
def partnership_change_status(request, pk):
    partnership = partnership_for(request.user, pk)
    form = StatusChangeForm(request.POST, partnership=partnership)
    if form.is_valid():
        try:
            services.partnership_change_status(
                partnership=partnership,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            partnership.refresh_from_db()
            messages.success(
                request,
                _("The status is now “%(status)s”.") % {"status": partnership.get_status_display()},
            )
    else:
        messages.error(request, _("Choose one of the statuses offered."))
    return redirect(partnership)


@require_POST
@librarian_required
def member_add(request, pk):
    partnership = partnership_for(request.user, pk)
    form = MemberForm(request.POST, partnership=partnership)
    if form.is_valid():
        member = services.member_add(
            partnership=partnership, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
        )
        messages.success(request, _("%(name)s is now a member.") % {"name": member.user})
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
    return redirect(partnership)


@require_POST
@librarian_required
def member_remove(request, pk, member_pk):
    partnership = partnership_for(request.user, pk)
    membership = get_object_or_404(PartnershipMember, partnership=partnership, pk=member_pk)
    services.member_remove(membership=membership)
    messages.success(
        request,
        _("%(name)s is no longer a member. Their entries and hours stay in the history.")
        % {"name": membership.user},
    )
    return redirect(partnership)


@require_POST
@partnership_access_required
def attachment_upload(request, pk):
    partnership = partnership_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(
            partnership=partnership,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            by=request.user,
        )
        messages.success(request, _("The file was uploaded."))
        return redirect(partnership)
    messages.error(request, _("The file was not uploaded. See the error below."))
    return _overview(request, partnership, attachment_form=form, status=400)


@partnership_access_required
def attachment_download(request, pk, attachment_pk):
    partnership = partnership_for(request.user, pk)
    attachment = get_object_or_404(Attachment, partnership=partnership, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = attachment.file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Journal -----------------------------------------------------------------


@partnership_access_required
def partnership_journal(request, pk):
    partnership = partnership_for(request.user, pk)
    form = JournalEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            entry = services.journal_entry_create(
                partnership=partnership,
                author=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                entry_date=form.cleaned_data["entry_date"],
                upload=form.cleaned_data.get("attachment_file"),
            )
            if entry.kind == JournalEntry.Kind.DECISION:
                messages.success(
                    request, _("The decision is recorded and has been e-mailed to the members.")
                )
            else:
                messages.success(request, _("The entry is saved in the journal."))
            return redirect("partnerships:partnership_journal", pk=partnership.pk)
        form_errors_message(request)
    entries = partnership.journal_entries.select_related("author", "attachment").prefetch_related(
        Prefetch("revisions", queryset=JournalEntryRevision.objects.select_related("edited_by"))
    )
    context = _tab_context(request, partnership, "journal", entries=entries, form=form)
    return render(request, "partnerships/partnership_journal.html", context)


@partnership_access_required
def journal_entry_edit(request, pk, entry_pk):
    partnership = partnership_for(request.user, pk)
    entry = get_object_or_404(JournalEntry, partnership=partnership, pk=entry_pk)
    if entry.author_id != request.user.pk and not roles.is_librarian(request.user):
        raise PermissionDenied
    form = JournalEntryEditForm(request.POST or None, instance=entry)
    if request.method == "POST":
        if form.is_valid():
            services.journal_entry_edit(
                entry=entry,
                by=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("The entry was changed. The earlier text is kept."))
            return redirect("partnerships:partnership_journal", pk=partnership.pk)
        form_errors_message(request)
    context = _tab_context(request, partnership, "journal", entry=entry, form=form)
    return render(request, "partnerships/journal_entry_form.html", context)


# --- Tasks -------------------------------------------------------------------


@partnership_access_required
def partnership_tasks(request, pk):
    partnership = partnership_for(request.user, pk)
    form = TaskForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        if form.is_valid():
            task = services.task_create(partnership=partnership, form=form, by=request.user)
            messages.success(request, _("The task %(title)s was created.") % {"title": task})
            return redirect("partnerships:partnership_tasks", pk=partnership.pk)
        form_errors_message(request)
    tasks = partnership.tasks.select_related("assignee").order_by("status", "due_date", "pk")
    context = _tab_context(
        request, partnership, "tasks", tasks=tasks, form=form, today=timezone.localdate()
    )
    return render(request, "partnerships/partnership_tasks.html", context)


@partnership_access_required
def task_edit(request, pk, task_pk):
    partnership = partnership_for(request.user, pk)
    task = get_object_or_404(Task, partnership=partnership, pk=task_pk)
    form = TaskForm(request.POST or None, instance=task, partnership=partnership)
    if request.method == "POST":
        if form.is_valid():
            services.task_update(form=form, by=request.user)
            messages.success(request, _("The task was saved."))
            return redirect("partnerships:partnership_tasks", pk=partnership.pk)
        form_errors_message(request)
    context = _tab_context(request, partnership, "tasks", task=task, form=form)
    return render(request, "partnerships/task_form.html", context)


@require_POST
@partnership_access_required
def task_set_done(request, pk, task_pk):
    partnership = partnership_for(request.user, pk)
    task = get_object_or_404(Task, partnership=partnership, pk=task_pk)
    done = request.POST.get("done") == "1"
    services.task_set_done(task=task, done=done)
    if done:
        messages.success(request, _("“%(title)s” is done.") % {"title": task})
    else:
        messages.success(request, _("“%(title)s” is open again.") % {"title": task})
    return redirect_to_next(request, reverse("partnerships:partnership_tasks", args=[pk]))


@partnership_access_required
def my_tasks(request):
    visible = Partnership.objects.visible_to(request.user)
    tasks = (
        Task.objects.filter(assignee=request.user, partnership__in=visible)
        .select_related("partnership")
        .order_by("status", "due_date", "pk")
    )
    return render(
        request, "partnerships/my_tasks.html", {"tasks": tasks, "today": timezone.localdate()}
    )


# --- Time --------------------------------------------------------------------


@partnership_access_required
def partnership_time(request, pk):
    partnership = partnership_for(request.user, pk)
    form = TimeEntryForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            services.time_entry_create(partnership=partnership, form=form, by=request.user)
            messages.success(request, _("Your hours are logged."))
            return redirect("partnerships:partnership_time", pk=partnership.pk)
        form_errors_message(request)
    entries = partnership.time_entries.select_related("user")
    per_person = (
        partnership.time_entries.values("user__full_name", "user__email")
        .annotate(total=Sum("hours"))
        .order_by("-total", "user__full_name")
    )
    used = sum((row["total"] for row in per_person), Decimal("0"))
    estimate = partnership.estimated_hours
    context = _tab_context(
        request,
        partnership,
        "time",
        entries=entries[:200],
        per_person=per_person,
        used=used,
        estimate=estimate,
        over_estimate=estimate is not None and used > estimate,
        percent=min(int(used / estimate * 100), 100) if estimate else None,
        form=form,
    )
    return render(request, "partnerships/partnership_time.html", context)


# --- Evaluation and ending ---------------------------------------------------


@librarian_required
def partnership_evaluation(request, pk):
    partnership = partnership_for(request.user, pk)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            services.evaluation_create(partnership=partnership, form=form, by=request.user)
            messages.success(request, _("The evaluation is saved."))
            return redirect("partnerships:partnership_evaluation", pk=partnership.pk)
        form_errors_message(request)
    evaluations = partnership.evaluations.select_related("evaluated_by")
    context = _tab_context(request, partnership, "evaluation", evaluations=evaluations, form=form)
    return render(request, "partnerships/partnership_evaluation.html", context)


@librarian_required
def partnership_end(request, pk):
    partnership = partnership_for(request.user, pk)
    if Partnership.Status.ENDED not in partnership.allowed_transitions():
        messages.error(request, _("This partnership has already ended."))
        return redirect(partnership)
    today = timezone.localdate()
    form = EndPartnershipForm(
        request.POST or None, initial={"evaluated_on": today, "end_date": today}
    )
    if request.method == "POST" and form.is_valid():
        skip = form.cleaned_data["skip_evaluation"]
        try:
            services.partnership_end(
                partnership=partnership,
                by=request.user,
                end_date=form.cleaned_data["end_date"],
                evaluation_form=None if skip else form,
                skip_reason=form.cleaned_data["skip_reason"] if skip else "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partnership has ended."))
            return redirect(partnership)
    if request.method == "POST":
        form_errors_message(request)
    context = _tab_context(request, partnership, "evaluation", form=form)
    return render(request, "partnerships/partnership_end.html", context)


# --- History -----------------------------------------------------------------


@librarian_required
def partnership_history(request, pk):
    partnership = partnership_for(request.user, pk)
    related = {
        Partnership: [partnership.pk],
        PartnershipMember: list(partnership.memberships.values_list("pk", flat=True)),
        PartnershipPartner: list(partnership.partner_links.values_list("pk", flat=True)),
        JournalEntry: list(partnership.journal_entries.values_list("pk", flat=True)),
        Task: list(partnership.tasks.values_list("pk", flat=True)),
        TimeEntry: list(partnership.time_entries.values_list("pk", flat=True)),
    }
    types = ContentType.objects.get_for_models(*related)
    query = Q()
    for model, pks in related.items():
        if pks:
            query |= Q(content_type=types[model], object_pk__in=[str(pk) for pk in pks])
    log = (
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:300]
    )
    status_changes = StatusChange.objects.filter(partnership=partnership).select_related(
        "changed_by"
    )
    context = _tab_context(request, partnership, "history", log=log, status_changes=status_changes)
    return render(request, "partnerships/partnership_history.html", context)
