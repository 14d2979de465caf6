"""The GitHub workflows: least privilege, no pull_request_target, every action pinned to a commit."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path):
    # PyYAML reads the key "on" as True (YAML 1.1); take it back as the word it is.
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_there_are_a_check_and_a_deploy_workflow():
    assert [p.name for p in WORKFLOWS] == ["check.yml", "deploy.yml"]
    assert "pull_request" in load(WORKFLOWS[0])["on"]
    assert load(WORKFLOWS[1])["on"]["push"]["branches"] == ["main"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path):
    data = load(path)
    assert "pull_request_target" not in data["on"] and "pull_request_target" not in path.read_text()
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        assert job.get("timeout-minutes"), name
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    write = {n: j.get("permissions") for n, j in data["jobs"].items() if j.get("permissions")}
    assert write in ({}, {"deploy": {"pages": "write", "id-token": "write"}})


def test_the_check_workflow_runs_the_readme_test_command():
    text = WORKFLOWS[0].read_text()
    assert "run: make test" in text and "marginalia check" in text and "marginalia build" in text


def test_issue_forms_and_pull_request_template_exist():
    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    for name in ("suggest-an-annotation.yml", "report-an-error.yml"):
        form = yaml.safe_load((forms / name).read_text())
        assert form["name"] and all(item["attributes"]["label"] for item in form["body"])
    assert "Review checklist" in (ROOT / ".github" / "pull_request_template.md").read_text()
