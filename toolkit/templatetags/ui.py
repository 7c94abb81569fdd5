"""Small template helpers shared by the list pages."""

from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, field, label, param="o", css=""):
    """Render a sortable column header (``<th>`` with ``aria-sort``) whose link keeps the
    other query parameters."""
    request = context["request"]
    current = request.GET.get(param, "")
    query = request.GET.copy()
    query.pop("page", None)
    if current == field:
        query[param] = f"-{field}"
        state, aria = "asc", "ascending"
    elif current == f"-{field}":
        query[param] = field
        state, aria = "desc", "descending"
    else:
        query[param] = field
        state, aria = None, None
    return {
        "url": f"?{query.urlencode()}",
        "label": label,
        "state": state,
        "aria": aria,
        "css": css,
        "hint": _("Sort by %(column)s") % {"column": label},
    }


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """Return the query string for another page of the current list."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"


@register.filter
def weekday_date(value, format_name="DATE_FORMAT"):
    """Return the weekday before the localised date: "onsdag 17. februar 2027"."""
    if not value:
        return ""
    return f"{date_format(value, 'l')} {date_format(value, format_name)}"


@register.filter
def short_weekday_date(value):
    """Return the short weekday before the short date: "ons 17.02.2027", "Wed 17 Feb 2027"."""
    if not value:
        return ""
    return f"{date_format(value, 'D')} {date_format(value, 'SHORT_DATE_FORMAT')}"


@register.filter
def grouped(value):
    """Return a number with the language's thousands separator ("1.720"); leave text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return number_format(value, use_l10n=True, force_grouping=True)
