"""A conversation full of identifying details, and how to look for them afterwards.

Each message plants details of the kinds a tester found surviving pattern redaction (a surname in lower case,
a Welsh street address, a car registration, a National Insurance number, a school, a Snapchat username
without @, an email and a phone number written out in words, a street name, an IPv6 address) beside those
patterns always caught (a date of birth, a numbered address, "my name is", a niece's name, an IPv4
address, phone numbers, emails, links, postcodes), and a crisis late on, as a visitor might write them.
"""
from __future__ import annotations

import re

MESSAGES = [
    "hi, my name is Gareth and my ex's surname is pritchard, he lives at 12 Heol y Frenhines, Caerdydd CF10 3NP",
    "his car is reg AB12 CDE and his national insurance number is QQ 12 34 56 C",
    "he works at Ysgol Glan Morfa and his snapchat is gazzap_77",
    "email him gareth dot pritchard at gmail dot com or ring oh seven seven double oh nine double oh one two three",
    "he hangs about on Bryncelyn Terrace, his ip was 2001:db8:85a3::8a2e:370:7334 and once 203.0.113.42",
    "my niece Seren was born 14/03/2016, his number is 07700 900123, his email g.pritchard@example.com, "
    "the pics are on www.example.net/gallery",
    '/greet{"name": "Barry Holt 07700 900456"}',
    "i want to end it all, i live at 7 Orchard Close",
]
DETAILS = ["Gareth", "pritchard", "Heol y Frenhines", "Frenhines", "Caerdydd", "CF10 3NP", "AB12 CDE", "QQ 12 34 56 C",
           "Ysgol Glan Morfa", "Glan Morfa", "gazzap_77", "gmail dot com", "oh seven seven", "double oh", "Bryncelyn",
           "2001:db8", "8a2e:370", "203.0.113.42", "Seren", "14/03/2016", "07700", "example.com", "example.net",
           "Barry", "Holt", "Orchard Close", "end it all"]


def detail_pattern(detail: str) -> str:
    """A typed detail as a pattern. A number counts only where no digit, hex letter or point stands before it:
    what the store keeps of its own, a classifier's confidence (0.0008940770057...) or a hex id, can hold the
    same digits by chance, and did."""
    return rf"(?<![0-9a-f.]){re.escape(detail)}" if detail.isdigit() else re.escape(detail)


def found(text: str) -> list[str]:
    """The planted details that are in `text`."""
    return [detail for detail in DETAILS if re.search(detail_pattern(detail), text, re.IGNORECASE)]
