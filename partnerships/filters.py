import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from partnerships.models import ContactPerson, Partner


class PartnerFilter(django_filters.FilterSet):
    """Filters of the partner directory. Shows active partners unless asked otherwise."""

    ACTIVE_CHOICES = (
        ("yes", _("Active")),
        ("no", _("Deactivated")),
        ("all", _("All")),
    )

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, town or contact person")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Partner.Kind.choices, empty_label=_("All kinds")
    )
    area = django_filters.ChoiceFilter(label=_("Area"), empty_label=_("All areas"))
    active = django_filters.ChoiceFilter(
        label=_("Status"), choices=ACTIVE_CHOICES, method="filter_active", empty_label=None
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("kind", "kind"),
            ("town", "town"),
            ("area", "area"),
            ("number_of_children", "children"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Partner
        fields = ["q", "kind", "area", "active"]

    def __init__(self, data=None, *args, **kwargs):
        # An unfiltered list shows the active partners only.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("active"):
            data["active"] = "yes"
        super().__init__(data, *args, **kwargs)
        areas = (
            Partner.objects.exclude(area="").order_by("area").values_list("area", flat=True)
        ).distinct()
        self.filters["area"].extra["choices"] = [(area, area) for area in areas]

    def search(self, queryset, name, value):
        terms = value.split()
        for term in terms:
            contact_match = ContactPerson.objects.filter(
                partner=OuterRef("pk"), name__icontains=term
            )
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(town__icontains=term) | Exists(contact_match)
            )
        return queryset

    def filter_active(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(active=True)
        if value == "no":
            return queryset.filter(active=False)
        return queryset
