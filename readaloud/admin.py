from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from readaloud import services
from readaloud.models import (
    AccessLogEntry,
    Advancement,
    Championship,
    Contestant,
    Criterion,
    Heat,
    JudgeAssignment,
    Performance,
    ReaderJudgement,
    Round,
    RunningOrderDraw,
    Score,
    TieDecision,
)
from toolkit.paginators import EstimatedCountPaginator


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Championship)
class ChampionshipAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "organiser", "status", "retention_date", "anonymised_at")
    list_filter = ("status", "year")
    search_fields = ("name",)
    list_select_related = ("organiser",)
    inlines = [RoundInline, CriterionInline]


class HeatInline(admin.TabularInline):
    model = Heat
    extra = 0
    fk_name = "round"
    fields = ("name", "venue", "branch", "school", "feeds_into", "closed_at")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("__str__", "championship", "number", "kind", "date", "advance_count")
    list_filter = ("kind", "championship")
    list_select_related = ("championship",)
    inlines = [HeatInline]


class JudgeAssignmentInline(admin.TabularInline):
    model = JudgeAssignment
    extra = 0
    fk_name = "heat"
    autocomplete_fields = ("judge",)
    exclude = ("excluded_by",)


class PerformanceInline(admin.TabularInline):
    model = Performance
    extra = 0
    autocomplete_fields = ("contestant",)
    fields = ("contestant", "running_position", "total", "rank", "tie_unresolved", "withdrawn_at")


@admin.register(Heat)
class HeatAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "round",
        "date",
        "start_time",
        "venue",
        "started_at",
        "closed_at",
        "released_at",
    )
    list_filter = ("round__championship", "round__kind")
    list_select_related = ("round",)
    search_fields = ("name", "venue")
    inlines = [JudgeAssignmentInline, PerformanceInline]
    raw_id_fields = ("feeds_into", "running_order_drawn_by", "closed_by", "on_stage")
    # Releasing goes through services.heat_release, so who and when are always recorded.
    readonly_fields = ("released_at", "released_by")


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "championship", "code", "max_points", "weight", "applies_to")
    list_select_related = ("championship",)
    list_filter = ("championship", "applies_to")

    # Locked criteria change only through the reopen-and-recompute flow of the staff pages.
    def has_change_permission(self, request, obj=None):
        locked = obj is not None and obj.championship.criteria_locked()
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and obj.championship.criteria_locked()
        return not locked and super().has_delete_permission(request, obj)


@admin.register(ReaderJudgement)
class ReaderJudgementAdmin(admin.ModelAdmin):
    list_display = ("assignment", "performance", "absent", "updated_at")
    list_filter = ("absent", "assignment__heat__round__championship")
    list_select_related = (
        "assignment__judge",
        "assignment__heat__round",
        "performance__heat__round",
    )
    raw_id_fields = ("assignment", "performance")


@admin.register(Contestant)
class ContestantAdmin(admin.ModelAdmin):
    list_display = (
        "full_name",
        "school",
        "grade",
        "class_name",
        "championship",
        "consent_given_at",
        "publish_consent",
        "consent_withdrawn_at",
        "anonymised_at",
    )
    # Not by school: a national installation has thousands; search finds one by name.
    list_filter = ("championship", "publish_consent", "is_reserve")
    list_select_related = ("school", "championship")
    search_fields = ("first_name", "last_name", "school__name")
    readonly_fields = ("withdrawn_by", "consent_withdrawn_by", "anonymised_at")

    # Reading children's data in the admin is logged like on the staff pages; a search
    # is marked as one, but its words are not kept (they may be a child's name).
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if changelist is not None:
            by_edition = {}
            for contestant in changelist.result_list:
                by_edition.setdefault(contestant.championship_id, []).append(contestant.pk)
            for championship_id, ids in by_edition.items():
                services.access_log_record(
                    user=request.user,
                    view=request.resolver_match.view_name,
                    championship_id=championship_id,
                    contestant_ids=ids,
                    detail="search" if request.GET.get("q") else "",
                )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", None) or {}).get("original")
        if request.method == "GET" and original is not None:
            services.access_log_record(
                user=request.user,
                view=request.resolver_match.view_name,
                championship_id=original.championship_id,
                contestant_ids=[original.pk],
            )
        return response

    # Deleting a reader here is the same erasure as on the staff pages: a reader who has
    # been scored is anonymised, never deleted, and the name leaves every log.
    def get_deleted_objects(self, objs, request):
        return [str(obj) for obj in objs], {self.opts.verbose_name_plural: len(objs)}, set(), []

    def delete_model(self, request, obj):
        if services.contestant_erase(contestant=obj, by=request.user) == "anonymised":
            messages.info(
                request,
                _("The reader had been scored, so the data was anonymised; the results stay."),
            )

    def delete_queryset(self, request, queryset):
        for contestant in queryset:
            self.delete_model(request, contestant)


@admin.register(Performance)
class PerformanceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "contestant", "running_position", "total", "rank", "tie_unresolved")
    list_filter = ("heat__round__championship",)
    list_select_related = ("heat__round", "contestant")
    autocomplete_fields = ("contestant",)


@admin.register(JudgeAssignment)
class JudgeAssignmentAdmin(admin.ModelAdmin):
    list_display = ("judge", "heat", "excluded", "excluded_reason")
    list_filter = ("excluded",)
    list_select_related = ("judge", "heat__round")
    autocomplete_fields = ("judge",)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = ("performance", "assignment", "criterion", "part", "points", "max_points")
    list_select_related = (
        "performance__heat__round",
        "assignment__judge",
        "assignment__heat__round",
        "criterion",
    )
    raw_id_fields = ("performance", "assignment")


@admin.register(RunningOrderDraw)
class RunningOrderDrawAdmin(admin.ModelAdmin):
    list_display = ("heat", "drawn_at", "drawn_by")
    list_select_related = ("heat__round", "drawn_by")


@admin.register(TieDecision)
class TieDecisionAdmin(admin.ModelAdmin):
    list_display = ("heat", "rank", "decided_by", "decided_at")
    list_select_related = ("heat__round", "decided_by")


@admin.register(Advancement)
class AdvancementAdmin(admin.ModelAdmin):
    list_display = ("from_performance", "to_heat", "kind", "cancelled_at", "created_at")
    list_select_related = ("from_performance__heat__round", "to_heat__round")
    list_filter = ("kind",)
    raw_id_fields = ("from_performance", "to_heat", "replaces")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the staff pages and cleared by the purge."""

    list_display = ("at", "user", "purpose", "detail", "championship", "heat", "reader_count")
    list_filter = ("view", "championship")
    list_select_related = ("user", "championship", "heat__round")
    search_fields = ("user__full_name", "user__email", "view")
    date_hierarchy = "at"
    raw_id_fields = ("contestants",)

    @admin.display(description=_("purpose"))
    def purpose(self, entry):
        return entry.purpose

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
