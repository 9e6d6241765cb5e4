"""Where documents are processed: local worker processes, or a Dask cluster.

Both give `concurrent.futures` futures of `process(path, root)`; `results()` turns every failure
of the machinery (a document past its time limit, a worker killed by the OOM killer or a crash)
into a `failed` result for that document, so one file never takes the batch down.

- `local`: pebble's process pool (a worker past `timeout` is killed and replaced); each worker
  loads the segmenter and the templates once, and limits its own memory.
- `dask`: `distributed`'s executor on the cluster at `scheduler` (`tcp://host:8786`), or on a
  `LocalCluster` started for the run. Workers must see the corpus at the same path.
"""

from __future__ import annotations

import concurrent.futures
import resource
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pebble
from pebble import ProcessExpired

from .files import file_report_id, format_from_name
from .model import ReportResult, Status
from .settings import ReadSettings

_IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class Limits:
    """What every document gets: its time and memory, and the reading settings (limits, OCR)."""

    timeout: float = 120.0
    max_memory_mb: int = 4096
    settings: ReadSettings = field(default_factory=ReadSettings)


class Executor(Protocol):
    workers: int
    limits: Limits

    def submit(self, path: Path, root: Path) -> concurrent.futures.Future: ...

    def close(self) -> None: ...


def _init_worker(max_memory_mb: int) -> None:
    """Runs once in each worker: cap its memory, then load the segmenter and the templates."""
    if max_memory_mb > 0:
        limit = max_memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    _warm_up()


def _warm_up() -> None:
    from .report import warm_up

    warm_up()


def _process(path: Path, root: Path, settings: ReadSettings) -> ReportResult:
    """`pipeline.process` in a worker; the driver that schedules it never loads the analysis."""
    from .report import process

    return process(path, root, settings)


class LocalExecutor:
    def __init__(self, jobs: int, limits: Limits) -> None:
        self.workers = jobs
        self.limits = limits
        self.pool = pebble.ProcessPool(
            max_workers=jobs, initializer=_init_worker, initargs=(limits.max_memory_mb,)
        )

    def submit(self, path: Path, root: Path) -> concurrent.futures.Future:
        arguments = (path, root, self.limits.settings)
        return self.pool.schedule(_process, args=arguments, timeout=self.limits.timeout)

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def abort(self) -> None:
        self.pool.stop()
        self.pool.join()


class DaskExecutor:
    def __init__(self, jobs: int, scheduler: str | None, limits: Limits) -> None:
        self.limits = limits  # Dask has no per-task time limit; memory is the workers' own setting
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError("the Dask executor needs the dask extra: pip install '.[dask]'") from None
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)
        self.client.run(_warm_up)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or jobs)
        self.executor = self.client.get_executor(pure=False)

    def submit(self, path: Path, root: Path) -> concurrent.futures.Future:
        return self.executor.submit(_process, path, root, self.limits.settings)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    abort = close


def make_executor(kind: str, jobs: int, limits: Limits, scheduler: str | None = None) -> Executor:
    if kind == "dask":
        return DaskExecutor(jobs, scheduler, limits)
    return LocalExecutor(jobs, limits)


def results(
    executor: Executor, paths: Iterable[Path], root: Path, source_path: dict[Path, str]
) -> Iterator[ReportResult]:
    """Results in completion order, with a bounded number of documents in flight."""
    pending: dict[concurrent.futures.Future, Path] = {}
    queue = deque(paths)
    limit = max(1, executor.workers * _IN_FLIGHT_PER_WORKER)
    while queue or pending:
        while queue and len(pending) < limit:
            path = queue.popleft()
            pending[executor.submit(path, root)] = path
        done, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
        for future in done:
            path = pending.pop(future)
            yield _result_of(future, path, source_path[path], executor.limits)


def _result_of(
    future: concurrent.futures.Future, path: Path, source_path: str, limits: Limits
) -> ReportResult:
    try:
        result = future.result()
        result.source_path = source_path
        return result
    except concurrent.futures.TimeoutError:
        error = f"took longer than the time limit ({limits.timeout:g} s); stopped"
    except MemoryError:
        error = "ran out of memory (the per-document memory limit)"
    except ProcessExpired:  # the OOM killer, a crash in a C library
        error = "the worker processing it died (killed, out of memory or crashed)"
    except Exception as exc:  # a cluster failure
        error = f"could not be processed ({type(exc).__name__}: {exc})"
    return ReportResult(file_report_id(path), source_path, format_from_name(path), Status.FAILED, error)
