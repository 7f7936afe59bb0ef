"""The report as one JSON object (``report --json``): every figure, keys stable for scripts."""

from __future__ import annotations

from typing import Any

from tracetool import timeutil
from tracetool.analysis.figures import Report
from tracetool.analysis.timing import TIMING_DIMENSIONS


def report_json(report: Report) -> dict[str, Any]:
    f = report.filter
    return {
        "period": {
            "from": f.start.isoformat() if f.start else None,
            "to": f.end.isoformat() if f.end else None,
            "first_day": report.first_day,
            "last_day": report.last_day,
        },
        "unit": f.all_units[0] if len(f.all_units) == 1 else None,
        "filter": {
            "units": list(f.all_units),
            "groups": list(f.groups),
            "channels": list(f.channels),
            "types": list(f.types),
            "sources": list(f.sources),
        },
        "include_test": f.include_test,
        "generated_at": timeutil.to_db(report.generated_at),
        "total": report.total,
        "registrations": report.registrations,
        "excluded": report.excluded,
        "excluded_inquiries": report.excluded_inquiries,
        "exclusions": [rule.to_json() for rule in report.filter.exclusions],
        "by_direction": report.by_direction,
        "by_channel": report.by_channel,
        "by_type": report.by_type,
        "by_closing": report.by_closing,
        "by_form": report.by_form,
        "by_task": report.by_task,
        "by_unit": report.by_unit,
        "by_group": report.by_group,
        "by_answer": report.by_answer,
        "answer_by_task": report.answer_by_task,
        "group_by_channel": report.group_by_channel,
        "pivot": report.pivot.to_json() if report.pivot else None,
        "compare": report.comparison.to_json() if report.comparison else None,
        "costs": report.costs.to_json() if report.costs else None,
        "by_hour": report.by_hour,
        "by_day": report.by_day,
        "by_week": report.by_week,
        "straks_share": report.straks_share,
        "form_share": report.form_share,
        "channel_shares": {k: v.to_json() for k, v in report.channel_shares.items()},
        "channel_by_type": report.channel_by_type,
        "task_by_channel": report.task_by_channel,
        "task_by_type": report.task_by_type,
        "median_seconds": report.median_seconds,
        "timed": report.timed,
        "untimed": report.untimed,
        "timing": report.timing.to_json() if report.timing else None,
        **{
            f"timing_by_{d}": {k: v.to_json() for k, v in getattr(report, f"timing_by_{d}").items()}
            for d in TIMING_DIMENSIONS
        },
        "coverage": {k: v.to_json() for k, v in report.coverage.items()},
    }
