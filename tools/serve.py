"""`make serve PORT=8001`: serve the toolkit with live reload on 127.0.0.1, on a port that is free.

Checks the port before MkDocs starts, so a port in use, or one that is not a port, is one line
saying what to do rather than MkDocs' traceback, and exit status 3 (PORT_PROBLEM): the Makefile
takes that as said, so make adds no "Error" line of its own. Then runs `mkdocs serve` in this
process.
"""
from __future__ import annotations

import errno
import os
import socket
import sys

HOST = "127.0.0.1"
PORT_PROBLEM = 3


def port_problem(text: str) -> str | None:
    """None when the toolkit can be served on this port; else one line saying what to do."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        return f"error: PORT={text!r} is not a port number; use one from 1024 to 65535, e.g. make serve PORT=8001"
    port = int(text)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return (f"error: port {port} is in use (is the toolkit already served there?); stop that "
                        f"program, or pick another port: make serve PORT={port + 1 if port < 65535 else 8001}")
            return f"error: cannot serve on {HOST}:{port} ({err.strerror}); pick another port, e.g. make serve PORT=8001"
    return None


def main(argv: list[str]) -> int:
    port = argv[0] if argv else "8000"
    problem = port_problem(port)
    if problem:
        print(problem, file=sys.stderr)
        return PORT_PROBLEM
    print(f"Serving the toolkit at http://{HOST}:{port}/ (Ctrl+C stops it)", flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"{HOST}:{port}"])
    return 0  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
