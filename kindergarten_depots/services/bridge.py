"""The bridge to the library system: the barcodes of a swap for the institution card,
and a comparison with what the library system holds as on loan to that card."""

from dataclasses import dataclass, field

from kindergarten_depots.models import DepotAgreement, Loan, Swap

DELIVERED = "delivered"
COLLECTED = "collected"


def swap_barcodes(*, swap: Swap, kind: str) -> list[Loan]:
    """Return the loans whose books ``swap`` delivered, or collected (came back, damaged
    included; missing books did not come back), by barcode."""
    if kind == DELIVERED:
        loans = Loan.objects.filter(delivered_by=swap)
    else:
        loans = Loan.objects.filter(returned_by=swap).exclude(return_state=Loan.ReturnState.MISSING)
    return list(loans.select_related("item").order_by("item__barcode"))


@dataclass
class CardComparison:
    """Differences between the depot and the library system's institution card."""

    only_here: list = field(default_factory=list)  # in the depot, not on the card
    only_on_card: list[str] = field(default_factory=list)  # on the card, not in the depot
    both: int = 0

    @property
    def matches(self) -> bool:
        return not (self.only_here or self.only_on_card)


def parse_barcodes(text: str) -> set[str]:
    """Return the barcodes in ``text``: one per line, or separated by ; , tab or spaces
    (a header such as "stregkode" or "barcode" is skipped)."""
    cells = text.replace(";", " ").replace(",", " ").split()
    return {
        cell.strip('"') for cell in cells if cell.strip('"').lower() not in {"stregkode", "barcode"}
    }


def card_compare(*, agreement: DepotAgreement, barcodes: set[str]) -> CardComparison:
    """Compare the agreement's books in the depot now with ``barcodes``, the list the
    library system holds as on loan to the kindergarten's institution card."""
    loans = list(Loan.objects.filter(agreement=agreement).open().select_related("item"))
    here = {loan.item.barcode for loan in loans}
    return CardComparison(
        only_here=sorted(
            (loan for loan in loans if loan.item.barcode not in barcodes),
            key=lambda loan: loan.item.barcode,
        ),
        only_on_card=sorted(barcodes - here),
        both=len(here & barcodes),
    )
