from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, router
from django.db.models import F, Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import roles
from toolkit.querysets import VisibleToQuerySet


def private_storage():
    """Return the storage for uploaded files: MEDIA_ROOT/private, with no public URL.

    Views serve these files only after checking who is asking. A callable keeps
    the machine's path out of the migrations.
    """
    return FileSystemStorage(location=settings.MEDIA_ROOT / "private", base_url=None)


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


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def kindergartens(self):
        return self.filter(kind=Partner.Kind.KINDERGARTEN)

    def schools(self):
        return self.filter(kind=Partner.Kind.SCHOOL)


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


class PartnershipQuerySet(VisibleToQuerySet):
    def scoped_to(self, user):
        """Partner members see the partnerships they coordinate or belong to."""
        if roles.is_partner_member(user):
            return self.involving(user)
        return self.none()

    def involving(self, user):
        """Return the partnerships ``user`` coordinates or is a member of."""
        return self.filter(Q(coordinator=user) | Q(memberships__user=user)).distinct()


class Partnership(models.Model):
    """An agreement between the library and one or more partner organisations."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("SKOFO / school collaboration")
        KINDERGARTEN_DEPOT = "kindergarten_depot", _("Kindergarten depot")
        KINDERGARTEN_LIBRARY = "kindergarten_library", _("Kindergarten library")
        EVENT = "event", _("Event")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        NEGOTIATING = "negotiating", _("Negotiating")
        ACTIVE = "active", pgettext_lazy("partnership status", "Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class Scope(models.TextChoices):
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    partners = models.ManyToManyField(
        Partner,
        verbose_name=_("partner organisations"),
        through="PartnershipPartner",
        related_name="partnerships",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty for an ongoing partnership.")
    )
    review_date = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When the partnership is to be evaluated; the coordinator is reminded."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    library_contributes = models.TextField(_("what the library contributes"), blank=True)
    partner_contributes = models.TextField(_("what the partner contributes"), blank=True)
    library_gains = models.TextField(_("what the library gains"), blank=True)
    partner_gains = models.TextField(_("what the partner gains"), blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.SMALL)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
    )
    backing_approved_by = models.CharField(
        _("backing approved by"),
        max_length=150,
        blank=True,
        help_text=_("Who in management approved the partnership, e.g. the head of libraries."),
    )
    backing_approved_on = models.DateField(_("backing approved on"), null=True, blank=True)
    backing_note = models.TextField(_("note on the backing"), blank=True)
    evaluation_skipped_reason = models.TextField(
        _("why the partnership ended without an evaluation"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = [Lower("title"), "pk"]
        indexes = [models.Index(fields=["status", "kind"]), models.Index(fields=["review_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partnerships_partnership_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:partnership_detail", args=[self.pk])

    def is_win_win(self) -> bool:
        """Return whether both sides' gains are written down."""
        return bool(self.library_gains.strip() and self.partner_gains.strip())

    def has_backing(self) -> bool:
        """Return whether management backing is recorded (who and when)."""
        return bool(self.backing_approved_by.strip() and self.backing_approved_on)

    def activation_checklist(self) -> list[tuple[str, bool]]:
        """Return the win-win gate as (rule, fulfilled) pairs, shown on the page."""
        return [
            (_("What the library gains is written down"), bool(self.library_gains.strip())),
            (_("What the partner gains is written down"), bool(self.partner_gains.strip())),
            (_("Management backing is recorded (who and when)"), self.has_backing()),
        ]

    def can_be_activated(self) -> bool:
        return all(fulfilled for _rule, fulfilled in self.activation_checklist())

    def allowed_transitions(self) -> list["Partnership.Status"]:
        """Return the statuses this partnership may move to next."""
        status = self.Status
        return {
            status.IDEA: [status.NEGOTIATING, status.ACTIVE, status.ENDED],
            status.NEGOTIATING: [status.IDEA, status.ACTIVE, status.ENDED],
            status.ACTIVE: [status.PAUSED, status.ENDED],
            status.PAUSED: [status.ACTIVE, status.ENDED],
            status.ENDED: [],
        }[self.status]

    def people(self):
        """Return the coordinator and the members as a queryset of users."""
        from accounts.models import User

        return (
            User.objects.filter(
                Q(pk=self.coordinator_id) | Q(partnership_memberships__partnership=self)
            )
            .distinct()
            .order_by("full_name")
        )

    def is_member(self, user) -> bool:
        """Return whether ``user`` coordinates or is a member of this partnership."""
        if user.pk == self.coordinator_id:
            return True
        return self.memberships.filter(user=user).exists()


class PartnershipPartner(models.Model):
    """A partner organisation taking part in a partnership (kept while history needs it)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("partner organisation in a partnership")
        verbose_name_plural = _("partner organisations in partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "partner"], name="partnerships_partner_once_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.partner} – {self.partnership}"


class PartnershipMember(models.Model):
    """A person working on a partnership: a librarian or someone from a partner."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="partnership_memberships",
    )
    role = models.CharField(
        _("role"), max_length=100, blank=True, help_text=_("E.g. school librarian, organiser.")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user"], name="partnerships_member_once_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.role})" if self.role else str(self.user)


class StatusChange(models.Model):
    """One step in a partnership's status workflow: who moved it, when, from what to what."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Partnership.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Partnership.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.partnership}: {self.from_status} → {self.to_status}"


class JournalEntry(models.Model):
    """Knowledge sharing: a note, meeting minutes or a decision in a partnership's journal."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        MINUTES = "minutes", _("Meeting minutes")
        DECISION = "decision", _("Decision")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="journal_entries",
    )
    entry_date = models.DateField(_("date"), default=timezone.localdate)
    attachment = models.ForeignKey(
        "Attachment",
        verbose_name=_("attachment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-entry_date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "kind", "-entry_date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.entry_date:%d.%m.%Y}: {self.text[:50]}"


class JournalEntryRevision(models.Model):
    """The earlier text of an edited journal entry, so that no edit is silent."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(_("kind"), max_length=20, choices=JournalEntry.Kind.choices)
    text = models.TextField(_("earlier text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version of a journal entry")
        verbose_name_plural = _("earlier versions of journal entries")
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"{self.entry_id} @ {self.edited_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A file on a partnership (signed agreement, minutes); served only to those who may see it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="partnerships/%Y/%m/", storage=private_storage)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:attachment_download", args=[self.partnership_id, self.pk])


class SentReminder(models.Model):
    """A reminder e-mail that has been sent, so that ``send_reminders`` never sends it twice.

    ``key`` names what the reminder is about and for which occasion, e.g.
    ``"partnership-review:12:2027-03-01"``; together with the recipient it is unique.
    """

    key = models.CharField(max_length=200)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"], name="partnerships_reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.key} → {self.recipient}"


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Task.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Task(models.Model):
    """A piece of work in a partnership, assigned to one of its members."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        null=True,
        blank=True,
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = [F("due_date").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["assignee", "status", "due_date"])]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.OPEN and self.due_date is not None and self.due_date < today
        )


class TimeEntry(models.Model):
    """Hours someone spent on a partnership: what it really costs against its estimate."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="time_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), _("The hours must be more than 0.")),
            MaxValueValidator(Decimal("24"), _("A day has at most 24 hours.")),
        ],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="partnerships_timeentry_hours_range",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.date}: {self.hours}"


class Evaluation(models.Model):
    """An evaluation of a partnership, at its review or when it ends."""

    class GoalsMet(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Recommendation(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        CHANGE = "change", _("Continue with changes")
        END = "end", _("End")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="evaluations"
    )
    goals_met = models.CharField(_("were the goals met?"), max_length=10, choices=GoalsMet.choices)
    goals_comment = models.TextField(_("about the goals"), blank=True)
    library_gained = models.BooleanField(_("the library gained what it hoped for"), default=False)
    partner_gained = models.BooleanField(_("the partner gained what it hoped for"), default=False)
    win_win_comment = models.TextField(_("about the win-win"), blank=True)
    people_reached = models.PositiveIntegerField(_("children/people reached"), default=0)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluated_on = models.DateField(_("date"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self):
        return f"{self.partnership} {self.evaluated_on}"
