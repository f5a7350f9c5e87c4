"""Question files: one practice question per YAML file, beside the snippets that prove it.

A page includes a question with a short fence naming its file under ``snippets/``:

    ```question
    lesson/practice/steplr-after-3-steps.yml
    ```

The file holds the text (stem, options, each wrong option's reason ``why``, answer, steps, hint,
mistakes), the section that teaches it (``teaches``) and the paths of its code (``proof``,
``given``, ``illustration``: snippet files, relative to the question file).
`load` checks it against `SCHEMA` and returns an `execdocs.questions.Question`; every error
names the file and the line (``snippets/lesson/practice/x.yml:12: ...``). The question's id is
the file's name without ``.yml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from execdocs import depends
from execdocs.questions import DIFFICULTIES, TEACHES_RE, Option, Question, QuestionError

_TEXT = {"type": "string", "minLength": 1}
_CODE_FILE = {"type": "string", "pattern": r"^[\w./-]+\.py$"}
_WHY = {"type": "string", "minLength": 1}  # a wrong option's reason (see proofs.reasons)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "An execdocs practice question",
    "type": "object",
    "additionalProperties": False,
    "required": ["difficulty", "stem", "options", "answer", "steps", "teaches"],
    "properties": {
        "difficulty": {"enum": list(DIFFICULTIES)},
        "stem": _TEXT,
        "options": {
            "type": "array",
            "minItems": 2,
            "maxItems": 26,
            "items": {
                "oneOf": [
                    _TEXT,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["text"],
                        "properties": {
                            "text": _TEXT,
                            "value": {"type": "string"},
                            "why": _WHY,
                        },
                    },
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["code"],
                        "properties": {"code": _TEXT, "why": _WHY},
                    },
                ]
            },
        },
        "answer": {"type": "string", "pattern": "^[A-Z]$"},
        "steps": {"type": "array", "minItems": 1, "items": _TEXT},
        "quick_check": {"type": "string"},
        "hint": {"type": "string"},
        "mistakes": {"type": "array", "items": _TEXT},
        "proof": _CODE_FILE,
        "proof_in_stem": {"type": "boolean"},
        "given": _CODE_FILE,
        "illustration": _CODE_FILE,
        "setup": {"type": "string"},
        "check": {"type": "string"},
        "select": {"enum": ["runs", "raises"]},
        "conceptual": {"type": "boolean"},
        # the proof is run once per seed, and must select the key with each
        "seeds": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
        # the section that teaches the topic: a page under docs/ and a heading's anchor
        "teaches": {"type": "string", "pattern": TEACHES_RE.pattern},
    },
}

CODE_FIELDS = ("proof", "given", "illustration")
"""The fields that name a snippet file; the question runs that file's code."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (the wheels are): about ten times faster."""

_loaded: dict[tuple[str, str], tuple[tuple[tuple[str, int, int], ...], Question]] = {}
"""Each question file loaded in this process, with the signature (path, mtime, size) of it and
of every code file it read: a build asks for one file several times (its block, its notebook,
its rendering), and `mkdocs serve` across rebuilds, so it is read and validated once until one
of those files changes."""


def _signature(paths: list[Path]) -> tuple[tuple[str, int, int], ...] | None:
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return None
        found.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def load(path: Path, name: str | None = None) -> Question:
    """The question in ``path`` (``name`` is how errors call the file). Raises `QuestionError`
    naming the file and line for YAML that does not parse, a field that breaks the schema, or a
    code file that does not exist."""
    name = name or path.as_posix()
    known = _loaded.get((path.as_posix(), name))
    if known is not None and _signature([Path(p) for p, _, _ in known[0]]) == known[0]:
        for read, _, _ in known[0]:
            depends.note(read)  # the page that asks is made from them, read now or not
        return known[1]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise QuestionError(f"{name}: cannot read the question file ({error.strerror})") from None
    question, read = _parse(text, name, path.parent)
    signature = _signature([path, *read])
    if signature is not None:
        _loaded[(path.as_posix(), name)] = (signature, question)
    return question


def loads(text: str, name: str, folder: Path | None = None) -> Question:
    """The question in YAML ``text``; code paths are read relative to ``folder``."""
    return _parse(text, name, folder)[0]


def _parse(text: str, name: str, folder: Path | None) -> tuple[Question, list[Path]]:
    """The question in ``text`` and the code files it read."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (C or Python)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise QuestionError(f"{name}{line}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise QuestionError(f"{name}:1: a question file is a mapping of fields (stem, options...)")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = jsonschema.exceptions.best_match(errors)
        raise QuestionError(
            f"{name}:{_line(node, list(error.absolute_path))}: {_describe(error)}"
        ) from None
    code = {}
    read: list[Path] = []
    for field in CODE_FIELDS:
        if field in data:
            if folder is None:
                raise QuestionError(f"{name}: {field} names a file, but the text has no folder")
            source = folder / data[field]
            if not source.is_file():
                raise QuestionError(
                    f"{name}:{_line(node, [field])}: {field} file {data[field]!r} does not exist "
                    f"(looked for {source.as_posix()})"
                )
            code[field] = source.read_text(encoding="utf-8")
            read.append(source)
    options: list[str | Option] = [
        option if isinstance(option, str) else Option(**option) for option in data["options"]
    ]
    fields = {k: v for k, v in data.items() if k not in (*CODE_FIELDS, "options")}
    lines = {key: _line(node, [key]) for key in data}
    lines |= {f"options.{i}": _line(node, ["options", i]) for i in range(len(options))}
    question = Question(
        id=Path(name).stem, options=options, page=name, lines=lines, **fields, **code
    )
    if question.answer not in question.letters:
        raise QuestionError(
            f"{name}:{_line(node, ['answer'])}: keyed answer {question.answer!r} is not one of "
            f"the options {', '.join(question.letters)}"
        )
    return question, read


def _line(node: yaml.Node | None, path: list[Any]) -> int:
    """The 1-based line of the value at ``path`` in the YAML node tree (its parent's, if the
    value is missing)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == step), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            found = node.value[step]
        else:
            found = None
        if found is None:
            break
        node = found
        line = node.start_mark.line + 1
    return line


def _describe(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "the question"
    if error.validator == "required":
        return f"{where} lacks a field: {error.message}"
    if error.validator == "additionalProperties":
        return f"{where}: unknown field ({error.message})"
    return f"{where}: {error.message}"
