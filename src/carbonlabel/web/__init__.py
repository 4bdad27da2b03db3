"""The platform's web interface: REST API under /api/v1 and server-rendered pages."""
