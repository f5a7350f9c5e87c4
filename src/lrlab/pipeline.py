"""The lesson's model pipeline: a seeded two-class task, a 10 -> 10 -> 2 network, mini-batch
training with an optional scheduler, and what one test sample looks like inside the model.

Everything the "Big idea" and "Pipeline trace" pages show is computed by these functions, from the
site seed unless a seed is passed. Nothing here prints or caches: each page block calls what it
needs and gets a fresh, identical run for the same arguments.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch
    from torch import nn

ROWS = 1000
FEATURES = 10
HIDDEN = 10
CLASSES = 2
TRAIN_ROWS = 800
LABEL_NOISE = 0.1
"""Share of labels flipped at random, so no model can reach 100 % and mini-batch gradients never
vanish: the situation where the size of the final steps matters."""


@dataclass(frozen=True)
class Task:
    """The data of one run: features and labels, split into train and test."""

    x_all: torch.Tensor
    y_all: torch.Tensor
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    seed: int


def make_task(seed: int | None = None) -> Task:
    """A seeded synthetic task: ``ROWS`` x ``FEATURES`` standard-normal features; the label is 1
    when a fixed random linear score plus a product of two features is positive, with
    ``LABEL_NOISE`` of the labels flipped; then a random ``TRAIN_ROWS`` / rest split.

    Made with a private `torch.Generator`, so it does not disturb the global random state.
    """
    import torch

    from lrlab.repro import site_seed

    used = site_seed() if seed is None else seed
    gen = torch.Generator().manual_seed(used)
    x = torch.randn(ROWS, FEATURES, generator=gen)
    w = torch.randn(FEATURES, generator=gen)
    score = x @ w + 2.0 * x[:, 0] * x[:, 1]
    y = (score > 0).long()
    flip = torch.rand(ROWS, generator=gen) < LABEL_NOISE
    y = torch.where(flip, 1 - y, y)
    order = torch.randperm(ROWS, generator=gen)
    train, test = order[:TRAIN_ROWS], order[TRAIN_ROWS:]
    return Task(x, y, x[train], y[train], x[test], y[test], used)


def build_model(seed: int | None = None) -> nn.Sequential:
    """The 10 -> 10 -> 2 network: Linear, ReLU, Linear. It outputs logits (no Softmax):
    `nn.CrossEntropyLoss` applies log-softmax itself. Initialised right after seeding."""
    from torch import nn

    from lrlab.repro import seed_everything

    seed_everything(seed)
    return nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, CLASSES))


@dataclass(frozen=True)
class EpochStats:
    """One epoch of mini-batch training.

    ``lr_used`` is the rate every step of the epoch used; ``lr_after`` is what
    ``scheduler.get_last_lr()`` reports after ``scheduler.step()`` (the next epoch's rate).
    ``train_loss`` is the mean loss over the epoch's mini-batches (computed before each update);
    the accuracies are measured on the whole split after the epoch.
    """

    epoch: int
    lr_used: float
    train_loss: float
    train_acc: float
    test_acc: float
    lr_after: float


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Share of rows whose largest logit is the true class."""
    import torch

    with torch.no_grad():
        return float((model(x).argmax(dim=1) == y).float().mean())


def fit(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    task: Task,
    epochs: int,
    scheduler: Any | None = None,
    batch_size: int = 32,
) -> list[EpochStats]:
    """Train with mini-batches (shuffled by a generator seeded from the task's
    seed) and `nn.CrossEntropyLoss`: ``optimizer.step()`` after every batch,
    ``scheduler.step()`` once after every epoch. One record per epoch."""
    import torch
    from torch import nn

    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    loss_fn = nn.CrossEntropyLoss()
    shuffle = torch.Generator().manual_seed(task.seed)
    rows = len(task.x_train)
    records = []
    for epoch in range(1, epochs + 1):
        lr_used = float(optimizer.param_groups[0]["lr"])
        total = 0.0
        order = torch.randperm(rows, generator=shuffle)
        for batch in order.split(batch_size):
            optimizer.zero_grad()
            loss = loss_fn(model(task.x_train[batch]), task.y_train[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        if scheduler is not None:
            scheduler.step()
            lr_after = float(scheduler.get_last_lr()[0])
        else:
            lr_after = float(optimizer.param_groups[0]["lr"])
        records.append(
            EpochStats(
                epoch,
                lr_used,
                total / rows,
                accuracy(model, task.x_train, task.y_train),
                accuracy(model, task.x_test, task.y_test),
                lr_after,
            )
        )
    return records


@dataclass(frozen=True)
class PipelineConfig:
    """The reader-set inputs of the pipeline trace (the seed defaults to the site seed)."""

    lr: float = 0.1
    step_size: int = 5
    gamma: float = 0.5
    epochs: int = 15
    batch_size: int = 32
    seed: int | None = None


@dataclass
class PipelineRun:
    """A finished pipeline run: its task, trained model and per-epoch records."""

    config: PipelineConfig
    task: Task
    model: nn.Sequential
    records: list[EpochStats] = field(default_factory=list)


def run_pipeline(config: PipelineConfig | None = None) -> PipelineRun:
    """Make the task, build the model, train it with SGD and StepLR as
    ``config`` says."""
    import torch

    config = config or PipelineConfig()
    task = make_task(config.seed)
    model = build_model(task.seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(
        optimizer, step_size=config.step_size, gamma=config.gamma
    )
    epochs, batch_size = config.epochs, config.batch_size
    records = fit(model, optimizer, task, epochs, scheduler, batch_size)
    return PipelineRun(config, task, model, records)


# --------------------------------------------------------------------------- what the page shows

TRACE_HEADERS = ("epoch", "lr used", "train loss", "test acc", "lr after step")
"""The epoch table's columns: six with the note column, as many as fit the page at 1280 px."""


def trace_rows(records: Sequence[EpochStats]) -> list[tuple[str, ...]]:
    """The epoch table's cells, at the precision the page shows."""
    return [
        (
            str(r.epoch),
            f"{r.lr_used:.4g}",
            f"{r.train_loss:.4f}",
            f"{r.test_acc:.3f}",
            f"{r.lr_after:.4g}",
        )
        for r in records
    ]


def shown_losses(records: Sequence[EpochStats]) -> list[float]:
    """Train losses rounded as the table shows them: the charts are drawn from these, so a
    chart can be checked against the table it sits next to."""
    return [round(r.train_loss, 4) for r in records]


def observations(records: Sequence[EpochStats]) -> list[str]:
    """A short remark per epoch, read off the records: the first epoch at each rate
    ("first at"), the epoch whose step changes the rate ("step sets"), a rise of the train
    loss, the first epoch that reaches the best test accuracy."""
    notes = []
    best = max(r.test_acc for r in records)
    first_best = next(r.epoch for r in records if r.test_acc == best)
    for index, r in enumerate(records):
        parts = []
        if index == 0:
            parts.append(f"starts at {r.lr_used:.4g}")
        elif r.lr_used != records[index - 1].lr_used:
            parts.append(f"first at {r.lr_used:.4g}")
        if index > 0 and r.train_loss > records[index - 1].train_loss:
            parts.append("loss rose")
        if r.epoch == first_best:
            parts.append("best test acc")
        if r.lr_after != r.lr_used:
            parts.append(f"step sets {r.lr_after:.4g}")
        notes.append("; ".join(parts))
    return notes


@dataclass(frozen=True)
class Stage:
    """One stage of the data flow, with shapes read off real tensors."""

    name: str
    shape_in: str
    action: str
    shape_out: str
    example: str


def _shape(t: torch.Tensor) -> str:
    return " x ".join(str(n) for n in t.shape)


def _row(t: torch.Tensor, shown: int = 3) -> str:
    values = [f"{float(v):.2f}" for v in t[:shown]]
    return "[" + ", ".join(values) + (", ...]" if len(t) > shown else "]")


def data_flow(run: PipelineRun) -> list[Stage]:
    """The four stages of the pipeline, described from the run's own tensors and modules."""
    task, model = run.task, run.model
    shapes = ", ".join(f"{name} {tuple(p.shape)}" for name, p in model.named_parameters())
    params = sum(p.numel() for p in model.parameters())
    lrs = sorted({r.lr_used for r in run.records}, reverse=True)
    return [
        Stage(
            "Data loading",
            f"seed {task.seed}",
            f"make {task.x_all.shape[0]} rows of {task.x_all.shape[1]} features and a 0/1 label",
            f"{_shape(task.x_all)} features, {_shape(task.y_all)} labels",
            f"row 0: {_row(task.x_all[0])} label {int(task.y_all[0])}",
        ),
        Stage(
            "Train/test split",
            _shape(task.x_all),
            "random split",
            f"{_shape(task.x_train)} (train), {_shape(task.x_test)} (test)",
            f"test row 0: {_row(task.x_test[0])} label {int(task.y_test[0])}",
        ),
        Stage(
            "Model initialisation",
            f"batches of {_shape(task.x_train[: run.config.batch_size])}",
            f"{model[0].in_features} -> {model[0].out_features} -> {model[2].out_features}, "
            f"{params} parameters",
            f"logits, {run.config.batch_size} x {model[2].out_features} per batch",
            shapes,
        ),
        Stage(
            "Training with StepLR",
            _shape(task.x_train),
            f"{run.config.epochs} epochs, batch {run.config.batch_size}, "
            f"lr x {run.config.gamma:g} every {run.config.step_size} epochs",
            "trained parameters (same shapes)",
            "lr used: " + ", ".join(f"{lr:.4g}" for lr in lrs),
        ),
    ]


@dataclass(frozen=True)
class LayerValue:
    """The values one test sample has after one step of the forward pass."""

    step: str
    values: list[float]


def trace_sample(run: PipelineRun, index: int = 0) -> list[LayerValue]:
    """Test row ``index`` through each module of the trained model, then softmax of the logits
    (the probabilities `nn.CrossEntropyLoss` scores; the model itself outputs logits)."""
    import torch

    x = run.task.x_test[index]
    steps = [LayerValue("input", x.tolist())]
    names = {0: "Linear(10, 10)", 1: "ReLU", 2: "Linear(10, 2): logits"}
    with torch.no_grad():
        h = x
        for position, module in enumerate(run.model):
            h = module(h)
            label = names.get(position, type(module).__name__)
            steps.append(LayerValue(f"after {label}", h.tolist()))
        steps.append(LayerValue("softmax(logits): probabilities", torch.softmax(h, 0).tolist()))
    return steps


def lr_change_epochs(records: Sequence[EpochStats]) -> list[tuple[int, float]]:
    """(first epoch that uses a new rate, that rate) for every change of rate in the run."""
    return [
        (r.epoch, r.lr_used) for prev, r in itertools.pairwise(records) if r.lr_used != prev.lr_used
    ]


def compare_runs(
    task: Task, lr: float, epochs: int, schedule: Callable[[Any], Any] | None
) -> list[EpochStats]:
    """Train a fresh model (same seed, same init) on ``task`` with SGD at ``lr``, with the
    scheduler ``schedule(optimizer)`` builds, or a fixed rate when it is None."""
    import torch

    model = build_model(task.seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    scheduler = schedule(optimizer) if schedule is not None else None
    return fit(model, optimizer, task, epochs, scheduler)


@dataclass(frozen=True)
class Comparison:
    """A fixed-rate run and a StepLR run from the same start rate, model init and batches."""

    lr: float
    step_size: int
    gamma: float
    fixed: list[EpochStats]
    scheduled: list[EpochStats]


def compare_fixed_and_steplr(
    task: Task, lr: float, epochs: int = 100, step_size: int = 30, gamma: float = 0.1
) -> Comparison:
    """Train twice from the same init on ``task``: SGD at a fixed ``lr``, and SGD from ``lr``
    with ``StepLR(step_size, gamma)``."""
    import torch

    def steplr(optimizer: Any) -> Any:
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma)

    return Comparison(
        lr,
        step_size,
        gamma,
        compare_runs(task, lr, epochs, None),
        compare_runs(task, lr, epochs, steplr),
    )


def comparison_chart(pair: Comparison) -> str:
    """The train-loss curves of a fixed-vs-StepLR pair as an SVG chart with its values table
    (HTML, for an ``html="1"`` block)."""
    from lrlab.plots import chart, line_svg

    start = repr(float(pair.lr))
    fixed = [round(r.train_loss, 4) for r in pair.fixed]
    stepped = [round(r.train_loss, 4) for r in pair.scheduled]
    svg = line_svg(
        {f"fixed lr {start}": fixed, f"StepLR from {start}": stepped},
        title=f"Start rate {start}: train loss per epoch",
        xlabel="epoch",
        ylabel="mean train loss",
    )
    rows = [
        (str(r.epoch), f"{a:.4f}", f"{b:.4f}", f"{r.lr_used:.4g}")
        for r, a, b in zip(pair.scheduled, fixed, stepped, strict=True)
    ]
    caption = (
        f"Start rate {start}: fixed rate against "
        f"StepLR(step_size={pair.step_size}, gamma={pair.gamma!r})"
    )
    return chart(svg, caption, ("epoch", "fixed: loss", "StepLR: loss", "StepLR: lr used"), rows)


def loss_range(records: Sequence[EpochStats], last: int = 10) -> float:
    """How far the train loss moves over the last ``last`` epochs (largest minus smallest):
    large when the steps are too big to settle."""
    tail = [r.train_loss for r in records[-last:]]
    return max(tail) - min(tail)
