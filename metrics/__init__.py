"""GETDZ dashboard data: the sourced dataset and its validation.

Imports only pandas and the standard library.

    >>> from metrics import load
    >>> ds = load()            # raises DataError listing every problem
    >>> ds.observations.head()
"""

from .dataset import DATA_DIR, DataError, Dataset, load
from .periods import Period, parse_period, period_sort_key
from .reading import Problem
from .validate import validate

__all__ = [
    "load",
    "Dataset",
    "DataError",
    "Problem",
    "validate",
    "DATA_DIR",
    "Period",
    "parse_period",
    "period_sort_key",
]
