"""Many cases at once: read them, spread the work over the cores, keep the output in input order.

A bad case is reported by its source name and the others are still done. The work function runs in
worker processes (each with its own engine), so it must be a top-level function taking one picklable job.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

import click

from ..i18n.catalog import current_language, set_language

Job = TypeVar("Job")
Result = TypeVar("Result")

PARALLEL_FROM = 16  # fewer cases are faster in one process than with worker start-up


def sources(names: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """(source name, text or None) per case: a file path as is; each line of a .jsonl file or of stdin ('-')."""
    for name in names:
        if name == "-" or name.endswith(".jsonl"):
            try:
                stream = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                yield name, f"\0{exc.strerror or exc}"
                continue
            with stream:
                for number, line in enumerate(stream, 1):
                    if line.strip():
                        yield f"{name}:{number}", line
        else:
            yield name, None


def default_jobs(count: int | None) -> int:
    """Both cores (all of them) for a real batch (or a stream of unknown length), one process for a few cases."""
    return (os.cpu_count() or 1) if count is None or count >= PARALLEL_FROM else 1


CHUNK = 32  # cases per message to a worker
IN_FLIGHT = 8  # chunks per worker waiting or running: memory stays flat however long the input is


def _chunk(work: Callable[[Job], Result], jobs: list[Job]) -> list[Result]:
    return [work(job) for job in jobs]


def _chunks(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    work: Callable[[Job], Result],
    jobs: Iterable[Job],
    processes: int,
    label: str = "",
    length: int | None = None,
) -> Iterator[Result]:
    """``work`` over ``jobs`` in order, on ``processes`` processes; a progress bar on a terminal.

    ``jobs`` is consumed as the work goes (a .jsonl of any length is never read whole): at most
    ``processes * IN_FLIGHT`` chunks of :data:`CHUNK` jobs are read ahead.
    """
    show_bar = sys.stderr.isatty() and (length is None or length > 1)

    def results() -> Iterator[Result]:
        if processes <= 1:
            yield from map(work, jobs)
            return
        with ProcessPoolExecutor(max_workers=processes, initializer=set_language,
                                 initargs=(current_language(),)) as pool:
            window: deque[Future[list[Result]]] = deque()
            for chunk in _chunks(jobs):
                window.append(pool.submit(_chunk, work, chunk))
                if len(window) >= processes * IN_FLIGHT:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()

    if not show_bar:
        yield from results()
        return
    with click.progressbar(results(), length=length, label=label, file=sys.stderr) as bar:
        yield from bar
