"""The partner directory: organisations and their contact persons (librarians only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from accounts import services as account_services
from accounts.forms import InvitationForm
from accounts.models import Invitation, User
from accounts.permissions import RoleRequiredMixin, role_required
from accounts.roles import Role
from partnerships import services
from partnerships.filters import PartnerFilter
from partnerships.forms import ContactFormSet, PartnerForm
from partnerships.models import ContactPerson, Partner
from partnerships.partner_page import partner_overview
from partnerships.permissions import may_manage_partners, partner_for, partner_user_for
from toolkit.forms import form_errors_message
from toolkit.views import action_run

directory_access_required = role_required(may_manage_partners)


class DirectoryAccessMixin(RoleRequiredMixin):
    role_test = staticmethod(may_manage_partners)


class PartnerListView(DirectoryAccessMixin, FilterView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "partnerships/partner_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            Partner.objects.visible_to(self.request.user)
            .annotate(contact_count=Count("contacts"))
            .prefetch_related(
                Prefetch("contacts", queryset=ContactPerson.objects.order_by("-is_primary", "name"))
            )
            .order_by(Lower("name"), "pk")
        )


class PartnerDetailView(DirectoryAccessMixin, DetailView):
    model = Partner
    template_name = "partnerships/partner_detail.html"

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user).prefetch_related(
            "contacts",
            Prefetch(
                "users",
                queryset=User.objects.order_by("full_name").prefetch_related(
                    Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"))
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("invite_form", InvitationForm())
        context.update(partner_overview(partner=self.object, user=self.request.user))
        return context


def _partner_form_page(request, partner=None):
    form = PartnerForm(request.POST or None, instance=partner)
    formset = ContactFormSet(request.POST or None, instance=partner, prefix="contacts")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            formset.instance = form.save(commit=False)
            contacts = formset.save(commit=False)
            saved = services.partner_save(
                partner=formset.instance,
                contacts=contacts,
                removed_contacts=formset.deleted_objects,
            )
            if partner is None:
                messages.success(request, _("The partner %(name)s was created.") % {"name": saved})
            else:
                messages.success(
                    request, _("The changes to %(name)s were saved.") % {"name": saved}
                )
            if "_addanother" in request.POST:
                return redirect("partnerships:partner_update", pk=saved.pk)
            return redirect(saved)
        form_errors_message(request)
    return render(
        request,
        "partnerships/partner_form.html",
        {"form": form, "contact_formset": formset, "partner": partner},
    )


@directory_access_required
def partner_create(request):
    return _partner_form_page(request)


@directory_access_required
def partner_update(request, pk):
    return _partner_form_page(request, partner_for(request.user, pk))


@require_POST
@directory_access_required
def partner_set_active(request, pk):
    partner = partner_for(request.user, pk)
    active = request.POST.get("active") == "1"
    services.partner_set_active(partner=partner, active=active)
    if active:
        messages.success(request, _("%(name)s is active again.") % {"name": partner})
    else:
        messages.success(
            request,
            _("%(name)s is deactivated. Its history is kept, and you can activate it again.")
            % {"name": partner},
        )
    return redirect(partner)


@directory_access_required
def partner_delete(request, pk):
    partner = partner_for(request.user, pk)
    blockers = partner.deletion_blockers()
    if request.method == "POST":
        if blockers:
            messages.error(
                request,
                _(
                    "%(name)s cannot be deleted because other records refer to it. Deactivate it instead."
                )
                % {"name": partner},
            )
            return redirect(partner)
        name = str(partner)
        partner.delete()
        messages.success(request, _("The partner %(name)s was deleted.") % {"name": name})
        return redirect("partnerships:partner_list")
    return render(
        request,
        "partnerships/partner_confirm_delete.html",
        {"partner": partner, "blockers": blockers},
    )


# --- Logins for the partner's people: invitations, deactivation -----------------


@require_POST
@directory_access_required
def user_invite(request, partner_pk):
    partner = partner_for(request.user, partner_pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            user = account_services.user_invite(
                partner=partner,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                invited_by=request.user,
                role=Role.KINDERGARTEN_STAFF
                if partner.kind == Partner.Kind.KINDERGARTEN
                else Role.PARTNER_MEMBER,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation has been e-mailed to %(email)s. The link works for 7 days.")
                % {"email": user.email},
            )
            return redirect(partner)
    messages.error(
        request, _("The invitation was not sent. The errors are listed at the top of the page.")
    )
    view = PartnerDetailView()
    view.setup(request, pk=partner.pk)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object, invite_form=form)
    return render(request, view.template_name, context)


@require_POST
@directory_access_required
def invitation_resend(request, partner_pk, user_pk):
    user = partner_user_for(request.user, partner_pk, user_pk)
    action_run(
        request,
        lambda: account_services.invitation_send(user=user, invited_by=request.user),
        success=_("A new invitation has been e-mailed to %(email)s. Earlier links no longer work.")
        % {"email": user.email},
    )
    return redirect("partnerships:partner_detail", pk=partner_pk)


@require_POST
@directory_access_required
def user_set_active(request, partner_pk, user_pk):
    user = partner_user_for(request.user, partner_pk, user_pk)
    active = request.POST.get("active") == "1"
    account_services.user_set_active(user=user, active=active)
    if active:
        messages.success(request, _("%(name)s can log in again.") % {"name": user})
    else:
        messages.success(
            request,
            _("%(name)s is deactivated and logged out everywhere.") % {"name": user},
        )
    return redirect("partnerships:partner_detail", pk=partner_pk)
