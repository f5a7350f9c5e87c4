import torch

from lrlab.digits import SCHEDULES

# The lesson's step schedule over a 400-step budget from 0.3: MultiStepLR,
# x0.1 at 1/2 and at 3/4 of the steps, stepped after every batch.
optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.3)
scheduler = SCHEDULES["step"](optimizer, 400)
milestones = sorted(scheduler.milestones)
print("milestones:", milestones, " gamma:", scheduler.gamma)

used = []
for step in range(400):
    # the rate this step uses
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    scheduler.step()
for first, last in ((1, 200), (201, 300), (301, 400)):
    rates = sorted({f"{lr:.3g}" for lr in used[first - 1 : last]})
    print(f"steps {first}-{last}: {', '.join(rates)}")
print(", ".join(sorted({f"{lr:.3g}" for lr in used[300:]})))
