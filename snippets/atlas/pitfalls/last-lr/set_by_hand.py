import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)

optimizer.step()
scheduler.step()
optimizer.param_groups[0]["lr"] = 0.02  # changed by hand (or by other code)
print(
    f"after the change: param_groups = {optimizer.param_groups[0]['lr']:.4f}, "
    f"get_last_lr() = {scheduler.get_last_lr()[0]:.4f}"
)
for epoch in range(1, 5):
    optimizer.step()
    scheduler.step()
    print(
        f"after step {epoch + 1}: param_groups = "
        f"{optimizer.param_groups[0]['lr']:.4f}, "
        f"get_last_lr() = {scheduler.get_last_lr()[0]:.4f}"
    )
