"""The guardian's right of access: everything stored about one reader, as JSON or CSV."""

from readaloud.models import (
    Advancement,
    Contestant,
    Performance,
    ReaderJudgement,
    TieDecision,
)
from readaloud.services.access import access_log_for
from readaloud.services.traces import child_names, redact

# The export's lists besides the performances, in the order the CSV shows them.
SECTIONS = ["advancements", "jury_decisions", "judges_notes", "access_log"]


def iso(value):
    return value.isoformat() if value else None


def _advancements(performance_ids: list[int]) -> list[dict]:
    advancements = Advancement.objects.filter(
        from_performance_id__in=performance_ids
    ).select_related("from_performance__heat__round", "to_heat__round")
    stepped_in = Advancement.objects.filter(
        reserve_performance_id__in=performance_ids
    ).select_related("from_performance__heat__round", "to_heat__round")
    return [
        {
            "from_heat": str(advancement.from_performance.heat),
            "to_heat": str(advancement.to_heat),
            "kind": advancement.get_kind_display(),
            "as_reserve": False,
            "cancelled_at": iso(advancement.cancelled_at),
            "recorded_at": iso(advancement.created_at),
        }
        for advancement in advancements
    ] + [
        {
            "from_heat": str(advancement.from_performance.heat),
            "to_heat": str(advancement.to_heat),
            "kind": str(Advancement.Kind.STEPPED_IN.label),
            "as_reserve": True,
            "cancelled_at": None,
            "recorded_at": iso(advancement.created_at),
        }
        for advancement in stepped_in
    ]


def _jury_decisions(contestant: Contestant, performance_ids: list[int]) -> list[dict]:
    """The jury's tie decisions that placed the reader; other readers' names are blanked."""
    decisions = []
    wanted = set(performance_ids)
    for decision in TieDecision.objects.filter(
        heat__performances__id__in=performance_ids
    ).select_related("heat__round"):
        mine = [pk for pk in decision.order if pk in wanted]
        if not mine:
            continue
        others = set()
        for first, last in (
            Performance.objects.filter(heat=decision.heat)
            .exclude(contestant=contestant)
            .values_list("contestant__first_name", "contestant__last_name")
        ):
            others |= child_names(first, last)
        others -= child_names(contestant.first_name, contestant.last_name)
        decisions.append(
            {
                "heat": str(decision.heat),
                "shared_rank": decision.rank,
                "decided_place": decision.rank + decision.order.index(mine[0]),
                "note": redact(decision.note, others),
                "decided_at": iso(decision.decided_at),
            }
        )
    return decisions


def _judges_notes(performance_ids: list[int]) -> list[dict]:
    return [
        {
            "heat": str(judgement.performance.heat),
            "judge": judgement.assignment_id,
            "absent": judgement.absent,
            "note": judgement.note,
        }
        for judgement in ReaderJudgement.objects.filter(
            performance_id__in=performance_ids
        ).select_related("performance__heat__round")
    ]


def contestant_export(*, contestant: Contestant) -> dict:
    """Return everything stored about ``contestant``, for the guardian's right of access."""
    performances = []
    for performance in contestant.performances.select_related("heat__round").prefetch_related(
        "scores__criterion"
    ):
        performances.append(
            {
                "id": performance.pk,
                "round": str(performance.heat.round),
                "heat": performance.heat.name,
                "date": performance.heat.round.date.isoformat()
                if performance.heat.round.date
                else None,
                "running_order": performance.running_position,
                "total": str(performance.total) if performance.total is not None else None,
                "rank": performance.rank,
                "scores": [
                    {
                        "judge": score.assignment_id,
                        "criterion": score.criterion.name,
                        "part": score.part,
                        "points": score.points,
                    }
                    for score in performance.scores.all()
                ],
            }
        )

    performance_ids = [performance["id"] for performance in performances]
    return {
        "championship": contestant.championship.name,
        "first_name": contestant.first_name,
        "last_name": contestant.last_name,
        "school": contestant.school.name,
        "grade": contestant.grade,
        "class": contestant.class_name,
        "book_title": contestant.book_title,
        "book_author": contestant.book_author,
        "passage": contestant.passage,
        "reserve": contestant.is_reserve,
        "consent_given_by": contestant.consent_given_by,
        "consent_given_at": iso(contestant.consent_given_at),
        "consent_method": contestant.consent_method,
        "publish_consent": contestant.publish_consent,
        "consent_withdrawn_at": iso(contestant.consent_withdrawn_at),
        "withdrawn_at": iso(contestant.withdrawn_at),
        "registered_at": iso(contestant.created_at),
        "performances": performances,
        "advancements": _advancements(performance_ids),
        "jury_decisions": _jury_decisions(contestant, performance_ids),
        "judges_notes": _judges_notes(performance_ids),
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "purpose": entry.purpose,
                "heat": str(entry.heat) if entry.heat_id else None,
            }
            for entry in access_log_for(contestant=contestant)
        ],
    }


def contestant_export_rows(*, contestant: Contestant) -> list[list]:
    """Return the export as CSV rows: one row per field, then one row per score."""
    data = contestant_export(contestant=contestant)
    rows = [["field", "value"]]
    for key, value in data.items():
        if key not in SECTIONS and key != "performances":
            rows.append([key, value])
    rows.append([])
    rows.append(
        ["round", "heat", "running_order", "total", "rank", "judge", "criterion", "part", "points"]
    )
    for performance in data["performances"]:
        for score in performance["scores"] or [{}]:
            rows.append(
                [
                    performance["round"],
                    performance["heat"],
                    performance["running_order"],
                    performance["total"],
                    performance["rank"],
                    score.get("judge", ""),
                    score.get("criterion", ""),
                    score.get("part", ""),
                    score.get("points", ""),
                ]
            )
    for section in SECTIONS:
        rows.append([])
        rows.append([section])
        if data[section]:
            keys = list(data[section][0])
            rows.append(keys)
            rows.extend([item[key] for key in keys] for item in data[section])
    return rows
