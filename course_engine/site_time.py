"""The site time zone: date filters, file names and displayed times use it (storage is UTC)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: The zone of the bundled HEART course when SITE_TIMEZONE is not set.
DEFAULT_ZONE = "America/New_York"


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name`` (ValueError for an unknown name)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"SITE_TIMEZONE={name!r} is not an IANA time zone name") from None


def local(value: datetime, zone_name: str) -> datetime:
    """A UTC instant as wall-clock time in the zone, with its offset."""
    return value.astimezone(zone(zone_name))


def today(now: datetime, zone_name: str) -> date:
    """The date it is in the zone at the instant ``now``."""
    return local(now, zone_name).date()
