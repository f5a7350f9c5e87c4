"""Toy data sets the lessons train on, made from a seed (nothing is downloaded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch


def y_equals_2x(points: int = 4) -> tuple[torch.Tensor, torch.Tensor]:
    """The y = 2x toy problem: x = 1..points as a column, y = 2x."""
    import torch

    if points < 1:
        raise ValueError(f"points must be at least 1, got {points}")
    x = torch.arange(1, points + 1, dtype=torch.float32).unsqueeze(1)
    return x, 2 * x
