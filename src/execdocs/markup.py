"""What the plugin does with a page's Markdown before MkDocs renders it: each fence numbered and
placed with the build, a missing include replaced by a notice, every block predicted so it can
run ahead; and the fences registered with superfences."""

from __future__ import annotations

from typing import Any

from execdocs import fences, question_fence, runner
from execdocs.engine import Build, RunOptions
from execdocs.failures import Failure
from execdocs.fences import MISSING_INCLUDE, include_path


def annotate(build: Build, markdown: str, page: str) -> tuple[str, list[Failure]]:
    """Write ``lrlab_line="N"`` into every executed fence, place each fence with the build,
    and replace any include of a missing snippet file by a notice (reported as a failure)."""
    lines = markdown.split("\n")
    found: list[Failure] = []
    snippets = build.settings.snippets_dir
    for fence in fences.scan(markdown):
        if fence.executed:
            lines[fence.line - 1] += f' lrlab_line="{fence.line}"'
            build.place_fence(page, fence.line, [text for _, text in fence.body])
        elif fence.question:
            lines[fence.line - 1] += f' lrlab_line="{fence.line}"'
            continue  # its body is a file name, not code with includes
        for number, text in fence.body:
            included = include_path(text)
            if included and not (snippets / included).is_file():
                found.append(
                    Failure(
                        f"{page}:{number}",
                        f"include {included}",
                        str(runner.Kind.MISSING_INCLUDE),
                        f"{snippets.as_posix()}/{included} does not exist",
                    )
                )
                lines[number - 1] = f"{fence.indent}{MISSING_INCLUDE}: {included}"
    return "\n".join(lines), found


def register_fences(config: Any, build: Build) -> None:
    """Executed ``python`` fences and ``question`` fences go through the build: superfences
    (added if the site does not list it) gets its validators and formatters, so mkdocs.yml
    names no function."""
    if "pymdownx.superfences" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.superfences")
    options = config.mdx_configs.setdefault("pymdownx.superfences", {})
    ours = {"python", "question"}
    custom = [f for f in options.get("custom_fences", []) if f.get("name") not in ours]
    python = {"validator": build.validator, "format": build.formatter}
    custom.append({"name": "python", "class": "python", **python})
    # ```question``` fences name a question file (see execdocs.question_fence)
    custom.append(
        {
            "name": "question",
            "class": "question",
            "validator": build.question_validator,
            "format": build.question_formatter,
        }
    )
    options["custom_fences"] = custom


def page_blocks(build: Build, markdown: str) -> list[tuple[str, str, RunOptions]]:
    """Every executed block of a page as the formatter will run it: (code, id, run options).
    A block this cannot predict (a missing include, a bad option) is left to the formatter,
    which reports it."""
    blocks = []
    snippets = build.settings.snippets_dir
    for fence in fences.scan(markdown):
        if fence.question:
            path = "".join(text for _, text in fence.body).strip()
            run = question_fence.question_run(build)
            for label, code in question_fence.code_pieces(build, path).items():
                blocks.append((code, f"{path} {label}", run))
            continue
        if not fence.executed or fence.options.get("session"):
            continue
        code = fences.expand([text for _, text in fence.body], snippets)
        try:
            run = build.run_options(fence.options)
        except ValueError:
            continue
        if code is not None:
            blocks.append((code, fence.options.get("id") or f"line {fence.line}", run))
    return blocks
