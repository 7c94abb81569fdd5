"""Demo data for the partner directory and the demo logins (see ``seed_demo``).

Everything is created with ``get_or_create`` on a natural key: seeding again creates
what is missing and never reverts what a user changed (names, statuses, passwords,
roles), and never doubles a row.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from partnerships.models import Branch, ContactPerson, Partner

DEMO_PASSWORD = "demo1234"

BRANCHES = [
    ("Ebeltoft Bibliotek", "Vestergade 2", "8400", "Ebeltoft", "87 53 50 10"),
    ("Hornslet Bibliotek", "Torvet 1", "8543", "Hornslet", "87 53 50 20"),
    ("Kolind Bibliotek", "Skolevej 4", "8560", "Kolind", "87 53 50 30"),
    ("Rønde Bibliotek", "Hovedgaden 12", "8410", "Rønde", "87 53 50 40"),
    ("Ryomgård Bibliotek", "Stationsvej 9", "8550", "Ryomgård", "87 53 50 50"),
]

# name, address, postcode, town, area, children
KINDERGARTENS = [
    ("Børnehuset Solsikken", "Solsikkevej 3", "8400", "Ebeltoft", "Ebeltoft", 64),
    ("Troldehøjen", "Troldevej 7", "8410", "Rønde", "Rønde", 48),
    ("Børnehaven Mariehønen", "Møllevej 21", "8543", "Hornslet", "Hornslet", 72),
    ("Skovbørnehaven Egekrattet", "Egevej 2", "8560", "Kolind", "Kolind", 35),
    ("Regnbuen", "Parkvej 14", "8550", "Ryomgård", "Ryomgård", 56),
    ("Børnehuset Kastanjen", "Kastanjevej 9", "8400", "Ebeltoft", "Ebeltoft", 81),
    ("Spiloppen", "Skrænten 5", "8410", "Rønde", "Rønde", 40),
    ("Naturbørnehaven Mols", "Strandvejen 31", "8420", "Knebel", "Mols", 29),
    ("Børnehaven Bøgely", "Bøgevej 11", "8544", "Mørke", "Hornslet", 44),
    ("Myretuen", "Skolegade 6", "8550", "Pindstrup", "Ryomgård", 38),
    ("Lærkereden", "Lærkevej 18", "8543", "Hornslet", "Hornslet", 60),
    ("Børnehuset Havblik", "Havnevej 4", "8400", "Ebeltoft", "Ebeltoft", 52),
    ("Skovtrolden", "Skovvej 40", "8560", "Kolind", "Kolind", 33),
    ("Humlebien", "Lufthavnsvej 2", "8400", "Tirstrup", "Ebeltoft", 27),
    ("Børnehaven Kløverbakken", "Kløvervej 8", "8410", "Thorsager", "Rønde", 46),
    ("Stjernedrys", "Stjernevej 1", "8581", "Nimtofte", "Ryomgård", 31),
    ("Andedammen", "Dammen 3", "8410", "Feldballe", "Rønde", 24),
    ("Børnehuset Bakketoppen", "Bakkevej 15", "8543", "Hornslet", "Hornslet", 68),
    ("Vindrosen", "Kystvejen 22", "8420", "Knebel", "Mols", 36),
    ("Solstrålen", "Engvej 10", "8550", "Ryomgård", "Ryomgård", 58),
]

SCHOOLS = [
    ("Ebeltoft Skole", "Vestervej 10", "8400", "Ebeltoft", "Ebeltoft", 620),
    ("Rønde Skole", "Skolebakken 1", "8410", "Rønde", "Rønde", 540),
    ("Hornslet Skole", "Skolevej 2", "8543", "Hornslet", "Hornslet", 710),
    ("Kolind Centralskole", "Østergade 30", "8560", "Kolind", "Kolind", 380),
    ("Mørke Skole", "Skolegade 12", "8544", "Mørke", "Hornslet", 290),
    ("Thorsager Skole", "Molsvej 5", "8410", "Thorsager", "Rønde", 210),
    ("Molsskolen", "Skolevej 8", "8420", "Knebel", "Mols", 330),
    ("Rosmus Skole", "Rosmusvej 4", "8444", "Balle", "Rønde", 260),
    ("Marienhoffskolen", "Marienhoffvej 1", "8400", "Ebeltoft", "Ebeltoft", 300),
    ("Ådalsskolen", "Ådalen 2", "8550", "Ryomgård", "Ryomgård", 420),
]

OTHERS = [
    (
        "Dagtilbud Syddjurs",
        Partner.Kind.MUNICIPAL_UNIT,
        "Lundbergsvej 2",
        "8400",
        "Ebeltoft",
        "",
    ),
    ("Foreningen Læselyst", Partner.Kind.ASSOCIATION, "Bogvej 1", "8410", "Rønde", "Rønde"),
]

FIRST_NAMES = [
    "Anne", "Mette", "Lars", "Søren", "Camilla", "Jens", "Louise", "Mads", "Sofie", "Henrik",
    "Line", "Peter", "Maria", "Thomas", "Julie", "Niels", "Ida", "Rasmus", "Hanne", "Ole",
]  # fmt: skip
LAST_NAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
]  # fmt: skip

# email, name, role, organisation (partner name) or None, extra flags
DEMO_USERS = [
    ("bibliotekar@example.com", "Mette Kjærsgaard", Role.LIBRARIAN, None),
    ("bibliotekar2@example.com", "Lars Bundgaard", Role.LIBRARIAN, None),
    ("bibliotekar3@example.com", "Rikke Thygesen", Role.LIBRARIAN, None),
    ("skolebibliotekar@example.com", "Anders Vestergaard", Role.PARTNER_MEMBER, "Rønde Skole"),
    ("paedagog@example.com", "Pia Holmgaard", Role.KINDERGARTEN_STAFF, "Børnehuset Solsikken"),
    ("paedagog2@example.com", "Jonas Friis", Role.KINDERGARTEN_STAFF, "Troldehøjen"),
    ("dommer@example.com", "Karen Lindholm", Role.JUDGE, None),
    ("admin@example.com", "Ulla Bech", Role.ADMINISTRATOR, None),
    ("leder@example.com", "Hanne Østergaard", Role.LIBRARY_MANAGER, None),
]


def _email_slug(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-"})
    return name.lower().translate(table)


def _seed_partner(name, kind, address, postcode, town, area, children=None, index=0):
    slug = _email_slug(name)
    partner, _created = Partner.objects.get_or_create(
        name=name,
        kind=kind,
        defaults={
            "address": address,
            "postcode": postcode,
            "town": town,
            "area": area,
            "phone": f"87 {50 + index % 40:02d} {10 + index:02d} {20 + index:02d}",
            "email": f"{slug}@example.com",
            "website": f"https://{slug}.example.com/",
            "number_of_children": children,
            "active": True,
            # Made-up institution numbers, so Unilogin can be tried with the demo provider.
            "institution_number": (
                f"9{index:05d}" if kind in (Partner.Kind.KINDERGARTEN, Partner.Kind.SCHOOL) else ""
            ),
        },
    )
    contact_count = 2 if index % 3 == 0 else 1
    roles = {
        Partner.Kind.KINDERGARTEN: ["Leder", "Pædagog"],
        Partner.Kind.SCHOOL: ["Skolebibliotekar", "Skoleleder"],
    }.get(kind, ["Konsulent", "Formand"])
    for position in range(contact_count):
        first = FIRST_NAMES[(index * 3 + position) % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + position) % len(LAST_NAMES)]
        ContactPerson.objects.get_or_create(
            partner=partner,
            name=f"{first} {last}",
            defaults={
                "role": roles[position],
                "email": f"{_email_slug(first)}.{_email_slug(last)}@{slug}.example.com",
                "phone": f"20 {index:02d} {position:02d} {30 + index:02d}",
                "is_primary": position == 0,
            },
        )
    return partner


@transaction.atomic
def seed(*, stdout) -> list[tuple[str, str, str]]:
    """Create branches, partners, contacts and one demo user per role; return the logins."""
    for name, address, postcode, town, phone in BRANCHES:
        Branch.objects.get_or_create(
            name=name,
            defaults={
                "address": address,
                "postcode": postcode,
                "town": town,
                "phone": phone,
                "email": f"{_email_slug(town)}@bibliotek.example.com",
            },
        )
    index = 0
    for name, address, postcode, town, area, children in KINDERGARTENS:
        index += 1
        _seed_partner(
            name, Partner.Kind.KINDERGARTEN, address, postcode, town, area, children, index
        )
    for name, address, postcode, town, area, children in SCHOOLS:
        index += 1
        _seed_partner(name, Partner.Kind.SCHOOL, address, postcode, town, area, children, index)
    for name, kind, address, postcode, town, area in OTHERS:
        index += 1
        _seed_partner(name, kind, address, postcode, town, area, None, index)

    logins = []
    for email, full_name, role, organisation in DEMO_USERS:
        partner = Partner.objects.get(name=organisation) if organisation else None
        is_admin = role == Role.ADMINISTRATOR
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "partner": partner,
                "is_active": True,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "phone": "87 53 50 00" if role == Role.LIBRARIAN else "",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set([Group.objects.get(name=role)])
        logins.append((str(role.label), email, DEMO_PASSWORD))
    logins += _seed_partnerships(timezone.localdate())
    stdout.write(
        f"Partner directory: {Branch.objects.count()} branches, "
        f"{Partner.objects.count()} partners, {ContactPerson.objects.count()} contacts."
    )
    return logins


SKOFO_TITLE = "SKOFO – Skole- og Folkebibliotekarer"


def _seed_partnerships(today):
    """SKOFO and a handful of other partnerships in different states."""
    from datetime import timedelta
    from decimal import Decimal

    from partnerships import backing, services
    from partnerships.models import (
        BackingDecision,
        BackingRequest,
        JournalEntry,
        Partnership,
        PartnershipMember,
        PartnershipPartner,
        StatusChange,
        Task,
        TimeEntry,
    )

    users = {user.email: user for user in User.objects.filter(email__endswith="@example.com")}
    librarian = users["bibliotekar@example.com"]
    manager = users["leder@example.com"]
    now = timezone.now()
    colleague = users["bibliotekar2@example.com"]
    school_librarian = users["skolebibliotekar@example.com"]
    second_school = Partner.objects.get(name="Ebeltoft Skole")
    school_librarian_2, created = User.objects.get_or_create(
        email="skolebibliotekar2@example.com",
        defaults={"full_name": "Birgit Damgaard", "partner": second_school},
    )
    if created:
        school_librarian_2.set_password(DEMO_PASSWORD)
        school_librarian_2.save(update_fields=["password"])
        school_librarian_2.groups.set([Group.objects.get(name=Role.PARTNER_MEMBER)])

    def backing_approve(obj, *, days_ago, comment):
        """Ask for backing and let the demo manager approve it, dated ``days_ago``."""
        request = backing.backing_request(
            partnership=obj, by=obj.coordinator, comment="Vi beder om ledelsens opbakning."
        )
        backing.backing_decide(request=request, by=manager, approve=True, comment=comment)
        BackingRequest.objects.filter(pk=request.pk).update(
            requested_at=now - timedelta(days=days_ago + 3)
        )
        BackingDecision.objects.filter(request=request).update(
            decided_at=now - timedelta(days=days_ago)
        )

    def partnership(title, *, evaluation=None, backing_comment="Godkendt.", **fields):
        """Create a partnership through the services, walking its status path; keep an existing one."""
        partners = fields.pop("partners")
        status = fields.pop("status")
        obj = Partnership.objects.filter(title=title).first()
        if obj is not None:
            for partner in partners:
                PartnershipPartner.objects.get_or_create(partnership=obj, partner=partner)
            return obj
        obj = services.partnership_create(
            partnership=Partnership(title=title, **fields), partners=partners, by=librarian
        )
        path = {
            "idea": [],
            "negotiating": ["negotiating"],
            "active": ["negotiating", "active"],
            "paused": ["negotiating", "active", "paused"],
            "ended": ["negotiating", "active", "ended"],
        }[status]
        for step, to_status in enumerate(path, start=1):
            on = today - timedelta(days=120 - step * 30)
            if to_status == "active":
                backing_approve(obj, days_ago=(today - on).days + 2, comment=backing_comment)
            if to_status == "ended":
                services.partnership_end(
                    partnership=obj, by=librarian, end_date=obj.end_date, evaluation=evaluation
                )
            else:
                services.partnership_change_status(
                    partnership=obj, to_status=to_status, by=librarian, on=on
                )
        for step, change in enumerate(obj.status_changes.order_by("pk")):
            StatusChange.objects.filter(pk=change.pk).update(
                changed_at=now - timedelta(days=120 - step * 30)
            )
        obj.refresh_from_db()
        return obj

    skofo = partnership(
        SKOFO_TITLE,
        kind=Partnership.Kind.SCHOOL,
        status=Partnership.Status.ACTIVE,
        partners=[Partner.objects.get(name="Rønde Skole"), second_school],
        start_date=today - timedelta(days=200),
        review_date=today + timedelta(days=12),
        purpose=(
            "Skole- og folkebibliotekarer arbejder tættere sammen, så børnene får en glidende "
            "overgang fra skolebiblioteket til folkebiblioteket. Vi planlægger "
            "Syddjursmesterskaberne i oplæsning sammen."
        ),
        library_contributes="Lokaler, arrangementserfaring og to bibliotekarers tid.",
        partner_contributes="Kendskab til eleverne, klassernes tid og to skolebibliotekarer.",
        library_gains="Kontakt til alle skolens elever og sparring med andre faglige vinkler.",
        partner_gains="Et mesterskab, der motiverer eleverne til at læse, og adgang til bibliotekets formidlere.",
        scope=Partnership.Scope.MEDIUM,
        estimated_hours=Decimal("120"),
        coordinator=librarian,
        backing_comment="Godkendt på ledermødet; skolelederne er orienteret.",
    )
    for user, role in (
        (colleague, "Folkebibliotekar"),
        (school_librarian, "Skolebibliotekar, Rønde Skole"),
        (school_librarian_2, "Skolebibliotekar, Ebeltoft Skole"),
    ):
        PartnershipMember.objects.get_or_create(
            partnership=skofo, user=user, defaults={"role": role}
        )
    for days_ago, kind, author, text in (
        (60, JournalEntry.Kind.MINUTES, librarian, "Opstartsmøde: vi holder mesterskabet i marts. Skolerunder i februar."),
        (40, JournalEntry.Kind.NOTE, school_librarian, "Lærerne på Rønde Skole er positive; 4.-6. klasse deltager."),
        (20, JournalEntry.Kind.DECISION, librarian, "Finalen holdes på Rønde Bibliotek lørdag formiddag. Hver skole sender to oplæsere til semifinalen."),
    ):  # fmt: skip
        JournalEntry.objects.get_or_create(
            partnership=skofo,
            text=text,
            defaults={
                "kind": kind,
                "author": author,
                "entry_date": today - timedelta(days=days_ago),
            },
        )
    for title, assignee, due_in, status in (
        ("Book lokale til finalen", librarian, 10, Task.Status.OPEN),
        ("Find tre dommere til semifinalerne", colleague, -2, Task.Status.OPEN),
        ("Send samtykkeerklæringer ud til forældre", school_librarian, 5, Task.Status.OPEN),
        ("Udvælg tekster til ukendt tekst", school_librarian_2, 20, Task.Status.OPEN),
        ("Aftal datoer med skolelederne", librarian, -30, Task.Status.DONE),
    ):
        Task.objects.get_or_create(
            partnership=skofo,
            title=title,
            defaults={
                "assignee": assignee,
                "due_date": today + timedelta(days=due_in),
                "status": status,
                "created_by": librarian,
            },
        )
    for days_ago, user, hours, note in (
        (55, librarian, "3.5", "Opstartsmøde og referat"),
        (50, colleague, "2", "Opstartsmøde"),
        (40, school_librarian, "1.5", "Orientering af lærerne"),
        (15, librarian, "4", "Planlægning af finalen"),
        (3, librarian, "2", "Dommere og program"),
    ):
        TimeEntry.objects.get_or_create(
            partnership=skofo,
            user=user,
            date=today - timedelta(days=days_ago),
            defaults={"hours": Decimal(hours), "note": note},
        )

    dagpleje = partnership(
        "Læsebamser i dagplejen",
        kind=Partnership.Kind.OTHER,
        status=Partnership.Status.NEGOTIATING,
        partners=[Partner.objects.get(name="Dagtilbud Syddjurs")],
        purpose="Højtlæsning for dagplejebørn i biblioteket en gang om måneden.",
        library_gains="Flere småbørnsfamilier finder vej til biblioteket.",
        scope=Partnership.Scope.SMALL,
        estimated_hours=Decimal("30"),
        coordinator=colleague,
        review_date=today + timedelta(days=25),
    )
    if not dagpleje.backing_requests.exists():
        # One request waits, so the demo manager has something to decide.
        backing.backing_request(
            partnership=dagpleje,
            by=colleague,
            comment="Det koster ca. 30 timer det første år; Dagtilbud Syddjurs er positive.",
        )
    partnership(
        "Sommerbogen med Foreningen Læselyst",
        kind=Partnership.Kind.EVENT,
        status=Partnership.Status.IDEA,
        partners=[Partner.objects.get(name="Foreningen Læselyst")],
        purpose="Frivillige læsevenner hjælper børn i gang med sommerlæsningen.",
        scope=Partnership.Scope.SMALL,
        coordinator=librarian,
    )
    partnership(
        "Lektiecafé på Kolind Centralskole",
        kind=Partnership.Kind.SCHOOL,
        status=Partnership.Status.PAUSED,
        partners=[Partner.objects.get(name="Kolind Centralskole")],
        start_date=today - timedelta(days=400),
        purpose="Lektiehjælp i biblioteket efter skoletid.",
        library_contributes="Lokale og en bibliotekar to timer om ugen.",
        partner_contributes="En lærer og kendskab til eleverne.",
        library_gains="Unge brugere i biblioteket om eftermiddagen.",
        partner_gains="Et roligt sted til lektier med adgang til materialer.",
        scope=Partnership.Scope.MEDIUM,
        estimated_hours=Decimal("80"),
        coordinator=users.get("bibliotekar3@example.com", colleague),
        # Recorded as free text before backing became an approval; shown as such.
        backing_approved_by="Hanne Østergaard",
        backing_approved_on=today - timedelta(days=410),
        backing_note="Godkendt på ledermødet i efteråret.",
    )
    partnership(
        "Forfatterbesøg på Molsskolen 2025",
        kind=Partnership.Kind.EVENT,
        status=Partnership.Status.ENDED,
        partners=[Partner.objects.get(name="Molsskolen")],
        start_date=today - timedelta(days=300),
        end_date=today - timedelta(days=200),
        purpose="Tre forfatterbesøg for mellemtrinnet.",
        library_contributes="Honorar til forfatterne og markedsføring.",
        partner_contributes="Aula og klassernes tid.",
        library_gains="Nye lånere blandt mellemtrinnets elever.",
        partner_gains="Læselyst og inspiration til danskundervisningen.",
        scope=Partnership.Scope.SMALL,
        estimated_hours=Decimal("25"),
        coordinator=librarian,
        evaluation={
            "goals_met": "yes",
            "goals_comment": "Alle tre besøg blev gennemført.",
            "library_gained": True,
            "partner_gained": True,
            "win_win_comment": "Lærerne vil gerne gentage det.",
            "people_reached": 180,
            "lessons_learned": "Book forfatterne et halvt år før; aulaen er for lille til mere end 80.",
            "recommendation": "change",
            "evaluated_on": today - timedelta(days=195),
        },
    )
    return [(str(Role.PARTNER_MEMBER.label), school_librarian_2.email, DEMO_PASSWORD)]
