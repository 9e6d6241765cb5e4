"""Government open-information annual reports (政府信息公开工作年度报告) into a tidy dataset.

import pipeline
result = pipeline.process("corpus/report.txt")      # one report, nothing written
summary = pipeline.run("corpus", "outputs")          # a folder -> outputs/*.csv
data = pipeline.load("outputs")                      # the tables as typed DataFrames
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Dataset", "RunSummary", "__version__", "load", "process", "run"]

if TYPE_CHECKING:
    from .batch import RunSummary, run
    from .dataset import Dataset, load
    from .report import process


def __getattr__(name: str) -> Any:
    """The library loads on first use, so `ogi --help` and a driver start light."""
    if name in ("run", "RunSummary"):
        from . import batch

        return getattr(batch, name)
    if name in ("load", "Dataset"):
        from . import dataset

        return getattr(dataset, name)
    if name == "process":
        from .report import process

        return process
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
