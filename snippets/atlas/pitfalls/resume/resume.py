import io

import torch

from lrlab.tables import table

S = torch.optim.lr_scheduler
STEPS, STOP = 12, 6


def build():
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    warmup = S.LinearLR(optimizer, start_factor=0.1, total_iters=3)
    cosine = S.CosineAnnealingLR(optimizer, T_max=STEPS - 3)
    return optimizer, S.SequentialLR(
        optimizer, [warmup, cosine], milestones=[3]
    )


def train(optimizer, scheduler, steps):
    used = []
    for _ in range(steps):
        used.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return used


# 1. One uninterrupted run.
uninterrupted = train(*build(), STEPS)

# 2. Stop after 6 steps, save both state dicts, resume in a "new process".
optimizer, scheduler = build()
first_half = train(optimizer, scheduler, STOP)
checkpoint = io.BytesIO()
torch.save(
    {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()},
    checkpoint,
)
checkpoint.seek(0)
saved = torch.load(checkpoint, weights_only=False)
# Build the scheduler first, then load (see below).
optimizer, scheduler = build()
optimizer.load_state_dict(saved["optimizer"])
scheduler.load_state_dict(saved["scheduler"])
resumed = first_half + train(optimizer, scheduler, STEPS - STOP)

# 3. The same, but only the optimizer's state is saved and restored.
optimizer, scheduler = build()
first_half = train(optimizer, scheduler, STOP)
state = optimizer.state_dict()
optimizer, scheduler = build()
optimizer.load_state_dict(state)
optimizer_only = first_half + train(optimizer, scheduler, STEPS - STOP)

rows = [
    [str(t), f"{a:.5f}", f"{b:.5f}", f"{c:.5f}"]
    for t, (a, b, c) in enumerate(
        zip(uninterrupted, resumed, optimizer_only), start=1
    )
]
headers = ["step", "uninterrupted", "resumed, both", "resumed, optimizer only"]
print(table(headers, rows))
print(
    "\nresumed with both states equals the uninterrupted run: "
    f"{resumed == uninterrupted}"
)
print(
    "resumed with the optimizer only equals it: "
    f"{optimizer_only == uninterrupted}"
)
