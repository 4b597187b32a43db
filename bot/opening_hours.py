"""Weekly opening hours: is a service open at a given moment, and the hours in plain words.

The hours are held once, as data in content/services.yml; the sentence the assistant says
("Monday to Thursday 9am to 9pm, ...") is made from that data so the two can never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _parse_time(text: str) -> time:
    hours, minutes = str(text).split(":")
    return time(int(hours), int(minutes))


def _say_time(moment: time) -> str:
    """9:00 -> 9am, 17:30 -> 5.30pm: the way UK public services write times."""
    suffix = "am" if moment.hour < 12 else "pm"
    hour = moment.hour % 12 or 12
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}.{moment.minute:02d}{suffix}"


@dataclass(frozen=True)
class OpeningHours:
    """A weekly timetable in one time zone, optionally closed on the listed bank holidays."""

    timezone: str
    weekly: Mapping[str, tuple[time, time]]
    closed_on_bank_holidays: bool
    bank_holidays: frozenset[date]

    @classmethod
    def from_config(cls, config: Mapping) -> "OpeningHours":
        weekly = {}
        for day, hours in (config.get("weekly") or {}).items():
            if day not in DAYS:
                raise ValueError(f"unknown day {day!r} in opening hours; use one of {', '.join(DAYS)}")
            if hours:
                weekly[day] = (_parse_time(hours[0]), _parse_time(hours[1]))
        holidays = frozenset(date.fromisoformat(str(d)) for d in config.get("bank_holidays") or [])
        return cls(
            timezone=config.get("timezone", "Europe/London"),
            weekly=weekly,
            closed_on_bank_holidays=bool(config.get("closed_on_bank_holidays")),
            bank_holidays=holidays,
        )

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))

    def hours_on(self, day: date) -> tuple[time, time] | None:
        if self.closed_on_bank_holidays and day in self.bank_holidays:
            return None
        return self.weekly.get(DAYS[day.weekday()])

    def is_open(self, moment: datetime) -> bool:
        local = self.local(moment)
        hours = self.hours_on(local.date())
        return bool(hours) and hours[0] <= local.time() < hours[1]

    def next_opening(self, moment: datetime) -> datetime | None:
        """When it next opens after `moment` (local time), or None if it never does."""
        local = self.local(moment)
        for offset in range(0, 15):
            day = local.date() + timedelta(days=offset)
            hours = self.hours_on(day)
            if hours and (offset > 0 or local.time() < hours[0]):
                return datetime.combine(day, hours[0], tzinfo=local.tzinfo)
        return None

    def describe(self) -> str:
        """The timetable in words, grouping days with the same hours."""
        parts = [f"{_day_range(days)} {_say_time(start)} to {_say_time(end)}"
                 for days, (start, end) in _group_days(self.weekly)]
        closed = [d for d in DAYS if d not in self.weekly]
        if closed == ["saturday", "sunday"]:
            parts.append("closed at weekends")
        elif closed:
            parts.append("closed on " + ", ".join(d.capitalize() for d in closed))
        text = ", ".join(parts)
        if self.closed_on_bank_holidays:
            text += " and on bank holidays" if closed else ", closed on bank holidays"
        return text


def _group_days(weekly: Mapping[str, tuple[time, time]]) -> Iterable[tuple[list[str], tuple[time, time]]]:
    """Runs of consecutive days that share the same hours, in week order."""
    group: list[str] = []
    for day in DAYS:
        hours = weekly.get(day)
        if group and hours != weekly[group[-1]]:  # a closed day (None) ends a run too
            yield group, weekly[group[-1]]
            group = []
        if hours:
            group.append(day)
    if group:
        yield group, weekly[group[-1]]


def _day_range(days: list[str]) -> str:
    if len(days) == 1:
        return days[0].capitalize()
    return f"{days[0].capitalize()} to {days[-1].capitalize()}"


def say_moment(moment: datetime) -> str:
    """'Monday at 9am': how the assistant names the next opening."""
    return f"{moment.strftime('%A')} at {_say_time(moment.time())}"
