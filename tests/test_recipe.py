"""The contributor's recipe in CONTRIBUTING.md, run command by command in a fresh clone."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import ROOT

VENV = Path(sys.prefix)  # the venv the tests run in, set up already by make


def recipe() -> list[str]:
    """The commands of "Path 2: on your computer", as a contributor would type them."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("### Path 2: on your computer", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    commands, current = [], ""
    for line in block.splitlines():
        code = line.split("  #")[0].rstrip() if not line.lstrip().startswith("#") else ""
        if not code.strip():
            continue
        current += code.rstrip("\\").strip() + " "
        if not code.endswith("\\"):
            commands.append(current.strip())
            current = ""
    return commands


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def localise(command: str, port: int) -> list[str]:
    """The command for the fresh clone: make uses the tests' venv, set up once, in place of
    the clone's own (`-o` tells make it is up to date), and serves on a free port."""
    words = shlex.split(command)
    if words[0] == "make":
        return ["make", "-o", f"{VENV}/.ready", f"VENV={VENV}", f"SERVE_ADDR=127.0.0.1:{port}",
                *words[1:]]  # fmt: skip
    if words[0].startswith(".venv/bin/"):
        return [str(VENV / "bin" / words[0].removeprefix(".venv/bin/")), *words[1:]]
    return words


def test_the_recipe_shows_setup_scaffold_check_and_serve():
    commands = [c.split()[:2] for c in recipe()]
    assert commands == [["make", "check"], [".venv/bin/marginalia", "new"], ["make", "check"],
                        ["make", "serve"]]  # fmt: skip


def test_every_command_of_the_recipe_works_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(clone / "scripts")}  # the clone's own code
    first, new, again, serve = (localise(c, port) for c in recipe())

    done = subprocess.run(first, cwd=clone, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout

    done = subprocess.run(new, cwd=clone, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    created = clone / done.stdout.split("created ", 1)[1].split(":", 1)[0]
    assert created.is_file()

    done = subprocess.run(again, cwd=clone, env=env, capture_output=True, text=True)
    assert done.returncode != 0  # it says what is left to fill in
    lines = [line for line in done.stdout.splitlines() if "error[" in line]
    assert lines and all("error[placeholder]" in line for line in lines), done.stdout
    assert all(line.startswith(created.relative_to(clone).as_posix() + ":") for line in lines)

    created.unlink()  # the site as the contributor would see it before writing
    server = subprocess.Popen(serve, cwd=clone, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        deadline, status = time.monotonic() + 120, None
        while time.monotonic() < deadline and status != 200:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status = response.status
                    page = response.read().decode()
            except OSError:
                time.sleep(0.5)
        assert status == 200 and "Marginalia" in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_the_dev_container_sets_up_with_a_make_target_that_exists():
    config = json.loads((ROOT / ".devcontainer" / "devcontainer.json").read_text())
    target = config["postCreateCommand"].split()
    assert target[0] == "make"
    makefile = (ROOT / "Makefile").read_text()
    assert f"\n{target[1]}:" in makefile
    assert "python:3.11" in config["image"]
