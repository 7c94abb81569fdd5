from django.contrib import admin

from partnerships.models import Branch, ContactPerson, Partner


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "town", "area", "number_of_children", "active")
    list_filter = ("kind", "active", "area")
    search_fields = ("name", "town", "area", "contacts__name", "contacts__email")
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
