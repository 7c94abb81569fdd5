"""Paginating the lists of function views the way ListView does (``?page=``)."""

from django.core.paginator import Paginator


def page_of(request, queryset, per_page: int):
    """Return the page ``?page=`` of ``queryset`` (the first or last one for a bad number)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
