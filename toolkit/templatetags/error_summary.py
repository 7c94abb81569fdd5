"""The error summary every page shows above its content after an invalid submit.

``base.html`` collects the errors of every bound form (and formset) the view put in
the template context, so each form page gets the summary, the "Fejl:" title prefix
and the links to the fields without doing anything itself.
"""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class FormError:
    message: str
    field_id: str


def _forms_in(value):
    """Yield the forms and formsets in one context value (a form, a formset, a list or dict of them)."""
    if isinstance(value, BaseForm | BaseFormSet):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, BaseForm | BaseFormSet):
                yield item
    elif isinstance(value, dict):
        for item in value.values():
            if isinstance(item, BaseForm | BaseFormSet):
                yield item


def _first_field_id(form) -> str:
    for bound_field in form.visible_fields():
        return _field_id(bound_field)
    return ""


def _field_id(bound_field) -> str:
    # Radio buttons and checkbox lists have no id on the group; link to the first option.
    return bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")


def _form_errors(form) -> list[FormError]:
    if not form.is_bound or not form.errors:
        return []
    errors = []
    first_id = _first_field_id(form)
    for message in form.non_field_errors():
        errors.append(FormError(message=message, field_id=first_id))
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        bound_field = form[name]
        field_id = first_id if bound_field.is_hidden else _field_id(bound_field)
        label = bound_field.label
        for message in messages:
            text = f"{label}: {message}" if label and not bound_field.is_hidden else message
            errors.append(FormError(message=text, field_id=field_id))
    return errors


def form_errors_in(context_values) -> list[FormError]:
    """Return every error of the bound forms and formsets among ``context_values``, in order."""
    errors: list[FormError] = []
    seen: set[int] = set()
    for value in context_values:
        for item in _forms_in(value):
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, BaseFormSet):
                if not item.is_bound:
                    continue
                for message in item.non_form_errors():
                    first = item.forms[0] if item.forms else None
                    errors.append(
                        FormError(
                            message=message, field_id=(first and _first_field_id(first)) or ""
                        )
                    )
                for form in item.forms:
                    errors.extend(_form_errors(form))
            else:
                errors.extend(_form_errors(item))
    return errors


@register.simple_tag(takes_context=True)
def collect_form_errors(context) -> list[FormError]:
    """Return the errors of every bound form in the template context (for ``base.html``)."""
    return form_errors_in(context.flatten().values())
