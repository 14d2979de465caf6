"""The command line: exit codes and the compiler-style output contributors and CI read."""

from __future__ import annotations

import subprocess
import sys

from marginalia.cli import main

from .conftest import ROOT


def test_check_clean_exits_0(mini, capsys):
    assert main(["--root", str(mini), "check"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == "4 annotations of 1 article(s): no problems, 1 warning(s) for a reviewer"


def test_check_problems_exit_1_with_located_lines(mini, capsys):
    note = mini / "annotations" / "mini" / "old-bridge.yml"
    note.write_text(
        note.read_text()
        .replace("kind: context", "kind: contxt")
        .replace("title: The", "titel: The")
    )
    assert main(["--root", str(mini), "check"]) == 1
    assert capsys.readouterr().out == (
        "annotations/mini/old-bridge.yml:2:1: error[missing-field]: missing required field 'title'\n"
        "annotations/mini/old-bridge.yml:4:7: error[unknown-kind]: unknown kind 'contxt'\n"
        "    hint: did you mean 'context'?\n"
        "annotations/mini/old-bridge.yml:7:1: error[unknown-field]: unknown field 'titel'\n"
        "    hint: did you mean 'title'?\n"
        "3 problems found\n"
    )


def test_check_prints_github_workflow_commands_under_actions(mini, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    note = mini / "annotations" / "mini" / "old-bridge.yml"
    note.write_text(note.read_text().replace("kind: context", "kind: contxt"))
    assert main(["--root", str(mini), "check"]) == 1
    assert (
        "::error file=annotations/mini/old-bridge.yml,line=4,col=7,title=unknown-kind::"
        "unknown kind 'contxt' (hint: did you mean 'context'?)\n"
    ) in capsys.readouterr().out


def test_check_given_paths_checks_only_those(mini, capsys):
    note = mini / "annotations" / "mini" / "old-bridge.yml"
    assert main(["--root", str(mini), "check", str(note)]) == 0
    assert capsys.readouterr().out.startswith("1 annotations")


def test_build_with_site_dir(mini, tmp_path, capsys):
    out = tmp_path / "elsewhere"
    assert main(["--root", str(mini), "build", "--site-dir", str(out)]) == 0
    assert (out / "articles" / "mini" / "index.html").is_file()


def test_console_script_runs_from_the_project():
    result = subprocess.run(
        [sys.executable, "-m", "marginalia.cli", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("no problems\n")


def test_serve_polls_often_and_rebuilds_soon_after_a_save_while_it_runs(tmp_path):
    from mkdocs.commands import serve as module
    from mkdocs.livereload import LiveReloadServer

    from marginalia.engines.mkdocs_serve import POLL_SECONDS, SETTLE_SECONDS, quick_polling

    with quick_polling():
        server = module.LiveReloadServer(lambda: None, "127.0.0.1", 0, str(tmp_path))
        assert isinstance(server, LiveReloadServer)
        assert server.observer.timeout == POLL_SECONDS == 0.1  # MkDocs' own: 0.5
        assert server.build_delay == SETTLE_SECONDS == 0.02  # MkDocs' own: 0.1
        server.server_close()
    assert module.LiveReloadServer is LiveReloadServer  # put back when serve returns
