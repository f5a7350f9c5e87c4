import re

import torch

doc = torch.optim.lr_scheduler.MultiStepLR.__doc__
example = re.search(
    r"scheduler = MultiStepLR\(optimizer, (milestones=\[[^\]]*\]), ([^)]*)\)",
    doc,
)
loop = re.search(r"for epoch in range\((\d+)\)", doc)
if not (example and loop):  # the sentence would be false: stop the build
    raise AssertionError(
        "MultiStepLR's docstring no longer carries that example"
    )
print(
    f"That is the example in MultiStepLR's own docstring (torch {torch.__version__}): "
    f"`{example.group(1)}`, `{example.group(2)}`, in a loop of {loop.group(1)} epochs. "
    "It shows the API; it is not a recommendation for your run."
)
