"""Over a period longer than a quarter the published return lists calendar quarters."""

from __future__ import annotations

import random
from datetime import date, timedelta

from marac_desktop.reports.performance_export import publish, return_sheet, trend_sheet
from marac_desktop.risk.performance import (
    LONGEST_QUARTER_DAYS,
    ReturnUnit,
    return_unit,
)
from tests.unit.performance.random_reports import random_report


def test_the_rule_turns_at_the_longest_quarter() -> None:
    start = date(2026, 7, 1)
    longest = start + timedelta(days=LONGEST_QUARTER_DAYS - 1)
    assert longest == date(2026, 9, 30)
    assert return_unit(start, longest) is ReturnUnit.MEETING
    assert return_unit(start, longest + timedelta(days=1)) is ReturnUnit.QUARTER


def test_a_long_period_is_listed_by_quarter_and_each_quarter_is_one_figure() -> None:
    rng = random.Random(20261202)
    checked = 0
    while checked < 40:
        report = random_report(rng, threshold=5)
        if return_unit(report.period_from, report.period_to) is ReturnUnit.MEETING:
            continue
        checked += 1
        pub = publish(report)
        sheet = return_sheet(pub)
        assert sheet.header[0] == "Quarter"
        lines = sheet.rows[:-1]
        assert [line[0] for line in lines] == [q.label for q in report.by_quarter]
        agencies = range(len(report.agencies))
        sums = [sum(line.by_agency[i][1] for line in pub.lines) for i in agencies]
        assert sums == [n for _, n in report.totals.by_agency]
        assert sum(line.cases for line in pub.lines) == report.totals.cases
        trends = {(r[0], r[1]): (r[2], r[3]) for r in trend_sheet(pub).rows}
        for line in lines:
            assert (line[1], line[2]) == trends[("Quarter", line[0])], "one figure, one text"
