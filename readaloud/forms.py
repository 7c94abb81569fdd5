from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from partnerships.models import Partner, Partnership
from readaloud.models import Championship, Contestant, Criterion, Heat, Performance, Round, TextPart
from toolkit.forms import DateBoundsMixin, DateInput

KINDERGARTEN_KINDS = [Partnership.Kind.KINDERGARTEN_DEPOT, Partnership.Kind.KINDERGARTEN_LIBRARY]


class ChampionshipForm(DateBoundsMixin, forms.ModelForm):
    class Meta:
        model = Championship
        fields = [
            "name",
            "year",
            "organiser",
            "grade_from",
            "grade_to",
            "registration_deadline",
            "status",
            "tie_break",
            "retention_date",
        ]
        widgets = {"registration_deadline": DateInput(), "retention_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Championships are organised by school collaborations (SKOFO) and similar
        # partnerships, never by a kindergarten depot or library.
        organisers = Partnership.objects.exclude(kind__in=KINDERGARTEN_KINDS)
        if self.instance.organiser_id:
            organisers = organisers | Partnership.objects.filter(pk=self.instance.organiser_id)
        self.fields["organiser"].queryset = organisers.order_by("title")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("grade_from"), cleaned.get("grade_to")
        if first is not None and last is not None and last < first:
            self.add_error(
                "grade_to",
                forms.ValidationError(
                    _("The last grade cannot be before the first grade."), code="grades_reversed"
                ),
            )
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "max_points", "weight", "applies_to", "code", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_max_points(self):
        max_points = self.cleaned_data["max_points"]
        if self.instance.pk and self.instance.scores.filter(points__gt=max_points).exists():
            raise forms.ValidationError(
                _("Scores above this maximum have already been given."), code="below_given_scores"
            )
        return max_points


CriterionFormSet = forms.inlineformset_factory(
    Championship, Criterion, form=CriterionForm, extra=1, can_delete=True
)


class RoundForm(DateBoundsMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["number", "kind", "name", "date", "venue", "branch", "school", "advance_count"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, championship, **kwargs):
        super().__init__(*args, **kwargs)
        self.championship = championship
        self.fields["school"].queryset = Partner.objects.schools().order_by("name")

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Round.objects.filter(championship=self.championship, number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("The championship already has a round with this number."),
                code="round_number_taken",
            )
        return number


class HeatForm(forms.ModelForm):
    class Meta:
        model = Heat
        fields = [
            "name",
            "date",
            "start_time",
            "minutes_per_reader",
            "venue",
            "branch",
            "school",
            "feeds_into",
        ]
        widgets = {"date": DateInput(), "start_time": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Partner.objects.schools().order_by("name")
        self.fields["feeds_into"].queryset = Heat.objects.filter(
            round__championship_id=round.championship_id, round__number__gt=round.number
        ).select_related("round")


class ContestantForm(DateBoundsMixin, forms.ModelForm):
    """Registration of a reader; partner members register for their own school only."""

    class Meta:
        model = Contestant
        fields = [
            "first_name",
            "last_name",
            "school",
            "grade",
            "class_name",
            "book_title",
            "book_author",
            "passage",
            "is_reserve",
            "consent_given_by",
            "consent_given_at",
            "consent_method",
            "publish_consent",
            "publish_consent_given_by",
            "publish_consent_given_at",
        ]
        widgets = {"consent_given_at": DateInput(), "publish_consent_given_at": DateInput()}

    def __init__(self, *args, championship, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.championship = championship
        self.fixed_school = school
        if school is not None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = Partner.objects.schools().order_by("name")
        self.fields["grade"].widget.attrs.update(
            min=championship.grade_from, max=championship.grade_to
        )

    def _not_in_future(self, name):
        day = self.cleaned_data.get(name)
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("The consent date cannot be in the future."), code="consent_in_future"
            )
        return day

    def clean_consent_given_at(self):
        return self._not_in_future("consent_given_at")

    def clean_publish_consent_given_at(self):
        return self._not_in_future("publish_consent_given_at")

    def duplicates(self, cleaned):
        """Return readers of the edition with the same name at the same school."""
        school = self.fixed_school or cleaned.get("school")
        first, last = cleaned.get("first_name"), cleaned.get("last_name") or ""
        if not school or not first:
            return Contestant.objects.none()
        return (
            Contestant.objects.filter(
                championship=self.championship,
                school=school,
                first_name__iexact=first.strip(),
                last_name__iexact=last.strip(),
            )
            .exclude(pk=self.instance.pk)
            .exclude(anonymised_at__isnull=False)
        )

    def clean_grade(self):
        grade = self.cleaned_data["grade"]
        if not self.championship.grade_from <= grade <= self.championship.grade_to:
            raise forms.ValidationError(
                _("The championship is for grades %(first)s to %(last)s.")
                % {"first": self.championship.grade_from, "last": self.championship.grade_to},
                code="grade_not_eligible",
            )
        return grade

    def clean(self):
        cleaned = super().clean()
        consent = [
            cleaned.get("consent_given_by"),
            cleaned.get("consent_given_at"),
            cleaned.get("consent_method"),
        ]
        if any(consent) and not all(consent):
            for name, value in zip(
                ("consent_given_by", "consent_given_at", "consent_method"), consent, strict=True
            ):
                if not value:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Fill in who gave the consent, when and how."),
                            code="consent_incomplete",
                        ),
                    )
        if cleaned.get("publish_consent") and not all(consent):
            self.add_error(
                "publish_consent",
                forms.ValidationError(
                    _("Record the guardian's consent before consent to publish."),
                    code="publish_without_consent",
                ),
            )
        if cleaned.get("publish_consent"):
            for name in ("publish_consent_given_by", "publish_consent_given_at"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Fill in who agreed to publication and when."),
                            code="publish_consent_incomplete",
                        ),
                    )
        if self.duplicates(cleaned).exists() and not self.data.get("register_duplicate"):
            # Shown only now: the organiser confirms it is another child with the same name.
            self.fields["register_duplicate"] = forms.BooleanField(
                label=_("It is another child with the same name: register anyway"),
                required=False,
            )
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "A reader with this name from this school is already registered. Tick the box below if it is another child."
                    ),
                    code="duplicate",
                ),
            )
        return cleaned

    def save(self, commit=True):
        self.instance.championship = self.championship
        if self.fixed_school is not None:
            self.instance.school = self.fixed_school
        return super().save(commit)


class PlaceForm(forms.Form):
    contestant = forms.ModelChoiceField(queryset=Contestant.objects.none(), label=_("Reader"))

    def __init__(self, *args, heat, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contestant"].queryset = (
            Contestant.objects.filter(championship_id=heat.round.championship_id, withdrawn_at=None)
            .exclude(performances__round_id=heat.round_id)
            .select_related("school")
            .order_by("school__name", "last_name", "first_name")
        )
        self.fields["contestant"].label_from_instance = self.label

    @staticmethod
    def label(contestant):
        label = f"{contestant.full_name}, {contestant.school.name} ({contestant.grade}.)"
        if not contestant.has_consent():
            label += " – " + str(_("no consent"))
        return label


class ClassListForm(forms.Form):
    """Upload of a class list; librarians also choose the school."""

    school = forms.ModelChoiceField(queryset=Partner.objects.none(), label=_("School"))
    file = forms.FileField(
        label=_("Class list (CSV or XLSX)"),
        help_text=_(
            "The first row names the columns: Fornavn, Efternavn, Klassetrin and Klasse (e.g. 5.b)."
        ),
    )

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if school is not None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = self.school_queryset()
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    @staticmethod
    def school_queryset():
        return Partner.objects.schools().order_by("name")


class CriteriaReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the criteria change after scoring began?"),
        max_length=300,
        error_messages={"required": _("Give a reason.")},
    )


class MoveForm(forms.Form):
    """Move a reader of ``heat`` to another heat of the same round."""

    performance = forms.ModelChoiceField(queryset=Performance.objects.none(), label=_("Reader"))
    heat = forms.ModelChoiceField(queryset=Heat.objects.none(), label=_("Move to heat"))

    def __init__(self, *args, heat, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["performance"].queryset = heat.performances.filter(
            withdrawn_at=None
        ).select_related("contestant")
        self.fields["performance"].label_from_instance = lambda p: p.contestant.full_name
        self.fields["heat"].queryset = Heat.objects.filter(
            round_id=heat.round_id, started_at=None, closed_at=None
        ).exclude(pk=heat.pk)
        self.fields["heat"].label_from_instance = lambda h: h.name


def judge_candidates():
    """Return the users who may judge: judges and librarians."""
    return User.objects.with_roles(Role.JUDGE, Role.LIBRARIAN)


class JudgeAssignForm(forms.Form):
    judge = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Judge"))

    def __init__(self, *args, heat, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judge_candidates().exclude(judge_assignments__heat=heat)


class JudgeExcludeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class TieDecisionForm(forms.Form):
    """The jury's order for readers sharing one rank: a place number for each."""

    note = forms.CharField(
        label=_("The jury's reasoning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for index, row in enumerate(rows, start=1):
            self.fields[f"place_{row.performance.pk}"] = forms.IntegerField(
                label=row.contestant.full_name, min_value=1, max_value=len(rows), initial=index
            )

    def clean(self):
        cleaned = super().clean()
        places = [cleaned.get(f"place_{row.performance.pk}") for row in self.rows]
        if None not in places and sorted(places) != list(range(1, len(self.rows) + 1)):
            raise forms.ValidationError(
                _("Give each reader a different place."), code="places_not_distinct"
            )
        return cleaned

    def order(self) -> list[int]:
        return [
            row.performance.pk
            for row in sorted(
                self.rows, key=lambda row: self.cleaned_data[f"place_{row.performance.pk}"]
            )
        ]


class ScoreForm(forms.Form):
    """One judge's points for one reader: one number per criterion and text part."""

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        for criterion, part in slots:
            self.fields[self.field_name(criterion, part)] = forms.IntegerField(
                label=criterion.name,
                help_text=_("0–%(max)s points") % {"max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                required=False,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "min": 0, "max": criterion.max_points}
                ),
                error_messages={
                    "max_value": _("At most %(limit_value)s points."),
                    "min_value": _("At least 0 points."),
                },
            )
        self.fields["absent"] = forms.BooleanField(
            label=_("I was absent for this reader"),
            help_text=_("The reader's total is then averaged over the other judges."),
            required=False,
        )
        self.fields["note"] = forms.CharField(
            label=_("Notes on this reader"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    @staticmethod
    def field_name(criterion, part):
        return f"s_{criterion.pk}_{part}"

    @staticmethod
    def field_name_from(score):
        return f"s_{score.criterion_id}_{score.part}"

    def parts(self):
        """Return the bound fields grouped by text part, for the template."""
        groups = []
        for part, label in TextPart.choices:
            fields = [
                self[self.field_name(criterion, slot_part)]
                for criterion, slot_part in self.slots
                if slot_part == part
            ]
            if fields:
                groups.append((label, fields))
        return groups

    def points(self) -> dict:
        return {
            (criterion.pk, part): self.cleaned_data.get(self.field_name(criterion, part))
            for criterion, part in self.slots
        }
