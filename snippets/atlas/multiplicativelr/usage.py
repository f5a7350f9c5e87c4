import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)


def factor(epoch):
    return 0.5 if epoch % 3 == 0 else 1.0


scheduler = torch.optim.lr_scheduler.MultiplicativeLR(optimizer, lr_lambda=factor)

for epoch in range(8):
    lr_used = optimizer.param_groups[0]["lr"]
    optimizer.step()  # in a real loop: after loss.backward()
    scheduler.step()
    print(f"epoch {epoch}: trained at lr = {lr_used:.6f}")
