"""What the search-as-you-type pickers ask for: matching partners and people, as JSON."""

from accounts.models import User
from partnerships.forms import member_candidates, user_label
from partnerships.models import Partner, Partnership, PartnershipPartner
from partnerships.permissions import partnership_for
from partnerships.views.tabs import partnership_access_required, partnership_management_required
from toolkit.search_select import search_response


def filter_partners(user):
    """The partners the partnership list may be filtered by: those of visible partnerships."""
    links = PartnershipPartner.objects.filter(
        partnership__in=Partnership.objects.visible_to(user).values("pk")
    )
    return Partner.objects.filter(pk__in=links.values("partner")).order_by("name", "pk")


def filter_coordinators():
    """The coordinators the partnership list may be filtered by: the active librarians."""
    return User.objects.librarians()


@partnership_access_required
def partner_lookup(request):
    return search_response(
        request,
        filter_partners(request.user),
        search_fields=["name", "town"],
        label=lambda partner: partner.name,
    )


@partnership_management_required
def partner_choice_lookup(request):
    """The active partners a partnership may be made with."""
    return search_response(
        request,
        Partner.objects.filter(active=True).order_by("name", "pk"),
        search_fields=["name", "town"],
        label=lambda partner: partner.name,
    )


@partnership_access_required
def coordinator_lookup(request):
    return search_response(
        request, filter_coordinators(), search_fields=["full_name", "email"], label=user_label
    )


@partnership_management_required
def member_lookup(request, pk):
    partnership = partnership_for(request.user, pk)
    return search_response(
        request,
        member_candidates(partnership),
        search_fields=["full_name", "email", "partner__name"],
        label=user_label,
    )
