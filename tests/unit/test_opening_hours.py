"""Opening hours: open or closed at a moment (Europe/London), the next opening, and the hours in words."""
from datetime import datetime, timezone

import pytest

from bot.opening_hours import OpeningHours, say_moment
from bot.services import load

HOURS = OpeningHours.from_config({
    "timezone": "Europe/London",
    "weekly": {"monday": ["09:00", "21:00"], "tuesday": ["09:00", "21:00"], "wednesday": ["09:00", "21:00"],
               "thursday": ["09:00", "21:00"], "friday": ["09:00", "17:00"]},
    "closed_on_bank_holidays": True,
    "bank_holidays": ["2026-12-25", "2026-12-28"],
})


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize("moment,is_open", [
    (utc(2026, 11, 23, 9, 0), True),     # Monday 9am GMT: opens on the minute
    (utc(2026, 11, 23, 8, 59), False),
    (utc(2026, 11, 23, 20, 59), True),
    (utc(2026, 11, 23, 21, 0), False),   # closes on the minute
    (utc(2026, 11, 27, 16, 30), True),   # Friday 4.30pm
    (utc(2026, 11, 27, 17, 0), False),   # Friday closes at 5pm
    (utc(2026, 11, 28, 12, 0), False),   # Saturday
    (utc(2026, 12, 25, 12, 0), False),   # Christmas Day, a Friday, is a bank holiday
    (utc(2026, 7, 6, 8, 30), True),      # Monday 9.30am in British Summer Time is 8.30 UTC
    (utc(2026, 7, 6, 20, 30), False),    # 9.30pm BST
])
def test_is_open_in_london_time(moment, is_open):
    assert HOURS.is_open(moment) is is_open


@pytest.mark.parametrize("moment,expected", [
    (utc(2026, 11, 23, 7, 0), "Monday at 9am"),      # before opening the same day
    (utc(2026, 11, 27, 18, 0), "Monday at 9am"),     # Friday evening: over the weekend
    (utc(2026, 12, 24, 22, 0), "Tuesday at 9am"),    # Christmas Eve: skips Christmas, weekend and the 28th
])
def test_next_opening(moment, expected):
    assert say_moment(HOURS.next_opening(moment)) == expected


def test_hours_in_words_match_the_services_own_wording():
    assert HOURS.describe() == (
        "Monday to Thursday 9am to 9pm, Friday 9am to 5pm, closed at weekends and on bank holidays")


def test_odd_timetables_read_naturally():
    hours = OpeningHours.from_config({"weekly": {"monday": ["08:30", "12:00"], "wednesday": ["08:30", "12:00"]}})
    assert hours.describe() == "Monday 8.30am to 12pm, Wednesday 8.30am to 12pm, closed on Tuesday, Thursday, " \
                               "Friday, Saturday, Sunday"


def test_unknown_day_is_refused():
    with pytest.raises(ValueError, match="unknown day"):
        OpeningHours.from_config({"weekly": {"mondya": ["09:00", "17:00"]}})


def test_project_registry_lists_bank_holidays_still_to_come():
    """The helpline is closed on bank holidays; a list that has run out would make the assistant say it is open."""
    hours = load().helpline_hours
    today = datetime.now(timezone.utc).date()
    assert hours.closed_on_bank_holidays
    assert any(day >= today for day in hours.bank_holidays), \
        "every bank holiday in content/services.yml has passed: add the next year's"
