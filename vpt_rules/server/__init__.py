"""The server: the case register, the HTTP API and the web pages (SPEC §7)."""
