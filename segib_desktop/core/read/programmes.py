"""The named rows of the IberBLH views (rules: ``read.rules``, delayed milestones)."""

from __future__ import annotations

from typing import NamedTuple


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
