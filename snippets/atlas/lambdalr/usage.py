import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)


def inverse_time(epoch):
    return 1 / (1 + 0.5 * epoch)


scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=inverse_time)

for epoch in range(6):
    lr_used = optimizer.param_groups[0]["lr"]
    optimizer.step()  # in a real loop: after loss.backward()
    scheduler.step()
    print(f"epoch {epoch}: trained at lr = {lr_used:.6f}")
