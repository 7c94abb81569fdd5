from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from partnerships.models import ContactPerson, Partner


class PartnerForm(forms.ModelForm):
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
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
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
