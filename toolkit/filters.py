"""Filter pieces the list pages share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class SearchFilter(django_filters.CharFilter):
    """The free-text search box of a list page (``?q=``)."""

    def __init__(self, *, placeholder=None, **kwargs):
        attrs = {"type": "search"}
        if placeholder:
            attrs["placeholder"] = placeholder
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)
