"""Championship data at national scale for ``seed_scale`` (see ``toolkit.scale``).

Per municipality one finished edition organised by its SKOFO partnership: 200 readers
from its 10 schools (20 each, 2 of them reserves), a school round with one heat per
school, two semi-finals and a final; 3 judges on every heat, every slot scored, results
stored and the best readers advanced. At 98 municipalities: ~100 editions, ~20,000
readers and ~470,000 scores.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from partnerships.models import Partner, Partnership
from readaloud.models import (
    Championship,
    Contestant,
    Criterion,
    Heat,
    JudgeAssignment,
    Performance,
    Round,
    Score,
)
from readaloud.models.editions import DEFAULT_CRITERIA
from toolkit.scale import bulk_count, bulk_insert, municipality_prefix, scale_email

LABEL = "championship"
READERS_PER_SCHOOL = 20
RESERVES_PER_SCHOOL = 2
JUDGES = 3
SCHOOL_ADVANCE = 4
SEMI_FINALS = 2
SEMI_ADVANCE = 5
FIRST_NAMES = ["Alma", "Noah", "Ella", "Oscar", "Freja", "William", "Ida", "Karl", "Clara"]
LAST_NAMES = ["Hansen", "Nielsen", "Jensen", "Pedersen", "Andersen", "Christensen", "Larsen"]


def _name(number: int) -> str:
    return f"Oplæsning {municipality_prefix(number)}"


def generated(*, number: int) -> bool:
    return Championship.objects.filter(name=_name(number)).exists()


def generate(*, number: int, rng, options) -> dict[str, int]:
    prefix = municipality_prefix(number)
    today = timezone.localdate()
    now = timezone.now()
    year = today.year - number % 3
    organiser = Partnership.objects.get(title=f"SKOFO {prefix}")
    schools = list(
        Partner.objects.filter(kind=Partner.Kind.SCHOOL, town__startswith=prefix + " ").order_by(
            "pk"
        )
    )
    championship = Championship.objects.create(
        name=_name(number),
        year=year,
        organiser=organiser,
        status=Championship.Status.FINISHED,
        retention_date=datetime.date(year + 1, 12, 31),
    )
    criteria = Criterion.objects.bulk_create(
        [
            Criterion(
                championship=championship,
                code=code,
                name=str(name),
                max_points=max_points,
                weight=weight,
                applies_to=applies_to,
                position=position,
            )
            for position, (code, name, _description, max_points, weight, applies_to) in enumerate(
                DEFAULT_CRITERIA, start=1
            )
        ]
    )
    slots = [(c, part) for part in ("chosen", "unseen") for c in criteria if part in c.parts()]
    judges = User.objects.bulk_create(
        [
            User(
                email=scale_email("dommer", number, k),
                full_name=f"Dommer {number}-{k}",
                password=make_password(None),
            )
            for k in range(JUDGES)
        ]
    )
    judge_group = Group.objects.get(name=Role.JUDGE)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=judge_group.pk) for u in judges]
    )
    school_round, semi_round, final_round = Round.objects.bulk_create(
        [
            Round(
                championship=championship,
                number=1,
                kind=Round.Kind.SCHOOL,
                date=datetime.date(year, 2, 1),
                advance_count=SCHOOL_ADVANCE,
            ),
            Round(
                championship=championship,
                number=2,
                kind=Round.Kind.SEMI_FINAL,
                date=datetime.date(year, 3, 1),
                advance_count=SEMI_ADVANCE,
            ),
            Round(
                championship=championship,
                number=3,
                kind=Round.Kind.FINAL,
                date=datetime.date(year, 4, 1),
                advance_count=1,
            ),
        ]
    )
    closed = {"running_order_drawn_at": now, "started_at": now, "closed_at": now}
    (final_heat,) = Heat.objects.bulk_create(
        [Heat(round=final_round, name="Finalen", released_at=now, **closed)]
    )
    semi_heats = Heat.objects.bulk_create(
        [
            Heat(round=semi_round, name=f"Semifinale {k + 1}", feeds_into=final_heat, **closed)
            for k in range(SEMI_FINALS)
        ]
    )
    school_heats = Heat.objects.bulk_create(
        [
            Heat(
                round=school_round,
                name=school.name,
                school=school,
                feeds_into=semi_heats[k % SEMI_FINALS],
                **closed,
            )
            for k, school in enumerate(schools)
        ]
    )
    assignments = {
        heat.pk: JudgeAssignment.objects.bulk_create(
            [JudgeAssignment(heat=heat, judge=judge) for judge in judges]
        )
        for heat in [*school_heats, *semi_heats, final_heat]
    }
    readers = bulk_insert(
        Contestant,
        (
            Contestant(
                championship=championship,
                first_name=FIRST_NAMES[(k + n) % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(k * 3 + n) % len(LAST_NAMES)],
                school=school,
                grade=4 + k % 3,
                class_name=f"{4 + k % 3}.{'abc'[k % 3]}",
                book_title="Rasmus Klump",
                book_author="Carla og Vilhelm Hansen",
                is_reserve=k >= READERS_PER_SCHOOL - RESERVES_PER_SCHOOL,
                consent_given_by="Forælder",
                consent_given_at=datetime.date(year - 1, 12, 1),
                consent_method=Contestant.ConsentMethod.EMAIL,
                publish_consent=k % 4 != 0,
            )
            for n, school in enumerate(schools)
            for k in range(READERS_PER_SCHOOL)
        ),
    )
    performances = scores = 0
    # Each round: the readers read, are scored and ranked; the best go to the next heat.
    entrants = {
        heat.pk: [r for r in readers if r.school_id == heat.school_id and not r.is_reserve]
        for heat in school_heats
    }
    for heats in (school_heats, semi_heats, [final_heat]):
        nxt: dict[int, list] = {}
        for heat in heats:
            placed, heat_scores = [], []
            for position, reader in enumerate(entrants.get(heat.pk, []), start=1):
                points = {(c.pk, part): rng.randint(1, c.max_points) for c, part in slots}
                per_judge = [
                    {
                        key: max(1, min(value + rng.randint(-1, 1), 5))
                        for key, value in points.items()
                    }
                    for _judge in judges
                ]
                weights = {c.pk: c.weight for c in criteria}
                total = sum(
                    sum(weights[cpk] * value for (cpk, _part), value in scored.items())
                    for scored in per_judge
                ) / Decimal(len(judges))
                placed.append(
                    (
                        Performance(
                            heat=heat,
                            round_id=heat.round_id,
                            contestant=reader,
                            running_position=position,
                            total=total.quantize(Decimal("0.001")),
                        ),
                        per_judge,
                    )
                )
            placed.sort(key=lambda pair: -pair[0].total)
            for rank, (performance, _scored) in enumerate(placed, start=1):
                performance.rank = rank
            saved = Performance.objects.bulk_create([p for p, _s in placed])
            performances += len(saved)
            for performance, (_p, per_judge) in zip(saved, placed, strict=True):
                for assignment, scored in zip(assignments[heat.pk], per_judge, strict=True):
                    heat_scores += [
                        Score(
                            assignment=assignment,
                            performance=performance,
                            criterion_id=cpk,
                            part=part,
                            points=value,
                            max_points=5,
                        )
                        for (cpk, part), value in scored.items()
                    ]
            scores += bulk_count(Score, heat_scores)
            if heat.feeds_into_id:
                advance = heat.round.advance_count
                nxt.setdefault(heat.feeds_into_id, []).extend(p.contestant for p in saved[:advance])
        entrants = nxt
    return {
        "editions": 1,
        "readers": len(readers),
        "heats": len(school_heats) + len(semi_heats) + 1,
        "performances": performances,
        "scores": scores,
    }


def bench_pages() -> list[tuple[str, str, str]]:
    """Return the championship pages ``bench_pages`` times: (name, role, URL)."""
    from django.urls import reverse

    from partnerships.scale import _changelist

    championship = Championship.objects.order_by("pk").first()
    heat = Heat.objects.filter(round__championship=championship).order_by("pk").first()
    judged = (
        Heat.objects.filter(judge_assignments__judge__email=scale_email("dommer", 1, 0))
        .order_by("pk")
        .first()
    ) or heat
    edition = [championship.pk]
    pages = [
        ("Championship list", "librarian", reverse("readaloud:championship_list")),
        ("Championship detail", "librarian", reverse("readaloud:championship_detail", args=edition)),
        ("Contestant list", "librarian", reverse("readaloud:contestant_list", args=edition)),
        ("Consent overview", "librarian", reverse("readaloud:consent_overview", args=edition)),
        ("Heat detail", "librarian", reverse("readaloud:heat_detail", args=[heat.pk])),
        ("Heat results", "librarian", reverse("readaloud:heat_results", args=[heat.pk])),
        ("Public results", "librarian", reverse("readaloud:public_results", args=edition)),
        ("Championship list", "partner member", reverse("readaloud:championship_list")),
        ("Judge's heats", "judge", reverse("readaloud:judge_home")),
        ("Judge's heat", "judge", reverse("readaloud:judge_heat", args=[judged.pk])),
    ]  # fmt: skip
    pages += [
        (f"Admin: {model._meta.model_name}", "admin", _changelist(model))
        for model in (Championship, Contestant, Performance, Score)
    ]
    return pages
