"""The depot book catalogue: the book list, one book, importing a catalogue file."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from accounts.permissions import RoleRequiredMixin
from kindergarten_depots import catalogue, permissions
from kindergarten_depots.filters import ItemFilter
from kindergarten_depots.forms import CatalogueUploadForm
from kindergarten_depots.models import Item, Swap
from kindergarten_depots.views.agreements import depots_required
from toolkit.forms import form_errors_message
from toolkit.paginators import EstimatedCountPaginator


class ItemListView(RoleRequiredMixin, FilterView):
    role_test = staticmethod(permissions.may_use_depots)
    model = Item
    filterset_class = ItemFilter
    template_name = "kindergarten_depots/item_list.html"
    paginate_by = 50
    # The whole catalogue (half a million books nationally) is counted from PostgreSQL's
    # statistics, not with COUNT(*); a search or filter is counted exactly.
    paginator_class = EstimatedCountPaginator

    def get_queryset(self):
        return Item.objects.select_related("home_branch").prefetch_related("themes")


@depots_required
def item_detail(request, pk):
    item = permissions.item_for(
        request.user, pk, Item.objects.select_related("home_branch").prefetch_related("themes")
    )
    loans = item.loans.select_related(
        "agreement__kindergarten", "delivered_by", "returned_by"
    ).prefetch_related("loss_reports")
    packing = item.packings.filter(swap__status=Swap.Status.PLANNED).select_related(
        "swap__agreement__kindergarten"
    )
    return render(
        request,
        "kindergarten_depots/item_detail.html",
        {"item": item, "loans": loans, "packing": packing},
    )


@depots_required
def item_import(request):
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            batch = catalogue.import_batch_create(
                filename=upload.name, content=upload.read(), by=request.user
            )
            return redirect("kindergarten_depots:item_import_preview", token=batch.token)
        form_errors_message(request)
    return render(request, "kindergarten_depots/item_import.html", {"form": form})


@depots_required
def item_import_preview(request, token):
    batch = permissions.import_batch_for(request.user, token)
    if request.method == "POST":
        if not catalogue.import_batch_confirm(batch=batch, by=request.user):
            messages.info(request, _("This import was already confirmed."))
        return redirect("kindergarten_depots:item_import_progress", token=batch.token)
    preview = catalogue.catalogue_preview(text=catalogue.import_batch_text(batch))
    return render(
        request,
        "kindergarten_depots/item_import_preview.html",
        {"batch": batch, "preview": preview},
    )


@depots_required
def item_import_progress(request, token):
    """Show how far the import has come; htmx polls it, without JavaScript one reloads."""
    batch = permissions.import_batch_progress_for(request.user, token)
    return render(request, "kindergarten_depots/item_import_progress.html", {"batch": batch})
