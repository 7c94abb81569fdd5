"""Work across several models: agreements, the swap schedule, packing, delivery and returns.

Every state change of a swap goes through a function here, so the rules (a swap
cannot be delivered before it is packed, check-in cannot run twice, a cancelled
swap cannot be packed …) live in one place.
"""

from kindergarten_depots.services.agreements import (
    agreement_create,
    agreement_update,
    themes_get_or_create,
    wish_create,
)
from kindergarten_depots.services.bridge import card_compare, parse_barcodes, swap_barcodes
from kindergarten_depots.services.lifecycle import (
    agreement_activate,
    agreement_end,
    agreement_pause,
    agreement_resume,
    ending_consequences,
)
from kindergarten_depots.services.packing import (
    boxes_pack,
    swap_item_add,
    swap_item_remove,
    swap_pack,
    swap_proposal_add,
    swap_propose,
    swap_unpack,
    wishes_for_swap,
)
from kindergarten_depots.services.portal import (
    library_message_send,
    loan_found_report,
    swap_receipt_confirm,
    wish_withdraw,
)
from kindergarten_depots.services.returns import (
    check_in_summary,
    damaged_barcodes_reported,
    loan_found,
    loss_report_create,
    swap_check_in,
    swap_check_in_undo,
    swap_deliver,
)
from kindergarten_depots.services.route import (
    box_scan,
    route_stop_collect,
    route_stop_deliver,
    route_stop_move,
    route_stop_problem,
    route_swaps,
)
from kindergarten_depots.services.schedule import (
    closure_remove,
    closures_ensure_defaults,
    swap_cancel,
    swap_generate,
    swap_move,
    swaps_generate,
    working_day_on_or_after,
)

__all__ = [
    "agreement_activate",
    "agreement_create",
    "agreement_end",
    "agreement_pause",
    "agreement_resume",
    "agreement_update",
    "box_scan",
    "boxes_pack",
    "card_compare",
    "check_in_summary",
    "closure_remove",
    "closures_ensure_defaults",
    "damaged_barcodes_reported",
    "ending_consequences",
    "library_message_send",
    "loan_found",
    "loan_found_report",
    "loss_report_create",
    "parse_barcodes",
    "route_stop_collect",
    "route_stop_deliver",
    "route_stop_move",
    "route_stop_problem",
    "route_swaps",
    "swap_barcodes",
    "swap_cancel",
    "swap_check_in",
    "swap_check_in_undo",
    "swap_deliver",
    "swap_generate",
    "swap_item_add",
    "swap_item_remove",
    "swap_move",
    "swap_pack",
    "swap_proposal_add",
    "swap_propose",
    "swap_receipt_confirm",
    "swap_unpack",
    "swaps_generate",
    "themes_get_or_create",
    "wish_create",
    "wish_withdraw",
    "wishes_for_swap",
    "working_day_on_or_after",
]
