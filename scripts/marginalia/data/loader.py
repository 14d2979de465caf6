"""The only module that reads files: YAML documents with the line and column of every value.

Problems in the files themselves (bytes that are not UTF-8, YAML syntax, aliases, duplicate
keys) become Problems with a location; nothing raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from marginalia.data import slips
from marginalia.data.model import Location
from marginalia.data.problems import Problem

SCHEMA_LINE = "# yaml-language-server: $schema="
MAX_FILE_BYTES = 256 * 1024  # an annotation is a few kilobytes; anything far larger is an error

Path_ = tuple[str | int, ...]  # a path into a document: keys and list indexes


class _Loader(yaml.SafeLoader):
    """Safe YAML, except that dates and yes/no/true/false stay text.

    The format has no boolean fields, and `verdict: false` must mean the verdict "false";
    dates are checked by the schema and the validator, with a located message.
    """


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml's C parser: about twenty times faster. Files it finds fault
    with are read again by `_Loader`, so every message and location stays the same."""


_STR = "tag:yaml.org,2002:str"
_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _AS_TEXT]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FIRSTS = frozenset(first for first, found in _FastLoader.yaml_implicit_resolvers.items() if found)


def _resolve(self: _FastLoader, kind: type, value: object, implicit: tuple) -> str:
    """PyYAML's resolver with its answer for text worked out first: libyaml asks it about
    every scalar, and most are quoted or start with a letter no implicit type starts with."""
    if kind is yaml.ScalarNode and (not implicit[0] or value[:1] not in _FIRSTS):  # type: ignore[index]
        return _STR
    return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)


assert None not in _FastLoader.yaml_implicit_resolvers  # no resolver for every first letter
_FastLoader.resolve = _resolve  # type: ignore[method-assign]


@dataclass
class Document:
    """A parsed YAML file: its data, and where each value and each key stands in the file.

    The places are found on first use, from the text or the file it was read from: only a
    file with a problem needs them, and keeping them, or the text, for every file of a large
    corpus would cost more memory than the data itself.
    """

    path: str
    data: object
    text: str | None = field(default=None, repr=False)
    first_line: str = ""
    file: Path | None = None  # where to read the text again when it is not kept
    _places: tuple[dict, dict] | None = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        """0-based (line, column) of each value, as YAML marks give them."""
        return self._marks()[0]

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        """0-based (line, column) of each mapping key."""
        return self._marks()[1]

    def _marks(self) -> tuple[dict, dict]:
        if self._places is None:
            values: dict = {}
            keys: dict = {}
            text = self.text
            if text is None:
                text = self.file.read_text(encoding="utf-8") if self.file else ""
            # libyaml first: it read the data, and it accepts a few texts that the pure-Python
            # reader refuses (a tab inside a plain value); no places at all rather than a crash
            for reader in (_FastLoader, _Loader):
                loader = reader(_plain_lines(text))
                try:
                    _record_positions(loader.get_single_node(), (), values, keys)
                    break
                except yaml.YAMLError:
                    values.clear()
                    keys.clear()
                finally:
                    loader.dispose()
            self._places = (values, keys)
        return self._places

    def at(self, path: Path_, *, key: bool = False) -> Location:
        """The location of a value (or its key), falling back to the nearest enclosing value."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return self._location(table[path])
            if key and path in self.values:
                return self._location(self.values[path])
            path = path[:-1]
            table = self.values
        return self._location(self.values[()]) if () in self.values else Location(self.path)

    def _location(self, mark: tuple[int, int]) -> Location:
        return Location(self.path, mark[0] + 1, mark[1] + 1)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, or say why it cannot be read."""
    where = Location(shown)
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(where, "unreadable-file", f"cannot read the file: {err.strerror}")]
    return decode(data, shown)


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's bytes as UTF-8 text, or why they are not."""
    where = Location(shown)
    if len(data) > MAX_FILE_BYTES:
        message = f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}"
        return None, [Problem(where, "file-too-large", message)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{data[err.start]:02x})"
        hint = "save the file as UTF-8"
        return None, [Problem(Location(shown, line, column), "not-utf8", message, hint)]


def load_yaml(
    path: Path, shown: str, raw: bytes | None = None
) -> tuple[Document | None, list[Problem]]:
    """A YAML file parsed, or its problems; `raw` is its bytes when the caller read them."""
    text, problems = read_text(path, shown) if raw is None else decode(raw, shown)
    if text is None:
        return None, problems
    doc, problems = parse_yaml(text, shown)
    if doc is not None:
        doc.text, doc.file = None, path
    return doc, problems


def parse_yaml(text: str, shown: str) -> tuple[Document | None, list[Problem]]:
    if not text.strip():
        return None, [Problem(Location(shown), "empty-file", "the file is empty")]
    problems = _encoding_problems(text, shown)
    text = _plain_lines(text)
    hidden = control_characters(text, shown)
    if hidden:
        return None, problems + hidden
    # most files hold no tab at all: one look for it spares the scan of every line's indent
    tab = re.search(r"^[ ]*\t", text, flags=re.M) if "\t" in text else None
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        message = "a tab is used for indentation; YAML allows only spaces"
        problems.append(
            Problem(Location(shown, line, column), "tab-indent", message, "indent with spaces")
        )
        return None, problems
    problems += slips.comment_in_value(text, shown)
    doc = _parse_fast(text, shown)
    if doc is not None:
        return doc, problems
    doc, found = _parse(text, shown)
    return doc, problems + found


class _Fallback(Exception):
    """The fast reading met something only the careful one explains: a problem, or a rare form."""


def _parse_fast(text: str, shown: str) -> Document | None:
    """libyaml composes the nodes and one walk checks them and builds the data. None when
    anything is amiss: `_parse` then reads the file again and says why."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:  # comments only: `_parse` says what the careful reading says
            return None
        data = _build(node, loader, 0, set())
    except (yaml.YAMLError, _Fallback):
        return None
    finally:
        loader.dispose()
    return Document(shown, data, text, text.split("\n", 1)[0])


def _build(node: yaml.Node, loader: object, depth: int, seen: set[int]) -> object:
    if id(node) in seen:  # an alias
        raise _Fallback
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else loader.construct_object(node)  # type: ignore[attr-defined]
    if depth == MAX_DEPTH:
        raise _Fallback
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, depth + 1, seen) for item in node.value]
    data: dict = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag != _STR or key.value in data:
            raise _Fallback  # merge keys, complex keys, duplicates
        data[key.value] = _build(value, loader, depth + 1, seen)
    return data


def _parse(text: str, shown: str) -> tuple[Document | None, list[Problem]]:
    loader = _Loader(text)
    try:
        scanned = _scan(text, shown)
        if scanned:
            return None, scanned
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(Location(shown), "empty-file", "the file holds only comments")]
        found = _check_nodes(node, shown)
        if found:
            return None, found
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        return None, [slips.explain(text, shown, err)]
    finally:
        loader.dispose()
    return Document(shown, data, text, text.split("\n", 1)[0]), []


def _plain_lines(text: str) -> str:
    """The text without a byte-order mark and with LF line ends (both are reported, then read
    past, so the rest of the file is still checked)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


# What YAML refuses (PyYAML's reader: C0 and C1 controls other than tab and line ends, DEL,
# lone surrogates, U+FFFE and U+FFFF), and the invisible characters that can disguise text
# (zero-width characters, bidirectional controls, a byte-order mark inside the file), and the
# line breaks YAML counts but editors do not show (NEXT LINE, LINE and PARAGRAPH SEPARATOR).
HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
C0_NAMES = (
    "NUL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
    "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "FILE SEPARATOR", "GROUP SEPARATOR",
    "RECORD SEPARATOR", "UNIT SEPARATOR",
)  # fmt: skip


def character_name(char: str) -> str:
    """The character's Unicode name, or its control-code name (unicodedata has none)."""
    code = ord(char)
    if code < 0x20:
        return C0_NAMES[code]
    if code == 0x7F:
        return "DELETE"
    if 0x80 <= code <= 0x9F:
        return f"C1 CONTROL U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"LONE SURROGATE U+{code:04X}"
    return unicodedata.name(char, f"NONCHARACTER U+{code:04X}")


def control_characters(text: str, shown: str) -> list[Problem]:
    """Each control or invisible character, located, by name: pasted from a PDF or a word
    processor, it is invisible in most editors."""
    problems = []
    for m in HIDDEN.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        code = ord(m.group())
        kind = "a control" if code < 0x20 or 0x7F <= code <= 0x9F else "an invisible"
        message = f"{kind} character, {character_name(m.group())} (U+{code:04X})"
        hint = "delete it; it often comes from text copied out of a PDF or a word processor"
        problems.append(Problem(Location(shown, line, column), "control-character", message, hint))
        if len(problems) == 20:
            break
    return problems


def _encoding_problems(text: str, shown: str) -> list[Problem]:
    problems = []
    if text.startswith("\ufeff"):
        message = "the file starts with a byte-order mark (BOM)"
        problems.append(
            Problem(Location(shown), "bom", message, "save the file as UTF-8 without BOM")
        )
    if "\r\n" in text:
        line = text.count("\n", 0, text.index("\r\n")) + 1
        column = text.index("\r\n") - (text.rfind("\n", 0, text.index("\r\n")) + 1) + 1
        message = "the file has Windows line endings (CRLF)"
        hint = "save it with LF line endings; .gitattributes asks git to do so"
        problems.append(Problem(Location(shown, line, column), "crlf", message, hint))
    return problems


ALIAS_MESSAGE = "YAML anchors and aliases are not allowed here"
MAX_DEPTH = 12  # an annotation nests three levels deep; far deeper is an attack or a mistake
_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)  # fmt: skip
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _scan(text: str, shown: str) -> list[Problem]:
    """Refuse, before building anything, what makes YAML blow up: aliases (billion laughs)
    and collections nested far deeper than the format needs."""
    depth = 0
    for token in yaml.scan(text, Loader=_Loader):
        mark = token.start_mark
        where = Location(shown, mark.line + 1, mark.column + 1)
        if isinstance(token, yaml.AliasToken):
            return [Problem(where, "yaml-alias", ALIAS_MESSAGE)]
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                message = f"the YAML is nested more than {MAX_DEPTH} levels deep"
                return [Problem(where, "too-deep", message)]
        elif isinstance(token, _CLOSE):
            depth -= 1
    return []


def _check_nodes(root: yaml.Node | None, shown: str) -> list[Problem]:
    """Refuse duplicate keys, and any node reached twice (an alias the scan missed)."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [(root, False)] if root is not None else []
    while stack:
        node, in_list = stack.pop()
        if id(node) in seen:
            mark = node.start_mark
            where = Location(shown, mark.line + 1, mark.column + 1)
            problems.append(Problem(where, "yaml-alias", ALIAS_MESSAGE))
            return problems
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            repeated = False
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in keys and not repeated:
                    where = Location(shown, key.start_mark.line + 1, key.start_mark.column + 1)
                    message = f"the field '{key.value}' is given twice"
                    hint = None
                    if in_list:  # one slip, not one problem per field of the item
                        repeated = True
                        message += " in one item of a list"
                        hint = "if this line starts another item of the list, begin it with `- `"
                    problems.append(Problem(where, "duplicate-key", message, hint))
                if isinstance(key, yaml.ScalarNode):  # a list as a key fails when built
                    keys.add(key.value)
                stack.extend(((key, False), (value, False)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, True) for item in node.value)
    return problems


def _record_positions(node: yaml.Node | None, path: Path_, values: dict, keys: dict) -> None:
    if node is None:
        return
    values[path] = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            keys[child] = (key.start_mark.line, key.start_mark.column)
            _record_positions(value, child, values, keys)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _record_positions(value, (*path, index), values, keys)
