"""What the warm parent does once, before it forks any block.

One thread, the costs of a first optimizer step paid, the helpers imported, its memory in huge
pages.

Fork safety: the warm parent forks with exactly one OS thread. Before it imports anything it
sets ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS`` to 1 (unless already
set), so the BLAS and OpenMP libraries numpy, scipy and torch load start no thread pool (scipy's
OpenBLAS otherwise starts one per CPU at import); it pins torch to one intra-op and one inter-op
thread before any torch work (a child that wants more threads creates its own pool); and it
never starts a thread of its own.

Fork cost: a block pays one fork and one exit of the warm parent. Its anonymous memory is
collapsed into huge pages once it is warm (`huge_pages`), which halves that on this machine.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import io
from collections.abc import Iterable
from pathlib import Path

from execdocs.processes import LIBC

PRELOAD = ("torch", "numpy", "matplotlib")
"""What the warm parent imports before it forks (besides the modules a `Pool` is given)."""

ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""Set in the warm parent before it imports anything, unless already set: the BLAS and OpenMP
libraries then start no thread pool, so the parent never forks with one (see the module
docstring). Its children inherit them."""


def warm(modules: Iterable[str] = ()) -> None:
    """What the warm parent does once: one torch thread (before any torch work, so no thread
    pool exists when it forks), the one-off costs of a first optimizer step, matplotlib's
    non-interactive backend, and the given modules imported."""
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    # the one-off costs of a first training step (optimizer machinery, the autograd engine,
    # the dispatch of common layers and losses, a data loader): once, here, not per block
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    data = torch.utils.data.TensorDataset(torch.zeros(4, 2), torch.tensor([0, 1, 0, 1]))
    for optimizer in (
        torch.optim.SGD(model.parameters(), lr=0.1),
        torch.optim.Adam(model.parameters()),
    ):
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
        for x, y in torch.utils.data.DataLoader(data, batch_size=2, shuffle=True):
            optimizer.zero_grad()
            out = model(x)
            loss = torch.nn.functional.cross_entropy(out, y) + torch.nn.functional.mse_loss(
                out, out.detach()
            )
            loss.backward()
            optimizer.step()
        scheduler.step()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # the first pyplot figure loads fonts, styles and renderers: once, here; pyplot then holds
    # no figure, so a child's first figure is number 1 as in a fresh interpreter
    figure, axes = plt.subplots()
    axes.plot([0, 1], [1, 0], label="warm")
    axes.legend()
    axes.set_title("warm")
    figure.savefig(io.StringIO(), format="svg")
    plt.close("all")
    for name in (*PRELOAD, *modules):
        importlib.import_module(name)
    # Children would otherwise copy every page of the parent's heap the first time their
    # garbage collector walks it: what exists now is never collected, in parent or child.
    gc.collect()
    gc.freeze()
    huge_pages()


MADV_COLLAPSE = 25  # Linux 6.1 and later
_HUGE = 2 << 20  # the size of an x86-64 (and arm64) huge page


def huge_pages() -> int:
    """Back this process's anonymous memory (its heap and torch's) with 2 MiB pages where the
    kernel can, and return how many regions it collapsed (0 where it cannot: an older kernel,
    huge pages turned off).

    A fork copies one page-table entry per page of anonymous memory and a child's exit frees
    them all again; with 2 MiB pages that is 512 times fewer. For this warm parent (about
    300 MiB of it) fork and exit went from 33 ms to 13 ms of system time on this machine, which
    is paid once per block (`make bench`'s ``fork_ms``). A child still copies only the 4 KiB
    it writes: the kernel splits a shared huge page on the first write to it. Call it last,
    once the memory it collapses will not be freed."""
    madvise = LIBC.madvise
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    collapsed = 0
    for line in Path("/proc/self/maps").read_text().splitlines():
        fields = line.split()
        named = len(fields) > 5 and fields[5] != "[heap]"  # a file, the stack, the vdso...
        if fields[1] != "rw-p" or named:
            continue
        low, high = (int(address, 16) for address in fields[0].split("-"))
        low = -(-low // _HUGE) * _HUGE  # the whole huge pages inside the region
        high = high // _HUGE * _HUGE
        if high > low and madvise(low, high - low, MADV_COLLAPSE) == 0:
            collapsed += 1
    return collapsed
