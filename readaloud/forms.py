from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from partnerships.models import Partner, Partnership
from readaloud.models import Championship, Contestant, Criterion, Heat, Round, TextPart
from toolkit.forms import DateBoundsMixin, DateInput


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
        self.fields["organiser"].queryset = Partnership.objects.order_by("title")

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
        fields = ["name", "venue", "branch", "school", "feeds_into"]

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
        ]
        widgets = {"consent_given_at": DateInput()}

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
            .exclude(performances__heat=heat)
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
