"""The server: a case register (SQLAlchemy) and the HTTP API (FastAPI) over the façade.

``store.py`` holds the register (organisations, API keys stored as hashes, cases with a version, their
deadlines, an append-only audit log); ``app.py`` the routes. Every route that touches a case passes through
one access dependency (:func:`app.caller`): a case of another organisation is not found (404).
Importing ``vpt_rules`` never imports this package.
"""
