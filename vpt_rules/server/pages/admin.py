"""The admin's page: the people and API keys of the admin's own organisation, and forms to add them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from ...i18n.catalog import N_, _
from .. import store
from ..deps import Db
from ..problems import forbidden
from ..tables import ApiKey, Organisation, User
from .auth import Person
from .render import page

router = APIRouter()
FIELD_NAMES = {"email": N_("Email address"), "password": N_("Password"), "role": N_("Role"),
               "name": N_("Name of the system")}


def _admin(who: object) -> None:
    if getattr(who, "role", "") != "admin":
        raise forbidden(_("Only an administrator may open this page."))


def _render(request: Request, db: Db, who: Person, status: int = 200, **extra: object) -> HTMLResponse:
    organisation = db.get(Organisation, who.organisation_id)
    users = db.scalars(select(User).where(User.organisation_id == who.organisation_id).order_by(User.email)).all()
    keys = db.scalars(select(ApiKey).where(ApiKey.organisation_id == who.organisation_id).order_by(ApiKey.name)).all()
    people = [{"email": u.email, "role": u.role, "locked": store.is_locked(u)} for u in users]
    values = {"organisation": organisation.name if organisation else "", "people": people,
              "keys": [k.name for k in keys], "error": None, "new_key": None, "form": {}, **extra}
    title = _("Error: {title}", title=_("Administration")) if values["error"] else _("Administration")
    return page(request, "beheer.html", status=status, title=title, here="/beheer", **values)


@router.get("/beheer", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, db: Db, who: Person) -> Response:
    _admin(who)
    return _render(request, db, who)


@router.post("/beheer/gebruiker", include_in_schema=False)
async def add_user(request: Request, db: Db, who: Person) -> Response:
    _admin(who)
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in ("email", "role")}
    organisation = db.get(Organisation, who.organisation_id)
    try:
        store.create_user(request.app.state.sessions, values["email"], str(form.get("password") or ""),
                          values["role"], [organisation.name if organisation else ""], actor=who.name)
    except store.Invalid as exc:
        label = _(FIELD_NAMES[exc.field]) if exc.field in FIELD_NAMES else exc.field
        return _render(request, db, who, 422, error={"field": exc.field, "label": label, "message": exc.message},
                       form=values)
    return _render(request, db, who, done=_("{email} can now log in with the chosen password.",
                                                   email=values["email"]))


@router.post("/beheer/sleutel", include_in_schema=False)
async def add_key(request: Request, db: Db, who: Person) -> Response:
    _admin(who)
    form = await request.form()
    name = str(form.get("name") or "").strip()
    organisation = db.get(Organisation, who.organisation_id)
    if not name:
        return _render(request, db, who, 422, error={"field": "name", "label": _(FIELD_NAMES["name"]),
                                                     "message": _("is empty")})
    key = store.create_api_key(request.app.state.sessions, organisation.name if organisation else "", name,
                               actor=who.name)
    return _render(request, db, who, new_key={"name": name, "key": key})


@router.post("/beheer/wachtwoord", include_in_schema=False)
async def new_password(request: Request, db: Db, who: Person) -> Response:
    """A new password for someone of the admin's own organisation (it also lifts a lock, ends their sessions)."""
    _admin(who)
    form = await request.form()
    email = str(form.get("persoon") or "")
    ours = db.scalar(select(User.id).where(User.email == email, User.organisation_id == who.organisation_id))
    if ours is None:
        return _render(request, db, who, 422, error={"field": "persoon", "label": _("Who"),
                                                     "message": _("choose someone of your organisation")})
    try:
        store.set_password(request.app.state.sessions, email, str(form.get("nieuw_wachtwoord") or ""),
                           actor=who.name)
    except store.Invalid as exc:
        return _render(request, db, who, 422, error={"field": "nieuw_wachtwoord", "label": _("New password"),
                                                     "message": exc.message}, form={"persoon": email})
    return _render(request, db, who, done=_("{email} can now log in with the new password.", email=email))
