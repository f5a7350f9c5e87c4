import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)


def inverse_time(t):  # t: scheduler.step() calls so far
    return 1 / (1 + 0.5 * t)


scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lr_lambda=inverse_time
)

for epoch in range(1, 7):
    lr_used = optimizer.param_groups[0]["lr"]
    optimizer.step()  # in a real loop: after loss.backward()
    scheduler.step()
    print(f"epoch {epoch}: trained at lr = {lr_used:.6f}")
