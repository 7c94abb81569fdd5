from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from partnerships.models import ContactPerson, Partner, Partnership
from toolkit.filters import SearchFilter
from toolkit.search_select import SearchChoiceFilter


class PartnerFilter(django_filters.FilterSet):
    """Filters of the partner directory. Shows active partners unless asked otherwise."""

    ACTIVE_CHOICES = (
        ("yes", _("Active")),
        ("no", _("Deactivated")),
        ("all", _("All")),
    )

    q = SearchFilter(method="search", placeholder=_("Name, town or contact person"))
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


class PartnershipFilter(django_filters.FilterSet):
    q = SearchFilter(field_name="title", lookup_expr="icontains", placeholder=_("Title"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Partnership.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Partnership.Status.choices, empty_label=_("All statuses")
    )
    # Search-as-you-type pickers: an installation has thousands of partners.
    coordinator = SearchChoiceFilter(
        label=_("Coordinator"),
        url=reverse_lazy("partnerships:coordinator_lookup"),
        queryset=User.objects.all(),
        search_fields=["full_name", "email"],
        option_label=lambda user: user.full_name or user.email,
    )
    partner = SearchChoiceFilter(
        label=_("Partner"),
        field_name="partners",
        url=reverse_lazy("partnerships:partner_lookup"),
        queryset=Partner.objects.all(),
        search_fields=["name", "town"],
        option_label=lambda partner: partner.name,
    )
    mine = django_filters.BooleanFilter(
        label=_("Only mine (coordinator or member)"),
        method="filter_mine",
        widget=forms.CheckboxInput,
    )
    review_due = django_filters.BooleanFilter(
        label=_("Review due within 30 days"),
        method="filter_review_due",
        widget=forms.CheckboxInput,
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("title", "title"),
            ("status", "status"),
            ("kind", "kind"),
            ("start_date", "start"),
            ("review_date", "review"),
            ("coordinator__full_name", "coordinator"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Partnership
        fields = ["q", "kind", "status", "coordinator", "partner", "mine", "review_due"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_mine(self, queryset, name, value):
        if value and self.user is not None:
            return queryset.filter(pk__in=Partnership.objects.involving(self.user).values("pk"))
        return queryset

    def filter_review_due(self, queryset, name, value):
        if value:
            soon = timezone.localdate() + timedelta(days=30)
            return queryset.review_due_by(soon)
        return queryset
