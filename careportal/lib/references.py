"""Reference numbers like CA-2026-00042: one counter idiom for every app.

Each app keeps its own table of yearly counters (so existing rows and numbers stay where they are) as a
subclass of `YearlyCounter` that names its prefix and width; `next_reference` is the only way to take a
number.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import connection, models


class YearlyCounter(models.Model):
    """The last number used in a year for one series of references."""

    PREFIX: ClassVar[str]
    DIGITS: ClassVar[int]

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.PREFIX}-{self.year}: {self.last}"

    @classmethod
    def next_reference(cls, year: int) -> str:
        """`<PREFIX>-<year>-<number>`, the year's next number (its row is created on the first one).

        One statement increments the year's row and returns the number; the row stays locked until the
        caller's transaction ends, so two records never share a number, and a creation that is rolled back
        gives its number back. PostgreSQL and SQLite (3.35+) both run it.
        """
        table = connection.ops.quote_name(cls._meta.db_table)  # the columns are this base's: year, last
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608 - the table name from _meta
                f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
                [year],
            )
            (number,) = cursor.fetchone()
        return f"{cls.PREFIX}-{year}-{number:0{cls.DIGITS}d}"
