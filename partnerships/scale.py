"""Partnership data at national scale for ``seed_scale`` (see ``toolkit.scale``).

Per municipality: 3 branches, 5 librarians (the coordinators) and 10 partner members,
10 schools and 2 associations, and 52 partnerships — one SKOFO with a big journal and the
rest of all kinds and statuses — with 3–6 members each, about 2,000 journal entries,
1,000 tasks, 5,000 time entries, evaluations of the ended and paused ones, two attachments
each (metadata only, no file) and their status history. At 98 municipalities that is about
the installation the performance issue measured: ~10,000 partnerships with the depots,
~200,000 journal entries, ~100,000 tasks and ~500,000 time entries.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from partnerships.models import (
    Attachment,
    Branch,
    Evaluation,
    JournalEntry,
    Partner,
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    StatusChange,
    Task,
    TimeEntry,
)
from toolkit.scale import bulk_count, bulk_insert, municipality_prefix, scale_email

LABEL = "partnerships"
TOWNS = ("Nord", "Syd", "Midt")
LIBRARIANS = 5
PARTNER_MEMBERS = 10
SCHOOLS = 10
PARTNERSHIPS = 52
BIG_JOURNAL = 500
JOURNAL_EACH = 30
TASKS_EACH = 20
TIME_ENTRIES_EACH = 98
KINDS = [
    Partnership.Kind.SCHOOL,
    Partnership.Kind.EVENT,
    Partnership.Kind.OTHER,
    Partnership.Kind.SCHOOL,
]
STATUSES = [
    Partnership.Status.ACTIVE,
    Partnership.Status.ACTIVE,
    Partnership.Status.ACTIVE,
    Partnership.Status.IDEA,
    Partnership.Status.NEGOTIATING,
    Partnership.Status.PAUSED,
    Partnership.Status.ENDED,
]
PATH = list(Partnership.Status.values)
TEXTS = [
    "Vi aftalte at mødes igen efter efterårsferien og tage lærerne med.",
    "Referat: skolebibliotekarerne tager sig af tilmeldingen, vi af lokalerne.",
    "Beslutning: finalen holdes på hovedbiblioteket, og forældrene inviteres.",
    "Ny kontakt hos foreningen; hun vil gerne have et oplæg om læselyst.",
    "Evalueringen fra sidste år viser, at børnene ville have mere tid på scenen.",
]


def generated(*, number: int) -> bool:
    return Branch.objects.filter(name__startswith=municipality_prefix(number) + " ").exists()


def librarians_of(number: int) -> list[User]:
    """Return the generated librarians of municipality ``number`` (the coordinators)."""
    emails = [scale_email("bibliotekar", number, k) for k in range(LIBRARIANS)]
    return list(User.objects.filter(email__in=emails).order_by("email"))


def generate(*, number: int, rng, options) -> dict[str, int]:
    prefix = municipality_prefix(number)
    years = options.get("years", 3)
    today = timezone.localdate()
    now = timezone.now()
    Branch.objects.bulk_create([Branch(name=f"{prefix} {town}", town=town) for town in TOWNS])
    schools = bulk_insert(
        Partner,
        (
            Partner(
                name=f"{TOWNS[n % 3]}skolen {number}-{n}",
                kind=Partner.Kind.SCHOOL,
                town=f"{prefix} {TOWNS[n % 3]}",
                area=TOWNS[n % 3],
                number_of_children=rng.randint(150, 700),
            )
            for n in range(SCHOOLS)
        ),
    )
    associations = bulk_insert(
        Partner,
        (
            Partner(name=f"Læseforeningen {number}-{n}", kind=Partner.Kind.ASSOCIATION)
            for n in range(2)
        ),
    )
    password = make_password(None)
    librarians = bulk_insert(
        User,
        (
            User(
                email=scale_email("bibliotekar", number, k),
                full_name=f"Bibliotekar {number}-{k}",
                password=password,
            )
            for k in range(LIBRARIANS)
        ),
    )
    members = bulk_insert(
        User,
        (
            User(
                email=scale_email("skolebibliotekar", number, k),
                full_name=f"Skolebibliotekar {number}-{k}",
                partner=schools[k % SCHOOLS],
                password=password,
            )
            for k in range(PARTNER_MEMBERS)
        ),
    )
    groups = dict(Group.objects.values_list("name", "pk"))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=groups[Role.LIBRARIAN]) for u in librarians]
        + [User.groups.through(user_id=u.pk, group_id=groups[Role.PARTNER_MEMBER]) for u in members]
    )

    def started(n):
        return today - datetime.timedelta(days=rng.randint(30, 365 * years))

    ships = []
    for n in range(PARTNERSHIPS):
        status = Partnership.Status.ACTIVE if n == 0 else STATUSES[n % len(STATUSES)]
        start = started(n)
        ships.append(
            Partnership(
                title=f"SKOFO {prefix}" if n == 0 else f"{TEXTS[n % 5][:30]} ({number}-{n})",
                kind=Partnership.Kind.SCHOOL if n == 0 else KINDS[n % len(KINDS)],
                status=status,
                start_date=start,
                end_date=start + datetime.timedelta(days=365) if status == "ended" else None,
                review_date=today + datetime.timedelta(days=rng.randint(-60, 200)),
                purpose="Flere børn skal læse mere, og skole og bibliotek skal arbejde sammen.",
                library_gains="Kontakt til alle elever i en årgang.",
                partner_gains="Sparring og adgang til bibliotekets materialer.",
                scope=Partnership.Scope.values[n % 3],
                estimated_hours=Decimal(rng.choice([20, 40, 80, 150, 300])),
                coordinator=librarians[n % LIBRARIANS],
            )
        )
    ships = bulk_insert(Partnership, ships)
    people = librarians + members
    PartnershipPartner.objects.bulk_create(
        [
            PartnershipPartner(partnership=ship, partner=partner)
            for n, ship in enumerate(ships)
            for partner in (schools if n == 0 else rng.sample(schools + associations, 1 + n % 3))
        ]
    )
    team = {
        ship.pk: [
            ship.coordinator,
            *rng.sample([p for p in people if p != ship.coordinator], 2 + n % 4),
        ]
        for n, ship in enumerate(ships)
    }
    bulk_insert(
        PartnershipMember,
        (
            PartnershipMember(
                partnership=ship,
                user=user,
                role="Skolebibliotekar" if user.partner_id else "Bibliotekar",
            )
            for ship in ships
            for user in team[ship.pk]
        ),
    )
    bulk_insert(
        StatusChange,
        (
            StatusChange(
                partnership=ship,
                from_status="" if step == 0 else PATH[step - 1],
                to_status=PATH[step],
                changed_by=ship.coordinator,
                changed_at=now - datetime.timedelta(days=10 * (PATH.index(ship.status) - step)),
            )
            for ship in ships
            for step in range(PATH.index(ship.status) + 1)
        ),
    )
    attachments = bulk_insert(
        Attachment,
        (
            Attachment(
                partnership=ship,
                title=title,
                file=f"partnerships/scale/{number}-{ship.pk}-{k}.pdf",
                content_type="application/pdf",
                size=rng.randint(20_000, 900_000),
                uploaded_by=ship.coordinator,
            )
            for ship in ships
            for k, title in enumerate(("Underskrevet aftale", "Referat af opstartsmøde"))
        ),
    )
    minutes_file = {a.partnership_id: a for a in attachments if a.title.startswith("Referat")}

    def journal():
        for n, ship in enumerate(ships):
            for k in range(BIG_JOURNAL if n == 0 else JOURNAL_EACH):
                kind = JournalEntry.Kind.values[k % 3]
                yield JournalEntry(
                    partnership=ship,
                    kind=kind,
                    text=TEXTS[k % 5] * (1 + k % 3),
                    author=team[ship.pk][k % len(team[ship.pk])],
                    entry_date=ship.start_date + datetime.timedelta(days=k % 700),
                    attachment=minutes_file[ship.pk] if k == 1 else None,
                )

    def tasks():
        for ship in ships:
            for k in range(TASKS_EACH):
                done = k % 3 != 0
                yield Task(
                    partnership=ship,
                    title=f"Opgave {k + 1}: {TEXTS[k % 5][:40]}",
                    assignee=team[ship.pk][k % len(team[ship.pk])],
                    due_date=today + datetime.timedelta(days=rng.randint(-120, 90)),
                    status=Task.Status.DONE if done else Task.Status.OPEN,
                    created_by=ship.coordinator,
                    completed_at=now if done else None,
                )

    def time_entries():
        for ship in ships:
            for k in range(TIME_ENTRIES_EACH):
                yield TimeEntry(
                    partnership=ship,
                    user=team[ship.pk][k % len(team[ship.pk])],
                    date=today - datetime.timedelta(days=rng.randint(0, 365 * years)),
                    hours=Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0", "3.0", "7.5"])),
                    note="Møde" if k % 2 else "",
                )

    evaluated = [s for n, s in enumerate(ships) if s.status in ("ended", "paused") or n % 7 == 0]
    counts = {
        "partnerships": len(ships),
        "journal entries": bulk_count(JournalEntry, journal()),
        "tasks": bulk_count(Task, tasks()),
        "time entries": bulk_count(TimeEntry, time_entries()),
        "evaluations": bulk_count(
            Evaluation,
            (
                Evaluation(
                    partnership=ship,
                    goals_met=Evaluation.GoalsMet.values[ship.pk % 3],
                    library_gained=True,
                    partner_gained=ship.pk % 4 != 0,
                    people_reached=rng.randint(20, 600),
                    recommendation=Evaluation.Recommendation.values[ship.pk % 3],
                    evaluated_by=ship.coordinator,
                    evaluated_on=today - datetime.timedelta(days=rng.randint(0, 365 * years)),
                )
                for ship in evaluated
            ),
        ),
        "attachments": len(attachments),
        "partners": len(schools) + len(associations),
        "people": len(people),
    }
    return counts


def bench_pages() -> list[tuple[str, str, str]]:
    """Return the partnership pages ``bench_pages`` times: (name, role, URL)."""
    from django.urls import reverse

    from toolkit.scale import scale_email

    skofo = (
        Partnership.objects.filter(title__startswith="SKOFO ").order_by("pk").first()
        or Partnership.objects.order_by("pk").first()
    )
    member_ship = (
        Partnership.objects.filter(
            memberships__user__email=scale_email("skolebibliotekar", 1, 0)
        ).first()
        or skofo
    )
    school = Partner.objects.filter(kind=Partner.Kind.SCHOOL).order_by("pk").first()
    pages = [
        ("Dashboard", "librarian", reverse("dashboard")),
        ("Partner list", "librarian", reverse("partnerships:partner_list")),
        ("Partner page (a school)", "librarian", reverse("partnerships:partner_detail", args=[school.pk])),
        ("Partnership list", "librarian", reverse("partnerships:partnership_list")),
        ("Partnership list, text filters", "librarian", reverse("partnerships:partnership_list") + "?partner=skole&coordinator=bibliotekar&q=l%C3%A6s"),
        ("My tasks", "librarian", reverse("partnerships:my_tasks")),
        ("Partnership detail (SKOFO)", "librarian", reverse("partnerships:partnership_detail", args=[skofo.pk])),
        ("Partnership journal (SKOFO)", "librarian", reverse("partnerships:partnership_journal", args=[skofo.pk])),
        ("Partnership tasks (SKOFO)", "librarian", reverse("partnerships:partnership_tasks", args=[skofo.pk])),
        ("Partnership time (SKOFO)", "librarian", reverse("partnerships:partnership_time", args=[skofo.pk])),
        ("Partnership history (SKOFO)", "librarian", reverse("partnerships:partnership_history", args=[skofo.pk])),
        ("Dashboard", "partner member", reverse("dashboard")),
        ("Partnership list", "partner member", reverse("partnerships:partnership_list")),
        ("Partnership detail", "partner member", reverse("partnerships:partnership_detail", args=[member_ship.pk])),
    ]  # fmt: skip
    pages += [
        (f"Admin: {model._meta.model_name}", "admin", _changelist(model))
        for model in (Partner, Partnership, JournalEntry, Task, TimeEntry, Evaluation)
    ]
    return pages


def _changelist(model) -> str:
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
