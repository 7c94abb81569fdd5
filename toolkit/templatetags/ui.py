"""Small template helpers shared by the list pages."""

from django import template
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
