"""The second lesson's data and model: the bundled digits split by seed, and the MLP.

Also the MLP's seeded batches of the train split, and its evaluation on the test split.

The digits ship inside scikit-learn (`sklearn.datasets.load_digits`: 1,797 images of 8 x 8
pixels, values 0 to 16), so nothing is downloaded. A seed (the site seed by default) fixes the
split, the initial weights and the order of the batches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch
    from torch import nn
    from torch.utils.data import DataLoader

PIXELS = 64
CLASSES = 10
HIDDEN = 64
TEST_SHARE = 0.2
BATCH_SIZE = 32


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
