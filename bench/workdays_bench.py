"""How fast is a 15-working-day deadline compared with plain datetime arithmetic?

Run: CONGSO_DEBUG=true .venv/bin/python bench/workdays_bench.py [calls]
No database: the calendar is built directly (national holidays from the `holidays` package).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")

import django

django.setup()

from congso.core.workdays import (  # noqa: E402
    DEFAULT_TZ,
    WorkingCalendar,
    parse_weekdays,
    parse_working_hours,
)


def _starts(count: int) -> list[datetime]:
    """Start moments spread over two years, at every quarter hour of the day."""
    base = datetime(2025, 1, 1, tzinfo=DEFAULT_TZ)
    return [base + timedelta(minutes=15 * ((i * 7919) % (2 * 365 * 96))) for i in range(count)]


def _rate(func, starts: list[datetime]) -> float:
    began = time.perf_counter()
    for start in starts:
        func(start)
    return len(starts) / (time.perf_counter() - began)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    calendar = WorkingCalendar(
        periods=parse_working_hours("07:30-11:30,13:30-17:00"),
        weekdays=parse_weekdays("0,1,2,3,4"),
        days_off=frozenset(),
        working_days=frozenset(),
    )
    starts = _starts(count)
    fifteen = timedelta(days=15)
    calendar.add_working_time(starts[0], days=15)  # warm the holiday cache

    baseline = max(_rate(lambda s: s + fifteen, starts) for _ in range(3))
    working = max(_rate(lambda s: calendar.add_working_time(s, days=15), starts) for _ in range(3))
    print(f"calls per run:                   {count:>12,}")
    print(f"datetime + timedelta:            {baseline:>12,.0f} /s")
    print(f"add_working_time(days=15):       {working:>12,.0f} /s")
    print(f"slowdown (baseline / workdays):  {baseline / working:>12,.1f}x")
    print(f"one deadline costs:              {1e6 / working:>12.2f} µs")


if __name__ == "__main__":
    main()
