"""An error answered as an RFC 9457 problem document (the API) or shown on a page (the web pages)."""

from __future__ import annotations

from ..i18n.catalog import _


class Problem(Exception):
    """A refused request: its HTTP status, a short title, a detail, and every field problem."""

    def __init__(self, status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None):
        super().__init__(title)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors or []


def not_found(what: str) -> Problem:
    return Problem(404, _("Not found"), _("no {what}", what=what))


def forbidden(detail: str) -> Problem:
    return Problem(403, _("Forbidden"), detail)
