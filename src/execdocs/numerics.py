"""One numerics mode for every process that runs a block, and the platform an output depends on.

PyTorch picks its CPU kernels when it runs, by the CPU it finds: ATen's vectorised kernels by
the widest instruction set there (``torch.backends.cpu.get_cpu_capability()``: AVX512, AVX2 or
DEFAULT), MKL's matrix products by a code path of its own, oneDNN's by an ISA. Each is
deterministic on one CPU, and each sums in another order on another, so the same seeded
training prints other last digits on an AVX-512 machine than on an AVX2 one. The site's
``numerics:`` option (environment variables, set before torch is imported) pins all three to
the paths every x86-64 CPU has, so an output is a function of its cache key alone on any of
them; `make crosscheck` runs a sample of blocks as other CPUs to hold the claim to account.

Who sets it: the warm parent (`execdocs.runner.main`, before it imports anything), the tests
(their conftest) and a notebook's first cell. Who checks it: every run of a block
(`execdocs.runner`), which refuses to run in a process where torch was imported without it
(`problem`), rather than print numbers another machine would not.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Mapping, MutableMapping


class NumericsError(RuntimeError):
    """The process cannot run under the site's numerics mode (torch came first)."""


def machine() -> str:
    """The machine architecture outputs depend on: ``x86_64``, ``aarch64``..."""
    name = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(name, name)


def python() -> str:
    """Python's minor version (``3.11``): a patch release does not change arithmetic."""
    return "{}.{}".format(*sys.version_info[:2])


def platform_key(mode: Mapping[str, str]) -> dict[str, object]:
    """What besides its code and the site's values can change an output: Python's minor
    version, the machine architecture and the numerics mode (torch's version is one of the
    site's ``key_packages:``)."""
    return {"python": python(), "machine": machine(), "numerics": dict(sorted(mode.items()))}


def describe(mode: Mapping[str, str]) -> str:
    """The platform in a few words, for the note under each output: ``x86_64, pinned
    numerics`` (or just ``x86_64`` where the site pins nothing)."""
    return f"{machine()}, pinned numerics" if mode else machine()


def platform_line(mode: Mapping[str, str], packages: Mapping[str, str]) -> str:
    """The platform in full, for the build report: ``x86_64, Python 3.11, torch 2.13.0,
    numerics pinned (ATEN_CPU_CAPABILITY=default ...): the same bytes on any x86_64 CPU``."""
    parts = [machine(), f"Python {python()}", *(f"{n} {v}" for n, v in sorted(packages.items()))]
    if mode:
        pinned = f"numerics pinned ({spelled(mode)}): the same bytes on any {machine()} CPU"
    else:
        pinned = "numerics not pinned: the last digits can differ on another CPU"
    return ", ".join([*parts, pinned])


def spelled(mode: Mapping[str, str]) -> str:
    """The mode as shell assignments: ``ATEN_CPU_CAPABILITY=default MKL_CBWR=COMPATIBLE``."""
    return " ".join(f"{name}={value}" for name, value in sorted(mode.items()))


def problem(mode: Mapping[str, str], environ: Mapping[str, str] = os.environ) -> str:
    """Why this process does not run under ``mode`` ("" when it does).

    The variables must be set; and where torch is already imported, the kernels it picked
    must be the pinned ones (ATen reads its variable once, at its first operation: set after
    that, the variable changes nothing)."""
    missing = [name for name, value in sorted(mode.items()) if environ.get(name) != value]
    if missing:
        have = ", ".join(f"{name}={environ.get(name, '(unset)')}" for name in missing)
        return (
            f"this process was started without the site's numerics mode ({have}); "
            f"outputs would differ from one CPU to another. Start it as `make` does "
            f"({spelled(mode)} in its environment) or set these before torch is imported"
        )
    capability = mode.get("ATEN_CPU_CAPABILITY")
    torch = sys.modules.get("torch")
    if capability and torch is not None and hasattr(torch, "backends"):
        running = torch.backends.cpu.get_cpu_capability()
        if running.lower() != capability.lower():
            return (
                f"torch was imported and ran {running} kernels before "
                f"ATEN_CPU_CAPABILITY={capability} was set; outputs would differ from one CPU "
                "to another. Set the site's numerics mode before torch is imported "
                "(in a notebook: restart the kernel and run the first cell first)"
            )
    if mode.get("MKL_CBWR") and torch is not None and _mkl_cbwr() == _MKL_CBWR_BRANCH_OFF:
        return (
            "torch was imported and MKL ran before MKL_CBWR was set, so MKL picks its code "
            "path by CPU; outputs would differ from one CPU to another. Set the site's numerics "
            "mode before torch is imported (in a notebook: restart the kernel and run the "
            "first cell first)"
        )
    return ""


_MKL_CBWR_BRANCH_OFF = 1
"""What MKL's ``mkl_cbwr_get(MKL_CBWR_BRANCH)`` answers once it has started without
``MKL_CBWR`` (it reads the variable once, at its first call, and keeps what it found)."""


def _mkl_cbwr() -> int | None:
    """The code path MKL (linked into torch on x86-64) runs with, or None where torch has no
    MKL. Asking starts MKL's branch choice from the environment if nothing has yet."""
    import ctypes

    torch = sys.modules["torch"]
    library = os.path.join(os.path.dirname(torch.__file__), "lib", "libtorch_cpu.so")
    try:
        get = ctypes.CDLL(library).mkl_serv_cbwr_get
    except (OSError, AttributeError):
        return None
    return int(get(1))


def pin(mode: Mapping[str, str], environ: MutableMapping[str, str] = os.environ) -> None:
    """Put ``mode`` in force in this process: set its variables, which torch reads when it
    first needs them. Raises `NumericsError` if torch already runs under another mode."""
    torch_first = "torch" in sys.modules and problem(mode, environ)
    environ.update(mode)
    why = problem(mode, environ) if torch_first else ""
    if torch_first and why:
        raise NumericsError(why)
