from django.contrib import admin

from kindergarten_depots.models import (
    Box,
    CalendarFeed,
    ClosurePeriod,
    DepotAgreement,
    ImportBatch,
    Item,
    Loan,
    LossReport,
    PackedItem,
    RouteStop,
    Swap,
    Theme,
    Wish,
)
from toolkit.paginators import EstimatedCountPaginator


class SwapInline(admin.TabularInline):
    model = Swap
    extra = 0
    fields = ("sequence", "planned_date", "original_date", "status", "moved_reason")
    readonly_fields = ("original_date",)
    show_change_link = True


class WishInline(admin.TabularInline):
    model = Wish
    extra = 0
    fields = ("theme", "age_group", "text", "status")


class PackedItemInline(admin.TabularInline):
    model = PackedItem
    extra = 0
    raw_id_fields = ("item",)
    readonly_fields = ("added_by", "added_at")


class BoxInline(admin.TabularInline):
    model = Box
    extra = 0
    fields = ("number", "barcode", "books", "out_at", "out_by", "in_at", "in_by")
    readonly_fields = fields
    can_delete = False


class DeliveredLoanInline(admin.TabularInline):
    model = Loan
    fk_name = "delivered_by"
    extra = 0
    raw_id_fields = ("item",)
    fields = ("item", "delivered_on", "returned_on", "return_state", "written_off")
    readonly_fields = fields
    can_delete = False


class LoanInline(admin.TabularInline):
    model = Loan
    fk_name = "item"
    extra = 0
    fields = ("agreement", "delivered_on", "returned_on", "return_state", "written_off")
    readonly_fields = fields
    can_delete = False


class LossReportInline(admin.TabularInline):
    model = LossReport
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(DepotAgreement)
class DepotAgreementAdmin(admin.ModelAdmin):
    list_display = ("kindergarten", "type", "status", "start_date", "end_date", "branch")
    list_filter = ("type", "status", "branch")
    list_select_related = ("kindergarten", "branch")
    search_fields = ("kindergarten__name",)
    autocomplete_fields = ("kindergarten", "themes")
    raw_id_fields = ("partnership", "contact")
    inlines = [SwapInline, WishInline]
    date_hierarchy = "start_date"
    # The status follows the partnership (change it there, through the status service);
    # the period is changed on the agreement page, which keeps the partnership in step.
    readonly_fields = ("status", "partnership", "start_date", "end_date")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ("status",)


@admin.register(ClosurePeriod)
class ClosurePeriodAdmin(admin.ModelAdmin):
    list_display = ("reason", "kindergarten", "start_date", "end_date", "part", "rule")
    list_filter = (("kindergarten", admin.EmptyFieldListFilter),)
    list_select_related = ("kindergarten",)
    search_fields = ("reason", "kindergarten__name")
    autocomplete_fields = ("kindergarten",)


@admin.register(Swap)
class SwapAdmin(admin.ModelAdmin):
    list_display = ("__str__", "sequence", "planned_date", "status", "moved_reason")
    list_filter = ("status", "agreement__branch", "agreement__type")
    list_select_related = ("agreement__kindergarten",)
    search_fields = ("agreement__kindergarten__name",)
    date_hierarchy = "planned_date"
    raw_id_fields = ("agreement",)
    readonly_fields = (
        "packed_by",
        "packed_at",
        "delivered_by",
        "delivered_at",
        "checked_in_by",
        "checked_in_at",
    )
    inlines = [PackedItemInline, BoxInline, DeliveredLoanInline]


@admin.register(Box)
class BoxAdmin(admin.ModelAdmin):
    list_display = ("barcode", "swap", "number", "books", "out_at", "in_at")
    list_select_related = ("swap__agreement__kindergarten",)
    search_fields = ("barcode", "swap__agreement__kindergarten__name")
    raw_id_fields = ("swap",)
    readonly_fields = ("out_by", "in_by")


@admin.register(RouteStop)
class RouteStopAdmin(admin.ModelAdmin):
    list_display = ("__str__", "position", "collected_at", "problem", "note")
    list_select_related = ("swap__agreement__kindergarten",)
    list_filter = ("problem",)
    raw_id_fields = ("swap",)
    readonly_fields = ("collected_by", "noted_by")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = ("barcode", "title", "author", "age_group", "home_branch", "status")
    list_filter = ("status", "age_group", "home_branch", "themes")
    list_select_related = ("home_branch",)
    search_fields = ("barcode", "title", "author", "isbn")
    autocomplete_fields = ("themes",)
    inlines = [LoanInline]


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = (
        "item",
        "agreement",
        "delivered_on",
        "returned_on",
        "return_state",
        "written_off",
    )
    # A date filter with fixed choices instead of a date hierarchy, whose year and month
    # links scan every loan.
    list_filter = ("return_state", "written_off", "delivered_on", "agreement__branch")
    list_select_related = ("item", "agreement__kindergarten")
    search_fields = ("item__barcode", "item__title", "agreement__kindergarten__name")
    raw_id_fields = ("item", "agreement", "delivered_by", "returned_by")
    readonly_fields = ("found_by", "found_reported_at", "found_reported_by")
    inlines = [LossReportInline]


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agreement", "status", "created_at")
    list_filter = ("status", "age_group", "theme")
    list_select_related = ("agreement__kindergarten", "theme")
    raw_id_fields = ("agreement", "created_by")


@admin.register(LossReport)
class LossReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "reported_by", "reported_at")
    list_select_related = ("loan__item", "reported_by")
    list_filter = ("kind",)
    raw_id_fields = ("loan", "reported_by")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kindergarten", "branch", "created_at")
    list_select_related = ("kindergarten", "branch")
    readonly_fields = ("token",)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("filename", "uploaded_by", "uploaded_at", "status", "rows_done", "imported_at")
    list_select_related = ("uploaded_by",)
    list_filter = ("status",)
    readonly_fields = ("token",)
