"""The third lesson's helpers: how large a rate can be, and why it moves, measured.

`sharpness` (the largest Hessian eigenvalue by power iteration, tracked along full-batch
gradient descent), `warmup` (Adam's first updates with and without warm-up, and RAdam),
`width` (the best rate of MLPs of several widths, PyTorch's default parametrization against a
muP-style one) and `batch` (the best rate per batch size, and the gradient noise scale). Like
`lrlab.digits`, every function takes its seeds, returns what happened and prints nothing.
"""
