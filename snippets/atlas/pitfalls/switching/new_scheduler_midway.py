import torch

from lrlab.atlas import comparison_svg
from lrlab.plots import chart

S = torch.optim.lr_scheduler


def rates_used(switch):
    """10 epochs of StepLR(4, 0.5), then 14 of a cosine over 10; 3 ways."""
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    if switch == "SequentialLR":
        step = S.StepLR(optimizer, step_size=4, gamma=0.5)
        cosine = S.CosineAnnealingLR(optimizer, T_max=10)
        scheduler = S.SequentialLR(optimizer, [step, cosine], milestones=[10])
    else:
        scheduler = S.StepLR(optimizer, step_size=4, gamma=0.5)
    used = []
    for epoch in range(1, 25):
        if switch != "SequentialLR" and epoch == 11:  # after 10 epochs
            if switch == "new, initial_lr reset":
                group = optimizer.param_groups[0]
                # the rate the cosine should start from:
                group["initial_lr"] = group["lr"]
            # built mid-training:
            scheduler = S.CosineAnnealingLR(optimizer, T_max=10)
        used.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return used


rates = {
    name: rates_used(name)
    for name in ("SequentialLR", "new scheduler", "new, initial_lr reset")
}
caption = (
    "StepLR for 10 epochs, then CosineAnnealingLR(T_max=10): "
    "three ways to switch"
)
rows = [
    [str(t + 1)] + [f"{r[t]:.5f}" for r in rates.values()] for t in range(24)
]
svg = comparison_svg(rates, caption, xlabel="epoch (the first is 1)")
print(chart(svg, caption, ["epoch", *rates], rows))
