"""Which documents exist: a document id maps to its context dataclass and the function that builds it
from ``(case, outcome, document)``. Filled here, in one place: the letters to the perpetrator
(:mod:`.letter_context`) and the claim documents (:mod:`.claim_context`).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..i18n.catalog import Message
from ..model.case import Case
from ..model.errors import Problem, UserError
from ..rules.outcome import Outcome
from .claim_context import CLAIM_DOCUMENTS, ClaimContext, build_claim_context
from .letter_context import PERPETRATOR_LETTERS, LetterContext, build_letter_context
from .templates import as_mapping

# ---------------------------------------------------------------------------------------------------------
# The registry: document id -> context type and builder
# ---------------------------------------------------------------------------------------------------------

ContextBuilder = Callable[[Case, Outcome, str], Any]


@dataclass(frozen=True)
class DocumentKind:
    """How to fill one kind of document: the context dataclass (its fields are the known variables)
    and the function that builds it from (case, outcome, document id)."""

    context_type: type
    build: ContextBuilder


_registry: dict[str, DocumentKind] = {}
_registry_lock = threading.Lock()


def register_document(document: str, context_type: type, build: ContextBuilder) -> None:
    """Make ``document`` renderable: ``build(case, outcome, document)`` returns a ``context_type`` instance.

    The bundled documents are registered below, in this one place; an integration may add its own.
    Registering an id again replaces the earlier builder.
    """
    if not dataclasses.is_dataclass(context_type):
        raise TypeError(f"context_type of {document} must be a dataclass, got {context_type!r}")
    with _registry_lock:
        _registry[document] = DocumentKind(context_type, build)


def registered_documents() -> dict[str, DocumentKind]:
    """Every document id that can be rendered, with its context type and builder."""
    with _registry_lock:
        return dict(_registry)


def kind_of(document: str) -> DocumentKind:
    kinds = registered_documents()
    if document not in kinds:
        known = ", ".join(kinds)
        raise UserError(Problem("document", Message("no builder for document {document!r}; known: {known}",
                                                    document=document, known=known)))
    return kinds[document]


for _document in PERPETRATOR_LETTERS:
    register_document(_document, LetterContext, build_letter_context)
for _document in CLAIM_DOCUMENTS:
    register_document(_document, ClaimContext, build_claim_context)


def letter_context(case: Case, outcome: Outcome, document: str) -> dict[str, Any]:
    """The context of ``document`` as a plain mapping (as docxtpl's ``render`` takes it)."""
    return as_mapping(kind_of(document).build(case, outcome, document))


