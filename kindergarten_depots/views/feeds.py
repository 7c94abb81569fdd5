"""Private calendar feeds: the list for librarians, renewing an address, the feed itself."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kindergarten_depots import feeds, permissions
from kindergarten_depots.models import CalendarFeed, DepotAgreement
from kindergarten_depots.views.agreements import depots_required
from partnerships.models import Branch, Partner
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.filters import SEARCH_MAX_LENGTH
from toolkit.pagination import page_of
from toolkit.redirects import redirect_to_next, safe_next_url
from toolkit.search_select import search_filter, search_response

FEEDS_PER_PAGE = 50


@depots_required
def feed_list(request):
    """The kindergartens' feeds, 50 per page and searchable by name, and the branches' feeds."""
    query = request.GET.get("q", "")[:SEARCH_MAX_LENGTH].strip()
    with_agreements = DepotAgreement.objects.filter(kindergarten=OuterRef("pk"))
    kindergartens = Partner.objects.filter(Exists(with_agreements))
    if query:
        kindergartens = search_filter(kindergartens, ["name"], query)
    page_obj = page_of(
        request,
        kindergartens.select_related("depot_calendar_feed").order_by("name", "pk"),
        FEEDS_PER_PAGE,
    )
    branches = Branch.objects.select_related("depot_calendar_feed").order_by("name")
    return render(
        request,
        "kindergarten_depots/feed_list.html",
        {
            "kindergartens": page_obj.object_list,
            "page_obj": page_obj,
            "query": query,
            "branches": branches,
        },
    )


@depots_required
def kindergarten_lookup(request):
    """The kindergartens matching ``?q=`` for the search-as-you-type pickers (JSON)."""
    return search_response(
        request,
        Partner.objects.kindergartens().order_by("name", "pk"),
        search_fields=["name", "town"],
        label=lambda kindergarten: kindergarten.name,
    )


@require_http_methods(["GET", "POST"])
@depots_required
def feed_regenerate(request, kind, pk):
    owner = permissions.feed_owner_for(request.user, kind, pk)
    exists = CalendarFeed.objects.filter(**{kind: owner}).exists()
    # Creating the first address takes nothing away; renewing one breaks every
    # calendar that subscribed to the old address, so that asks first.
    if not is_confirmed(request) and (exists or request.method == "GET"):
        back = safe_next_url(request, reverse("kindergarten_depots:feed_list"))
        consequences = (
            [
                _("%(name)s gets a new secret calendar address.") % {"name": owner},
                _(
                    "The old address stops working at once: every calendar that subscribes to it stops showing the swaps."
                ),
                _("Whoever uses the calendar must subscribe to the new address."),
            ]
            if exists
            else [_("%(name)s gets a secret calendar address.") % {"name": owner}]
        )
        return confirm_page(
            request,
            title=(
                _("Renew the calendar address of %(name)s")
                if exists
                else _("Create a calendar address for %(name)s")
            )
            % {"name": owner},
            consequences=consequences,
            button=_("Renew the address") if exists else _("Create the address"),
            irreversible=exists,
            cancel_url=back,
            back_label=(
                _("Calendar feeds")
                if back == reverse("kindergarten_depots:feed_list")
                else str(owner)
            ),
            breadcrumbs=[(reverse("kindergarten_depots:agreement_list"), _("Depots"))],
            hidden={"next": back},
        )
    if feeds.calendar_feed_renew(**{kind: owner}):
        messages.success(
            request, _("A calendar address for %(name)s was created.") % {"name": owner}
        )
    else:
        messages.success(
            request,
            _("The calendar address of %(name)s was renewed; the old address no longer works.")
            % {"name": owner},
        )
    return redirect_to_next(request, reverse("kindergarten_depots:feed_list"))


def calendar_feed(request, token):
    """Serve a private iCalendar feed; the token is the only key, so no login is needed."""
    feed = permissions.calendar_feed_for_token(token)
    body = feeds.feed_ics(feed=feed, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="udskiftninger.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
