"""A listening address for a test server that no other test process can take.

Finding a free port (bind to port 0, read the port, close) and letting the server bind it
again leaves a gap in which another xdist worker may get the same port. Instead the test binds
the socket and hands it to the server: uvicorn's ``Server.run(sockets=[...])``, or
``carbonlabel serve --fd`` for a server in a process of its own."""

from __future__ import annotations

import socket


def bound_socket() -> socket.socket:
    """A TCP socket bound to a free port of 127.0.0.1 (the caller closes it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def port_of(sock: socket.socket) -> int:
    port: int = sock.getsockname()[1]
    return port
