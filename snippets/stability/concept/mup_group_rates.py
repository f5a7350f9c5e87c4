import torch

from lrlab.stability import build_net, param_groups
from lrlab.tables import table

# muP for Adam, relative to a base width of 64: the hidden and the output
# weights get lr * 64 / width, the input weights and the biases keep lr, and
# the output weights start smaller (std ~ 1/width, not 1/sqrt(width)).
# Each group is a dict of torch.optim's per-parameter-group API.
lr, base = 0.01, 64
rows = []
for width in (64, 128, 256):
    for scheme in ("SP", "muP"):
        net = build_net(width, scheme, base_width=base, seed=0)
        groups = param_groups(net, lr, width, base, scheme)
        optimizer = torch.optim.Adam(groups)
        rates = [f"{group['lr']:.5g}" for group in optimizer.param_groups]
        spread = net[-1].weight.std().item()  # output weights at init
        rows.append((str(width), scheme, *rates, f"{spread:.4f}"))
names = [group["name"] for group in groups]
headers = (
    "width",
    "scheme",
    *(f"lr of {name}" for name in names),
    "output weights' std at init",
)
print(table(headers, rows, "markdown", align="rlrrrrr"))
