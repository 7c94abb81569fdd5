from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry as AuditlogLogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Invitation, User
from accounts.roles import Role


class RoleListFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(groups__name=self.value())
        return queryset


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeFormForEmail(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeFormForEmail
    add_form = UserCreationForm
    ordering = ("full_name", "email")
    list_display = ("email", "full_name", "partner", "roles", "is_active", "last_login")
    list_filter = (RoleListFilter, "is_active", "is_staff", "is_superuser")
    list_select_related = ("partner",)
    search_fields = ("email", "full_name", "partner__name")
    autocomplete_fields = ("partner",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "phone", "partner")}),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "groups", "is_staff", "is_superuser", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            # The one service: deactivating also revokes pending invitations.
            services.user_set_active(user=obj, active=obj.is_active)

    @admin.display(description=_("roles"))
    def roles(self, obj):
        names = {group.name for group in obj.groups.all()}
        return ", ".join(str(role.label) for role in Role if role in names)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("user", "invited_by", "created_at", "expires_at", "used_at", "revoked_at")
    list_select_related = ("user", "invited_by")
    search_fields = ("user__email", "user__full_name")
    readonly_fields = ("user", "token_hash", "invited_by", "created_at", "expires_at", "used_at")

    def has_add_permission(self, request):
        # Invitations are sent from the partner's page, which e-mails the link.
        return False


# django-auditlog's admin searches actor__first_name/last_name, which our User does
# not have (it has full_name): any search was a 500. Search what we do have.
admin.site.unregister(AuditlogLogEntry)


@admin.register(AuditlogLogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    search_fields = ["object_repr", "changes", "actor__full_name", "actor__email"]

    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj):
        # The library's column title is a plain string; this one is translated.
        return super().cid_url(obj)


# django-otp's device admins, registered again with translated labels.
from accounts import otp_admin  # noqa: E402, F401
