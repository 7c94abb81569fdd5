"""The statistics report: sections of tables built from each app's figures.

Each app computes its own figures (``partnerships.statistics``,
``kindergarten_depots.statistics``, ``readaloud.statistics``); this module only turns
them into tables with charts and summaries, scoped to what the viewer may see.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import caches
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kindergarten_depots import statistics as depot_statistics
from partnerships import statistics as partnership_statistics
from partnerships.models import Partnership
from readaloud import statistics as readaloud_statistics
from readaloud.models import Championship
from reporting import monthly, permissions
from reporting.periods import Period
from reporting.tables import Chart, Table, month_label

ZERO = Decimal("0")
# The figures are computed over many rows; they are kept this long, so that opening the
# page again, switching sections or downloading its tables does not compute them again,
# whichever web process answers (the "reporting" cache is a database table).
CACHE_SECONDS = 10 * 60


@dataclass
class Section:
    slug: str
    title: str
    figures: list[tuple[str, object]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    sections: list[Section]
    made_at: datetime = field(default_factory=timezone.now)

    def table(self, slug: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.slug == slug), None)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def _hours(value) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.1"))


def _n(value) -> str:
    return number_format(
        value, decimal_pos=1 if isinstance(value, Decimal) else None, force_grouping=True
    )


def _person(name, email) -> str:
    return name or email or "–"


# --- Partnerships ------------------------------------------------------------------------


def partnership_section(user, period: Period, *, today: date) -> Section:
    partnerships = Partnership.objects.visible_to(user)
    span = {"start": period.start, "end": period.end}
    statuses = [str(label) for label in Partnership.Status.labels]

    kinds = partnership_statistics.by_kind_and_status(partnerships, **span)
    total = sum(row["total"] for row in kinds)
    active_index = Partnership.Status.values.index(Partnership.Status.ACTIVE)
    active = sum(row["counts"][active_index] for row in kinds)
    by_kind = Table(
        slug="partnerships-by-kind",
        title=_("Partnerships by kind and status"),
        columns=[_("Kind"), *statuses, _("In all")],
        rows=[[str(row["label"]), *row["counts"], row["total"]] for row in kinds],
        summary=_("%(total)s partnerships ran in the period; %(active)s of them are active now.")
        % {"total": total, "active": active},
        chart=Chart(values=tuple(range(1, len(statuses) + 1)), stacked=True),
    )

    per_partnership = partnership_statistics.hours_per_partnership(partnerships, **span)
    kind_labels = dict(Partnership.Kind.choices)
    over = [
        row
        for row in per_partnership
        if row["estimated_hours"] and (row["used"] or 0) > row["estimated_hours"]
    ]
    hours_table = Table(
        slug="hours-per-partnership",
        title=_("Hours per partnership"),
        columns=[
            _("Partnership"),
            _("Kind"),
            _("Coordinator"),
            _("Estimated hours"),
            _("Hours used"),
        ],
        rows=[
            [
                row["title"],
                str(kind_labels.get(row["kind"], row["kind"])),
                _person(row["coordinator__full_name"], row["coordinator__email"]),
                _hours(row["estimated_hours"]) if row["estimated_hours"] is not None else "–",
                _hours(row["used"]),
            ]
            for row in per_partnership
        ],
        summary=_("%(over)s of %(count)s partnerships used more hours than estimated.")
        % {"over": len(over), "count": len(per_partnership)},
        empty=_("No partnerships in the period."),
    )

    per_kind = partnership_statistics.hours_by_kind(partnerships, **span)
    used_total = sum((row["used"] for row in per_kind), ZERO)
    estimate_total = sum((row["estimate"] for row in per_kind), ZERO)
    hours_kind = Table(
        slug="hours-by-kind",
        title=_("Hours by kind of partnership"),
        columns=[_("Kind"), _("Estimated hours"), _("Hours used")],
        rows=[[str(r["label"]), _hours(r["estimate"]), _hours(r["used"])] for r in per_kind],
        summary=_("%(used)s hours were logged in the period against %(estimate)s estimated.")
        % {"used": _n(_hours(used_total)), "estimate": _n(_hours(estimate_total))},
        chart=Chart(values=(1, 2)),
    )

    per_coordinator = partnership_statistics.hours_by_coordinator(partnerships, **span)
    busiest = max(per_coordinator, key=lambda r: r["used"], default=None)
    hours_coordinator = Table(
        slug="hours-by-coordinator",
        title=_("Hours by coordinator"),
        columns=[_("Coordinator"), _("Estimated hours"), _("Hours used"), _("Partnerships")],
        rows=[
            [r["name"], _hours(r["estimate"]), _hours(r["used"]), r["count"]]
            for r in per_coordinator
        ],
        summary=(
            _("%(name)s's partnerships logged the most hours: %(hours)s.")
            % {"name": busiest["name"], "hours": _n(_hours(busiest["used"]))}
            if busiest and busiest["used"]
            else _("No hours were logged in the period.")
        ),
        chart=Chart(values=(1, 2), horizontal=True),
        empty=_("No partnerships in the period."),
    )

    due = partnership_statistics.reviews(partnerships, **span, today=today)
    overdue = [row for row in due if row["review_date"] < today]
    reviews = Table(
        slug="reviews",
        title=_("Reviews due and overdue"),
        columns=[_("Partnership"), _("Review date"), _("Coordinator"), _("State")],
        rows=[
            [
                row["title"],
                date_format(row["review_date"], "SHORT_DATE_FORMAT"),
                _person(row["coordinator__full_name"], row["coordinator__email"]),
                _("Overdue") if row["review_date"] < today else _("Due"),
            ]
            for row in due
        ],
        summary=_("%(due)s reviews are due in the period or overdue; %(overdue)s are overdue.")
        % {"due": len(due), "overdue": len(overdue)},
        empty=_("No reviews are due or overdue."),
    )

    reach = partnership_statistics.reach_by_kind(partnerships, **span)
    people = sum(row["people"] for row in reach)
    evaluations = sum(row["evaluations"] for row in reach)
    reach_table = Table(
        slug="people-reached",
        title=_("People and children reached (from evaluations)"),
        columns=[_("Kind"), _("People reached"), _("Evaluations")],
        rows=[[str(r["label"]), r["people"], r["evaluations"]] for r in reach],
        summary=_("%(evaluations)s evaluations in the period report %(people)s people reached.")
        % {"evaluations": evaluations, "people": people},
        chart=Chart(values=(1,)),
    )
    return Section(
        slug="partnerships",
        title=_("Partnerships"),
        figures=[
            (_("Partnerships in the period"), total),
            (_("Active now"), active),
            (_("Hours used"), _hours(used_total)),
            (_("Reviews overdue"), len(overdue)),
            (_("People reached"), people),
        ],
        tables=[by_kind, hours_kind, hours_coordinator, hours_table, reviews, reach_table],
    )


# --- Depots ------------------------------------------------------------------------------


def _rate(part: int, total: int) -> Decimal:
    return (Decimal(100) * part / total).quantize(Decimal("0.1")) if total else ZERO


def _rates_table(slug, title, name_column, rows) -> Table:
    total = sum(r["total"] for r in rows)
    lost = sum(r["damaged"] + r["missing"] for r in rows)
    return Table(
        slug=slug,
        title=title,
        columns=[
            name_column,
            _("Books back"),
            _("Damaged"),
            _("Missing"),
            _("Damage rate (%)"),
            _("Loss rate (%)"),
        ],
        rows=[
            [
                r["name"] or "–",
                r["total"],
                r["damaged"],
                r["missing"],
                _rate(r["damaged"], r["total"]),
                _rate(r["missing"], r["total"]),
            ]
            for r in rows
        ],
        summary=_(
            "%(total)s books came back in the period; %(lost)s (%(rate)s %%) were damaged or "
            "missing and written off without charge."
        )
        % {"total": total, "lost": lost, "rate": _n(_rate(lost, total))},
        chart=Chart(values=(4, 5), horizontal=True),
        empty=_("No books came back in the period."),
    )


def depot_section(period: Period, *, today: date) -> Section:
    figures = depot_statistics.period_reach(start=period.start, end=period.end)
    loans = monthly.loan_figures(start=period.start, end=period.end, today=today)
    figures["per_month"] = loans["per_month"]
    figures["by_branch"] = loans["by_branch"]
    figures["by_kindergarten"] = loans["by_kindergarten"]
    books = sum(count for _month, count in figures["per_month"])
    busiest = max(figures["per_month"], key=lambda pair: pair[1], default=None)
    per_month = Table(
        slug="books-per-month",
        title=_("Books delivered per month"),
        columns=[_("Month"), _("Books delivered")],
        rows=[[month_label(month), count] for month, count in figures["per_month"]],
        summary=(
            _("%(books)s books were delivered in the period, most in %(month)s (%(count)s).")
            % {"books": books, "month": month_label(busiest[0]), "count": busiest[1]}
            if busiest
            else _("No books were delivered in the period.")
        ),
        chart=Chart(kind="line"),
        empty=_("No books were delivered in the period."),
    )
    types = Table(
        slug="depot-agreements",
        title=_("Depot agreements in the period"),
        columns=[_("Type"), _("Agreements")],
        rows=[[str(label), count] for label, count in figures["types"]],
        summary=_("%(kindergartens)s kindergartens with about %(children)s children were reached.")
        % {"kindergartens": figures["kindergartens"], "children": figures["children"]},
        chart=Chart(),
    )
    branches = [
        {**row, "books": loans["books_by_branch"].get(row["name"], 0)}
        for row in depot_statistics.agreements_by_branch(start=period.start, end=period.end)
    ]
    by_branch = Table(
        slug="depots-by-branch",
        title=_("Depots by serving branch"),
        columns=[_("Branch"), _("Books delivered"), _("Agreements"), _("Kindergartens")],
        rows=[[r["name"], r["books"], r["agreements"], r["kindergartens"]] for r in branches],
        summary=_("%(branches)s branches served the kindergartens in the period.")
        % {"branches": len(branches)},
        chart=Chart(horizontal=True),
        empty=_("No depot agreements in the period."),
    )
    return Section(
        slug="depots",
        title=_("Kindergarten depots"),
        figures=[
            (_("Kindergartens reached"), figures["kindergartens"]),
            (_("Children reached"), figures["children"]),
            (_("Books delivered"), books),
        ],
        tables=[
            types,
            by_branch,
            per_month,
            _rates_table(
                "returns-by-branch", _("Returns by branch"), _("Branch"), figures["by_branch"]
            ),
            _rates_table(
                "returns-by-kindergarten",
                _("Returns by kindergarten"),
                _("Kindergarten"),
                figures["by_kindergarten"],
            ),
        ],
    )


# --- Championship ------------------------------------------------------------------------


def championship_section(user, period: Period) -> Section:
    championships = Championship.objects.visible_to(user).filter(
        year__gte=period.start.year, year__lte=period.end.year
    )
    editions = readaloud_statistics.readers_per_edition(championships)
    readers = sum(row["readers"] for row in editions)
    per_edition = Table(
        slug="readers-per-edition",
        title=_("Readers per edition"),
        columns=[_("Edition"), _("Readers"), _("Reserves"), _("Withdrew"), _("Schools")],
        rows=[
            [r["name"], r["readers"], r["reserves"], r["withdrawn"], r["schools"]] for r in editions
        ],
        summary=_("%(readers)s readers took part in %(editions)s editions.")
        % {"readers": readers, "editions": len(editions)},
        chart=Chart(values=(1, 2), stacked=True),
        empty=_("No championship in the period."),
    )
    schools = readaloud_statistics.readers_by_school(championships)
    top = max(schools, key=lambda r: r["readers"], default=None)
    by_school = Table(
        slug="readers-by-school",
        title=_("Participation by school"),
        columns=[_("School"), _("Readers")],
        rows=[[r["school__name"], r["readers"]] for r in schools],
        summary=(
            _("%(schools)s schools took part; %(school)s sent the most readers (%(readers)s).")
            % {"schools": len(schools), "school": top["school__name"], "readers": top["readers"]}
            if top
            else _("No school took part in the period.")
        ),
        chart=Chart(horizontal=True),
        empty=_("No school took part in the period."),
    )
    grades = readaloud_statistics.readers_by_grade(championships)
    by_grade = Table(
        slug="readers-by-grade",
        title=_("Participation by grade"),
        columns=[_("Grade"), _("Readers")],
        rows=[[_("Grade %(grade)s") % {"grade": r["grade"]}, r["readers"]] for r in grades],
        summary=_("Readers came from %(grades)s grades.") % {"grades": len(grades)},
        chart=Chart(),
        empty=_("No readers in the period."),
    )
    school_grade = Table(
        slug="readers-by-school-and-grade",
        title=_("Participation by school and grade"),
        columns=[_("School"), _("Grade"), _("Readers")],
        rows=[
            [r["school__name"], r["grade"], r["readers"]]
            for r in readaloud_statistics.readers_by_school_and_grade(championships)
        ],
        summary=_("Each school's readers, grade by grade."),
        empty=_("No readers in the period."),
    )
    return Section(
        slug="championship",
        title=_("Reading-aloud championship"),
        figures=[
            (_("Editions"), len(editions)),
            (_("Readers"), readers),
            (_("Schools"), len(schools)),
        ],
        tables=[per_edition, by_school, by_grade, school_grade],
    )


def build(user, period: Period, *, today: date) -> Report:
    """Return the report for ``period`` with the sections ``user`` may see."""
    sections = [partnership_section(user, period, today=today)]
    if permissions.may_see_all_figures(user):
        sections.append(depot_section(period, today=today))
    sections.append(championship_section(user, period))
    return Report(period=period, sections=sections)


def build_cached(user, period: Period, *, today: date) -> Report:
    """Return the report for ``period``, computed at most once per ``CACHE_SECONDS``.

    Management shares one copy (they all see everything); anybody else gets their own.
    """
    return figures_cache().get_or_set(
        _key(user, period, today=today), lambda: build(user, period, today=today), CACHE_SECONDS
    )


def output_cached(user, report: Report, *, today: date, name: str, produce):
    """Return what ``produce()`` makes of ``report`` (an Excel file, a rendered list),
    made at most once per copy of the figures and shared like them."""
    key = f"{_key(user, report.period, today=today)}:{name}:{report.made_at.isoformat()}"
    return figures_cache().get_or_set(key, produce, CACHE_SECONDS)


def _key(user, period: Period, *, today: date) -> str:
    scope = "all" if permissions.may_see_all_figures(user) else f"user-{user.pk}"
    return f"reporting:{scope}:{period.start}:{period.end}:{today}:{get_language()}"


def figures_cache():
    """Return the cache the figures are kept in: a database table every process shares."""
    return caches["reporting"]
