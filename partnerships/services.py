"""Work on partner organisations that spans several models."""

from django.db import transaction

from partnerships.models import ContactPerson, Partner


@transaction.atomic
def partner_save(*, form, contact_formset) -> Partner:
    """Save a partner and its contact persons from a valid form and formset.

    The primary flag is set last, so moving it from one contact to another in a
    single save never trips the one-primary-per-partner constraint.
    """
    partner = form.save()
    contact_formset.instance = partner
    contacts = contact_formset.save(commit=False)
    for contact in contact_formset.deleted_objects:
        contact.delete()
    primary = next((c for c in contacts if c.is_primary), None)
    if primary is not None:
        ContactPerson.objects.filter(partner=partner, is_primary=True).update(is_primary=False)
    for contact in contacts:
        contact.partner = partner
        contact.is_primary = False
        contact.save()
    if primary is not None:
        ContactPerson.objects.filter(pk=primary.pk).update(is_primary=True)
    return partner


def partner_set_active(*, partner: Partner, active: bool) -> Partner:
    """Activate or deactivate a partner (deactivating keeps all its history)."""
    partner.active = active
    partner.save(update_fields=["active", "updated_at"])
    return partner
