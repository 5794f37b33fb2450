"""make serve PORT=N (tools/serve.py): a busy or wrong port is one line; a free one serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT
from tools.serve import HOST, port_problem

SERVE = [sys.executable, str(ROOT / "tools" / "serve.py")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def test_a_busy_port_is_one_line_naming_another():
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([*SERVE, str(port)], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == (f"error: port {port} is in use (is the toolkit already served there?); stop that "
                             f"program, or pick another port: make serve PORT={port + 1}\n")


@pytest.mark.parametrize("text", ["abc", "0", "70000", "-1", ""])
def test_a_port_that_is_not_a_port_is_one_line(text):
    assert port_problem(text) == (f"error: PORT={text!r} is not a port number; use one from 1024 to 65535, "
                                  "e.g. make serve PORT=8001")


@pytest.mark.slow
def test_make_serve_on_another_port_serves_the_toolkit():
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen(["make", "serve", f"PORT={port}", f"VENV={ROOT / '.venv'}", "-o",
                             f"{ROOT / '.venv'}/.installed"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=5) as answer:
                    page = answer.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "make serve did not answer in 240 s"
                time.sleep(1)
        assert '<html lang="en-GB"' in page
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.slow
def test_make_serve_on_a_busy_port_prints_one_line_and_nothing_else():
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(["make", "--no-print-directory", "serve", f"PORT={port}", f"VENV={ROOT / '.venv'}",
                                 "-o", f"{ROOT / '.venv'}/.installed"], cwd=ROOT, capture_output=True, text=True,
                                timeout=60)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and f"port {port} is in use" in result.stderr
