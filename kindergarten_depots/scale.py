"""Depot data at national scale for ``seed_scale`` (see ``toolkit.scale``).

Per municipality: 50 kindergartens with depot agreements (3 years of history, one year
ahead) served by the municipality's 3 branches, 5,000 books and about 21,000 loans.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import reset_queries
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from kindergarten_depots.models import (
    AgeGroup,
    DepotAgreement,
    Item,
    Loan,
    PackedItem,
    Swap,
    Theme,
    default_gains,
)
from kindergarten_depots.services.schedule import closures_for, working_day_on_or_after
from partnerships.models import Branch, Partner, Partnership, PartnershipPartner
from partnerships.scale import librarians_of
from toolkit.scale import BATCH, municipality_prefix, scale_email

LABEL = "depots"
THEMES = [
    "Dyr", "Følelser", "Årstider", "Venskab", "Eventyr", "Familie", "Krop og sundhed",
    "Natur", "Rim og remser", "Biler og maskiner", "Farver og former", "Hverdag",
]  # fmt: skip
WORDS = [
    "Bjørnen", "Ræven", "Haren", "Musen", "Dragen", "Trolden", "Prinsessen", "Traktoren",
    "Regnormen", "Pindsvinet", "Katten", "Hunden", "Uglen", "Snemanden", "Ballonen",
]  # fmt: skip
ENDINGS = [
    "og den store dag", "på eventyr", "i regnvejr", "finder vej", "holder fest", "om natten",
    "og stormen", "i skoven", "ved søen", "på loftet", "bager boller", "og månen",
]  # fmt: skip


def generated(*, number: int) -> bool:
    return Partner.objects.filter(
        kind=Partner.Kind.KINDERGARTEN, town__startswith=municipality_prefix(number) + " "
    ).exists()


def generate(*, number: int, rng, options) -> dict[str, int]:
    themes = [Theme.objects.get_or_create(name=name)[0].pk for name in THEMES]
    return _municipality(
        number,
        municipality_prefix(number),
        options.get("kindergartens", 50),
        options.get("items", 5000),
        options.get("years", 3),
        librarians_of(number),
        themes,
        rng,
    )


def _start(today, years, n):
    # Staggered starts spread the swaps over the weekdays of the year.
    return today - timedelta(days=365 * years - n * 3 % 84)


def _municipality(number, prefix, kindergarten_count, item_count, years, coordinators, themes, rng):
    today = timezone.localdate()
    # The branches come from the partnerships' generator, which runs first.
    branches = list(Branch.objects.filter(name__startswith=prefix + " ").order_by("pk"))
    partners = Partner.objects.bulk_create(
        [
            Partner(
                name=f"Børnehaven {WORDS[n % len(WORDS)].removesuffix('en')} {number}-{n}",
                kind=Partner.Kind.KINDERGARTEN,
                area=branches[n % 3].town,
                town=f"{prefix} {branches[n % 3].town}",
                address=f"Skolevej {n + 1}",
                number_of_children=rng.randint(20, 90),
            )
            for n in range(kindergarten_count)
        ]
    )
    gains = default_gains(DepotAgreement.Type.DEPOT)
    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                title=f"Depot: {partner.name}",
                kind=Partnership.Kind.KINDERGARTEN_DEPOT,
                status=Partnership.Status.ACTIVE,
                # The agreement's period and the gains and backing the gate asks for
                # (bulk data: backing as recorded before approvals existed).
                start_date=_start(today, years, n),
                end_date=today + timedelta(days=365),
                library_gains=gains[0],
                partner_gains=gains[1],
                backing_approved_by="Biblioteksleder",
                backing_approved_on=_start(today, years, n),
                coordinator=coordinators[n % len(coordinators)],
            )
            for n, partner in enumerate(partners)
        ]
    )
    # One member of staff per kindergarten, for the portal.
    staff = User.objects.bulk_create(
        [
            User(
                email=scale_email("paedagog", number, n),
                full_name=f"Pædagog {number}-{n}",
                partner=partner,
                password=make_password(None),
            )
            for n, partner in enumerate(partners)
        ]
    )
    staff_group = Group.objects.get(name=Role.KINDERGARTEN_STAFF)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=staff_group.pk) for user in staff]
    )
    PartnershipPartner.objects.bulk_create(
        [
            PartnershipPartner(partnership=ship, partner=partner)
            for ship, partner in zip(partnerships, partners, strict=True)
        ]
    )
    agreements = DepotAgreement.objects.bulk_create(
        [
            DepotAgreement(
                partnership=ship,
                kindergarten=partner,
                type=DepotAgreement.Type.LIBRARY if n % 5 == 0 else DepotAgreement.Type.DEPOT,
                books_per_delivery=30,
                swap_interval_weeks=12,
                # Staggered starts spread the swaps over the weekdays of the year.
                start_date=_start(today, years, n),
                end_date=today + timedelta(days=365),
                status=DepotAgreement.Status.ACTIVE,
                age_groups=["3-4", "5-6"] if n % 2 else ["0-2", "3-4"],
                branch=branches[n % 3],
            )
            for n, (ship, partner) in enumerate(zip(partnerships, partners, strict=True))
        ]
    )
    through = DepotAgreement.themes.through
    through.objects.bulk_create(
        [
            through(depotagreement_id=agreement.pk, theme_id=themes[(n + k) % len(themes)])
            for n, agreement in enumerate(agreements)
            for k in range(3)
        ]
    )
    # Books, streamed in batches.
    item_ids = []
    for start in range(0, item_count, BATCH):
        batch = Item.objects.bulk_create(
            [
                Item(
                    barcode=f"S{number:03d}{n:07d}",
                    title=f"{WORDS[n % len(WORDS)]} {ENDINGS[(n // 15) % len(ENDINGS)]}",
                    author=f"Forfatter {n % 97}",
                    age_group=AgeGroup.values[n % 3],
                    home_branch=branches[n % 3],
                )
                for n in range(start, min(start + BATCH, item_count))
            ]
        )
        item_ids += [item.pk for item in batch]
        Item.themes.through.objects.bulk_create(
            [
                Item.themes.through(item_id=item.pk, theme_id=themes[(item.pk * 7) % len(themes)])
                for item in batch
            ]
        )
    # Swaps: past ones delivered and completed, the rest planned.
    closures = closures_for(None)
    swaps = []
    for agreement in agreements:
        original = agreement.start_date
        sequence = 0
        while original <= agreement.end_date:
            sequence += 1
            planned, reason = working_day_on_or_after(original, closures)
            status = Swap.Status.COMPLETED if planned < today else Swap.Status.PLANNED
            swaps.append(
                Swap(
                    agreement=agreement,
                    sequence=sequence,
                    original_date=original,
                    planned_date=planned,
                    moved_reason=reason,
                    status=status,
                )
            )
            original += timedelta(weeks=agreement.swap_interval_weeks)
    swaps = Swap.objects.bulk_create(swaps, batch_size=BATCH)
    by_agreement = {}
    for swap in swaps:
        by_agreement.setdefault(swap.agreement_id, []).append(swap)
    # Loans: each past swap delivers 30 books; the latest delivery is still out.
    open_pool = list(item_ids)
    rng.shuffle(open_pool)
    open_item_ids, loans, loan_count = [], [], 0
    for agreement in agreements:
        past = [s for s in by_agreement[agreement.pk] if s.status == Swap.Status.COMPLETED]
        for index, swap in enumerate(past):
            last = index == len(past) - 1
            if last:
                chosen = [open_pool.pop() for _ in range(min(30, len(open_pool)))]
                open_item_ids += chosen
                swap.status = Swap.Status.DELIVERED
            else:
                chosen = rng.sample(item_ids, 30)
            returned_by = None if last else past[index + 1]
            for item_id in chosen:
                roll = rng.random()
                state = (
                    ""
                    if last
                    else ("missing" if roll < 0.02 else "damaged" if roll < 0.03 else "returned")
                )
                loans.append(
                    Loan(
                        item_id=item_id,
                        agreement=agreement,
                        delivered_by=swap,
                        delivered_on=swap.planned_date,
                        returned_by=returned_by,
                        returned_on=None if last else returned_by.planned_date,
                        return_state=state,
                        written_off=state in ("missing", "damaged"),
                    )
                )
            if len(loans) >= BATCH:
                Loan.objects.bulk_create(loans)
                loan_count += len(loans)
                loans = []
                # With DEBUG on, Django keeps every SQL statement: let them go.
                reset_queries()
    Loan.objects.bulk_create(loans)
    loan_count += len(loans)
    Swap.objects.filter(pk__in=[s.pk for s in swaps if s.status == Swap.Status.DELIVERED]).update(
        status=Swap.Status.DELIVERED
    )
    Item.objects.filter(pk__in=open_item_ids).update(status=Item.Status.IN_DEPOT)
    # The next swap of every tenth agreement is packed already.
    packed = []
    for agreement in agreements[::10]:
        upcoming = next(
            (s for s in by_agreement[agreement.pk] if s.status == Swap.Status.PLANNED), None
        )
        if upcoming and open_pool:
            chosen = [open_pool.pop() for _ in range(min(10, len(open_pool)))]
            packed += [PackedItem(swap=upcoming, item_id=item_id) for item_id in chosen]
            Item.objects.filter(pk__in=chosen).update(status=Item.Status.IN_DEPOT)
    PackedItem.objects.bulk_create(packed)
    return {
        "kindergartens": len(partners),
        "staff": len(staff),
        "items": len(item_ids),
        "swaps": len(swaps),
        "loans": loan_count,
    }


def bench_pages() -> list[tuple[str, str, str]]:
    """Return the depot pages ``bench_pages`` times: (name, role, URL)."""
    from django.db.models import Count
    from django.urls import reverse

    from partnerships.scale import _changelist

    busiest = (
        Swap.objects.values("planned_date")
        .annotate(n=Count("pk"))
        .order_by("-n", "planned_date")
        .values_list("planned_date", flat=True)
        .first()
    ) or timezone.localdate()
    agreement = DepotAgreement.objects.order_by("pk").first()
    swap = Swap.objects.filter(status=Swap.Status.PLANNED).order_by("planned_date", "pk").first()
    day = {"date": busiest.isoformat()}
    pages = [
        ("Depot agreement list", "librarian", reverse("kindergarten_depots:agreement_list")),
        ("Depot agreement detail", "librarian", reverse("kindergarten_depots:agreement_detail", args=[agreement.pk])),
        ("Item list", "librarian", reverse("kindergarten_depots:item_list")),
        ("Item list, text search", "librarian", reverse("kindergarten_depots:item_list") + "?q=r%C3%A6ven"),
        ("Swap calendar, busiest month", "librarian", reverse("kindergarten_depots:swap_calendar") + f"?date={day['date']}"),
        ("Route sheet, busiest day", "librarian", reverse("kindergarten_depots:route_sheet") + f"?date={day['date']}"),
        ("Driver's day, busiest day", "librarian", reverse("kindergarten_depots:driver_day") + f"?date={day['date']}"),
        ("Swap calendar, busiest month, all branches", "librarian", reverse("kindergarten_depots:swap_calendar") + f"?date={day['date']}&branch=all"),
        ("Swap detail (packing)", "librarian", reverse("kindergarten_depots:swap_detail", args=[swap.pk])),
        ("Closure days", "librarian", reverse("kindergarten_depots:closure_list")),
        ("Calendar-feed list", "librarian", reverse("kindergarten_depots:feed_list")),
        ("Depot statistics", "librarian", reverse("kindergarten_depots:statistics")),
        ("Depot statistics CSV", "librarian", reverse("kindergarten_depots:statistics_csv")),
        ("Portal home", "kindergarten staff", reverse("kindergarten_depots:portal_home")),
        ("Portal calendar", "kindergarten staff", reverse("kindergarten_depots:portal_calendar")),
    ]  # fmt: skip
    pages += [
        (f"Admin: {model._meta.model_name}", "admin", _changelist(model))
        for model in (DepotAgreement, Item, Swap, Loan)
    ]
    return pages
