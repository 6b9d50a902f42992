"""Seed the holiday schedules of 2004–2026 from chinese-calendar 1.11.0.

Re-runnable: a year that already has a ``CalendarYear`` row (seeded before, or loaded
from a State Council notice since) is left as it is.
"""

from django.db import migrations

SEED_YEARS = range(2004, 2027)


def seed(apps, schema_editor):
    from gongkai.rules.workdays import CHINESE_CALENDAR_SOURCE, chinese_calendar_entries

    CalendarDay = apps.get_model("calendars", "CalendarDay")
    CalendarYear = apps.get_model("calendars", "CalendarYear")
    done = set(CalendarYear.objects.values_list("year", flat=True))
    todo = [y for y in SEED_YEARS if y not in done]
    if not todo:
        return
    entries = chinese_calendar_entries(range(todo[0], todo[-1] + 1))
    wanted = set(todo)
    taken = set(
        CalendarDay.objects.filter(day__year__in=todo).values_list("day", flat=True)
    )
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(day=e.day, kind=e.kind.value, name=e.name, source=e.source)
            for e in entries
            if e.day.year in wanted and e.day not in taken
        ],
        batch_size=500,
    )
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source=CHINESE_CALENDAR_SOURCE) for y in todo]
    )


def unseed(apps, schema_editor):
    from gongkai.rules.workdays import CHINESE_CALENDAR_SOURCE

    CalendarDay = apps.get_model("calendars", "CalendarDay")
    CalendarYear = apps.get_model("calendars", "CalendarYear")
    CalendarDay.objects.filter(source=CHINESE_CALENDAR_SOURCE).delete()
    CalendarYear.objects.filter(source=CHINESE_CALENDAR_SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0001_calendar_days_and_deadlines"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
