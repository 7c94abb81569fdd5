import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kindergarten_depots.catalogue import decode, detect_delimiter
from kindergarten_depots.models import (
    AgeGroup,
    ClosurePeriod,
    DepotAgreement,
    LossReport,
    RouteStop,
    Theme,
    default_gains,
)
from kindergarten_depots.services.agreements import agreement_period_check
from kindergarten_depots.services.bridge import parse_barcodes
from partnerships.models import Branch, ContactPerson, Partner
from toolkit.forms import CrispyFormMixin, DateInput
from toolkit.search_select import SearchChoiceField


def kindergarten_search_field(queryset, **kwargs):
    """A search-as-you-type kindergarten picker: an installation has thousands of them."""
    return SearchChoiceField(
        queryset,
        url=reverse_lazy("kindergarten_depots:kindergarten_lookup"),
        search_fields=["name", "town"],
        **kwargs,
    )


MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class AgreementForm(CrispyFormMixin, forms.ModelForm):
    age_groups = forms.MultipleChoiceField(
        label=_("Age groups"), choices=AgeGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    books_per_delivery = forms.IntegerField(
        label=_("Books per delivery"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Empty: 30 for a depot, 150 for a kindergarten library."),
    )
    swap_interval_weeks = forms.IntegerField(
        label=_("Swap interval (weeks)"),
        min_value=1,
        max_value=104,
        required=False,
        help_text=_("Empty: every 12 weeks for a depot, every 26 weeks for a library."),
    )
    library_gains = forms.CharField(
        label=_("What the library gains"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Filled in from the type of agreement: confirm it or write your own."),
    )
    partner_gains = forms.CharField(
        label=_("What the kindergarten gains"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Both gains must be written down before the agreement can become active."),
    )

    class Meta:
        model = DepotAgreement
        fields = [
            "kindergarten",
            "type",
            "start_date",
            "end_date",
            "books_per_delivery",
            "swap_interval_weeks",
            "age_groups",
            "themes",
            "repeat_after_months",
            "branch",
            "picking",
            "picking_branch",
            "books_per_box",
            "contact",
            "delivery_address",
            "delivery_instructions",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "delivery_instructions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The kindergarten of an agreement never changes: make a new agreement instead.
            self.fields["kindergarten"].queryset = Partner.objects.filter(
                pk=self.instance.kindergarten_id
            )
            self.fields["kindergarten"].disabled = True
        else:
            self.fields["kindergarten"] = kindergarten_search_field(
                Partner.objects.kindergartens().active(), label=_("Kindergarten")
            )
            self.order_fields(self.Meta.fields)
        self.fields["branch"].queryset = Branch.objects.filter(active=True)
        self.fields["picking_branch"].queryset = Branch.objects.filter(active=True)
        # Left out, they keep their defaults: serving branch first, 30 books a box.
        self.fields["picking"].required = False
        self.fields["books_per_box"].required = False
        contacts = ContactPerson.objects.filter(partner__kind=Partner.Kind.KINDERGARTEN)
        if self.instance.pk:
            # Only the kindergarten's own contacts, not every kindergarten's.
            contacts = contacts.filter(partner_id=self.instance.kindergarten_id)
            partnership = self.instance.partnership
            self.fields["library_gains"].initial = partnership.library_gains
            self.fields["partner_gains"].initial = partnership.partner_gains
        else:
            agreement_type = (
                self.data.get("type") or self.initial.get("type") or (DepotAgreement.Type.DEPOT)
            )
            if agreement_type not in DepotAgreement.Type.values:
                agreement_type = DepotAgreement.Type.DEPOT
            library, partner = default_gains(agreement_type)
            self.fields["library_gains"].initial = library
            self.fields["partner_gains"].initial = partner
        self.fields["contact"].queryset = contacts.select_related("partner")
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} ({c.partner})"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        kindergarten = cleaned.get("kindergarten") or self.instance_kindergarten()
        if start and end and kindergarten:
            try:
                agreement_period_check(
                    kindergarten_id=kindergarten.pk,
                    start_date=start,
                    end_date=end,
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as error:
                self.add_error(None, error)
        contact, kindergarten = cleaned.get("contact"), cleaned.get("kindergarten")
        if contact and kindergarten and contact.partner_id != kindergarten.pk:
            self.add_error("contact", _("The contact person must work at the kindergarten."))
        agreement_type = cleaned.get("type")
        if agreement_type:
            books, weeks = DepotAgreement.TYPE_DEFAULTS[DepotAgreement.Type(agreement_type)]
            cleaned["books_per_delivery"] = cleaned.get("books_per_delivery") or books
            cleaned["swap_interval_weeks"] = cleaned.get("swap_interval_weeks") or weeks
        cleaned["picking"] = cleaned.get("picking") or DepotAgreement.Picking.BRANCH_FIRST
        cleaned["books_per_box"] = cleaned.get("books_per_box") or DepotAgreement.BOOKS_PER_BOX
        return cleaned

    def gains(self) -> dict:
        """Return the gains the librarian submitted (a field left out of the POST is kept)."""
        return {
            name: self.cleaned_data[name]
            for name in ("library_gains", "partner_gains")
            if name in self.data
        }

    def instance_kindergarten(self):
        return self.instance.kindergarten if self.instance.kindergarten_id else None

    def _post_clean(self):
        # Defaults are filled in before the model validates the instance.
        for name in ("books_per_delivery", "swap_interval_weeks", "picking", "books_per_box"):
            if self.cleaned_data.get(name):
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


class ClosurePeriodForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = ClosurePeriod
        fields = ["kindergarten", "start_date", "end_date", "reason", "part"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kindergarten"] = kindergarten_search_field(
            Partner.objects.kindergartens(),
            label=_("Kindergarten"),
            required=False,
            help_text=_("Empty: all kindergartens in the municipality."),
        )
        self.order_fields(self.Meta.fields)
        self.fields["part"].required = False

    def clean_part(self):
        return self.cleaned_data.get("part") or ClosurePeriod.Part.DAY

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return cleaned


class SwapMoveForm(CrispyFormMixin, forms.Form):
    new_date = forms.DateField(label=_("New date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300)
    override = forms.BooleanField(
        label=_("Move anyway"),
        required=False,
        help_text=_(
            "Only for a weekend, a public holiday or a closure day the kindergarten has "
            "agreed to: nobody may be there to receive the books."
        ),
    )


class SwapCancelForm(CrispyFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class BarcodeForm(forms.Form):
    barcode = forms.CharField(
        label=_("Barcode"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class CheckInForm(forms.Form):
    """The books that came back: scanned barcodes, damaged ones ticked on their row, the day."""

    returned = forms.CharField(
        label=_("Barcodes of the books that came back"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        help_text=_(
            "Scan or type one barcode per line. Books not scanned are recorded as missing."
        ),
    )
    returned_on = forms.DateField(label=_("The books came back on"), widget=DateInput())

    def __init__(self, *args, loans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.loans = list(loans)
        self.fields["damaged"] = forms.MultipleChoiceField(
            label=_("Came back damaged"),
            required=False,
            choices=[(loan.item.barcode, loan.item.title) for loan in self.loans],
            widget=forms.CheckboxSelectMultiple,
        )

    def clean_returned(self):
        return {line.strip() for line in self.cleaned_data["returned"].split() if line.strip()}

    def clean_returned_on(self):
        value = self.cleaned_data["returned_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="date_in_future")
        return value

    def clean(self):
        cleaned = super().clean()
        known = {loan.item.barcode for loan in self.loans}
        unknown = sorted(cleaned.get("returned", set()) - known)
        if unknown:
            self.add_error(
                "returned",
                ValidationError(
                    _("These barcodes are not among the books due back: %(barcodes)s.")
                    % {"barcodes": ", ".join(unknown)},
                    code="barcodes_not_due",
                ),
            )
        # A damaged book has come back, even if nobody scanned it.
        cleaned["returned"] = cleaned.get("returned", set()) | set(cleaned.get("damaged", []))
        return cleaned

    def damaged_checked(self) -> set[str]:
        """Return the barcodes ticked damaged (as typed, or as given initially)."""
        if self.is_bound:
            return set(self.data.getlist("damaged"))
        return set(self.initial.get("damaged", []))


class DeliverForm(CrispyFormMixin, forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput(), required=False)

    def clean_delivered_on(self):
        value = self.cleaned_data["delivered_on"] or timezone.localdate()
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="date_in_future")
        return value


class StopProblemForm(forms.Form):
    problem = forms.ChoiceField(label=_("Problem"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = RouteStop.Problem.choices


class CardListForm(CrispyFormMixin, forms.Form):
    """The barcodes the library system holds as on loan to the institution card."""

    text = forms.CharField(
        label=_("Barcodes from the library system"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        help_text=_("Paste the list: one barcode per line (or separated by ; or ,)."),
    )
    file = forms.FileField(
        label=_("Or upload the list (text or CSV)"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text") or ""
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    _("The file is too large (at most 50 MB)."), code="file_too_large"
                )
            text += "\n" + upload.read().decode("utf-8-sig", errors="replace")
        cleaned["barcodes"] = parse_barcodes(text)
        if not text.strip():
            raise ValidationError(_("Paste the barcodes or choose a file."), code="card_list_empty")
        return cleaned


class StatisticsPeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise ValidationError(
                _("The end date cannot be before the start date."), code="end_before_start"
            )
        return cleaned


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file from the library system"),
        help_text=_(
            "Columns: stregkode, titel, forfatter, isbn, alder, emner, opstilling, filial "
            "(or the English names). Separated by semicolon, comma or tab."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is too large (at most 50 MB)."), code="file_too_large"
            )
        if upload.size == 0:
            raise ValidationError(_("The file is empty."), code="file_empty")
        text = decode(upload.read())
        upload.seek(0)
        if "\x00" in text:
            raise ValidationError(
                _(
                    "The file contains NUL characters, so it is not a CSV text file. "
                    "Save it as CSV (UTF-8) and try again."
                ),
                code="file_not_text",
            )
        try:
            for _record in csv.reader(io.StringIO(text), delimiter=detect_delimiter(text)):
                pass
        except csv.Error:
            raise ValidationError(
                _(
                    "The file could not be read as CSV: a cell is longer than 131,072 "
                    "characters. Check that it is the catalogue export."
                ),
                code="file_not_csv",
            ) from None
        return upload


# ---------------------------------------------------------------------------
# Kindergarten portal


class WishForm(CrispyFormMixin, forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("Any theme")
    )
    age_group = forms.ChoiceField(
        label=_("Age group"),
        choices=[("", _("Any age group")), *AgeGroup.choices],
        required=False,
    )
    text = forms.CharField(
        label=_("Your wish"),
        required=False,
        max_length=1000,
        help_text=_("E.g. “books about feelings” or “more board books”."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("theme") or cleaned.get("age_group") or cleaned.get("text", "").strip()
        ):
            raise ValidationError(
                _("Write a wish, or choose a theme or an age group."), code="wish_empty"
            )
        return cleaned


class LoanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.item.author:
            return f"{obj.item.title} – {obj.item.author}"
        return obj.item.title


class LossReportForm(CrispyFormMixin, forms.Form):
    """Report a lost or damaged book; ``loans`` are the kindergarten's open loans only."""

    loan = LoanChoiceField(
        label=_("Which book?"),
        queryset=None,
        empty_label=_("Choose a book"),
        error_messages={
            "invalid_choice": _("Choose one of the books your kindergarten has now."),
        },
    )
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=[
            (LossReport.Kind.LOST, _("The book is lost")),
            (LossReport.Kind.DAMAGED, _("The book is damaged")),
        ],
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Tell us a little more (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, loans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].queryset = loans


class LibraryMessageForm(CrispyFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AgreementEndForm(CrispyFormMixin, forms.Form):
    on = forms.DateField(
        label=_("Final collection on"),
        widget=DateInput(),
        help_text=_("The day the last books are collected; the agreement ends that day."),
    )
    reason = forms.CharField(
        label=_("Why the agreement ends"), max_length=300, widget=forms.TextInput()
    )
