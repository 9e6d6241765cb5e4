"""Government open-information annual reports (政府信息公开工作年度报告) into a tidy dataset.

import pipeline
result = pipeline.process("corpus/report.txt")      # one report, nothing written
summary = pipeline.run("corpus", "outputs")          # a folder -> outputs/*.csv
"""

__version__ = "0.1.0"

from .batch import RunSummary, run
from .process import process

__all__ = ["RunSummary", "__version__", "process", "run"]
