import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)


def factor(t):  # t: scheduler.step() calls so far
    return 0.5 if t % 3 == 0 else 1.0


scheduler = torch.optim.lr_scheduler.MultiplicativeLR(
    optimizer, lr_lambda=factor
)

for epoch in range(1, 9):
    lr_used = optimizer.param_groups[0]["lr"]
    optimizer.step()  # in a real loop: after loss.backward()
    scheduler.step()
    print(f"epoch {epoch}: trained at lr = {lr_used:.6f}")
