"""The fast paths give the same answers as the careful ones they stand in for.

`marginalia check` reads YAML with libyaml and judges validity with jsonschema-rs; a file
either of them finds fault with goes to the pure-Python reader and to jsonschema, which write
the messages. These tests hold the two pairs to the same answers. The figure scan tries its
patterns only where a date or a figure can start; it must find what the whole patterns find.
"""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from marginalia.data import evidence, loader
from marginalia.data.validate import _fast_validator, schema_validator

from .conftest import DATA, ROOT

YAML_FILES = sorted(
    [*ROOT.glob("annotations/**/*.yml"), *ROOT.glob("seeds/*.yml"), *DATA.glob("**/*.yml")]
)
NOTES = sorted(ROOT.glob("annotations/us-war-of-terror-continues/[!_]*.yml"))
VALIDATOR = schema_validator(ROOT / "annotations" / "annotation.schema.json")


def test_there_are_files_to_compare():
    assert len(YAML_FILES) > 60
    assert len(NOTES) > 50


def test_fast_and_careful_readings_agree_on_every_file():
    fast_read = 0
    for path in YAML_FILES:
        text = path.read_text(encoding="utf-8")
        careful, careful_problems = loader._parse(text, "x.yml")
        fast = loader._parse_fast(text, "x.yml")
        if fast is None:  # the fast reading gave way: the careful one must have a reason
            assert careful is None or careful.data is not None, path
            continue
        fast_read += 1
        assert careful is not None and not careful_problems, path
        assert fast.data == careful.data, path
    assert fast_read > 60  # the real files take the fast path


def test_places_found_later_equal_the_careful_reading(tmp_path: Path):
    path = NOTES[0]
    doc, problems = loader.load_yaml(path, "note.yml")
    assert not problems and doc is not None
    assert doc.text is None  # not kept: read again on demand
    careful, _ = loader._parse(path.read_text(encoding="utf-8"), "note.yml")
    expected_values, expected_keys = {}, {}
    loader._record_positions(
        yaml.compose(path.read_text(encoding="utf-8"), Loader=loader._Loader),
        (),
        expected_values,
        expected_keys,
    )
    assert doc.values == expected_values and doc.keys == expected_keys
    assert doc.at(("sources", 0, "url")).line > 1
    assert doc.at(("sources", 0, "url")) == careful.at(("sources", 0, "url"))


def test_the_fast_reading_gives_way_on_what_only_the_careful_one_explains():
    for text in (
        "a: &x 1\nb: *x\n",  # an alias
        "a: 1\na: 2\n",  # a duplicate key
        "<<: {a: 1}\n",  # a merge key
        "[1, 2]: x\n",  # a complex key
        "a: !!python/name:os.system x\n",  # an unsafe tag
        "# only a comment\n",
        "a: [" * 13 + "]" * 13 + "\n",  # deeper than the format allows
        "a: b: c\n",  # a syntax error
    ):
        assert loader._parse_fast(text, "x.yml") is None, text
        doc, problems = loader.parse_yaml(text, "x.yml")
        assert doc is None or problems or text.startswith("<<"), text


SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.sampled_from(["yes", "no", "2020-01-16", "true", "~", "0x1F", "1e3", ":", "- x", "#"]),
)
DATA_TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(DATA_TREES, st.sampled_from([None, False, True]))
def test_fast_and_careful_readings_agree_on_any_dumped_data(data, flow):
    text = yaml.safe_dump({"root": data}, allow_unicode=True, default_flow_style=flow)
    fast = loader._parse_fast(text, "x.yml")
    careful, problems = loader._parse(text, "x.yml")
    if fast is not None:
        assert careful is not None and not problems
        assert fast.data == careful.data


def _note(path: Path) -> dict:
    doc, problems = loader.load_yaml(path, path.name)
    assert not problems and doc is not None
    return doc.data


MUTATIONS = st.sampled_from(
    [
        ("kind", st.sampled_from(["context", "fact-check", "", "source-check"])),
        ("verdict", st.sampled_from(["accurate", "false", "misleading", None, 3])),
        ("id", st.sampled_from(["ok-id", "Bad_Id", "", "a" * 200])),
        ("title", st.one_of(st.text(max_size=90), st.none(), st.integers())),
        ("techniques", st.lists(st.sampled_from(["doubt", "slogans", "made-up"]), max_size=3)),
        ("sources", st.lists(st.dictionaries(st.sampled_from(["title", "url"]), st.text()))),
        ("checked", st.sampled_from(["2026-11-25", "2026-13-01", "25 Nov", 20261125])),
        ("target", st.dictionaries(st.sampled_from(["exact", "prefix", "x"]), st.text())),
        ("extra", st.text()),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NOTES[:12]), MUTATIONS, st.data(), st.booleans())
def test_both_schema_validators_agree(path, mutation, draw, delete):
    data = copy.deepcopy(_note(path))
    field, values = mutation
    if delete:
        data.pop(field, None)
    else:
        data[field] = draw.draw(values)
    slow = not list(VALIDATOR.iter_errors(data))
    assert _fast_validator(VALIDATOR).is_valid(data) == slow


def test_the_schema_validators_agree_on_every_real_note():
    for path in NOTES:
        data = _note(path)
        assert _fast_validator(VALIDATOR).is_valid(data)
        assert not list(VALIDATOR.iter_errors(data))


def test_data_that_is_not_json_shaped_goes_to_jsonschema():
    data = {1: "a number as a key"}
    assert not _fast_validator(VALIDATOR).is_valid(data)
    assert isinstance(VALIDATOR, jsonschema.Draft202012Validator)


# ---- the figure scan ----------------------------------------------------------------------


def _figures_by_whole_patterns(text: str, skip_dates: bool = True) -> list[tuple[str, object]]:
    """The figures as the two whole patterns find them: _DATES blanked, then _NUMBER."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if skip_dates:
        lower = evidence._DATES.sub(lambda m: " " * len(m.group(0)), lower)
    found = []
    for m in evidence._NUMBER.finditer(lower):
        digits, decimals, _percent, scale, words, vague = m.groups()
        if digits is not None:
            value = float(digits.replace(",", "") + (decimals or ""))
            value *= evidence._SCALES[scale] if scale else 1
        elif words is not None:
            value = evidence._word_value(words)
        else:
            value = vague
        found.append((text[m.start() : m.end()], value))
    return found


def _scanned(text: str, skip_dates: bool = True) -> list[tuple[str, object]]:
    return [(f.text, f.value) for f in evidence.figures(text, skip_dates=skip_dates)]


def _real_texts() -> list[str]:
    texts = []
    for path in YAML_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack += value.values()
            elif isinstance(value, list):
                stack += value
            elif isinstance(value, str):
                texts.append(value)
    return texts


def test_the_figure_scan_agrees_with_the_whole_patterns_on_every_real_text():
    texts = _real_texts()
    assert len(texts) > 4000
    with_figures = 0
    for text in texts:
        for skip_dates in (True, False):
            expected = _figures_by_whole_patterns(text, skip_dates)
            assert _scanned(text, skip_dates) == expected, text
        with_figures += bool(expected)
    assert with_figures > 500  # the real texts exercise it


PIECES = st.sampled_from(
    [
        *"0123456789", "19", "20", "2020", "1,000", ",", ".", "-", "/", "%", " ", "  ", "\n",
        "\u2013", "\u2014", "\u00a0", "\u2003", "s", "_", "x", "é", "\u0663", "İ", "\u212a", "jan",
        "Jan.", "january", "sept",
        "may", "mark", "december", "three", "thirteen", "a", "one", "two", "hundred", "hundreds",
        "thousand", "million", "dozen", "tens", "ten", "often", "percent", "per cent", "a-",
    ]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join), st.booleans())
def test_the_figure_scan_agrees_with_the_whole_patterns_on_any_text(text, skip_dates):
    assert _scanned(text, skip_dates) == _figures_by_whole_patterns(text, skip_dates)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 january 2020, 52 people", [("52", 52.0)]),  # the date and the year left out
        ("jan. 3-4 and 2019-20: 7", [("7", 7.0)]),
        ("x1,234 and 5", [("234", 234.0), ("5", 5.0)]),  # after a comma inside a word
        ("two hundred and 3", [("two hundred", 200.0), ("3", 3.0)]),
        ("may 5, 7 dead", [("7", 7.0)]),  # a month first
        ("\u0663 dead", [("\u0663", 3.0)]),  # a digit of another script
    ],
)
def test_the_figure_scan_on_its_edges(text, expected):
    assert _scanned(text) == expected == _figures_by_whole_patterns(text)
