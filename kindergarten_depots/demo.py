"""Demo data for the depots: ~2,000 books, 15 agreements and a year of swaps (see ``seed_demo``).

Books are keyed on their barcode and agreements on their kindergarten, so running
it again adds nothing twice: an agreement that exists keeps its history.
"""

import random
from collections import deque
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from kindergarten_depots import services
from kindergarten_depots.models import (
    AgeGroup,
    DepotAgreement,
    Item,
    Loan,
    LossReport,
    PackedItem,
    Swap,
    Theme,
    Wish,
)
from partnerships import backing
from partnerships.models import Branch, Partner

THEMES = [
    "Dyr", "Følelser", "Årstider", "Venskab", "Eventyr", "Familie", "Krop og sundhed",
    "Natur", "Rim og remser", "Biler og maskiner", "Farver og former", "Hverdag",
]  # fmt: skip

# (first part, theme) – combined with endings into believable picture-book titles.
TITLE_STARTS = [
    ("Den lille bjørn", "Dyr"), ("Ræven og haren", "Dyr"), ("Pindsvinet", "Dyr"),
    ("Katten Mis", "Dyr"), ("Når Ida bliver vred", "Følelser"), ("Mulle er ked af det", "Følelser"),
    ("Glad, sur og bange", "Følelser"), ("Bamse er modig", "Følelser"),
    ("Vinter i skoven", "Årstider"), ("Forår på marken", "Årstider"), ("Sommerfuglen", "Årstider"),
    ("Efterårsblade", "Årstider"), ("Bedste venner", "Venskab"), ("Alfons og Milla", "Venskab"),
    ("Sammen i sandkassen", "Venskab"), ("Trolden i mosen", "Eventyr"),
    ("Prinsessen på ærten", "Eventyr"), ("Dragen Dennis", "Eventyr"), ("Nisserne", "Eventyr"),
    ("Mor, far og mig", "Familie"), ("Lillesøster", "Familie"), ("Hos mormor", "Familie"),
    ("Tandbørsten", "Krop og sundhed"), ("Min krop", "Krop og sundhed"),
    ("Sov godt, lille mus", "Krop og sundhed"), ("Myrerne i tuen", "Natur"),
    ("Regnormen Rolf", "Natur"), ("Ved stranden", "Natur"), ("Hop og rim", "Rim og remser"),
    ("Ulle dulle dof", "Rim og remser"), ("Remser for de små", "Rim og remser"),
    ("Traktoren Trine", "Biler og maskiner"), ("Brandbilen", "Biler og maskiner"),
    ("Gravkoen", "Biler og maskiner"), ("Rød, gul og blå", "Farver og former"),
    ("Cirklen og firkanten", "Farver og former"), ("Hvor er farverne?", "Farver og former"),
    ("En dag i børnehaven", "Hverdag"), ("Vi skal handle", "Hverdag"), ("Godnat", "Hverdag"),
]  # fmt: skip
TITLE_ENDS = [
    "", " og den store dag", " får besøg", " på eventyr", " i regnvejr", " tæller til ti",
    " og den hemmelige skat", " leger gemmeleg", " kan selv", " rejser ud", " og månen",
    " finder vej", " holder fest", " i byen", " om natten", " bliver stor", " og stormen",
    " siger undskyld", " på landet", " og den lille ven", " lærer at cykle", " i haven",
    " og snemanden", " bager boller", " og vennerne", " flytter", " går i skoven",
    " og de tre nøgler", " synger", " og den gule ballon", " ved søen", " mister en tand",
    " i zoologisk have", " og skyggen", " på loftet", " og regnbuen", " får en hund",
    " kan ikke sove", " og sommerfuglene", " i vinterland", " og drømmen", " på vandet",
    " og kagen", " tegner", " og det store æble", " går til tandlægen", " og tordenvejret",
    " bygger en hule", " på cykeltur", " og hemmeligheden",
]  # fmt: skip
AUTHORS = [
    "Kim Fupz Aakeson", "Gunilla Bergström", "Ole Lund Kirkegaard", "Lotte Salling",
    "Jakob Martin Strid", "Halfdan Rasmussen", "Cecil Bødker", "Astrid Lindgren",
    "Sven Nordqvist", "Mette Vedsø", "Kamilla Wichmann", "Rasmus Bregnhøi",
    "Signe Wulff", "Søren Jessen", "Hanne Kvist", "Ib Spang Olsen",
]  # fmt: skip
SHELVES = ["Billedbøger", "Pegebøger", "Højtlæsning", "Faglitteratur for børn", "Rim og remser"]
DAMAGE_TEXTS = ["Siderne er revet over", "Kaffe på omslaget", "Tegnet i med tusch"]


def _aware(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed_items(branches) -> None:
    themes = {theme.name: theme for theme in services.themes_get_or_create(names=THEMES)}
    ages = AgeGroup.values
    items, links = [], []
    number = 0
    for start_index, (start, theme) in enumerate(TITLE_STARTS):
        for end_index, end in enumerate(TITLE_ENDS):
            number += 1
            barcode = f"5{number:09d}"
            second_theme = THEMES[(start_index + end_index) % len(THEMES)]
            items.append(
                Item(
                    barcode=barcode,
                    title=f"{start}{end}",
                    author=AUTHORS[(start_index * 7 + end_index) % len(AUTHORS)],
                    isbn=f"978877{number:07d}",
                    age_group=ages[(start_index + end_index) % 3],
                    shelf=SHELVES[(start_index + end_index) % len(SHELVES)],
                    home_branch=branches[number % len(branches)],
                )
            )
            links.append((barcode, {themes[theme], themes[second_theme]}))
    existing = set(Item.objects.filter(barcode__startswith="5").values_list("barcode", flat=True))
    new = [item for item in items if item.barcode not in existing]
    Item.objects.bulk_create(new, batch_size=500)
    ids = dict(
        Item.objects.filter(barcode__in=[item.barcode for item in new]).values_list("barcode", "pk")
    )
    through = Item.themes.through
    through.objects.bulk_create(
        [
            through(item_id=ids[barcode], theme_id=theme.pk)
            for barcode, item_themes in links
            if barcode in ids
            for theme in item_themes
        ],
        batch_size=1000,
    )


def agreement_back_and_activate(*, agreement, by, manager) -> None:
    """Have ``manager`` (a library manager) approve backing for the agreement's
    partnership, then activate the agreement through the win-win gate (the gains
    come from ``agreement_create``).

    This is the one place that knows what the gate asks for besides the gains;
    the tests' factories use it too.
    """
    partnership = agreement.partnership
    if not partnership.has_backing():
        request = backing.backing_request(
            partnership=partnership, by=by, comment="Depot til børnehaven."
        )
        backing.backing_decide(
            request=request, by=manager, approve=True, comment="Godkendt på ledermødet."
        )
    services.agreement_activate(agreement=agreement, by=by, note="Demo data")


def _simulate(agreement, pools, today, rng, librarian) -> None:
    """Give an agreement a history: past swaps delivered and checked in, one packed, the rest planned."""
    services.swap_generate(agreement=agreement, today=agreement.start_date)
    swaps = list(agreement.swaps.order_by("planned_date"))
    history: set[int] = set()
    open_loans: list[Loan] = []
    lost, damaged, packed_ids = [], [], []
    packed_next = False

    def pick(count):
        chosen = []
        for age in agreement.age_groups * count:
            if len(chosen) >= count:
                break
            pool = pools[age]
            for _attempt in range(len(pool)):
                item_id = pool.popleft()
                if item_id in history:
                    pool.append(item_id)
                    continue
                chosen.append(item_id)
                history.add(item_id)
                break
        return chosen

    for index, swap in enumerate(swaps):
        if swap.planned_date < today:
            if index == 2:
                swap.status = Swap.Status.CANCELLED
                swap.cancel_reason = "Børnehaven holdt lukket pga. vandskade"
                swap.save(update_fields=["status", "cancel_reason"])
                continue
            chosen = pick(agreement.books_per_delivery)
            PackedItem.objects.bulk_create(
                [PackedItem(swap=swap, item_id=item_id, added_by=librarian) for item_id in chosen]
            )
            # Check in the books of the previous delivery.
            for loan in open_loans:
                roll = rng.random()
                if roll < 0.02:
                    loan.return_state, loan.written_off = Loan.ReturnState.MISSING, True
                    lost.append(loan.item_id)
                elif roll < 0.035:
                    loan.return_state, loan.written_off = Loan.ReturnState.DAMAGED, True
                    damaged.append(loan.item_id)
                else:
                    loan.return_state = Loan.ReturnState.RETURNED
                    pools[loan.item_age].append(loan.item_id)
                loan.returned_on = swap.planned_date
                loan.returned_by = swap
            Loan.objects.bulk_update(
                open_loans, ["return_state", "written_off", "returned_on", "returned_by"]
            )
            Swap.objects.filter(
                agreement=agreement,
                status=Swap.Status.DELIVERED,
                planned_date__lt=swap.planned_date,
            ).update(status=Swap.Status.COMPLETED)
            open_loans = Loan.objects.bulk_create(
                [
                    Loan(
                        item_id=item_id,
                        agreement=agreement,
                        delivered_by=swap,
                        delivered_on=swap.planned_date,
                    )
                    for item_id in chosen
                ]
            )
            ages = dict(Item.objects.filter(pk__in=chosen).values_list("pk", "age_group"))
            for loan in open_loans:
                loan.item_age = ages[loan.item_id]
            moment = _aware(swap.planned_date)
            swap.status = Swap.Status.DELIVERED
            swap.packed_by = swap.delivered_by = swap.checked_in_by = librarian
            swap.packed_at = moment - timedelta(days=2)
            swap.delivered_at = moment
            swap.checked_in_at = moment + timedelta(hours=4)
            swap.save()
        elif not packed_next and swap.planned_date <= today + timedelta(days=30):
            chosen = pick(agreement.books_per_delivery)
            PackedItem.objects.bulk_create(
                [PackedItem(swap=swap, item_id=item_id, added_by=librarian) for item_id in chosen]
            )
            packed_ids += chosen
            swap.status = Swap.Status.PACKED
            swap.packed_by = librarian
            swap.packed_at = _aware(today - timedelta(days=1))
            swap.save(update_fields=["status", "packed_by", "packed_at"])
            packed_next = True
    Item.objects.filter(pk__in=[loan.item_id for loan in open_loans] + packed_ids).update(
        status=Item.Status.IN_DEPOT
    )
    Item.objects.filter(pk__in=lost).update(status=Item.Status.LOST)
    Item.objects.filter(pk__in=damaged).update(status=Item.Status.DAMAGED)
    return open_loans


@transaction.atomic
def seed(*, stdout) -> list:
    """Create the demo books and depot agreements with a year of history; return no logins."""
    rng = random.Random(4)
    branches = list(Branch.objects.order_by("name"))
    if not branches:
        return []
    _seed_items(branches)
    librarian = User.objects.filter(email="bibliotekar@example.com").first()
    # The partnerships' demo (seeded first) creates the library manager who backs them.
    manager = User.objects.with_roles(Role.LIBRARY_MANAGER).order_by("pk").first()
    if librarian is None or manager is None:
        return []
    colleagues = User.objects.filter(
        email__in=["bibliotekar2@example.com", "bibliotekar3@example.com"]
    ).order_by("email")
    coordinators = [librarian, *colleagues]
    themes = {theme.name: theme for theme in Theme.objects.filter(name__in=THEMES)}
    kindergartens = list(Partner.objects.kindergartens().order_by("pk")[:15])
    # The kindergartens with demo staff logins come first.
    kindergartens.sort(key=lambda k: k.name not in ("Børnehuset Solsikken", "Troldehøjen"))
    today = timezone.localdate()
    pools = {
        age: deque(
            Item.objects.available()
            .filter(age_group=age, barcode__startswith="5")
            .order_by("?")
            .values_list("pk", flat=True)
        )
        for age in AgeGroup.values
    }
    created = 0
    for index, kindergarten in enumerate(kindergartens):
        if DepotAgreement.objects.filter(kindergarten=kindergarten).exists():
            continue
        is_library = index % 3 == 2
        branch = next((b for b in branches if b.town == kindergarten.town), branches[0])
        ages = [AgeGroup.values[i] for i in range(3) if (index + i) % 4 != 0] or ["3-4"]
        start = today - timedelta(days=280 + index * 3)
        agreement = services.agreement_create(
            kindergarten=kindergarten,
            type=DepotAgreement.Type.LIBRARY if is_library else DepotAgreement.Type.DEPOT,
            branch=branch,
            start_date=start,
            end_date=start + timedelta(days=365),
            # The agreements are shared among the library's librarians.
            coordinator=coordinators[index % len(coordinators)],
            age_groups=ages,
            themes=[themes[THEMES[(index + n) % len(THEMES)]] for n in range(3)],
            books_per_delivery=60 if is_library else 20,
            swap_interval_weeks=13 if is_library else 6,
            contact=kindergarten.contacts.order_by("-is_primary").first(),
            delivery_instructions="Ring på ved personaleindgangen. Kasserne står i garderoben.",
        )
        agreement_back_and_activate(
            agreement=agreement, by=agreement.partnership.coordinator, manager=manager
        )
        open_loans = _simulate(agreement, pools, today, rng, agreement.partnership.coordinator)
        for n, loan in enumerate(open_loans[:2]):
            LossReport.objects.create(
                loan=loan,
                kind=LossReport.Kind.DAMAGED if n == 0 else LossReport.Kind.LOST,
                description=DAMAGE_TEXTS[index % len(DAMAGE_TEXTS)] if n == 0 else "",
            )
        Wish.objects.create(
            agreement=agreement,
            theme=themes[THEMES[(index + 5) % len(THEMES)]],
            age_group=ages[0],
            text="Gerne bøger om at starte i skole" if "5-6" in ages else "Gerne pegebøger",
        )
        created += 1
    stdout.write(
        f"Depots: {Item.objects.count()} books, {DepotAgreement.objects.count()} agreements "
        f"({created} new), {Swap.objects.count()} swaps, {Loan.objects.count()} loans."
    )
    return []
