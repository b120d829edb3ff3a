"""The named rows of the IberBLH views (rules: ``read.rules``, delayed milestones)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from segib_desktop.core.enums import MilestoneCategory, MilestoneStatus


class MatrixRow(NamedTuple):
    """A row of "where each country stands": a country (None: network-wide) and its label."""

    country_id: int | None
    label: str


class GridRow(NamedTuple):
    """A row of the indicators' grid: one country in one year."""

    country_id: int
    year: int
    label: str


class Point(NamedTuple):
    """One value of an indicator's series."""

    year: int
    value: float


class MilestoneRow(NamedTuple):
    """One row of a programme's milestones list."""

    id: int
    country: str  # in the reader's language; "Network-wide" for a milestone of no country
    category: MilestoneCategory
    title: str
    planned_end: dt.date | None
    actual_end: dt.date | None
    status: MilestoneStatus
    progress: int | None
    delayed: bool  # rules.is_delayed on the list's day


class MemberRow(NamedTuple):
    """A member country of a programme."""

    id: int  # the membership's
    country: str
    iso2: str
    joined_on: dt.date | None
    left_on: dt.date | None
