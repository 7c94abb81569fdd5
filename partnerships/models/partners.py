"""Partner organisations, their contact persons and the library's own branches."""

from django.core.validators import RegexValidator
from django.db import models, router
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from toolkit.querysets import VisibleToQuerySet

postcode_validator = RegexValidator(
    r"^\d{4}$", _("Enter a Danish postcode of four digits, e.g. 8400.")
)


class Branch(models.Model):
    """A branch of the library system (a physical library)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[postcode_validator]
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("library branch")
        verbose_name_plural = _("library branches")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerQuerySet(VisibleToQuerySet):
    """The partner directory is for librarians: nobody else sees a partner through it."""

    def active(self):
        return self.filter(active=True)

    def kindergartens(self):
        return self.filter(kind=Partner.Kind.KINDERGARTEN)

    def schools(self):
        return self.filter(kind=Partner.Kind.SCHOOL)


institution_number_validator = RegexValidator(
    r"^[0-9A-Za-z]+$",
    _("An institution number consists of letters and digits only."),
    code="invalid_institution_number",
)


class Partner(models.Model):
    """An organisation the library works with: a school, a kindergarten, an association …"""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        KINDERGARTEN = "kindergarten", _("Kindergarten/daycare")
        ASSOCIATION = "association", _("Association")
        MUNICIPAL_UNIT = "municipal", _("Municipal unit")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[postcode_validator]
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    area = models.CharField(
        _("area"),
        max_length=100,
        blank=True,
        help_text=_("District or area of the municipality, e.g. Ebeltoft or Rønde."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    number_of_children = models.PositiveIntegerField(
        _("number of children"),
        null=True,
        blank=True,
        help_text=_("For kindergartens and schools: roughly how many children."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Deactivate instead of deleting: history stays intact."),
    )
    institution_number = models.CharField(
        _("institution number"),
        max_length=20,
        blank=True,
        validators=[institution_number_validator],
        help_text=_(
            "The institution number (institutionsnummer) of a school or kindergarten. "
            "Its staff can then log in with Unilogin."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = [Lower("name"), "pk"]
        indexes = [
            models.Index(fields=["kind", "active"]),
            models.Index(fields=["area"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["institution_number"],
                condition=~models.Q(institution_number=""),
                name="partnerships_partner_institution_number_unique",
                violation_error_message=_("Another partner already has this institution number."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:partner_detail", args=[self.pk])

    def deletion_blockers(self) -> list[str]:
        """Return what refers to this partner and so prevents deleting it (empty: deletable).

        Contact persons belong to the partner and go with it; anything protected
        (user accounts, partnerships, depots, contestants …) blocks the deletion.
        """
        collector = Collector(using=router.db_for_write(Partner))
        try:
            collector.collect([self])
        except (ProtectedError, RestrictedError) as error:
            blocking = (
                error.protected_objects
                if isinstance(error, ProtectedError)
                else error.restricted_objects
            )
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
            return kinds
        return []

    @property
    def primary_contact(self):
        """Return the primary contact person, or the first one (uses prefetched contacts)."""
        contacts = list(self.contacts.all())
        return next((c for c in contacts if c.is_primary), contacts[0] if contacts else None)


class ContactPerson(models.Model):
    """A person at a partner organisation whom the library talks to."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(
        _("role/title"), max_length=100, blank=True, help_text=_("E.g. head, teacher, librarian.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["-is_primary", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(is_primary=True),
                name="partnerships_one_primary_contact_per_partner",
                violation_error_message=_("A partner can have only one primary contact."),
            ),
        ]

    def __str__(self):
        return self.name
