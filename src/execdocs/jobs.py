"""What a block is asked to run and what running it did: `Job`, `Outcome`, `Problem`, `Kind`.

These are the records that cross, pickled, between the build, the warm parent and a block's
process."""

from __future__ import annotations

import enum
from dataclasses import dataclass

GIB = 1024**3
DEFAULT_MEMORY = 4 * GIB
"""Memory a block may allocate beyond the warm parent's own (``memory="8G"`` on a fence)."""


class Kind(enum.StrEnum):
    """Every way a block can fail: a closed set, named in each failure message."""

    EXCEPTION = "Exception"  # the block raised (or raised another exception than raises=)
    SYNTAX = "SyntaxError"
    SYSTEM_EXIT = "SystemExit"  # sys.exit(...)
    EXIT = "Exit"  # the process ended without finishing the block: os._exit(n)
    CRASH = "Crash"  # killed by a signal: segfault, abort, ...
    TIMEOUT = "Timeout"
    MEMORY = "MemoryLimit"
    LEFT_RUNNING = "LeftRunning"  # a thread or child process still running at the end
    NETWORK = "Network"  # the block tried to reach another machine (the build has no network)
    MISSING_EXCEPTION = "MissingException"  # raises= declared, nothing raised
    RUNNER = "Runner"  # the warm parent itself failed (not the block's fault)
    NUMERICS = "Numerics"  # the process runs torch outside the site's numerics mode
    SANDBOX = "Sandbox"  # the kernel refused a write, connection or signal outside the block
    # found by the engine around a run
    WARNING = "Warning"  # a warning the fence did not declare with warns=
    MISSING_WARNING = "MissingWarning"  # warns= declared, no such warning
    EMPTY_OUTPUT = "EmptyOutput"  # nothing printed where the page shows output
    MISSING_INCLUDE = "MissingInclude"
    OPTION = "Option"  # a fence option with a bad value
    NOTEBOOK_CELL = "NotebookCell"
    QUESTION = "Question"  # a question file that does not load, or whose run does not prove it


@dataclass(frozen=True)
class Job:
    """What to run, and within which limits."""

    code: str
    name: str  # the block id, used in the code's file name (``<block NAME>``)
    timeout: float = 6.0  # seconds; 0 = none
    memory: int = DEFAULT_MEMORY  # bytes the block may allocate; 0 = no limit
    raises: str = ""  # the exception the block must raise (its last line joins the output)
    prelude: str = ""  # code run first, untimed and with its output dropped (seeding)
    numerics: tuple[tuple[str, str], ...] = ()  # the mode the process must run under
    writable: tuple[str, ...] = ()  # folders it may write besides its own (tests; never a page)

    @property
    def filename(self) -> str:
        return f"<block {self.name}>"


@dataclass(frozen=True)
class Warned:
    """One warning a block did not catch."""

    category: str
    message: str
    filename: str
    lineno: int


@dataclass(frozen=True)
class Problem:
    """How a block failed. ``lineno`` is the line of the block's own code (0 if unknown);
    ``frames`` the traceback's (file, line) pairs, innermost last."""

    kind: Kind
    message: str
    lineno: int = 0
    frames: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What running a block did."""

    output: str  # everything written to stdout, in order
    stderr: str = ""  # everything written to stderr (warnings are in `warnings` instead)
    warnings: tuple[Warned, ...] = ()
    seconds: float = 0.0
    problem: Problem | None = None
    raised: str = ""  # the last line of the expected exception, when raises= was met

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def exception(self) -> str:
        """The exception the code raised, as a result a caller may keep (``"TypeError: ..."``,
        a syntax error with its line), or "" if it raised none or ended some other way."""
        problem = self.problem
        if problem is None:
            return ""
        if problem.kind == Kind.SYNTAX:
            return f"SyntaxError: {problem.message} (line {problem.lineno})"
        return problem.message if problem.kind == Kind.EXCEPTION else ""
