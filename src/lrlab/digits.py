"""The second lesson's task: scikit-learn's handwritten digits, a small MLP, and the runs that
choose a learning rate and its schedule.

The digits ship inside scikit-learn (`sklearn.datasets.load_digits`: 1,797 images of 8 x 8
pixels, values 0 to 16), so nothing is downloaded. Every function takes a seed (the site seed
by default) that fixes the split, the initial weights and the order of the batches, and
returns what happened; nothing here prints, caches or keeps state between calls.

Schedulers here step after every optimizer step (per batch), so a schedule's length is counted
in steps: ``epochs * steps_per_epoch``.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch
    from torch import nn
    from torch.utils.data import DataLoader

PIXELS = 64
CLASSES = 10
HIDDEN = 64
TEST_SHARE = 0.2
BATCH_SIZE = 32

Schedule = Callable[[Any, int], Any]
"""``schedule(optimizer, total_steps)`` -> a PyTorch scheduler, stepped after every batch."""


@dataclass(frozen=True)
class Digits:
    """One seeded split of the digits: pixels scaled to [0, 1], labels 0 to 9."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    seed: int

    def steps_per_epoch(self, batch_size: int = BATCH_SIZE) -> int:
        return math.ceil(len(self.y_train) / batch_size)


def load_data(seed: int | None = None) -> Digits:
    """The bundled digits, split at random (from ``seed``) into train and ``TEST_SHARE`` test.
    Made with a private `torch.Generator`, so the global random state is untouched."""
    import torch
    from sklearn.datasets import load_digits

    from lrlab.repro import site_seed

    used = site_seed() if seed is None else seed
    bunch = load_digits()
    x = torch.tensor(bunch.data, dtype=torch.float32) / 16.0
    y = torch.tensor(bunch.target, dtype=torch.long)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(used))
    test = round(len(y) * TEST_SHARE)
    test_rows, train_rows = order[:test], order[test:]
    return Digits(x[train_rows], y[train_rows], x[test_rows], y[test_rows], used)


def build_mlp(seed: int | None = None, hidden: int = HIDDEN) -> nn.Sequential:
    """The 64 -> ``hidden`` -> 10 network: Linear, ReLU, Linear, giving logits. Initialised
    right after seeding, so a seed gives the same weights every time."""
    from torch import nn

    from lrlab.repro import seed_everything

    seed_everything(seed)
    return nn.Sequential(nn.Linear(PIXELS, hidden), nn.ReLU(), nn.Linear(hidden, CLASSES))


def train_loader(data: Digits, batch_size: int = BATCH_SIZE, seed: int | None = None) -> DataLoader:
    """Shuffled mini-batches of the train split, in an order fixed by ``seed`` (the data's):
    every epoch a new permutation of the images, cut into batches of ``batch_size``.

    The sampler hands the dataset a whole batch of indices at once (``batch_size=None`` turns
    off per-sample collation), so each batch is one tensor index instead of ``batch_size``
    lookups and a stack: a third less time per step on this small model than
    ``DataLoader(shuffle=True)``, whose batches are made the same way (its order differs for
    the same seed: it draws a worker seed from the generator first)."""
    import torch
    from torch.utils.data import BatchSampler, DataLoader, RandomSampler, TensorDataset

    order = torch.Generator().manual_seed(data.seed if seed is None else seed)
    dataset = TensorDataset(data.x_train, data.y_train)
    batches = BatchSampler(RandomSampler(dataset, generator=order), batch_size, drop_last=False)
    return DataLoader(dataset, sampler=batches, batch_size=None)


def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` on ``(x, y)``, without tracking gradients."""
    import torch
    from torch import nn

    model.eval()
    with torch.no_grad():
        logits = model(x)
        loss = float(nn.functional.cross_entropy(logits, y))
        accuracy = float((logits.argmax(dim=1) == y).float().mean())
    model.train()
    return loss, accuracy


OPTIMIZERS: dict[str, Callable[..., Any]] = {}
"""The optimizers the lesson compares, by name: ``OPTIMIZERS[name](params, lr)``."""


def _sgd(params: Any, lr: float) -> Any:
    import torch

    return torch.optim.SGD(params, lr=lr, momentum=0.9)


def _adam(params: Any, lr: float) -> Any:
    import torch

    return torch.optim.Adam(params, lr=lr)


def _sgd_schedule_free(params: Any, lr: float) -> Any:
    import schedulefree

    return schedulefree.SGDScheduleFree(params, lr=lr, momentum=0.9)


def _adamw_schedule_free(params: Any, lr: float) -> Any:
    import schedulefree

    return schedulefree.AdamWScheduleFree(params, lr=lr)


OPTIMIZERS.update(
    {
        "SGD": _sgd,
        "Adam": _adam,
        "SGD schedule-free": _sgd_schedule_free,
        "AdamW schedule-free": _adamw_schedule_free,
    }
)


def make_optimizer(name: str, params: Any, lr: float) -> Any:
    """``OPTIMIZERS[name](params, lr)``, with a message listing the names on a typo."""
    try:
        factory = OPTIMIZERS[name]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}; known: {', '.join(OPTIMIZERS)}") from None
    return factory(params, lr)


def is_schedule_free(optimizer: Any) -> bool:
    """Whether ``optimizer`` has the schedule-free ``train()`` / ``eval()`` modes."""
    return all(callable(getattr(optimizer, mode, None)) for mode in ("train", "eval"))


@dataclass(frozen=True)
class Run:
    """One training run: the rate and train loss of every step, then the test loss and
    accuracy of the final weights. ``diverged``: a step's loss was not finite, and training
    stopped there (the test numbers are then those of the broken weights)."""

    rates: list[float]
    losses: list[float]
    test_loss: float
    test_acc: float
    diverged: bool
    seed: int
    model: Any = field(repr=False, compare=False, default=None)
    optimizer: Any = field(repr=False, compare=False, default=None)

    @property
    def steps(self) -> int:
        return len(self.losses)

    def smoothed(self, window: int = 45) -> list[float]:
        """The train loss averaged over the last ``window`` steps (fewer at the start)."""
        out, total = [], 0.0
        for i, loss in enumerate(self.losses):
            total += loss
            if i >= window:
                total -= self.losses[i - window]
            out.append(total / min(i + 1, window))
        return out


def train(
    data: Digits,
    lr: float,
    *,
    epochs: int = 10,
    batch_size: int = BATCH_SIZE,
    optimizer: str = "SGD",
    schedule: Schedule | None = None,
    seed: int | None = None,
    model: nn.Module | None = None,
    steps: int | None = None,
) -> Run:
    """Train the MLP (or ``model``) on ``data`` with mini-batches and cross-entropy.

    Each step: zero_grad, forward, backward, ``optimizer.step()``, then ``scheduler.step()``
    when ``schedule(optimizer, total_steps)`` built one. ``steps`` (default: ``epochs`` worth)
    is the budget the schedule is told and the run stops at. A schedule-free optimizer is put
    in ``train()`` mode before training and ``eval()`` mode before the evaluation, as its
    authors require. ``seed`` (default: the data's) fixes the weights and the batch order.
    """
    used = data.seed if seed is None else seed
    net = build_mlp(used) if model is None else model
    opt = make_optimizer(optimizer, net.parameters(), lr)
    total = steps if steps is not None else epochs * data.steps_per_epoch(batch_size)
    scheduler = schedule(opt, total) if schedule is not None else None
    batches = epochs_of(train_loader(data, batch_size, used))
    rates, losses = _loop(net, opt, scheduler, batches, total)
    if is_schedule_free(opt):
        opt.eval()
    test_loss, test_acc = evaluate(net, data.x_test, data.y_test)
    diverged = not math.isfinite(losses[-1])
    return Run(rates, losses, test_loss, test_acc, diverged, used, net, opt)


def _loop(
    model: nn.Module, optimizer: Any, scheduler: Any, batches: Iterator[Any], steps: int
) -> tuple[list[float], list[float]]:
    """``steps`` optimizer steps on the next batches of ``batches`` (an endless stream, so a
    run trained in several calls sees the batches one continuous run would)."""
    from torch import nn

    loss_fn = nn.CrossEntropyLoss()
    if is_schedule_free(optimizer):
        optimizer.train()
    model.train()
    rates: list[float] = []
    losses: list[float] = []
    for x, y in itertools.islice(batches, steps):
        rates.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
        if not math.isfinite(losses[-1]):
            break
    return rates, losses


def epochs_of(loader: DataLoader) -> Iterator[Any]:
    """The loader's batches, epoch after epoch, without end (each epoch a new shuffle)."""
    while True:
        yield from loader


# --------------------------------------------------------------------------- schedules


def wsd_factor(step: int, total: int, warmup: int = 0, cooldown: float = 0.2) -> float:
    """Warmup-stable-decay: the multiple of the peak rate at ``step`` of ``total``: linear from
    1/(warmup+1) to 1 over ``warmup`` steps, 1 until the last ``cooldown`` share of the steps,
    then linear down to 0 at ``total``."""
    if step < warmup:
        return (step + 1) / (warmup + 1)
    decay_steps = max(1, round(total * cooldown))
    start = total - decay_steps
    if step < start:
        return 1.0
    return max(0.0, (total - step) / decay_steps)


def _constant(optimizer: Any, total: int) -> Any:
    import torch

    return torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0, total_iters=0)


def _step(optimizer: Any, total: int) -> Any:
    import torch

    milestones = [total // 2, (3 * total) // 4]
    return torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones, gamma=0.1)


def _cosine(optimizer: Any, total: int) -> Any:
    import torch

    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total)


def _one_cycle(optimizer: Any, total: int) -> Any:
    import torch

    peak = [group["lr"] for group in optimizer.param_groups]
    return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=peak, total_steps=total)


def _wsd(optimizer: Any, total: int) -> Any:
    import torch

    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: wsd_factor(step, total))


SCHEDULES: dict[str, Schedule] = {
    "constant": _constant,
    "step": _step,
    "cosine": _cosine,
    "OneCycle": _one_cycle,
    "WSD": _wsd,
}
"""The schedules compared at equal budget, each given its run's length and peak rate:
constant; step (x0.1 at 1/2 and 3/4 of the steps); cosine to 0; OneCycle (PyTorch's defaults:
up from peak/25 over 30 % of the steps, then cosine down to peak/10⁴); WSD (constant, then a
linear cooldown to 0 over the last 20 %)."""


def schedule_named(name: str) -> Schedule:
    try:
        return SCHEDULES[name]
    except KeyError:
        raise ValueError(f"unknown schedule {name!r}; known: {', '.join(SCHEDULES)}") from None


def warmup(steps: int) -> Schedule:
    """A linear warm-up from peak/(steps+1) to the peak over ``steps`` steps, then constant
    (``LinearLR`` then ``ConstantLR`` in a ``SequentialLR``)."""

    def build(optimizer: Any, total: int) -> Any:
        import torch

        sched = torch.optim.lr_scheduler
        ramp = sched.LinearLR(optimizer, start_factor=1 / (steps + 1), total_iters=steps)
        hold = sched.ConstantLR(optimizer, factor=1.0, total_iters=0)
        return sched.SequentialLR(optimizer, [ramp, hold], milestones=[steps])

    return build


# --------------------------------------------------------------------------- range test


@dataclass(frozen=True)
class RangeTest:
    """A learning-rate range test: the rate of each step, its raw batch loss, and the loss
    smoothed as torch-lr-finder smooths it; ``stopped`` says whether it stopped early because
    the smoothed loss passed ``diverge`` times its best."""

    rates: list[float]
    raw: list[float]
    smoothed: list[float]
    stopped: bool

    def lowest(self) -> float:
        """The rate at the lowest smoothed loss."""
        return self.rates[min(range(len(self.smoothed)), key=self.smoothed.__getitem__)]

    def steepest(self) -> float:
        """The rate where the smoothed loss falls fastest per log-rate (torch-lr-finder's
        "suggested LR"): the most negative finite difference, before the lowest point."""
        end = self.smoothed.index(min(self.smoothed))
        slopes = [self.smoothed[i + 1] - self.smoothed[i] for i in range(max(1, end))]
        return self.rates[min(range(len(slopes)), key=slopes.__getitem__)]


def range_test(
    data: Digits,
    start_lr: float = 1e-4,
    end_lr: float = 10.0,
    steps: int = 100,
    *,
    optimizer: str = "SGD",
    batch_size: int = BATCH_SIZE,
    seed: int | None = None,
    smooth: float = 0.05,
    diverge: float = 5.0,
) -> RangeTest:
    """The exponential range test (fastai's, torch-lr-finder's; a variant of Smith's linear one):
    train from fresh weights for ``steps`` batches while the rate grows exponentially from
    ``start_lr`` to ``end_lr``, recording each batch's loss. The same
    procedure, step for step, as torch-lr-finder's ``LRFinder.range_test`` (exponential mode)."""
    from torch import nn

    used = data.seed if seed is None else seed
    model = build_mlp(used)
    opt = make_optimizer(optimizer, model.parameters(), start_lr)
    loss_fn = nn.CrossEntropyLoss()
    loader = train_loader(data, batch_size, used)
    batches = iter(loader)
    rates, raw, smoothed = [], [], []
    best = math.inf
    for i in range(steps):
        lr = start_lr * (end_lr / start_lr) ** (i / (steps - 1))
        for group in opt.param_groups:
            group["lr"] = lr
        try:
            x, y = next(batches)
        except StopIteration:
            batches = iter(loader)
            x, y = next(batches)
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        value = loss.item()
        if smoothed:
            value = smooth * value + (1 - smooth) * smoothed[-1]
        rates.append(lr)
        raw.append(loss.item())
        smoothed.append(value)
        best = min(best, value)
        if value > diverge * best:
            return RangeTest(rates, raw, smoothed, True)
    return RangeTest(rates, raw, smoothed, False)


def lr_finder_range_test(
    data: Digits,
    start_lr: float = 1e-4,
    end_lr: float = 10.0,
    steps: int = 100,
    *,
    optimizer: str = "SGD",
    batch_size: int = BATCH_SIZE,
    seed: int | None = None,
) -> RangeTest:
    """The same test run by torch-lr-finder's `LRFinder` (its progress bar and messages are
    kept off the page), from the same weights and batches as `range_test`."""
    from torch import nn
    from torch_lr_finder import LRFinder

    used = data.seed if seed is None else seed
    model = build_mlp(used)
    opt = make_optimizer(optimizer, model.parameters(), start_lr)
    finder = LRFinder(model, opt, nn.CrossEntropyLoss(), device="cpu")
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
        finder.range_test(
            train_loader(data, batch_size, used), start_lr=start_lr, end_lr=end_lr, num_iter=steps
        )
    rates = [float(r) for r in finder.history["lr"]]
    smoothed = [float(v) for v in finder.history["loss"]]
    return RangeTest(rates, [], smoothed, "Stopping early" in chatter.getvalue())


# --------------------------------------------------------------------------- unknown length


@dataclass(frozen=True)
class Branch:
    """A cooldown branched from a constant-rate run after ``at`` steps, run for ``length``
    more steps with the rate falling linearly to 0; its final test numbers."""

    at: int
    length: int
    test_loss: float
    test_acc: float

    @property
    def total(self) -> int:
        return self.at + self.length


def branch_cooldowns(
    data: Digits,
    lr: float,
    budgets: Sequence[int],
    *,
    cooldown: float = 0.2,
    optimizer: str = "SGD",
    seed: int | None = None,
) -> tuple[list[Branch], int]:
    """One constant-rate run, with a linear cooldown branched off it for every budget in
    ``budgets`` (total steps, cooldown included: it starts at ``budget * (1 - cooldown)``).
    Each branch starts from a copy of the model and optimizer state at its branch point, so
    the one main run serves every budget; the main run's batches flow on across the branch
    points as in one run, and each cooldown draws its own (seeded by its branch point).
    Returns the branches, in the order of their branch points, and the steps trained in all."""
    import copy

    import torch

    used = data.seed if seed is None else seed
    model = build_mlp(used)
    opt = make_optimizer(optimizer, model.parameters(), lr)
    batches = epochs_of(train_loader(data, BATCH_SIZE, used))
    points = sorted((b - max(1, round(b * cooldown)), b) for b in budgets)
    branches, trained, done = [], 0, 0
    for at, budget in points:
        if at > done:
            _loop(model, opt, None, batches, at - done)
        trained += at - done
        done = at
        side = copy.deepcopy(model)
        side_opt = make_optimizer(optimizer, side.parameters(), lr)
        side_opt.load_state_dict(copy.deepcopy(opt.state_dict()))
        length = budget - at
        decay = torch.optim.lr_scheduler.LambdaLR(
            side_opt, lambda step, n=length: max(0.0, (n - step) / n)
        )
        side_batches = epochs_of(train_loader(data, BATCH_SIZE, used + at))
        _loop(side, side_opt, decay, side_batches, length)
        trained += length
        loss, acc = evaluate(side, data.x_test, data.y_test)
        branches.append(Branch(at, length, loss, acc))
    return branches, trained


# --------------------------------------------------------------------------- summaries


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """Mean, smallest and largest of ``values``."""
    return sum(values) / len(values), min(values), max(values)


def round_rate(rate: float) -> float:
    """``rate`` to one significant digit (0.27 -> 0.3): the precision a range test gives."""
    if rate <= 0 or not math.isfinite(rate):
        raise ValueError(f"a rate must be positive and finite, got {rate!r}")
    digits = -math.floor(math.log10(rate))
    return round(rate, digits)


def compare_schedules(
    names: Sequence[str],
    lr: float,
    seeds: Sequence[int],
    *,
    epochs: int = 10,
    optimizer: str = "SGD",
) -> dict[str, list[Run]]:
    """Every schedule in ``names`` trained from the same peak rate ``lr`` for the same number of
    steps, once per seed (each seed its own split, weights and batch order, the same for every
    schedule). Returns the runs per schedule, in seed order, without their models."""
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for seed in seeds:
        data = load_data(seed)
        for name in names:
            run = train(data, lr, epochs=epochs, optimizer=optimizer, schedule=SCHEDULES[name])
            runs[name].append(_slim(run))
    return runs


def _slim(run: Run) -> Run:
    return Run(run.rates, run.losses, run.test_loss, run.test_acc, run.diverged, run.seed)


# --------------------------------------------------------------------------- charts


def range_test_chart(test: RangeTest, marks: dict[str, float], caption: str) -> str:
    """The range test's smoothed loss against the rate on a log axis, with a dashed line at each
    of ``marks`` (label -> rate), followed by its values table (HTML)."""
    from lrlab.plots import INK, PALETTE, chart, svg_figure, svg_text

    with svg_figure(6.4, 3.4) as (fig, ax):
        ax.plot(test.rates, test.smoothed, color=PALETTE[0], lw=1.8, label="smoothed loss")
        if test.raw:
            ax.plot(test.rates, test.raw, color=PALETTE[0], lw=0.8, alpha=0.35, label="batch loss")
        for index, (label, rate) in enumerate(marks.items(), start=1):
            color = PALETTE[index % len(PALETTE)]
            ax.axvline(rate, color=color, ls="--", lw=1.4, label=f"{label}: {rate:.3g}")
        ax.set_xscale("log")
        ax.set_title(caption)
        ax.set_xlabel("learning rate (log scale)")
        ax.set_ylabel("train loss")
        ax.grid(alpha=0.25, color=INK)
        ax.legend(frameon=False, fontsize=8)
        fig.tight_layout()
        svg = svg_text(fig, caption)
    rows = [
        (str(i + 1), f"{rate:.4g}", f"{test.raw[i]:.4f}" if test.raw else "", f"{loss:.4f}")
        for i, (rate, loss) in enumerate(zip(test.rates, test.smoothed, strict=True))
    ]
    return chart(svg, caption, ("step", "learning rate", "batch loss", "smoothed loss"), rows)


def spread_chart(
    values: dict[str, Sequence[float]], *, caption: str, ylabel: str, digits: int = 3
) -> str:
    """For each label, every seed's value as a dot, their mean as a bar and the range as a line:
    the spread of a comparison over seeds, never one lucky seed (HTML, with its values)."""
    from lrlab.plots import INK, PALETTE, chart, svg_figure, svg_text

    labels = list(values)
    with svg_figure(6.4, 3.2) as (fig, ax):
        for i, label in enumerate(labels):
            ys = list(values[label])
            color = PALETTE[i % len(PALETTE)]
            ax.vlines(i, min(ys), max(ys), color=color, lw=2.2)
            ax.scatter([i] * len(ys), ys, color=color, s=18, zorder=3)
            mean = sum(ys) / len(ys)
            ax.hlines(mean, i - 0.25, i + 0.25, color=INK, lw=1.6)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_xlim(-0.6, len(labels) - 0.4)
        ax.set_title(caption)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.25, color=INK, axis="y")
        fig.tight_layout()
        svg = svg_text(fig, caption)
    seeds = max(len(v) for v in values.values())
    # one column per label, one row per seed, then the summary rows: narrow on a phone
    rows = [
        (f"seed {k + 1}", *(f"{values[label][k]:.{digits}f}" for label in labels))
        for k in range(seeds)
    ]
    summaries = {label: spread(values[label]) for label in labels}
    for index, name in enumerate(("mean", "min", "max")):
        rows.append((name, *(f"{summaries[label][index]:.{digits}f}" for label in labels)))
    return chart(svg, caption, ("", *labels), rows)


def rates_chart(runs: dict[str, Run], *, caption: str, every: int = 1) -> str:
    """The rate each run used at every step, one line per run (HTML, with its values table
    sampled every ``every`` steps)."""
    from lrlab.plots import Series, chart, line_svg

    series = [Series(name, run.rates) for name, run in runs.items()]
    svg = line_svg(series, title=caption, xlabel="optimizer step", ylabel="learning rate")
    steps = max(run.steps for run in runs.values())
    picked = sorted({*range(0, steps, every), steps - 1})
    rows = [
        (str(i + 1), *(f"{run.rates[i]:.4g}" if i < run.steps else "" for run in runs.values()))
        for i in picked
    ]
    return chart(svg, caption, ("step", *runs), rows)


# --------------------------------------------------------------------------- what runs say


def _images(count: int) -> str:
    return f"{count} test image{'' if count == 1 else 's'}"


def reading_verdicts(readings: dict[str, float], runs: dict[str, Run], images: int) -> list[str]:
    """What training at each range-test reading showed, as Markdown sentences: the best
    readings, what the lowest-loss reading did, and which came within 1 % of the best.
    ``readings`` maps a reading's name to its rate (one named "the lowest loss")."""
    top = max(run.test_acc for run in runs.values())
    best = [name for name, run in runs.items() if run.test_acc == top]

    def behind(name: str) -> int:
        return round((top - runs[name].test_acc) * images)

    said = [
        "**Best here:** "
        + " and ".join(f"{name} ({readings[name]:.3g})" for name in best)
        + f", with {top:.1%} of the {images} test images right."
    ]
    lowest = "the lowest loss"
    if lowest in runs and behind(lowest) > 0.05 * images:
        said.append(
            f"**The bottom of the curve is too far.** At the lowest-loss rate "
            f"({readings[lowest]:.3g}) the run gets {_images(behind(lowest))} more wrong than "
            f"the best ({runs[lowest].test_acc:.1%} right). That is where the short test's loss "
            "stopped falling, and training there for longer does not settle."
        )
    elif lowest in runs:
        said.append(
            f"**The bottom of the curve.** Here even the lowest-loss rate "
            f"({readings[lowest]:.3g}) trains, {_images(behind(lowest))} behind the best."
        )
    near = [name for name in runs if name not in best and behind(name) <= 0.01 * images]
    listed = ", ".join(f"{name} ({readings[name]:.3g})" for name in near)
    said.append(f"**Within 1 % of the best:** {listed or 'no other reading'}.")
    return said


def _pairs(count: int) -> str:
    return "one pair" if count == 1 else f"{count} pairs"


def schedule_verdicts(
    accuracy: dict[str, Sequence[float]], loss: dict[str, Sequence[float]], images: int
) -> list[str]:
    """What a comparison of schedules over the same seeds showed, as sentences whose verdicts
    are `lrlab.compare`'s (paired differences seed by seed, in test images): each schedule
    against ``"constant"``; then, among the others, each against the one with the best mean;
    last, which pairs of them (every pair, not only those shown) differ beyond the noise, or
    that none does."""
    from lrlab.compare import BETTER, NOISE, compare

    def mean(values: Sequence[float]) -> float:
        return sum(values) / len(values)

    unit = "test images"
    others = [name for name in accuracy if name != "constant"]
    against_constant = compare(accuracy, "constant", scale=images, unit=unit)
    said = [
        f"{against_constant.pair(name, 'constant').sentence()[:-1]}; mean test loss "
        f"{mean(loss[name]):.3f} against {mean(loss['constant']):.3f}."
        for name in others
    ]
    best = max(others, key=lambda name: mean(accuracy[name]))
    decays = {name: accuracy[name] for name in others}
    against_best = compare(decays, best, scale=images, unit=unit)
    said += [against_best.pair(name, best).sentence() for name in others if name != best]
    pairs = compare(decays, scale=images, unit=unit).pairs  # every pair of decays
    apart = [
        f"{pair.arm} ahead of {pair.reference}"
        if pair.verdict == BETTER
        else f"{pair.reference} ahead of {pair.arm}"
        for pair in pairs
        if pair.verdict != NOISE
    ]
    if apart:
        differ = "differs" if len(apart) == 1 else "differ"
        moral = (
            f"Of the {_pairs(len(pairs))} of decays, {len(apart)} {differ} beyond the seeds' "
            f"noise: {'; '.join(apart)}. {best} has the best mean."
        )
    else:
        moral = (
            f"{best} has the best mean of the decays, but none of the {_pairs(len(pairs))} of "
            "decays differs beyond the seeds' noise: these runs do not rank the decays."
        )
    said.append(moral)
    return said


def scaling_verdicts(
    label: str,
    accuracy: dict[str, Sequence[float]],
    reference: Sequence[float],
    images: int,
) -> list[str]:
    """What each batch-scaling rule did over the same seeds, as sentences whose verdicts are
    `lrlab.compare`'s: each rule (``accuracy``: per-seed test accuracy at a larger batch)
    against batch 32 at its base rate (``reference``: the same seeds), in test images. The
    first sentence sums up: which rules fell behind beyond the noise, and which were not
    shown behind; then each rule's paired comparison."""
    from lrlab.compare import WORSE, compare

    base = "batch 32"
    runs = {f"{rule} ({label})": values for rule, values in accuracy.items()}
    pairs = compare(runs | {base: reference}, base, scale=images, unit="test images").pairs
    verdicts = {rule: pair.verdict for rule, pair in zip(accuracy, pairs, strict=True)}
    behind = [rule for rule, verdict in verdicts.items() if verdict == WORSE]
    kept = [rule for rule, verdict in verdicts.items() if verdict != WORSE]
    summary = [
        f"behind {base} beyond the seeds' noise: {', '.join(behind) or 'no rule'}",
        f"not shown behind it: {', '.join(kept) or 'no rule'}",
    ]
    return [f"{label}: {'; '.join(summary)}.", *(pair.sentence() for pair in pairs)]
