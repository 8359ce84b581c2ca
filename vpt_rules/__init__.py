"""vpt-rules: what follows from an incident of aggression or violence against a public worker (VPT).

Public API: :func:`load_case`, :func:`evaluate`, :func:`compute_claim`, :func:`render_documents`,
:class:`Case`, :class:`Outcome` and the errors in :mod:`vpt_rules.errors`.
"""

__version__ = "0.1.0"

from .api import evaluate, get_rulesets, load_case, parse_case
from .case import Case
from .claims import Claim, compute_claim
from .documents import render_documents
from .errors import EngineError, InternalError, Problem, UserError, VptError
from .outcome import Action, Outcome

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
