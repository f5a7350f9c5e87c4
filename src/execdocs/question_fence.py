"""The ``question`` fence: a page names a question file, the build proves it and writes its HTML.

    ```question
    lesson/practice/steplr-printed-rate-is-next.yml
    ```

The path is under the snippets folder. `execdocs.question_files` loads and checks the file;
its code pieces (the proof, the given program, each option's code) run like any block, each a
cached run of its own (`code_pieces`, submitted ahead by the plugin); `execdocs.proofs` decides
which option the runs select and `execdocs.quiz_render` refuses to write HTML unless that is
exactly the keyed answer.
"""

from __future__ import annotations

import posixpath

from execdocs import failures, outputs, proofs, question_files, questions, quiz_render, runner
from execdocs.failures import BlockError, Failure, NotInShard
from execdocs.render import block_html
from execdocs.report import BlockRun, section_of
from execdocs.runs import FenceBuild, RunOptions


def file_name(build: FenceBuild, path: str) -> str:
    """How errors name a question file: its path from the project (``snippets/...yml``)."""
    return f"{build.settings.snippets_dir.as_posix()}/{path}"


def page_url(src: str) -> str:
    """The URL (from the site's root, directory URLs) of the page whose source is ``src``."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def teaches_href(page: str, teaches: str) -> str:
    """The link from ``page`` (``docs/lesson/test.md``) to ``teaches`` (``lesson/concept.md#x``)."""
    if not teaches:
        return ""
    target, anchor = teaches.split("#", 1)
    here = page_url(page.split("/", 1)[1] if "/" in page else page)
    relative = posixpath.relpath(page_url(target) or ".", here or ".")
    return f"{relative.rstrip('/')}/#{anchor}" if relative != "." else f"./#{anchor}"


def question_run(build: FenceBuild) -> RunOptions:
    """How a question's code runs: within the site's time limit, and an exception is a result
    (it can select an option), not a failure."""
    return RunOptions(build.settings.timeout, record=True)


def seeded(build: FenceBuild) -> proofs.Seeded | None:
    """How a question's proof runs with one of its ``seeds:``: the site's seed variable set to
    it, then the prelude again (the block's process ran it with the site's seed already)."""
    settings = build.settings
    if not settings.seed_env:
        return None

    def with_seed(seed: int, code: str) -> str:
        setting = f"import os\nos.environ[{settings.seed_env!r}] = {str(seed)!r}\n"
        return f"{setting}{settings.prelude}\n{code}"

    return with_seed


def code_pieces(build: FenceBuild, path: str) -> dict[str, str]:
    """The code a question file's proof will run (for the plugin to submit ahead); nothing if
    the file does not load (the fence reports why)."""
    try:
        question = question_files.load(build.settings.snippets_dir / path, file_name(build, path))
        return proofs.pieces(question, seeded(build))
    except questions.QuestionError:
        return {}


def question_block(build: FenceBuild, path: str, line: int) -> str:
    """The HTML of the question file ``path`` included at ``line`` of the current page: the
    question, proved, or a failure notice naming the file."""
    records = build.records
    location = f"{records.page}:{line}" if line else records.page
    block = path.removesuffix(".yml")
    name = file_name(build, path)
    spent = {"seconds": 0.0, "fresh": 0}
    costs: list[tuple[str, float, bool]] = []  # each piece's run, for the build report
    shown: dict[str, dict] = {}  # each piece's run, for the outputs manifest
    answer = ""
    run = question_run(build)

    def run_pieces(pieces: dict[str, str], question_id: str) -> dict[str, proofs.Run]:
        for label, code in pieces.items():  # all on the pool at once, then wait for each
            build.submit(code, f"{block} {label}", run)
        done = {}
        elsewhere = False  # a piece of another shard: this build stores the rest, shows nothing
        for label, code in pieces.items():
            try:
                entry, cached, key = build.run_cached(code, f"{block} {label}", None, run)
            except NotInShard:
                elsewhere = True
                continue
            except BlockError as error:
                raise questions.QuestionError(
                    f"{name}: question {question_id!r}: its {label} code failed: "
                    f"{error.kind}: {error.message}"
                ) from None
            spent["seconds"] += float(entry["seconds"])
            spent["fresh"] += not cached
            costs.append(build.cost(key, entry))
            shown[label] = outputs.run(key, entry["output"] + entry.get("raised", ""))
            seen = tuple(dict.fromkeys(f"{c}: {m}" for c, m, *_ in entry.get("warnings", [])))
            done[label] = proofs.Run(code, entry["output"], entry.get("raised", ""), seen)
        if elsewhere:
            raise NotInShard(block)
        return done

    try:
        question = question_files.load(build.settings.snippets_dir / path, name)
        answer = question.answer
        owner = records.question_ids.setdefault(question.id, path)
        if owner != path:
            raise questions.QuestionError(
                f"{name}: question id {question.id!r} is used twice: {owner} has it too"
            )
        keyed = records.keyed.setdefault(section_of(location), {})
        keyed[name] = (question.answer, len(question.letters))
        href = teaches_href(records.page, question.teaches)
        rendered = quiz_render.question_html(question, run_pieces, href, seeded(build))
        line = question.lines.get("teaches")
        where = f"{name}:{line}" if line else name
        records.teaches.append((location, block, where, question.teaches))
    except questions.QuestionError as error:
        failure = Failure(location, block, str(runner.Kind.QUESTION), str(error))
        build.record(failure)
        records.runs.append(BlockRun(location, block, 0.0, False, False))
        records.shown.append(outputs.shown(location, block, "question", shown, str(error), answer))
        return failures.notice_html(failure)
    except NotInShard:
        return ""
    cached = spent["fresh"] == 0
    records.runs.append(BlockRun(location, block, spent["seconds"], cached, True, "", tuple(costs)))
    records.shown.append(outputs.shown(location, block, "question", shown, answer=answer))
    return block_html(block, rendered + build.provenance(spent["seconds"], cached))
