"""The exceptions of vpt-rules.

    VptError                  base of everything this package raises on purpose
    ├── UserError             bad input: a case file, rule file, data table or template. The CLI prints
    │                         each problem as ``field.path: message`` and exits 2.
    └── InternalError         a fault of the tool or its engine (exit 1): never the user's input.
        └── EngineError       durable_rules failed or stored an exception in a state.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n.catalog import Message, translator


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a dotted path, maybe prefixed by a file) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        """In the current language: a path or message may be a :class:`~vpt_rules.i18n.catalog.Message`."""
        return f"{self.path}: {self.message}" if self.path else f"{self.message}"

    def texts(self, lang: str | None = None) -> tuple[str, str]:
        """(path, message) as plain text in ``lang`` (default: the current language), e.g. for JSON:
        ``json.dumps(problem.message)`` would give the English text of a Message."""
        tr = translator(lang)
        return tr.message(self.path), tr.message(self.message)


class VptError(Exception):
    """Base class of the errors this package raises."""


class UserError(VptError):
    """The input is wrong; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem] | Problem | str, source: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        if source:
            problems = [Problem(Message("{source}: {path}", source=source, path=p.path) if p.path else source,
                                p.message) for p in problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InternalError(VptError):
    """A fault of the tool itself (exit status 1)."""


class EngineError(InternalError):
    """The rule engine failed, or an action raised inside it."""
