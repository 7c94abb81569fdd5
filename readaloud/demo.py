"""Demo data: Syddjursmesterskaberne i oplæsning 2027, organised by SKOFO (see ``seed_demo``).

School rounds at six schools, two semi-finals at libraries and a final, with judges,
complete scores (including a tie the jury decided) and results. Idempotent: rows are
found by their natural keys, and a heat that is already closed is left as it is.
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from partnerships.models import Branch, Partner, Partnership, PartnershipMember
from readaloud import services
from readaloud.models import Championship, Contestant, Heat, JudgeAssignment, Round

DEMO_PASSWORD = "demo1234"
SKOFO_TITLE = "SKOFO – Skole- og Folkebibliotekarer"
NAME = "Syddjursmesterskaberne i oplæsning 2027"
# A second, small edition whose only heat is open for judging a few days after the first
# seeding, so a demo judge has something to score and "Mit overblik" shows it.
OPEN_NAME = "Oplæsningsdagen på Rønde Skole"
OPEN_READERS = [("Signe", "Kjærgaard"), ("Magnus", "Brandt"), ("Josefine", "Overgaard")]

SCHOOLS = [
    "Rønde Skole",
    "Ebeltoft Skole",
    "Hornslet Skole",
    "Kolind Centralskole",
    "Molsskolen",
    "Ådalsskolen",
]
FIRST_NAMES = [
    "Asta", "Emil", "Freja", "Oskar", "Ida", "Noah", "Alma", "Viggo", "Clara", "Malthe",
    "Ellen", "Storm", "Luna", "Alfred", "Karla", "Anton", "Agnes", "Elias", "Olivia", "Carl",
    "Sofia", "William", "Ella", "Aksel",
]  # fmt: skip
LAST_NAMES = ["Holm", "Dahl", "Krogh", "Bech", "Lund", "Vestergaard", "Skov", "Møller"]
BOOKS = [
    ("Ronja Røverdatter", "Astrid Lindgren"),
    ("Cirkeline og den store fest", "Hans Hansen"),
    ("Drengen der ville være ninja", "Line Kyed Knudsen"),
    ("Den lille prins", "Antoine de Saint-Exupéry"),
    ("Zombie-Zoo", "Kenneth Bøgh Andersen"),
    ("Brødrene Løvehjerte", "Astrid Lindgren"),
]


def _user(email):
    return User.objects.filter(email=email).first()


def _demo_user(email, full_name, role):
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    return user


def _points(rng: random.Random, criterion, part) -> int:
    return rng.randint(max(1, criterion.max_points - 3), criterion.max_points)


def _score_heat(heat: Heat, *, tie_pair: tuple[str, str] | None = None) -> None:
    """Give every judge's points for every reader, reproducibly from the names."""
    criteria = list(heat.round.championship.criteria.all())
    for assignment in heat.judge_assignments.select_related("judge"):
        for performance in heat.performances.select_related("contestant"):
            contestant = performance.contestant
            key = contestant.full_name
            if tie_pair and key in tie_pair:
                key = "tie"  # the two get exactly the same points: a tie for the jury
            rng = random.Random(f"{heat.name}|{assignment.judge.email}|{key}")
            points = {
                (criterion.pk, part): _points(rng, criterion, part)
                for criterion in criteria
                for part in criterion.parts()
            }
            services.score_save(assignment=assignment, performance=performance, points=points)


def _run_heat(heat: Heat, judges, organiser_user, *, tie_pair=None) -> None:
    if heat.is_closed():
        return
    for judge in judges:
        services.judge_assign(heat=heat, judge=judge)
    if not heat.running_order_drawn:
        services.running_order_draw(heat=heat, by=organiser_user, rng=random.Random(heat.name))
    _score_heat(heat, tie_pair=tie_pair)
    services.heat_close(heat=heat, by=organiser_user)
    _decide_ties(heat, organiser_user)
    # The demo's prize-giving is over: its results are public.
    services.heat_release(heat=heat, by=organiser_user)


def _decide_ties(heat: Heat, organiser_user) -> None:
    """Record a jury decision for every shared rank the tie-break rule left open."""
    heat.refresh_from_db()
    for rank in sorted(
        set(heat.performances.filter(tie_unresolved=True).values_list("rank", flat=True))
    ):
        tied = list(heat.performances.filter(tie_unresolved=True, rank=rank).order_by("pk"))
        services.tie_decide(
            heat=heat,
            rank=rank,
            order=[p.pk for p in tied],
            note="Juryen lagde vægt på den rolige og nærværende oplæsning af den ukendte tekst.",
            by=organiser_user,
        )


@transaction.atomic
def seed(*, stdout) -> list:
    coordinator = _user("bibliotekar@example.com")
    if coordinator is None:
        stdout.write("Championship demo skipped: run the partnerships demo first.")
        return []
    # The partnerships demo (run first) creates SKOFO through the status service.
    skofo = Partnership.objects.get(title=SKOFO_TITLE)
    school_librarian = _user("skolebibliotekar@example.com")
    if school_librarian:
        PartnershipMember.objects.get_or_create(
            partnership=skofo, user=school_librarian, defaults={"role": "Skolebibliotekar"}
        )
    judge = _demo_user("dommer@example.com", "Karen Lindholm", Role.JUDGE)
    second_judge = _demo_user("dommer2@example.com", "Bent Asmussen", Role.JUDGE)
    third_judge = _user("bibliotekar2@example.com") or coordinator

    championship, _created = Championship.objects.get_or_create(
        name=NAME,
        year=2027,
        defaults={
            "organiser": skofo,
            "grade_from": 4,
            "grade_to": 6,
            "registration_deadline": datetime.date(2027, 1, 15),
            "status": Championship.Status.FINISHED,
        },
    )
    services.criteria_add_defaults(championship=championship)

    branches = {
        b.name: b
        for b in Branch.objects.filter(
            name__in=["Rønde Bibliotek", "Ebeltoft Bibliotek", "Hornslet Bibliotek"]
        )
    }
    school_round, _c = Round.objects.get_or_create(
        championship=championship,
        number=1,
        defaults={"kind": Round.Kind.SCHOOL, "date": datetime.date(2027, 2, 4), "advance_count": 2},
    )
    semi_round, _c = Round.objects.get_or_create(
        championship=championship,
        number=2,
        defaults={
            "kind": Round.Kind.SEMI_FINAL,
            "date": datetime.date(2027, 3, 11),
            "advance_count": 2,
        },
    )
    final_round, _c = Round.objects.get_or_create(
        championship=championship,
        number=3,
        defaults={
            "kind": Round.Kind.FINAL,
            "date": datetime.date(2027, 4, 22),
            "branch": branches.get("Hornslet Bibliotek"),
            "advance_count": 1,
        },
    )
    final, _c = Heat.objects.get_or_create(
        round=final_round, name="Finalen", defaults={"branch": branches.get("Hornslet Bibliotek")}
    )
    semis = []
    for name, branch in (
        ("Semifinale nord", "Rønde Bibliotek"),
        ("Semifinale syd", "Ebeltoft Bibliotek"),
    ):
        semi, _c = Heat.objects.get_or_create(
            round=semi_round,
            name=name,
            defaults={"branch": branches.get(branch), "feeds_into": final},
        )
        semis.append(semi)

    schools = {p.name: p for p in Partner.objects.schools().filter(name__in=SCHOOLS)}
    school_heats = []
    index = 0
    for number, school_name in enumerate(SCHOOLS):
        school = schools.get(school_name)
        if school is None:
            continue
        heat, _c = Heat.objects.get_or_create(
            round=school_round,
            name=school_name,
            defaults={"school": school, "feeds_into": semis[0 if number < 3 else 1]},
        )
        school_heats.append(heat)
        for place in range(4):
            first = FIRST_NAMES[index % len(FIRST_NAMES)]
            last = LAST_NAMES[(index * 3) % len(LAST_NAMES)]
            book, author = BOOKS[index % len(BOOKS)]
            index += 1
            has_consent = not (number == 2 and place == 3)  # one reader still lacks consent
            contestant, _c = Contestant.objects.get_or_create(
                championship=championship,
                first_name=first,
                last_name=last,
                school=school,
                defaults={
                    "grade": 4 + place % 3,
                    "class_name": f"{4 + place % 3}.{'abc'[place % 3]}",
                    "book_title": book,
                    "book_author": author,
                    "passage": f"Kapitel {place + 1}",
                    "is_reserve": place == 3,
                    "consent_given_by": f"Forælder til {first}" if has_consent else "",
                    "consent_given_at": datetime.date(2027, 1, 10) if has_consent else None,
                    "consent_method": (
                        Contestant.ConsentMethod.PAPER
                        if place % 2
                        else Contestant.ConsentMethod.EMAIL
                    )
                    if has_consent
                    else "",
                    "publish_consent": has_consent and place != 1,
                },
            )
            if (
                has_consent
                and not heat.performances.filter(contestant=contestant).exists()
                and not heat.is_closed()
            ):
                services.contestant_place(contestant=contestant, heat=heat)

    for heat in school_heats:
        _run_heat(heat, [judge, second_judge], coordinator)
    for semi in semis:
        _run_heat(semi, [judge, second_judge, third_judge], coordinator)
    if not final.is_closed() and final.performances.exists():
        names = sorted(
            p.contestant.full_name for p in final.performances.select_related("contestant")
        )
        _run_heat(
            final, [judge, second_judge, third_judge], coordinator, tie_pair=tuple(names[1:3])
        )
    _seed_open_heat(skofo=skofo, judges=[judge, second_judge], organiser_user=coordinator)
    stdout.write(
        f"Reading-aloud championship: {championship.contestants.count()} readers, "
        f"{Heat.objects.filter(round__championship=championship).count()} heats, "
        f"{JudgeAssignment.objects.filter(heat__round__championship=championship).count()} judge assignments."
    )
    return [(str(Role.JUDGE.label), second_judge.email, DEMO_PASSWORD)]


def _seed_open_heat(*, skofo, judges, organiser_user) -> None:
    """Create a small edition with one heat open for judging, dated near the first seeding.

    Found again by its name: seeding later never moves its date, reassigns its judges
    or reopens it once someone has closed it.
    """
    school = Partner.objects.schools().filter(name="Rønde Skole").first()
    if school is None:
        return
    today = timezone.localdate()
    championship, created = Championship.objects.get_or_create(
        name=OPEN_NAME,
        defaults={
            "organiser": skofo,
            "year": today.year,
            "grade_from": 5,
            "grade_to": 5,
            "registration_deadline": today - datetime.timedelta(days=14),
            "status": Championship.Status.RUNNING,
        },
    )
    if not created:
        return
    services.criteria_add_defaults(championship=championship)
    school_round = Round.objects.create(
        championship=championship,
        number=1,
        kind=Round.Kind.SCHOOL,
        date=today + datetime.timedelta(days=2),
        advance_count=1,
    )
    heat = Heat.objects.create(round=school_round, name="Rønde Skole, 5. årgang", school=school)
    for place, (first, last) in enumerate(OPEN_READERS):
        book, author = BOOKS[place % len(BOOKS)]
        contestant = Contestant.objects.create(
            championship=championship,
            first_name=first,
            last_name=last,
            school=school,
            grade=5,
            class_name=f"5.{'abc'[place]}",
            book_title=book,
            book_author=author,
            passage=f"Kapitel {place + 2}",
            consent_given_by=f"Forælder til {first}",
            consent_given_at=today - datetime.timedelta(days=20),
            consent_method=Contestant.ConsentMethod.EMAIL,
            publish_consent=place != 1,
        )
        services.contestant_place(contestant=contestant, heat=heat)
    for judge in judges:
        services.judge_assign(heat=heat, judge=judge)
    services.running_order_draw(heat=heat, by=organiser_user, rng=random.Random(heat.name))
