"""The documentation keeps up with the code: fields, problem codes, vocabularies, commands."""

from __future__ import annotations

import json
import re

from marginalia.data.problems import CODES
from marginalia.data.taxonomy import taxonomy

from .conftest import ROOT

SCHEMA = json.loads((ROOT / "annotations" / "annotation.schema.json").read_text())
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()
README = (ROOT / "README.md").read_text()


def schema_fields(schema: dict) -> set[str]:
    fields = set(schema.get("properties", {}))
    for value in schema.get("properties", {}).values():
        fields |= schema_fields(value)
        fields |= schema_fields(value.get("items", {}))
    return fields


def test_every_yaml_field_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)`", CONTRIBUTING, flags=re.M))
    assert schema_fields(SCHEMA) <= documented
    assert {"id", "target", "exact", "via", "checked"} <= schema_fields(SCHEMA)


def test_every_problem_code_is_documented():
    documented = set(
        re.findall(r"^\| `([a-z0-9-]+)` \| ", CONTRIBUTING.split("## Problem codes")[1], flags=re.M)
    )
    assert documented == set(CODES)


def test_problem_codes_used_in_the_code_are_all_registered():
    source = "\n".join(p.read_text() for p in (ROOT / "scripts" / "marginalia").rglob("*.py"))
    literal = set(re.findall(r'Problem\([^()]*?(?:\([^()]*\))?[^()]*?,\s*"([a-z0-9-]+)"', source))
    assert literal and literal <= set(CODES)


def test_schema_vocabularies_match_the_taxonomy():
    props = SCHEMA["properties"]
    assert props["kind"]["enum"] == list(taxonomy()["kinds"])
    assert props["verdict"]["enum"] == list(taxonomy()["verdicts"])
    plain, quoted = props["techniques"]["items"]["anyOf"]
    assert plain["enum"] == list(taxonomy()["techniques"])
    assert quoted["properties"]["technique"]["enum"] == list(taxonomy()["techniques"])
    assert len(taxonomy()["techniques"]) == 14  # the SemEval-2020 Task 11 classes


def test_readme_has_the_two_commands_and_every_subcommand():
    assert "make serve" in README and "make test" in README
    for command in ("check", "build", "export", "generate", "schema", "serve"):
        assert f"marginalia {command}" in README


def test_every_annotation_names_the_schema_on_its_first_line():
    from marginalia.data.corpus import annotation_files

    for path in annotation_files(ROOT):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == "# yaml-language-server: $schema=../annotation.schema.json", path


def test_committed_schema_is_the_one_built_from_the_taxonomy():
    from marginalia.data.schema import schema_text

    committed = (ROOT / "annotations" / "annotation.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "run: .venv/bin/marginalia schema -o annotations/annotation.schema.json"
    )
