"""Kindergarten depots: agreements, the book catalogue, the swap schedule and loans.

The models live in modules by subject; import them from here.
"""

from kindergarten_depots.models.agreements import (
    AgeGroup,
    AgreementScopedQuerySet,
    ClosurePeriod,
    ClosurePeriodQuerySet,
    DepotAgreement,
    DepotAgreementQuerySet,
    Theme,
    default_gains,
    validate_age_groups,
)
from kindergarten_depots.models.feeds import CalendarFeed, ImportBatch, _new_token
from kindergarten_depots.models.items import Item, ItemQuerySet
from kindergarten_depots.models.portal import LossReport, Wish, WishQuerySet
from kindergarten_depots.models.route import Box, RouteStop
from kindergarten_depots.models.schedule_runs import ScheduleRun
from kindergarten_depots.models.swaps import Loan, LoanQuerySet, PackedItem, Swap, SwapQuerySet

__all__ = [
    "AgeGroup",
    "AgreementScopedQuerySet",
    "Box",
    "CalendarFeed",
    "ClosurePeriod",
    "ClosurePeriodQuerySet",
    "DepotAgreement",
    "DepotAgreementQuerySet",
    "ImportBatch",
    "Item",
    "ItemQuerySet",
    "Loan",
    "LoanQuerySet",
    "LossReport",
    "PackedItem",
    "RouteStop",
    "ScheduleRun",
    "Swap",
    "SwapQuerySet",
    "Theme",
    "Wish",
    "WishQuerySet",
    "_new_token",
    "default_gains",
    "validate_age_groups",
]
