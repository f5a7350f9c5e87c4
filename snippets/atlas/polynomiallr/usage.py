import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.PolynomialLR(
    optimizer, total_iters=4, power=1.0
)

for epoch in range(1, 7):
    lr_used = optimizer.param_groups[0]["lr"]
    optimizer.step()  # in a real loop: after loss.backward()
    scheduler.step()
    print(f"epoch {epoch}: trained at lr = {lr_used:.6f}")
