from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from partnerships.models import (
    ContactPerson,
    Evaluation,
    JournalEntry,
    Partner,
    Partnership,
    Task,
    TimeEntry,
)
from partnerships.validators import validate_attachment
from toolkit.forms import CrispyFormMixin, DateBoundsMixin, DateInput
from toolkit.search_select import SearchChoiceField, SearchMultipleChoiceField


class PartnerForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "address",
            "postcode",
            "town",
            "area",
            "phone",
            "email",
            "website",
            "number_of_children",
            "institution_number",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number_of_children"].widget.attrs["min"] = 0


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone", "is_primary"]


class BaseContactFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A blank new contact is simply left empty; only saved ones can be deleted.
        if form.instance.pk is None:
            form.fields.pop("DELETE", None)

    def clean(self):
        super().clean()
        primaries = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_primary")
        ]
        if len(primaries) > 1:
            raise ValidationError(_("Only one contact person can be the primary contact."))


ContactFormSet = inlineformset_factory(
    Partner,
    ContactPerson,
    form=ContactPersonForm,
    formset=BaseContactFormSet,
    extra=1,
    can_delete=True,
)


def user_label(user) -> str:
    """A person as pickers show them: the name, and the partner of a partner member."""
    if user.partner_id:
        return f"{user.full_name} ({user.partner})"
    return user.full_name or user.email


def member_candidates(partnership):
    """The people who may be added to ``partnership``: librarians and partner members not in it."""
    return (
        User.objects.with_roles(Role.LIBRARIAN, Role.PARTNER_MEMBER)
        .exclude(partnership_memberships__partnership=partnership)
        .select_related("partner")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


class UserSearchField(SearchChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


class PartnershipForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "title",
            "kind",
            "partners",
            "start_date",
            "end_date",
            "review_date",
            "purpose",
            "library_contributes",
            "partner_contributes",
            "library_gains",
            "partner_gains",
            "scope",
            "estimated_hours",
            "coordinator",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "review_date": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "purpose",
                    "library_contributes",
                    "partner_contributes",
                    "library_gains",
                    "partner_gains",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Partner.objects.filter(active=True)
        if self.instance.pk:
            partners = partners | Partner.objects.filter(pk__in=self.instance.partners.all())
        # A search picker: an installation has thousands of partners.
        self.fields["partners"] = SearchMultipleChoiceField(
            partners.order_by("name"),
            label=self.fields["partners"].label,
            url=reverse_lazy("partnerships:partner_choice_lookup"),
            search_fields=["name", "town"],
        )
        # A search picker: an installation has hundreds of librarians.
        self.fields["coordinator"] = UserSearchField(
            User.objects.librarians(),
            label=self.fields["coordinator"].label,
            url=reverse_lazy("partnerships:coordinator_lookup"),
            search_fields=["full_name", "email"],
            exact_fields=["email"],
        )
        self.order_fields(self.Meta.fields)
        self.fields["estimated_hours"].widget.attrs.update({"min": 0, "step": "0.5"})
        if self.instance.pk and hasattr(self.instance, "depot_agreement"):
            # A depot's period, kind and kindergarten belong to its agreement, which
            # keeps the partnership in step; they are changed there, not here.
            for name in ("kind", "partners", "start_date", "end_date"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Change it on the depot agreement.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        choices = [
            (status.value, status.label)
            for status in partnership.allowed_transitions()
            if status != Partnership.Status.ENDED
        ]
        # Nothing preselected: a status change is a deliberate choice, never a default.
        self.fields["to_status"].choices = (
            [("", _("Choose the new status")), *choices] if choices else []
        )


class MemberForm(forms.Form):
    role = forms.CharField(label=_("Role in the partnership"), max_length=100, required=False)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        # A picker that searches as you type: an installation has thousands of people.
        self.fields["user"] = UserSearchField(
            member_candidates(partnership),
            label=_("Person"),
            url=reverse("partnerships:member_lookup", args=[partnership.pk]),
            search_fields=["full_name", "email", "partner__name"],
            exact_fields=["email"],
        )
        self.order_fields(["user", "role"])
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Choose a librarian or partner member who is not a member yet."
        )


class JournalEntryForm(DateBoundsMixin, forms.ModelForm):
    attachment_file = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        validators=[validate_attachment],
        help_text=_("PDF, Office document or image, at most 10 MB."),
    )

    class Meta:
        model = JournalEntry
        fields = ["kind", "entry_date", "text"]
        widgets = {"entry_date": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "kind": _("A decision is e-mailed to every member, so nobody is decided over."),
        }


class JournalEntryEditForm(DateBoundsMixin, forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        validators=[validate_attachment],
        help_text=_("PDF, Office document or image, at most 10 MB."),
    )


class TaskForm(DateBoundsMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "description", "assignee", "due_date"]
        field_classes = {"assignee": UserChoiceField}
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = partnership.people().select_related("partner")
        self.fields["assignee"].error_messages["invalid_choice"] = _(
            "The assignee must be a member of the partnership."
        )


class TimeEntryForm(DateBoundsMixin, forms.ModelForm):
    class Meta:
        model = TimeEntry
        fields = ["date", "hours", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs.update({"min": "0.25", "max": "24", "step": "0.25"})


class EvaluationForm(DateBoundsMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "evaluated_on",
            "goals_met",
            "goals_comment",
            "library_gained",
            "partner_gained",
            "win_win_comment",
            "people_reached",
            "lessons_learned",
            "recommendation",
        ]
        widgets = {
            "evaluated_on": DateInput(),
            "goals_comment": forms.Textarea(attrs={"rows": 3}),
            "win_win_comment": forms.Textarea(attrs={"rows": 3}),
            "lessons_learned": forms.Textarea(attrs={"rows": 4}),
        }

    def answers(self) -> dict:
        """Return the cleaned evaluation answers, as ``services.evaluation_create`` takes them."""
        return {name: self.cleaned_data[name] for name in EvaluationForm.Meta.fields}


class EndPartnershipForm(EvaluationForm):
    """End a partnership: with an evaluation, or without one and a reason why."""

    skip_evaluation = forms.BooleanField(label=_("End without an evaluation"), required=False)
    skip_reason = forms.CharField(
        label=_("Why is there no evaluation?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    end_date = forms.DateField(label=_("End date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data.get("skip_evaluation"):
            for name in EvaluationForm.Meta.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("skip_evaluation") and not (cleaned.get("skip_reason") or "").strip():
            self.add_error(
                "skip_reason", _("Write why the partnership ends without an evaluation.")
            )
        return cleaned


class BackingRequestForm(CrispyFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment to the library managers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the partnership matters, and what it will cost the library."),
    )


class BackingDecisionForm(CrispyFormMixin, forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the backing")), ("decline", _("Decline the backing"))],
        coerce=lambda value: value == "approve",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline: say what would have to change."),
    )
