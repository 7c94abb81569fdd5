from django.shortcuts import render

from accounts.permissions import kindergarten_staff_required
from partnerships.models import Partner


@kindergarten_staff_required
def portal_home(request):
    """Show kindergarten staff their own institution, its contacts and the library's."""
    kindergarten = (
        Partner.objects.prefetch_related("contacts").filter(pk=request.user.partner_id).get()
    )
    colleagues = kindergarten.users.filter(is_active=True).order_by("full_name")
    return render(
        request,
        "kindergarten_depots/portal_home.html",
        {"kindergarten": kindergarten, "colleagues": colleagues},
    )
