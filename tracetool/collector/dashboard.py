"""The figures behind the national overview and a municipality's page, read from the rollups.

Nothing here reads ``registration``: every query groups a few thousand rollup rows (see
``rollup``), so the answer time does not grow with the number of registrations. Published
figures never include test mode; a municipality's own page may include it when asked.

The figures themselves are defined in ``figures``, the period in ``period``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from tracetool.codes.codebook import load_codebook
from tracetool.collector import municipalities
from tracetool.collector.figures import (
    ChannelRow,
    CoverageRow,
    Figures,
    MunicipalityView,
    Overview,
    UnitRow,
)
from tracetool.collector.period import Period
from tracetool.collector.storage import SqlStorage, Tx

TOP_TASKS = 15


# -- queries ----------------------------------------------------------------------------------


def _months(period: Period) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
    """Split a period into day ranges for ``dash_day`` and whole months for ``dash_month``."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    last_end = _month_start(period.end + timedelta(days=1))  # first day after the last month
    if first >= last_end:
        return [(period.start.isoformat(), period.end.isoformat())], None
    days: list[tuple[str, str]] = []
    if period.start < first:
        days.append((period.start.isoformat(), (first - timedelta(days=1)).isoformat()))
    if last_end <= period.end:
        days.append((last_end.isoformat(), period.end.isoformat()))
    last_month = last_end - timedelta(days=1)
    return days, (first.isoformat()[:7], last_month.isoformat()[:7])


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _tests(include_test: bool) -> str:
    return "test IN (0, 1)" if include_test else "test = 0"


def channel_rows(
    tx: Tx, period: Period, municipality: int | None = None, include_test: bool = False
) -> list[tuple[int, str, str, int, int, int, int, int]]:
    """(municipality, channel, direction, rows, n, straks, form yes, form no) for the period."""
    days, months = _months(period)
    where_muni = " AND municipality = ?" if municipality is not None else ""
    cols = "municipality, channel, direction, r, n, straks, form_ja, form_nej"
    parts: list[str] = []
    params: list[Any] = []
    if days:
        ranges = " OR ".join("(day >= ? AND day <= ?)" for _ in days)
        parts.append(
            f"SELECT {cols} FROM dash_day WHERE {_tests(include_test)} AND ({ranges}){where_muni}"
        )
        for a, b in days:
            params += [a, b]
        if municipality is not None:
            params.append(municipality)
    if months:
        parts.append(
            f"SELECT {cols} FROM dash_month WHERE {_tests(include_test)}"
            f" AND month >= ? AND month <= ?{where_muni}"
        )
        params += list(months)
        if municipality is not None:
            params.append(municipality)
    sql = (
        "SELECT municipality, channel, direction, SUM(r), SUM(n), SUM(straks), SUM(form_ja),"
        f" SUM(form_nej) FROM ({' UNION ALL '.join(parts)}) x"
        " GROUP BY municipality, channel, direction"
    )
    return [
        (int(m), c, d, int(r), int(n), int(s), int(j), int(k))
        for m, c, d, r, n, s, j, k in tx.all(sql, params)
    ]


def coverage_rows(
    tx: Tx, period: Period, municipality: int | None = None, include_test: bool = False
) -> list[tuple[str, int, str, str, str, str, int, int]]:
    """(id, municipality, unit, channel, from, to, total, registered) per live total overlapping
    the period; registered counts over the total's own period (and unit, if it has one)."""
    where_muni = " AND t.municipality = ?" if municipality is not None else ""
    tests = _tests(include_test).replace("test", "d.test")
    sql = (
        "SELECT t.id, t.municipality, t.unit, t.channel, t.from_date, t.to_date, t.count,"
        " CASE WHEN t.unit = '' THEN"
        "  (SELECT COALESCE(SUM(d.n), 0) FROM dash_day d WHERE d.municipality = t.municipality"
        "   AND d.day >= t.from_date AND d.day <= t.to_date AND d.channel = t.channel"
        f"   AND {tests})"
        " ELSE"
        "  (SELECT COALESCE(SUM(d.n), 0) FROM dash_unit d WHERE d.municipality = t.municipality"
        "   AND d.day >= t.from_date AND d.day <= t.to_date AND d.unit = t.unit"
        f"   AND d.channel = t.channel AND {tests})"
        " END"
        " FROM total t WHERE t.deleted = 0 AND t.to_date >= ? AND t.from_date <= ?"
        f"{where_muni} ORDER BY t.municipality, t.channel, t.unit, t.from_date"
    )
    params: list[Any] = [period.start.isoformat(), period.end.isoformat()]
    if municipality is not None:
        params.append(municipality)
    return [
        (str(i), int(m), u or "", c, f, t, int(n), int(reg))
        for i, m, u, c, f, t, n, reg in tx.all(sql, params)
    ]


def relevant(
    totals: Iterable[tuple[str, int, str, str, str, str, int, int]],
) -> dict[tuple[int, str], list[tuple[str, int, str, str, str, str, int, int]]]:
    """Per (municipality, channel): a municipality-wide total if there is one, else the units'."""
    grouped: defaultdict[tuple[int, str], list[tuple[str, int, str, str, str, str, int, int]]]
    grouped = defaultdict(list)
    for row in totals:
        grouped[(row[1], row[3])].append(row)
    chosen = {}
    for key, items in grouped.items():
        whole = [r for r in items if not r[2]]
        chosen[key] = whole or items
    return chosen


class Dashboard:
    """The dashboards' reads over a collector's storage."""

    def __init__(self, storage: SqlStorage) -> None:
        self.storage = storage

    def _read(self) -> Any:
        # The storage's own read transaction: one snapshot, the right connection handling for
        # each database, and StorageError (503) when the database is busy.
        return self.storage._read()

    def names(self, tx: Tx) -> dict[int, str]:
        """Municipality names: the reference list, overridden by published plans' names."""
        known: dict[int, str] = {}
        from tracetool.errors import TracetoolError
        from tracetool.plan import planfile

        for number, text in tx.all("SELECT municipality, text FROM plan"):
            try:
                known[int(number)] = planfile.parse_plan(text, "plan").municipality_name
            except (TracetoolError, ValueError):
                continue
        return known

    def latest_day(self) -> date | None:
        with self._read() as tx:
            row = tx.one("SELECT MAX(day) FROM dash_day WHERE test = 0 AND n > 0")
        return date.fromisoformat(row[0]) if row and row[0] else None

    def overview(self, period: Period, tx: Tx | None = None) -> Overview:
        if tx is None:
            with self._read() as own:
                return self.overview(period, own)
        names = self._names_cached(tx)
        per: dict[int, Figures] = {}
        national = Figures(None, "")
        channels: dict[str, ChannelRow] = {}
        for m, c, d, r, n, s, j, k in channel_rows(tx, period):
            if not n and not r:
                continue
            fig = per.get(m)
            if fig is None:
                fig = per[m] = Figures(m, municipalities.name(m, names))
            fig.add_channel(c, d, r, n, s, j, k)
            national.add_channel(c, d, r, n, s, j, k)
            channels.setdefault(c, ChannelRow(c, d)).add(r, n, s, j, k)
        for (m, _), items in relevant(coverage_rows(tx, period)).items():
            fig = per.get(m)
            if fig is None:
                continue  # totals without a single registration: no coverage row to rank
            total = sum(i[6] for i in items)
            covered = sum(i[7] for i in items)
            fig.totals += total
            fig.covered += covered
            national.totals += total
            national.covered += covered
        rows = [f for f in per.values() if f.n or f.rows]
        return Overview(period, rows, national, channels)

    def _names_cached(self, tx: Tx) -> dict[int, str]:
        # Plans change rarely, but parsing 98 of them on every request would cost more than
        # the figures; the cache is keyed by the plans' versions, so a new plan shows at once.
        stamp = tuple(tx.all("SELECT municipality, version FROM plan ORDER BY municipality"))
        cached = getattr(self, "_names", None)
        if cached is not None and cached[0] == stamp:
            return dict(cached[1])
        names = self.names(tx)
        self._names = (stamp, names)
        return dict(names)

    def municipality(
        self, municipality: int, period: Period, include_test: bool = False
    ) -> MunicipalityView:
        with self._read() as tx:
            overview = self.overview(period, tx)
            names = self._names_cached(tx)
            figures = Figures(municipality, municipalities.name(municipality, names))
            channels: dict[str, ChannelRow] = {}
            for _, c, d, r, n, s, j, k in channel_rows(tx, period, municipality, include_test):
                if not n and not r:
                    continue
                figures.add_channel(c, d, r, n, s, j, k)
                channels.setdefault(c, ChannelRow(c, d)).add(r, n, s, j, k)
            coverage = self._coverage(tx, period, municipality, include_test, figures)
            span = [period.start.isoformat(), period.end.isoformat()]
            base = f"municipality = ? AND day >= ? AND day <= ? AND {_tests(include_test)}"
            args = [municipality, *span]
            types_rows = tx.all(
                f"SELECT channel, type, SUM(n) FROM dash_type WHERE {base} GROUP BY channel, type",
                args,
            )
            task_rows = tx.all(
                f"SELECT task, SUM(n) FROM dash_task WHERE {base} GROUP BY task", args
            )
            hour_rows = tx.all(
                f"SELECT day, hour, SUM(n) FROM dash_hour WHERE {base} GROUP BY day, hour", args
            )
            unit_rows = tx.all(
                "SELECT unit, channel, SUM(n), SUM(straks), SUM(form_ja), SUM(form_nej)"
                f" FROM dash_unit WHERE {base} GROUP BY unit, channel",
                args,
            )
        return self._assemble(
            municipality, period, include_test, figures, overview, channels, coverage,
            types_rows, task_rows, hour_rows, unit_rows,
        )  # fmt: skip

    def _coverage(
        self, tx: Tx, period: Period, municipality: int, include_test: bool, figures: Figures
    ) -> list[CoverageRow]:
        out: list[CoverageRow] = []
        for (_, channel), items in relevant(
            coverage_rows(tx, period, municipality, include_test)
        ).items():
            row = CoverageRow(
                channel=channel,
                registered=sum(i[7] for i in items),
                total=sum(i[6] for i in items),
                from_date=min(i[4] for i in items),
                to_date=max(i[5] for i in items),
                units=tuple(sorted({i[2] for i in items if i[2]})),
            )
            figures.covered += row.registered
            figures.totals += row.total
            out.append(row)
        return out

    def _assemble(
        self,
        municipality: int,
        period: Period,
        include_test: bool,
        figures: Figures,
        overview: Overview,
        channels: dict[str, ChannelRow],
        coverage: list[CoverageRow],
        types_rows: Sequence[Sequence[Any]],
        task_rows: Sequence[Sequence[Any]],
        hour_rows: Sequence[Sequence[Any]],
        unit_rows: Sequence[Sequence[Any]],
    ) -> MunicipalityView:
        book = load_codebook()
        order = {c.code: i for i, c in enumerate(book.channels)}
        channel_list = sorted(
            channels.values(),
            key=lambda c: (c.direction != "IND", -c.n, order.get(c.channel, 999), c.channel),
        )
        type_order = [t.code for t in book.types]
        types: dict[str, int] = dict.fromkeys(type_order, 0)
        channel_types: dict[str, dict[str, int]] = {
            c.channel: dict.fromkeys(type_order, 0) for c in channel_list
        }
        for channel, type_, n in types_rows:
            types[type_] = types.get(type_, 0) + int(n)
            channel_types.setdefault(channel, dict.fromkeys(type_order, 0))
            channel_types[channel][type_] = channel_types[channel].get(type_, 0) + int(n)
        tasks = sorted(((t, int(n)) for t, n in task_rows if int(n)), key=lambda x: (-x[1], x[0]))
        by_day = dict.fromkeys(period.day_list(), 0)
        by_hour = dict.fromkeys(range(24), 0)
        for day, hour, n in hour_rows:
            by_day[day] = by_day.get(day, 0) + int(n)
            by_hour[int(hour)] += int(n)
        units: dict[str, UnitRow] = {}
        for unit, channel, n, s, j, k in unit_rows:
            if not int(n):
                continue
            row = units.setdefault(unit, UnitRow(unit))
            row.n += int(n)
            row.straks += int(s)
            row.form_ja += int(j)
            row.form_nej += int(k)
            row.channels[channel] = row.channels.get(channel, 0) + int(n)
        return MunicipalityView(
            municipality=municipality,
            name=figures.name,
            period=period,
            include_test=include_test,
            figures=figures,
            overview=overview,
            channels=channel_list,
            types=types,
            channel_types={
                c: channel_types[c] for c in channel_types if sum(channel_types[c].values())
            },
            tasks=tasks[:TOP_TASKS],
            task_count=len(tasks),
            by_day=by_day,
            by_hour=by_hour,
            units=sorted(units.values(), key=lambda u: (-u.n, u.unit)),
            coverage=coverage,
        )
