"""The ASGI application for `vpt serve` (uvicorn workers import it): the register at VPT_DATABASE_URL."""

import os

from .app import create_app

app = create_app(os.environ.get("VPT_DATABASE_URL"))
