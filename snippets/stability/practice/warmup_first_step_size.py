import torch
from torch.optim.lr_scheduler import LinearLR

# Adam at a peak rate of 0.3 with LinearLR(start_factor=1/11,
# total_iters=10), on one tensor with a fixed gradient of 5 per weight.
weights = torch.zeros(4, requires_grad=True)
optimizer = torch.optim.Adam([weights], lr=0.3)
scheduler = LinearLR(optimizer, start_factor=1 / 11, total_iters=10)
moves, rates = [], []
for step in range(12):
    rates.append(optimizer.param_groups[0]["lr"])
    before = weights.detach().clone()
    optimizer.zero_grad()
    (5 * weights).sum().backward()
    optimizer.step()
    scheduler.step()
    moves.append((weights.detach() - before).abs().max().item())
print(
    f"rates at steps 1, 2, 11: {rates[0]:.4g}, {rates[1]:.4g}, {rates[10]:.4g}"
)
print(f"step 11 moved each weight by {moves[10]:.3g}")
print("step 1 moved each weight by:")
print(f"{moves[0]:.3g}")
