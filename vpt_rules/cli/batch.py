"""Many cases at once: read them, spread the work over the cores, keep the output in input order.

A bad case is reported by its source name and the others are still done. The work function runs in
worker processes (each with its own engine), so it must be a top-level function taking one picklable job.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
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


def default_jobs(count: int) -> int:
    """Both cores (all of them) for a real batch, one process for a few cases."""
    return (os.cpu_count() or 1) if count >= PARALLEL_FROM else 1


def run(
    work: Callable[[Job], Result],
    jobs: list[Job],
    processes: int,
    label: str = "",
) -> Iterator[Result]:
    """``work`` over ``jobs`` in order, on ``processes`` processes; a progress bar on a terminal."""
    show_bar = sys.stderr.isatty() and len(jobs) > 1

    def results() -> Iterator[Result]:
        if processes <= 1:
            yield from map(work, jobs)
            return
        chunk = max(1, min(64, len(jobs) // (processes * 8)))
        with ProcessPoolExecutor(max_workers=processes, initializer=set_language,
                                 initargs=(current_language(),)) as pool:
            yield from pool.map(work, jobs, chunksize=chunk)

    if not show_bar:
        yield from results()
        return
    with click.progressbar(results(), length=len(jobs), label=label, file=sys.stderr) as bar:
        yield from bar
