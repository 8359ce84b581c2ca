"""Many cases at once: read them, spread the work over the cores, keep the output in input order.

A bad case is reported by its source name and the others are still done. The work function runs in
worker processes (each with its own engine), so it must be a top-level function taking one picklable job.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

import click

from ..i18n.catalog import Message, _, current_language, set_language
from ..model.errors import Problem, UserError

if TYPE_CHECKING:
    from concurrent.futures import Future

Job = TypeVar("Job")
Result = TypeVar("Result")

PARALLEL_FROM = 16  # fewer cases are faster in one process than with worker start-up


MAX_LINE = 1_000_000  # bytes per line of a .jsonl: the size limit of one case file


def sources(names: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """(source name, text or None) per case: a file path as is; each line of a .jsonl file or of stdin ('-').

    Lines are read and decoded one by one, at most :data:`MAX_LINE` bytes each: a line that is not UTF-8 is
    reported by its number (a text starting with NUL carries the problem) and the others go on; a line longer
    than the limit is reported and ends the reading of that input (it may have no end).
    """
    for name in names:
        if name == "-" or name.endswith(".jsonl"):
            try:
                stream = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
            except OSError as exc:
                yield name, f"\0{exc.strerror or exc}"
                continue
            with stream:
                number = 0
                while True:
                    raw = stream.readline(MAX_LINE + 1)
                    if not raw:
                        break
                    number += 1
                    if len(raw) > MAX_LINE and not raw.endswith(b"\n"):  # no end in sight (/dev/zero): stop here
                        yield f"{name}:{number}", "\0" + _("larger than {limit:,} bytes; the rest of this input is "
                                                            "not read", limit=MAX_LINE)
                        break
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        yield f"{name}:{number}", "\0" + _("not UTF-8 text (byte {position})", position=exc.start)
                        continue
                    if line.strip():
                        yield f"{name}:{number}", line
        else:
            yield name, None


def claim_name(folder: str, case_id: str) -> None:
    """Reserve the output names of ``case_id`` for this run (``folder``: the run's own, shared by its workers).

    Two cases whose files would get the same name ('A/B' and 'A-B'; or names equal but for case, which are
    one file on Windows and macOS) are refused, instead of the second silently overwriting the first.
    """
    import hashlib

    name = case_id.replace("/", "-").casefold()
    marker = os.path.join(folder, hashlib.sha256(name.encode("utf-8")).hexdigest())
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise UserError(Problem("case_id", Message(
            "{case_id} gives the same file names as another case in this run ('/' becomes '-', capitals count "
            "as small letters): give each case its own case_id", case_id=case_id))) from None


def default_jobs(count: int | None) -> int:
    """Both cores (all of them) for a real batch (or a stream of unknown length), one process for a few cases."""
    return (os.cpu_count() or 1) if count is None or count >= PARALLEL_FROM else 1


CHUNK = 32  # cases per message to a worker
IN_FLIGHT = 8  # chunks per worker waiting or running: memory stays flat however long the input is


def _worker_start(language: str) -> None:
    """In each worker: the language of the command, and (on Linux) end when the parent process ends, so
    that killing `vpt letters` leaves no worker behind."""
    set_language(language)
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent was gone before the line above
            os._exit(1)


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
        from concurrent.futures import ProcessPoolExecutor  # with multiprocessing: only for a real batch

        with ProcessPoolExecutor(max_workers=processes, initializer=_worker_start,
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
