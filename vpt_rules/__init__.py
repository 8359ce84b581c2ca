"""vpt-rules: what follows from an incident of aggression or violence against a public worker (VPT).

Public API: :func:`load_case`, :func:`evaluate`, :func:`compute_claim`, :func:`render_documents`,
:class:`Case`, :class:`Outcome` and the errors in :mod:`vpt_rules.model.errors`.

The names are imported on first use (a module ``__getattr__``), so that ``import vpt_rules`` and the
command line's ``vpt --help`` do not pay for pydantic, babel and YAML; ``from vpt_rules import evaluate``
works as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import compute_claim, evaluate, get_rulesets, load_case, parse_case, render_documents
    from .claims.claim import Claim
    from .model.case import Case
    from .model.errors import EngineError, InternalError, Problem, UserError, VptError
    from .rules.outcome import Action, Outcome
    from .version import __version__

# Each public name and the module that defines it.
_WHERE = {
    "Action": ".rules.outcome",
    "Case": ".model.case",
    "Claim": ".claims.claim",
    "EngineError": ".model.errors",
    "InternalError": ".model.errors",
    "Outcome": ".rules.outcome",
    "Problem": ".model.errors",
    "UserError": ".model.errors",
    "VptError": ".model.errors",
    "__version__": ".version",
    "compute_claim": ".api",
    "evaluate": ".api",
    "get_rulesets": ".api",
    "load_case": ".api",
    "parse_case": ".api",
    "render_documents": ".api",
}

__all__ = [
    "Action",
    "Case",
    "Claim",
    "EngineError",
    "InternalError",
    "Outcome",
    "Problem",
    "UserError",
    "VptError",
    "__version__",
    "compute_claim",
    "evaluate",
    "get_rulesets",
    "load_case",
    "parse_case",
    "render_documents",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use, and keep it in the module."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
