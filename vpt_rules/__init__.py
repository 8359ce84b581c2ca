"""vpt-rules: what follows from an incident of aggression or violence against a public worker (VPT).

Public API: :func:`load_case`, :func:`evaluate`, :func:`compute_claim`, :func:`render_documents`,
:class:`Case`, :class:`Outcome` and the errors in :mod:`vpt_rules.model.errors`.
"""

from .api import compute_claim, evaluate, get_rulesets, load_case, parse_case, render_documents
from .claims.claim import Claim
from .model.case import Case
from .model.errors import EngineError, InternalError, Problem, UserError, VptError
from .rules.outcome import Action, Outcome
from .version import __version__

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
