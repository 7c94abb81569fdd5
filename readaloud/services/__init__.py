"""Championship work that spans several models, one module per area.

Views and other apps import ``readaloud.services`` and call ``services.heat_close(...)``.
"""

from readaloud.services.access import access_log_for, access_log_purge, access_log_record
from readaloud.services.advancement import (
    consent_withdraw,
    contestant_withdraw,
    heat_advance,
    heat_close,
    heat_reopen,
    missing_details,
    next_heat,
    tie_decide,
)
from readaloud.services.editions import (
    championship_copy,
    championship_create,
    criteria_add_defaults,
)
from readaloud.services.export import contestant_export, contestant_export_rows
from readaloud.services.imports import ImportRow, class_list_import, class_list_parse
from readaloud.services.privacy import (
    PERSONAL_FIELDS,
    contestant_erase,
    contestants_anonymise,
    personal_data_purge,
)
from readaloud.services.progress import HeatProgress, heat_progress
from readaloud.services.projector import (
    ProjectorScreen,
    projector_screen,
    stage_next,
    winner_reveal,
)
from readaloud.services.ranking import (
    THREE_PLACES,
    HeatResult,
    RankedPerformance,
    heat_result,
)
from readaloud.services.release import (
    criteria_change,
    criteria_reopen,
    heat_release,
    round_release,
)
from readaloud.services.results import (
    Diploma,
    HeatResultsTable,
    PublicHeatResults,
    PublicRoundResults,
    SchoolParticipation,
    diplomas,
    heat_results_table,
    participation_by_school,
    public_editions,
    public_results,
)
from readaloud.services.scoring import (
    contestant_place,
    judge_assign,
    judge_exclude,
    placement_move,
    placement_remove,
    reader_judgement_save,
    running_order_draw,
    score_save,
    score_slots,
    scoring_progress,
)

__all__ = [
    "PERSONAL_FIELDS",
    "THREE_PLACES",
    "Diploma",
    "HeatProgress",
    "HeatResult",
    "HeatResultsTable",
    "ImportRow",
    "ProjectorScreen",
    "PublicHeatResults",
    "PublicRoundResults",
    "RankedPerformance",
    "SchoolParticipation",
    "access_log_for",
    "access_log_purge",
    "access_log_record",
    "championship_copy",
    "championship_create",
    "class_list_import",
    "class_list_parse",
    "consent_withdraw",
    "contestant_erase",
    "contestant_export",
    "contestant_export_rows",
    "contestant_place",
    "contestant_withdraw",
    "contestants_anonymise",
    "criteria_add_defaults",
    "criteria_change",
    "criteria_reopen",
    "diplomas",
    "heat_advance",
    "heat_close",
    "heat_progress",
    "heat_release",
    "heat_reopen",
    "heat_result",
    "heat_results_table",
    "judge_assign",
    "judge_exclude",
    "missing_details",
    "next_heat",
    "participation_by_school",
    "personal_data_purge",
    "placement_move",
    "placement_remove",
    "projector_screen",
    "public_editions",
    "public_results",
    "reader_judgement_save",
    "round_release",
    "running_order_draw",
    "score_save",
    "score_slots",
    "scoring_progress",
    "stage_next",
    "tie_decide",
    "winner_reveal",
]
