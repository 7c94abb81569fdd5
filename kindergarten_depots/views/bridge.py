"""The bridge to the library system: barcode lists per swap and the card comparison."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kindergarten_depots import permissions, services
from kindergarten_depots.forms import CardListForm
from kindergarten_depots.services.bridge import COLLECTED, DELIVERED
from kindergarten_depots.views.agreements import depots_required
from toolkit.csv import csv_response
from toolkit.forms import form_errors_message

# URL part → what the list holds.
KINDS = {"udlaant": DELIVERED, "hentet": COLLECTED}


@depots_required
def swap_barcodes(request, pk, kind, fmt):
    swap = permissions.swap_for(request.user, pk)
    if kind not in KINDS or fmt not in ("txt", "csv"):
        raise Http404
    loans = services.swap_barcodes(swap=swap, kind=KINDS[kind])
    filename = f"depot-{swap.depot_number}-{kind}.{fmt}"
    if fmt == "csv":
        return csv_response(
            [
                [_("Barcode"), _("Title"), _("Delivered"), _("Came back")],
                *(
                    [
                        loan.item.barcode,
                        loan.item.title,
                        loan.delivered_on.isoformat(),
                        loan.returned_on.isoformat() if loan.returned_on else "",
                    ]
                    for loan in loans
                ),
            ],
            filename=filename,
        )
    response = HttpResponse(
        "".join(f"{loan.item.barcode}\n" for loan in loans),
        content_type="text/plain; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@depots_required
def agreement_card_compare(request, pk):
    agreement = permissions.agreement_for(request.user, pk)
    form = CardListForm(request.POST or None, request.FILES or None)
    comparison = None
    if request.method == "POST":
        if form.is_valid():
            comparison = services.card_compare(
                agreement=agreement, barcodes=form.cleaned_data["barcodes"]
            )
        else:
            form_errors_message(request)
    return render(
        request,
        "kindergarten_depots/agreement_card_compare.html",
        {"agreement": agreement, "form": form, "comparison": comparison},
    )
