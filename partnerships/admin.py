from django.contrib import admin

from partnerships.models import (
    Attachment,
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


class PartnershipPartnerInline(admin.TabularInline):
    model = PartnershipPartner
    extra = 0
    autocomplete_fields = ("partner",)


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    extra = 0
    autocomplete_fields = ("user",)


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ("title", "assignee", "due_date", "status")
    autocomplete_fields = ("assignee",)


class JournalEntryInline(admin.StackedInline):
    model = JournalEntry
    extra = 0
    fields = ("kind", "entry_date", "author", "text", "attachment")
    autocomplete_fields = ("author",)
    show_change_link = True


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "changed_by", "changed_at", "note")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
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
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [
        PartnershipPartnerInline,
        PartnershipMemberInline,
        TaskInline,
        JournalEntryInline,
        StatusChangeInline,
    ]


class JournalEntryRevisionInline(admin.TabularInline):
    model = JournalEntryRevision
    extra = 0
    readonly_fields = ("kind", "text", "edited_by", "edited_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = ("__str__", "partnership", "kind", "author", "entry_date")
    list_filter = ("kind", "entry_date")
    list_select_related = ("partnership", "author")
    search_fields = ("text", "partnership__title")
    autocomplete_fields = ("author", "partnership")
    inlines = [JournalEntryRevisionInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "partnership", "assignee", "due_date", "status")
    list_filter = ("status", "due_date")
    list_select_related = ("partnership", "assignee")
    search_fields = ("title", "partnership__title", "assignee__full_name")
    autocomplete_fields = ("assignee", "partnership", "created_by")


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = ("partnership", "user", "date", "hours", "note")
    list_filter = ("date",)
    list_select_related = ("partnership", "user")
    search_fields = ("partnership__title", "user__full_name", "note")
    autocomplete_fields = ("user", "partnership")


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("partnership", "evaluated_on", "goals_met", "recommendation", "people_reached")
    list_filter = ("goals_met", "recommendation")
    list_select_related = ("partnership",)
    search_fields = ("partnership__title", "lessons_learned")
    autocomplete_fields = ("partnership", "evaluated_by")


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("title", "partnership", "uploaded_by", "uploaded_at", "size")
    list_select_related = ("partnership", "uploaded_by")
    search_fields = ("title", "partnership__title")
    autocomplete_fields = ("partnership", "uploaded_by")


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("key", "recipient", "sent_at")
    search_fields = ("key", "recipient")
    date_hierarchy = "sent_at"
