"""Generate national-scale depot data for benchmarks (never on a production database)."""

import random
import resource
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from accounts.models import User
from kindergarten_depots.models import (
    AgeGroup,
    DepotAgreement,
    Item,
    Loan,
    PackedItem,
    Swap,
    Theme,
)
from kindergarten_depots.services.schedule import closures_for, working_day_on_or_after
from partnerships.models import Branch, Partner, Partnership, PartnershipPartner

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
BATCH = 5000


class Command(BaseCommand):
    help = (
        "Generate depot data at national scale with bulk inserts: per municipality about "
        "3 branches, 50 kindergartens with agreements, 5,000 books and 20,000 loans. "
        "Municipalities already generated are skipped, so an interrupted run can be resumed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=1)
        parser.add_argument("--kindergartens", type=int, default=50, help="Per municipality.")
        parser.add_argument("--items", type=int, default=5000, help="Books per municipality.")
        parser.add_argument("--years", type=int, default=3, help="Years of history.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, municipalities, kindergartens, items, years, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to generate benchmark data with DEBUG off (use --force).")
        rng = random.Random(98)
        started = time.perf_counter()
        coordinator, _created = User.objects.get_or_create(
            email="scale-coordinator@example.com", defaults={"full_name": "Skala Koordinator"}
        )
        themes = [Theme.objects.get_or_create(name=name)[0].pk for name in THEMES]
        totals = {"kindergartens": 0, "items": 0, "swaps": 0, "loans": 0}
        for number in range(1, municipalities + 1):
            prefix = f"Kommune {number:03d}"
            if Branch.objects.filter(name__startswith=prefix + " ").exists():
                self.stdout.write(f"{prefix}: already there, skipped.")
                continue
            with transaction.atomic():
                counts = self._municipality(
                    number, prefix, kindergartens, items, years, coordinator, themes, rng
                )
            reset_queries()
            for key, value in counts.items():
                totals[key] += value
            self.stdout.write(
                f"{prefix}: {counts['kindergartens']} kindergartens, {counts['items']} books, "
                f"{counts['swaps']} swaps, {counts['loans']} loans "
                f"({time.perf_counter() - started:.1f} s, peak {_peak_mb():.0f} MB)"
            )
        if connection.vendor == "postgresql":
            # Fresh planner statistics, as autovacuum would gather them a little later.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.perf_counter() - started:.1f} s: {totals}. "
                f"Peak memory {_peak_mb():.0f} MB."
            )
        )

    def _municipality(
        self, number, prefix, kindergarten_count, item_count, years, coordinator, themes, rng
    ):
        today = timezone.localdate()
        branches = Branch.objects.bulk_create(
            [Branch(name=f"{prefix} {town}", town=town) for town in ("Nord", "Syd", "Midt")]
        )
        partners = Partner.objects.bulk_create(
            [
                Partner(
                    name=f"Børnehaven {WORDS[n % len(WORDS)].removesuffix('en')} {number}-{n}",
                    kind=Partner.Kind.KINDERGARTEN,
                    area=branches[n % 3].town,
                    town=branches[n % 3].town,
                    address=f"Skolevej {n + 1}",
                    number_of_children=rng.randint(20, 90),
                )
                for n in range(kindergarten_count)
            ]
        )
        partnerships = Partnership.objects.bulk_create(
            [
                Partnership(
                    title=f"Depot: {partner.name}",
                    kind=Partnership.Kind.KINDERGARTEN_DEPOT,
                    status=Partnership.Status.ACTIVE,
                    coordinator=coordinator,
                )
                for partner in partners
            ]
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
                    start_date=today - timedelta(days=365 * years - n * 3 % 84),
                    end_date=today + timedelta(days=365),
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
                    Item.themes.through(
                        item_id=item.pk, theme_id=themes[(item.pk * 7) % len(themes)]
                    )
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
                        else (
                            "missing" if roll < 0.02 else "damaged" if roll < 0.03 else "returned"
                        )
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
        Swap.objects.filter(
            pk__in=[s.pk for s in swaps if s.status == Swap.Status.DELIVERED]
        ).update(status=Swap.Status.DELIVERED)
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
            "items": len(item_ids),
            "swaps": len(swaps),
            "loans": loan_count,
        }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
