from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships import services
from partnerships.models import (
    Attachment,
    BackingDecision,
    BackingRequest,
    Branch,
    ContactPerson,
    Evaluation,
    JournalEntry,
    JournalEntryRevision,
    Partner,
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    SentReminder,
    StatusChange,
    Task,
    TimeEntry,
)
from toolkit.paginators import EstimatedCountPaginator


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "town",
        "area",
        "number_of_children",
        "institution_number",
        "active",
    )
    list_filter = ("kind", "active", "area")
    search_fields = (
        "name",
        "town",
        "area",
        "institution_number",
        "contacts__name",
        "contacts__email",
    )
    inlines = [ContactPersonInline]
    readonly_fields = ("created_at", "updated_at")


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ("name", "partner", "role", "email", "phone", "is_primary")
    list_filter = ("is_primary", "partner__kind")
    list_select_related = ("partner",)
    search_fields = ("name", "email", "partner__name")
    autocomplete_fields = ("partner",)


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("name", "town", "phone", "email", "active")
    list_filter = ("active",)
    search_fields = ("name", "town")


class EndedReadOnlyInline:
    """An ended partnership is read-only in the admin too: its inlines add and change nothing."""

    def _running(self, obj):
        return obj is None or not obj.is_ended()

    def has_add_permission(self, request, obj=None):
        return self._running(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._running(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._running(obj) and super().has_delete_permission(request, obj)


class PartnershipPartnerInline(EndedReadOnlyInline, admin.TabularInline):
    model = PartnershipPartner
    extra = 0
    autocomplete_fields = ("partner",)


class PartnershipMemberInline(EndedReadOnlyInline, admin.TabularInline):
    """Saved through member_add / member_remove (PartnershipAdmin.save_formset)."""

    model = PartnershipMember
    extra = 0
    fields = ("user", "role")
    autocomplete_fields = ("user",)


class TaskInline(EndedReadOnlyInline, admin.TabularInline):
    """Saved through task_create / task_update / task_set_done; the history keeps tasks."""

    model = Task
    extra = 0
    fields = ("title", "assignee", "due_date", "status")
    autocomplete_fields = ("assignee",)
    can_delete = False


class JournalEntryInline(EndedReadOnlyInline, admin.StackedInline):
    """Saved through journal_entry_create / journal_entry_edit, written by the admin user
    (the date and author are the service's: today and who writes); entries are kept."""

    model = JournalEntry
    extra = 0
    fields = ("kind", "entry_date", "author", "text", "attachment")
    readonly_fields = ("entry_date", "author", "attachment")
    show_change_link = True
    can_delete = False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "changed_by", "changed_at", "note")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusActionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why (recorded with the status change)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def _status_action(to_status: Partnership.Status):
    """Return an admin action that moves the chosen partnerships through the status service."""

    def action(modeladmin, request, queryset):
        return modeladmin.status_change_run(request, queryset, to_status)

    action.__name__ = f"status_to_{to_status.value}"
    action.short_description = format_lazy(
        gettext_lazy("Change the status to “{status}” …"), status=to_status.label
    )
    return action


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Status and backing belong to the lifecycle: read-only here, changed by the actions.

    The actions run ``partnerships.services`` like the partnership page does, so the
    win-win gate holds and every change is recorded with who, when and why.
    """

    list_display = ("title", "kind", "status", "coordinator", "start_date", "review_date")
    # Not by coordinator (a filter lists every user): search finds them by name or e-mail.
    list_filter = ("status", "kind", "scope")
    list_select_related = ("coordinator",)
    search_fields = (
        "title",
        "purpose",
        "partners__name",
        "coordinator__full_name",
        "coordinator__email",
    )
    date_hierarchy = "start_date"
    autocomplete_fields = ("coordinator",)
    readonly_fields = (
        "status",
        "backing_approved_by",
        "backing_approved_on",
        "backing_note",
        "evaluation_skipped_reason",
        "created_by",
        "created_at",
        "updated_at",
    )
    actions = [_status_action(status) for status in Partnership.Status]
    inlines = [
        PartnershipPartnerInline,
        PartnershipMemberInline,
        TaskInline,
        JournalEntryInline,
        StatusChangeInline,
    ]

    def has_change_permission(self, request, obj=None):
        # An ended partnership is kept as it was; it can still be viewed.
        if obj is not None and obj.is_ended():
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            # A new partnership starts as an idea, recorded like one made on the page;
            # the partner inline adds its partners afterwards.
            services.partnership_create(partnership=obj, partners=[], by=request.user)

    def save_formset(self, request, form, formset, change):
        """Members, tasks and journal entries go through the services, recorded as the
        admin user's, like on the partnership's page (partners: the plain inline)."""
        save = {
            PartnershipMember: self._members_save,
            Task: self._tasks_save,
            JournalEntry: self._journal_save,
        }.get(formset.model)
        if save is None:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills new_objects, changed_objects, deleted_objects
        try:
            save(request.user, form.instance, formset)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)

    @staticmethod
    def _members_save(by, partnership, formset):
        for membership in formset.deleted_objects:
            services.member_remove(membership=membership)
        for membership, fields in formset.changed_objects:
            if "user" in fields:
                services.member_remove(membership=PartnershipMember.objects.get(pk=membership.pk))
                services.member_add(
                    partnership=partnership, user=membership.user, role=membership.role
                )
            else:
                membership.save(update_fields=["role"])
        for membership in formset.new_objects:
            services.member_add(partnership=partnership, user=membership.user, role=membership.role)

    @staticmethod
    def _tasks_save(by, partnership, formset):
        def done_as_chosen(task, status):
            if task.status != status:
                services.task_set_done(task=task, done=status == Task.Status.DONE)

        for task, _fields in formset.changed_objects:
            status = task.status
            task = services.task_update(
                task=task,
                title=task.title,
                description=task.description,
                assignee=task.assignee,
                due_date=task.due_date,
                by=by,
            )
            done_as_chosen(task, status)
        for task in formset.new_objects:
            status = task.status
            created = services.task_create(
                partnership=partnership,
                title=task.title,
                assignee=task.assignee,
                due_date=task.due_date,
                by=by,
            )
            done_as_chosen(created, status)

    @staticmethod
    def _journal_save(by, partnership, formset):
        for entry, _fields in formset.changed_objects:
            services.journal_entry_edit(entry=entry, by=by, kind=entry.kind, text=entry.text)
        for entry in formset.new_objects:
            services.journal_entry_create(
                partnership=partnership, author=by, kind=entry.kind, text=entry.text
            )

    def status_change_run(self, request, queryset, to_status):
        """Ask why, then change the status of each chosen partnership through the service."""
        form = StatusActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            note = form.cleaned_data["note"]
            changed = 0
            for partnership in queryset:
                try:
                    if to_status == Partnership.Status.ENDED:
                        services.partnership_end(
                            partnership=partnership,
                            by=request.user,
                            end_date=partnership.end_date or timezone.localdate(),
                            skip_reason=note,
                        )
                    else:
                        services.partnership_change_status(
                            partnership=partnership, to_status=to_status, by=request.user, note=note
                        )
                except ValidationError as error:
                    self.message_user(
                        request,
                        f"{partnership}: {' '.join(error.messages)}",
                        level=messages.ERROR,
                    )
                else:
                    changed += 1
            if changed:
                self.message_user(
                    request,
                    _("%(count)s partnerships now have the status “%(status)s”.")
                    % {"count": changed, "status": to_status.label},
                    level=messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change the status to “%(status)s”") % {"status": to_status.label},
            "partnerships": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "ending": to_status == Partnership.Status.ENDED,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/partnerships/partnership/status_change.html", context
        )


class BackingDecisionInline(admin.TabularInline):
    model = BackingDecision
    extra = 0
    readonly_fields = ("decided_by", "decided_at", "approved", "comment")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BackingRequest)
class BackingRequestAdmin(admin.ModelAdmin):
    """Requests and decisions are made in the app by librarians and managers; here they are read."""

    list_display = ("partnership", "requested_by", "requested_at")
    list_select_related = ("partnership", "requested_by")
    search_fields = ("partnership__title", "requested_by__full_name")
    readonly_fields = ("partnership", "requested_by", "requested_at", "comment")
    inlines = [BackingDecisionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class JournalEntryRevisionInline(admin.TabularInline):
    model = JournalEntryRevision
    extra = 0
    readonly_fields = ("kind", "text", "edited_by", "edited_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows whose changes have rules (an ended partnership accepts nothing, an evaluation
    sets the next review, a task mails its assignee): the admin lists and shows them;
    they are added and changed in the app or through the partnership's inlines, which
    call the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ViewOnlyAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = ("__str__", "partnership", "kind", "author", "entry_date")
    list_filter = ("kind", "entry_date")
    list_select_related = ("partnership", "author")
    search_fields = ("text", "partnership__title")
    autocomplete_fields = ("author", "partnership")
    inlines = [JournalEntryRevisionInline]


@admin.register(Task)
class TaskAdmin(ViewOnlyAdmin):
    list_display = ("title", "partnership", "assignee", "due_date", "status")
    list_filter = ("status", "due_date")
    list_select_related = ("partnership", "assignee")
    search_fields = ("title", "partnership__title", "assignee__full_name")
    autocomplete_fields = ("assignee", "partnership", "created_by")


@admin.register(TimeEntry)
class TimeEntryAdmin(ViewOnlyAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = ("partnership", "user", "date", "hours", "note")
    list_filter = ("date",)
    list_select_related = ("partnership", "user")
    search_fields = ("partnership__title", "user__full_name", "note")
    autocomplete_fields = ("user", "partnership")


@admin.register(Evaluation)
class EvaluationAdmin(ViewOnlyAdmin):
    list_display = ("partnership", "evaluated_on", "goals_met", "recommendation", "people_reached")
    list_filter = ("goals_met", "recommendation")
    list_select_related = ("partnership",)
    search_fields = ("partnership__title", "lessons_learned")
    autocomplete_fields = ("partnership", "evaluated_by")


@admin.register(Attachment)
class AttachmentAdmin(ViewOnlyAdmin):
    list_display = ("title", "partnership", "uploaded_by", "uploaded_at", "size")
    list_select_related = ("partnership", "uploaded_by")
    search_fields = ("title", "partnership__title")
    autocomplete_fields = ("partnership", "uploaded_by")


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("key", "recipient", "sent_at")
    search_fields = ("key", "recipient")
    date_hierarchy = "sent_at"
