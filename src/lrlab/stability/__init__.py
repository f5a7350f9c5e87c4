"""The third lesson's helpers, re-exported from the modules below: how large a rate can be, and
why it moves, measured.

`sharpness` (the largest Hessian eigenvalue by power iteration, tracked along full-batch
gradient descent: the edge of stability), `warmup` (Adam's first updates with and without
warm-up, and RAdam), `width` (the best Adam rate of MLPs of several widths, PyTorch's default
parametrization against muP) and `batch` (the best rate per batch size at a fixed number of
examples, and the gradient noise scale). Like `lrlab.digits`, every function takes its seeds,
returns what happened and prints nothing.
"""

from lrlab.stability.batch import (
    BatchResult,
    BatchSweep,
    CurvedNoise,
    NoisePoint,
    NoiseScale,
    best_rates_by_batch,
    curved_noise_scale,
    gradient_noise_scale,
    noise_scale_during_training,
    per_example_gradients,
)
from lrlab.stability.sharpness import (
    EdgeSummary,
    Eigen,
    NotConverged,
    SharpnessTrace,
    build_tanh_mlp,
    edge_summary,
    sharpness,
    sharpness_trace,
    top_eigenvalue,
)
from lrlab.stability.warmup import (
    METHODS,
    Outcome,
    Outcomes,
    Trace,
    first_updates,
    rectification,
    warmup_outcomes,
)
from lrlab.stability.width import (
    SCHEMES,
    Sweep,
    build_net,
    group_factors,
    param_groups,
    rate_sweep,
)

__all__ = [
    "METHODS",
    "SCHEMES",
    "BatchResult",
    "BatchSweep",
    "CurvedNoise",
    "EdgeSummary",
    "Eigen",
    "NoisePoint",
    "NoiseScale",
    "NotConverged",
    "Outcome",
    "Outcomes",
    "SharpnessTrace",
    "Sweep",
    "Trace",
    "best_rates_by_batch",
    "build_net",
    "build_tanh_mlp",
    "curved_noise_scale",
    "edge_summary",
    "first_updates",
    "gradient_noise_scale",
    "group_factors",
    "noise_scale_during_training",
    "param_groups",
    "per_example_gradients",
    "rate_sweep",
    "rectification",
    "sharpness",
    "sharpness_trace",
    "top_eigenvalue",
    "warmup_outcomes",
]
