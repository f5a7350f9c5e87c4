"""Reproducibility: one seed for the whole site, one thread, and a record of what produced a run.

The site seed is 0 unless the environment variable ``LRLAB_SEED`` says otherwise, so a whole build
can be re-run with another seed (every table and quoted number must then change consistently).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from functools import cache

_last_seed: int | None = None


def site_seed() -> int:
    """The seed every lesson uses unless it passes its own: ``LRLAB_SEED`` or 0."""
    raw = os.environ.get("LRLAB_SEED", "0")
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"LRLAB_SEED must be an integer, got {raw!r}") from None


def seed_everything(seed: int | None = None) -> int:
    """Seed Python, NumPy and torch, pin torch to one thread and deterministic kernels.

    Returns the seed used, so a page can show it.
    """
    import numpy as np
    import torch

    global _last_seed
    used = site_seed() if seed is None else seed
    random.seed(used)
    np.random.seed(used)
    torch.manual_seed(used)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    _last_seed = used
    return used


def last_seed() -> int | None:
    """The seed passed to the most recent `seed_everything` call in this process, if any."""
    return _last_seed


@dataclass(frozen=True)
class Provenance:
    """What produced an output: library version, seed and device."""

    torch_version: str
    seed: int | None
    device: str

    def describe(self) -> str:
        seed = "none" if self.seed is None else str(self.seed)
        return f"torch {self.torch_version} · seed {seed} · {self.device}"


@cache
def torch_version() -> str:
    """The installed torch version, read from package metadata (does not import torch)."""
    from importlib.metadata import version

    return version("torch")


def provenance(seed: int | None = None) -> Provenance:
    """A provenance record for the current process (the last seed used unless one is given)."""
    return Provenance(
        torch_version=torch_version(),
        seed=last_seed() if seed is None else seed,
        device="cpu",
    )


def versions_note(
    built_with: dict[str, str], machine: str = "", numerics: dict[str, str] | None = None
) -> str:
    """What a notebook's first cell prints: one line per package, the version installed here
    beside the one that produced the page; then the machine architecture here beside the
    page's; and whether numbers can differ from the page's for either reason. ``numerics`` is
    the mode the page ran under (the cell has set it): if torch was imported before that, this
    says to restart the kernel, since its kernels were already chosen by this CPU."""
    import platform
    import sys
    from importlib.metadata import PackageNotFoundError, version

    lines = []
    for name, built in sorted(built_with.items()):
        try:
            here = version(name)
        except PackageNotFoundError:
            here = "not installed"
        same = "the same" if here == built else "different: numbers can differ from the page's"
        lines.append(f"{name} {here} here; the page was built with {built} ({same})")
    if machine:
        arch = platform.machine().lower().replace("amd64", "x86_64").replace("arm64", "aarch64")
        same = (
            "the same: with the same torch, every number is the page's"
            if arch == machine
            else "different: the last digits of the numbers will differ slightly from the page's"
        )
        lines.append(f"{arch} here; the page was built on {machine} ({same})")
    capability = (numerics or {}).get("ATEN_CPU_CAPABILITY")
    torch = sys.modules.get("torch")
    if capability and torch is not None:
        running = torch.backends.cpu.get_cpu_capability()
        if running.lower() != capability.lower():
            lines.append(
                f"torch was imported before this cell set the page's numerics (it runs {running} "
                "kernels): restart the kernel and run this cell first to get the page's numbers"
            )
    return "\n".join(lines)
