"""The JSON Schema (what editors check as people type) and marginalia check agree.

Over every shipped annotation and every broken input of the validation tests: the schema
accepts a file exactly when check finds no format problem in it, and check never accepts a
file the schema rejects.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from marginalia.data.corpus import annotation_files, load_corpus
from marginalia.data.loader import parse_yaml
from marginalia.data.validate import check_schema

from .conftest import ROOT
from .test_validate import CASES, RAW_CASES

SCHEMA = json.loads((ROOT / "annotations" / "annotation.schema.json").read_text())
EDITOR = jsonschema.Draft202012Validator(SCHEMA)

SHIPPED = [p.read_text(encoding="utf-8") for p in annotation_files(ROOT)]
BROKEN = [c[1] for c in CASES + RAW_CASES]


def verdicts(text: str, root) -> tuple[bool | None, bool, bool]:
    doc, problems = parse_yaml(text, "x.yml")
    if doc is None:  # not YAML an editor could read either: both report it
        return None, False, bool(problems)
    by_schema = EDITOR.is_valid(doc.data)
    by_check_format = not check_schema(doc, EDITOR)
    return by_schema, by_check_format, bool(problems)


@pytest.mark.parametrize("text", SHIPPED, ids=[p.stem for p in annotation_files(ROOT)])
def test_shipped_files_pass_both(text):
    by_schema, by_check, _ = verdicts(text, ROOT)
    assert by_schema is True and by_check is True


@pytest.mark.parametrize("text", BROKEN, ids=[c[0] for c in CASES + RAW_CASES])
def test_broken_files_get_the_same_answer_from_both(text, write_note, mini):
    by_schema, by_check, yaml_problem = verdicts(text, mini)
    if by_schema is None:
        assert yaml_problem
        return
    assert by_schema == by_check
    path = write_note("x", "")
    path.write_bytes(text.encode())
    _, problems = load_corpus(mini, [path])
    if not by_schema:
        assert problems  # check rejects whatever the schema rejects
