"""The partner directory: organisations and their contact persons (librarians only)."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from accounts.permissions import LibrarianRequiredMixin, librarian_required
from partnerships import services
from partnerships.filters import PartnerFilter
from partnerships.forms import ContactFormSet, PartnerForm
from partnerships.models import ContactPerson, Partner


class PartnerListView(LibrarianRequiredMixin, FilterView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "partnerships/partner_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            Partner.objects.annotate(contact_count=Count("contacts"))
            .prefetch_related(
                Prefetch("contacts", queryset=ContactPerson.objects.order_by("-is_primary", "name"))
            )
            .order_by(Lower("name"), "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class PartnerDetailView(LibrarianRequiredMixin, DetailView):
    model = Partner
    template_name = "partnerships/partner_detail.html"

    def get_queryset(self):
        return Partner.objects.prefetch_related("contacts", "users")


def _partner_form_page(request, partner=None):
    form = PartnerForm(request.POST or None, instance=partner)
    formset = ContactFormSet(request.POST or None, instance=partner, prefix="contacts")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            saved = services.partner_save(form=form, contact_formset=formset)
            if partner is None:
                messages.success(request, _("The partner %(name)s was created.") % {"name": saved})
            else:
                messages.success(
                    request, _("The changes to %(name)s were saved.") % {"name": saved}
                )
            if "_addanother" in request.POST:
                return redirect("partnerships:partner_update", pk=saved.pk)
            return redirect(saved)
        messages.error(request, _("The form has errors. Correct the fields marked in red."))
    return render(
        request,
        "partnerships/partner_form.html",
        {"form": form, "contact_formset": formset, "partner": partner},
    )


@librarian_required
def partner_create(request):
    return _partner_form_page(request)


@librarian_required
def partner_update(request, pk):
    return _partner_form_page(request, get_object_or_404(Partner, pk=pk))


@require_POST
@librarian_required
def partner_set_active(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
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


@librarian_required
def partner_delete(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
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
