"""Search-as-you-type pickers for choices with thousands of options.

A ``<select>`` with every partner or every user of the installation makes a page
megabytes big and slow to render. ``SearchSelect`` renders a text field instead:

* with JavaScript, ``static/js/search-select.js`` turns it into a Tom Select picker
  that asks ``data-search-url`` (a ``search_response`` view) for at most
  ``SEARCH_LIMIT`` matches as the user types, and submits the chosen id;
* without JavaScript it stays a plain text field: the user types an id, a name or an
  e-mail address. ``SearchChoiceField`` accepts the one match (or explains that there
  are none or several), ``SearchChoiceFilter`` filters by every match.
"""

import json

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from toolkit.filters import SEARCH_MAX_LENGTH
from toolkit.params import id_param

SEARCH_LIMIT = 20


def search_filter(queryset, search_fields, text):
    """Return the rows of ``queryset`` whose ``search_fields`` contain every word of ``text``."""
    for word in text.split()[:10]:
        query = Q()
        for field in search_fields:
            query |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(query)
    return queryset


def search_response(request, queryset, *, search_fields, label=str):
    """Answer a picker's request: up to ``SEARCH_LIMIT`` matches of ``?q=`` as JSON."""
    text = request.GET.get("q", "")[:SEARCH_MAX_LENGTH].strip()
    rows = []
    if text:
        number = id_param(text)
        if number is not None:
            matches = queryset.filter(pk=number)
        else:
            matches = search_filter(queryset, search_fields, text)
        rows = [{"id": obj.pk, "text": label(obj)} for obj in matches[:SEARCH_LIMIT]]
    response = JsonResponse({"results": rows})
    response["Cache-Control"] = "private, no-store"
    return response


class SearchSelect(forms.TextInput):
    """A text field that JavaScript turns into a search-as-you-type picker."""

    def __init__(self, *, url, attrs=None):
        self.url = url
        self.label_for = None  # set by the field: value → label of the chosen row
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.update(
            {
                "data-search-url": str(self.url),
                "data-search-placeholder": str(_("Type to search…")),
                "data-search-no-results": str(_("Nothing matches")),
                "autocomplete": "off",
                "maxlength": SEARCH_MAX_LENGTH,
            }
        )
        label = self.label_for(value) if self.label_for and value not in (None, "") else ""
        if label:
            widget_attrs["data-search-label"] = label
        return context


class SearchChoiceField(forms.ModelChoiceField):
    """Choose one row by id (the picker) or by a text that matches exactly one row.

    ``search_fields`` are searched with ``icontains``; ``exact_fields`` (such as the
    e-mail address) win when they match the whole text.
    """

    def __init__(self, queryset, *, url, search_fields, exact_fields=(), **kwargs):
        self.search_fields = search_fields
        self.exact_fields = exact_fields
        kwargs.setdefault("widget", SearchSelect(url=url))
        super().__init__(queryset, **kwargs)
        self.widget.label_for = self.label_for_value
        if exact_fields:
            help_text = _("Type an id, a name or an e-mail address.")
        else:
            help_text = _("Type an id or a name.")
        self.help_text = f"{self.help_text} {help_text}" if self.help_text else help_text

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.label_for = result.label_for_value
        return result

    def label_for_value(self, value):
        number = id_param(str(value))
        if number is None:
            return ""
        obj = self.queryset.filter(pk=number).first()
        return self.label_from_instance(obj) if obj else ""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()[:SEARCH_MAX_LENGTH]
        number = id_param(text)
        if number is not None:
            return super().to_python(number)
        # A whole e-mail address or a whole name picks its row even when it is part of others.
        for field in (*self.exact_fields, self.search_fields[0]):
            exact = list(self.queryset.filter(**{f"{field}__iexact": text})[:2])
            if len(exact) == 1:
                return exact[0]
        matches = list(search_filter(self.queryset, self.search_fields, text)[:6])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(
                _("Nothing matches “%(text)s”."),
                code="no_match",
                params={"text": text},
            )
        shown = ", ".join(self.label_from_instance(obj) for obj in matches[:5])
        if len(matches) > 5:
            shown += " …"
        if self.exact_fields:
            message = _(
                "“%(text)s” matches more than one: %(shown)s. Type more of the name, or "
                "the e-mail address."
            )
        else:
            message = _("“%(text)s” matches more than one: %(shown)s. Type more of the name.")
        raise ValidationError(
            message,
            code="several_matches",
            params={"text": text, "shown": shown},
        )


# A text filter lists the ids of up to this many matches in its query.
MATCHES_LISTED = 2000


class SearchChoiceFilter(django_filters.CharFilter):
    """Filter by one related row chosen in the picker (an id), or by a text without JavaScript.

    ``field_name`` is the relation (e.g. ``partners``); ``search_fields`` are the
    related model's fields that a typed text is matched against.
    """

    def __init__(self, *, url, search_fields, queryset, option_label=str, **kwargs):
        self.search_fields = search_fields
        self.queryset = queryset
        self.label_function = option_label
        widget = SearchSelect(url=url)
        widget.label_for = self.label_for_value
        kwargs.setdefault("widget", widget)
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(**kwargs)

    def label_for_value(self, value):
        number = id_param(str(value))
        if number is None:
            return ""
        obj = self.queryset.filter(pk=number).first()
        return self.label_function(obj) if obj else ""

    def filter(self, qs, value):
        text = (value or "").strip()
        if not text:
            return qs
        number = id_param(text)
        if number is not None:
            return qs.filter(**{self.field_name: number})
        related = search_filter(self.queryset, self.search_fields, text)
        # The matches' ids first, when there are not too many: PostgreSQL cannot estimate
        # how many rows a "contains" text matches, and guessing one it walked every
        # partnership in a nested loop (55 ms → 5 ms with the ids written out).
        ids = list(related.order_by().values_list("pk", flat=True)[: MATCHES_LISTED + 1])
        related = ids if len(ids) <= MATCHES_LISTED else related.values("pk")
        # By id, so that a row linked to several matches is listed once.
        matching = qs.model.objects.filter(**{f"{self.field_name}__in": related})
        return qs.filter(pk__in=matching.values("pk"))


class SearchMultipleSelect(SearchSelect):
    """The picker for several rows: the chosen ids travel comma-separated in one field."""

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ",".join(str(v) for v in value if v not in (None, ""))
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        # The picker sends "3,7"; a form posted without it may repeat the field.
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return ",".join(str(v) for v in values if v not in (None, ""))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("data-search-label", None)
        widget_attrs["data-search-multiple"] = "1"
        widget_attrs["maxlength"] = SEARCH_MAX_LENGTH * 5
        labels = self.labels_for(context["widget"]["value"]) if self.labels_for else []
        if labels:
            widget_attrs["data-search-labels"] = json.dumps(labels, ensure_ascii=False)
        return context

    labels_for = None  # set by the field: "3,7" → [{"id": 3, "text": …}, …]


class SearchMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choose several rows by id (the picker) or, without JavaScript, by comma-separated names."""

    def __init__(self, queryset, *, url, search_fields, **kwargs):
        self.search_fields = search_fields
        kwargs.setdefault("widget", SearchMultipleSelect(url=url))
        super().__init__(queryset, **kwargs)
        self.widget.labels_for = self.labels_for_value
        help_text = _("Type ids or names, separated by commas.")
        self.help_text = f"{self.help_text} {help_text}" if self.help_text else help_text

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.labels_for = result.labels_for_value
        return result

    def labels_for_value(self, value):
        numbers = [id_param(token.strip()) for token in str(value or "").split(",")]
        numbers = [n for n in numbers if n is not None]
        if not numbers:
            return []
        rows = {obj.pk: obj for obj in self.queryset.filter(pk__in=numbers)}
        return [{"id": n, "text": self.label_from_instance(rows[n])} for n in numbers if n in rows]

    def clean(self, value):
        if isinstance(value, list | tuple):
            # The initial value of a disabled field: rows (or their ids), not typed text.
            value = ",".join(str(getattr(item, "pk", item)) for item in value)
        tokens = [t.strip() for t in str(value or "").split(",") if t.strip()]
        if not tokens:
            return super().clean([])
        ids, errors = [], []
        for token in tokens[:50]:
            number = id_param(token)
            if number is not None:
                ids.append(number)
                continue
            exact = list(self.queryset.filter(**{f"{self.search_fields[0]}__iexact": token})[:2])
            matches = exact or list(search_filter(self.queryset, self.search_fields, token)[:6])
            if len(matches) == 1:
                ids.append(matches[0].pk)
            elif not matches:
                errors.append(
                    ValidationError(
                        _("Nothing matches “%(text)s”."), code="no_match", params={"text": token}
                    )
                )
            else:
                shown = ", ".join(self.label_from_instance(obj) for obj in matches[:5])
                errors.append(
                    ValidationError(
                        _("“%(text)s” matches more than one: %(shown)s. Type more of the name."),
                        code="several_matches",
                        params={"text": token, "shown": shown},
                    )
                )
        if errors:
            raise ValidationError(errors)
        return super().clean([str(n) for n in dict.fromkeys(ids)])
