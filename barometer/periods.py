"""Half-year periods, the barometer's unit of time: measured every half year, shown as "1. halvår 2009"."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext

MIN_YEAR = 1990
MAX_YEAR = 2100

_CODE = re.compile(r"^(\d{4})\s*-\s*([12])$")
_LABEL = re.compile(r"^([12])\s*\.\s*halvår\s+(\d{4})$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int

    def __post_init__(self):
        if self.half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, not {self.half!r}")

    @classmethod
    def parse(cls, text):
        """Reads '2009-1' or '1. halvår 2009'; raises ValueError for anything else."""
        text = " ".join(str(text).split())
        if match := _CODE.match(text):
            year, half = int(match[1]), int(match[2])
        elif match := _LABEL.match(text):
            half, year = int(match[1]), int(match[2])
        else:
            raise ValueError(text)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(text)
        return cls(year, half)

    @classmethod
    def from_index(cls, index):
        return cls(index // 2, index % 2 + 1)

    @classmethod
    def end_of(cls, year):
        """The last period of a year: targets 'in 2010' are due by the end of 2010."""
        return cls(year, 2)

    @property
    def index(self):
        """Consecutive half-years have consecutive indexes, so distances are a subtraction."""
        return self.year * 2 + self.half - 1

    @property
    def code(self):
        return f"{self.year}-{self.half}"

    @property
    def file_label(self):
        # The import/export files are Danish whatever the interface language, so this is not translated.
        return f"{self.half}. halvår {self.year}"

    def __str__(self):
        return gettext("%(half)s. halvår %(year)s") % {"half": self.half, "year": self.year}


def periods_between(first, last):
    """Every half-year from first to last, both included."""
    return [Period.from_index(i) for i in range(first.index, last.index + 1)]
