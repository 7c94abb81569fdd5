"""The reading-aloud championship: editions, rounds, heats, contestants, judging and results.

One module per area; everything is importable from ``readaloud.models``.
"""

from readaloud.models.access import AccessLogEntry
from readaloud.models.contestants import Contestant, ContestantQuerySet, Performance
from readaloud.models.editions import (
    DEFAULT_CRITERIA,
    Championship,
    ChampionshipQuerySet,
    Criterion,
    Heat,
    HeatQuerySet,
    Round,
    TextPart,
    Venue,
    add_months,
)
from readaloud.models.judging import (
    Advancement,
    JudgeAssignment,
    ReaderJudgement,
    RunningOrderDraw,
    Score,
    TieDecision,
)

__all__ = [
    "DEFAULT_CRITERIA",
    "AccessLogEntry",
    "Advancement",
    "Championship",
    "ChampionshipQuerySet",
    "Contestant",
    "ContestantQuerySet",
    "Criterion",
    "Heat",
    "HeatQuerySet",
    "JudgeAssignment",
    "Performance",
    "ReaderJudgement",
    "Round",
    "RunningOrderDraw",
    "Score",
    "TextPart",
    "TieDecision",
    "Venue",
    "add_months",
]
