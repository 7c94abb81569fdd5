"""Filter pieces the list pages share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

# Longer searches are refused with a message: nobody types more, and very long
# patterns make the database work hard (SQLite refuses LIKE patterns over 50,000 bytes).
SEARCH_MAX_LENGTH = 200


class SearchFilter(django_filters.CharFilter):
    """The free-text search box of a list page (``?q=``), at most 200 characters."""

    def __init__(self, *, placeholder=None, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        attrs = {"type": "search", "maxlength": SEARCH_MAX_LENGTH}
        if placeholder:
            attrs["placeholder"] = placeholder
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)
