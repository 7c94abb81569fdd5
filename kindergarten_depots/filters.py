import django_filters
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from kindergarten_depots.models import AgeGroup, DepotAgreement, Item, Theme
from partnerships.models import Branch
from toolkit.filters import SearchFilter


class ItemFilter(django_filters.FilterSet):
    q = SearchFilter(method="search", placeholder=_("Title, author, barcode or ISBN"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Item.Status.choices, empty_label=_("All statuses")
    )
    age_group = django_filters.ChoiceFilter(
        label=_("Age group"), choices=AgeGroup.choices, empty_label=_("All ages")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("Home branch"),
        field_name="home_branch",
        queryset=Branch.objects.all(),
        empty_label=_("All branches"),
    )
    o = django_filters.OrderingFilter(
        fields=(("title", "title"), ("author", "author"), ("barcode", "barcode")),
        label=_("Sort by"),
    )

    class Meta:
        model = Item
        fields = ["q", "status", "age_group", "theme", "branch"]

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(author__icontains=term)
                | Q(barcode=term)
                | Q(isbn=term.replace("-", ""))
            )
        # Match before sort: the same order as the list's, but through an expression the
        # title index does not cover. Otherwise PostgreSQL walks the whole title index
        # hoping to meet 50 matches early (800 ms for a title starting with "S") instead
        # of collecting the matches with the trigram indexes and sorting those.
        return queryset.order_by(Coalesce(Lower("title"), Value("")), "pk")


class AgreementFilter(django_filters.FilterSet):
    q = SearchFilter(field_name="kindergarten__name", lookup_expr="icontains")
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=DepotAgreement.Type.choices, empty_label=_("All types")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DepotAgreement.Status.choices, empty_label=_("All statuses")
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("Branch"), queryset=Branch.objects.all(), empty_label=_("All branches")
    )

    class Meta:
        model = DepotAgreement
        fields = ["q", "type", "status", "branch"]
