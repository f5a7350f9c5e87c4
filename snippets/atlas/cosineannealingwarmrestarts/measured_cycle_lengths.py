import itertools

import torch

from lrlab.training import lr_schedule


def cycle_lengths(T_0, T_mult, steps):
    """How many steps each complete cycle lasts: a cycle ends where the rate jumps up."""
    rates = lr_schedule(
        lambda opt: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
            opt, T_0=T_0, T_mult=T_mult
        ),
        steps=steps,
    )
    restarts = [n for n in range(1, steps) if rates[n] > rates[n - 1]]
    starts = [0, *restarts]
    return [b - a for a, b in itertools.pairwise(starts)]


def listed(lengths):
    return ", ".join(str(n) for n in lengths)


same = cycle_lengths(T_0=3, T_mult=1, steps=22)
longer = cycle_lengths(T_0=3, T_mult=2, steps=22)
print(
    f"Whether the cycles grow is up to `T_mult`. Over 22 steps from `T_0=3`, the default "
    f"`T_mult=1` (the run above) gives cycles of {listed(same)} steps: "
    f"{'all the same length' if len(set(same)) == 1 else 'of different lengths'}; "
    f"`T_mult=2` gives {listed(longer)}: "
    f"{'each longer than the last' if longer == sorted(set(longer)) else 'not growing'}."
)
