import torch

# A linear warm-up over 4 steps to the optimizer's rate, then constant: LinearLR, then
# ConstantLR (factor 1) from step 4 on, chained by SequentialLR.
param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.5)
sched = torch.optim.lr_scheduler
warmup = sched.LinearLR(optimizer, start_factor=1 / 5, total_iters=4)
hold = sched.ConstantLR(optimizer, factor=1.0, total_iters=0)
scheduler = sched.SequentialLR(optimizer, [warmup, hold], milestones=[4])

for step in range(1, 8):
    print(f"step {step}: lr {optimizer.param_groups[0]['lr']:.4f}")
    optimizer.step()
    scheduler.step()
